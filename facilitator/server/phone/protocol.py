"""The wire protocol (version 1): every message both ways, as pydantic models.

`docs/protocol.md` describes the same messages for people. Incoming frames
are validated strictly (a number where text belongs is an error, not
quietly converted); unknown extra fields are ignored so a newer phone page
can still talk to this server.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from facilitator.config.models import ExerciseKind, Language, Visibility
from facilitator.core.events import Phase
from facilitator.printable import printable, single_line

VERSION: Final = 1

# What a phone writes for people to read (facilitator/printable.py says why):
# notes and prompts keep their line breaks, names and lane titles are one line.
Printable = Annotated[str, AfterValidator(printable)]
OneLine = Annotated[str, AfterValidator(single_line)]
# The integer 1; not `true` nor `1.0`, which a strict `Literal[1]` lets through from JSON.
Version = Annotated[int, Field(ge=VERSION, le=VERSION, json_schema_extra={"const": VERSION})]


class _In(BaseModel):
    """A message from a phone. The models check only the shape of a frame
    (which fields, of which JSON type); lengths, emptiness and known ids are
    the session's rules (`facilitator.core`), which answer with their own
    codes. No limit here could disagree with theirs: a frame is at most
    16 KiB anyway (`Limits.max_frame_bytes`)."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)
    v: Version


class Hello(_In):
    type: Literal["hello"]
    code: str
    lang: Language | None = None
    group_token: str | None = None  # from a table card's URL


class JoinMsg(_In):
    type: Literal["join"]
    code: str
    lang: Language | None = None
    name: OneLine | None = None
    unit: str | None = None
    group_id: str | None = None
    group_token: str | None = None  # from a table card's URL


class ResumeMsg(_In):
    type: Literal["resume"]
    code: str
    lang: Language | None = None
    participant_id: str
    secret: str
    # The highest `rev` this page received on its last connection: the
    # welcome then carries only the notes changed since (`partial`). A page
    # that holds no notes (reloaded) sends none.
    since: int | None = None


class NoteMsg(_In):
    type: Literal["note"]
    note_id: str
    exercise_id: str
    lane_id: str
    text: Printable


class EditMsg(_In):
    type: Literal["edit"]
    note_id: str
    text: Printable


class DeleteMsg(_In):
    type: Literal["delete"]
    note_id: str


class VoteMsg(_In):
    type: Literal["vote"]
    note_id: str


class UnvoteMsg(_In):
    type: Literal["unvote"]
    note_id: str


class ProposeMsg(_In):
    type: Literal["propose"]
    exercise_id: str
    lane_id: str
    title: OneLine
    prompt: Printable | None = None  # null or left out: no prompt


class LeaveMsg(_In):
    type: Literal["leave"]


class Ping(_In):
    type: Literal["ping"]


Incoming = Annotated[
    Hello | JoinMsg | ResumeMsg | NoteMsg | EditMsg | DeleteMsg | VoteMsg | UnvoteMsg | ProposeMsg | LeaveMsg | Ping,
    Field(discriminator="type"),
]
INCOMING: TypeAdapter[Incoming] = TypeAdapter(Incoming)
INCOMING_TYPES = frozenset(
    ["hello", "join", "resume", "note", "edit", "delete", "vote", "unvote", "propose", "leave", "ping"]
)
BEFORE_JOIN = frozenset(["hello", "join", "resume", "ping"])


class BadFrame(Exception):
    """A frame the server cannot act on; `code` is the protocol's error code."""

    def __init__(self, code: str, request: str | None = None, note_id: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.request = request
        self.note_id = note_id
        self.params = params


M = TypeVar("M")


def parse_incoming(frame: str) -> Incoming:
    """The message in a text frame, or `BadFrame` saying what is wrong with it."""
    return parse_with(INCOMING, frame, INCOMING_TYPES)


def parse_with(adapter: TypeAdapter[M], frame: str, types: frozenset[str]) -> M:
    """The one way a text frame from any socket (`/ws`, `/wall-ws`) is read:
    pydantic's JSON parser, which has its own depth limit, then the same
    classification of what is wrong. Nothing here can raise anything but
    `BadFrame`, however deep or odd the frame."""
    try:
        return adapter.validate_json(frame)
    except ValidationError as exc:
        raise classify(frame, exc, types) from None


def classify(frame: str, exc: ValidationError, types: frozenset[str] = INCOMING_TYPES) -> BadFrame:
    """The one rule for a frame the models refuse, checked in this order
    (docs/protocol.md, "Error codes"): not a JSON object `bad_json`; `v`
    missing or not an integer `bad_message`; `v` another integer
    `unsupported_version` (nothing else of such a frame can be read); `type`
    missing or not a string `bad_message`; `type` no message's
    `unknown_type`; any other field missing, null where it may not be, or of
    the wrong JSON type `bad_message`, naming the fields."""
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    if any(error["type"] == "json_invalid" for error in errors):
        return BadFrame("bad_json")  # also too deep: read no further
    raw = _loose_object(frame)
    if raw is None:
        return BadFrame("bad_json")
    request = raw.get("type") if isinstance(raw.get("type"), str) else None
    note_id = raw.get("note_id") if isinstance(raw.get("note_id"), str) else None
    version = raw.get("v")
    if not isinstance(version, int) or isinstance(version, bool):
        return BadFrame("bad_message", request=request, note_id=note_id, fields="v")
    if version != VERSION:
        return BadFrame("unsupported_version", request=request, note_id=note_id)
    if request is None:
        return BadFrame("bad_message", fields="type")
    if request not in types:
        return BadFrame("unknown_type", type=request[:40])
    fields = sorted({str(error["loc"][1]) for error in errors if len(error["loc"]) > 1})
    return BadFrame("bad_message", request=request, note_id=note_id, fields=", ".join(fields))


def _loose_object(frame: str) -> dict[str, Any] | None:
    """The frame as a plain JSON object (None if it is not one), only to say
    what is wrong with it and which request an error answers."""
    try:
        value = json.loads(frame)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


AckRequest = Literal["note", "edit", "delete", "vote", "unvote", "propose", "leave"]  # what an `ack` can answer


# -- server -> phone -----------------------------------------------------------------


class View(BaseModel):
    """A message the server sends, or a part of one (to phones and walls).
    Every field is always sent, `None` as `null`; the published schema says
    so too (`json_schema_serialization_defaults_required`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_serialization_defaults_required=True)


class _Out(View):
    v: Literal[1] = VERSION


class GroupView(View):
    id: str
    label: str


class GroupInfo(View):
    """A group on the join form: with how many have joined it."""

    id: str
    label: str
    size: int


class LaneView(View):
    id: str
    title: str
    prompt: str | None
    owner: str | None
    writable: bool
    proposed: bool


class NoteView(View):
    id: str
    exercise_id: str
    lane_id: str
    group_id: str
    text: str
    edited: bool
    highlighted: bool
    mine: bool
    author_name: str | None
    # Moderation the author's own phone is told of (issue 16; None on other phones):
    # "hidden" / "merged": the note no longer counts and is shown muted, in its place;
    # `merged_with`: the text it was merged with, when this phone may see that note;
    # `moved_from`: the lane the author wrote it on, while the facilitator has it in `lane_id`.
    moderation: Literal["hidden", "merged"] | None = None
    merged_with: str | None = None
    moved_from: str | None = None


class SessionView(View):
    title: str
    network: str
    date: str
    language: Language
    ask_names: bool
    show_names: bool
    units: list[str]
    groups: list[GroupView]


class YouView(View):
    participant_id: str
    name: str | None
    unit: str | None
    group_id: str
    group_label: str


class ExerciseView(View):
    id: str
    kind: ExerciseKind
    title: str
    instructions: str
    phase: Phase
    timer_ends_at: float | None
    revealed: bool
    visibility: Visibility
    max_note_length: int
    dots_per_participant: int
    allow_proposals: bool
    lanes: list[LaneView]


class VotesView(View):
    exercise_id: str
    voted: list[str]
    dots_left: int


class SessionInfo(_Out):
    type: Literal["session_info"] = "session_info"
    title: str
    network: str
    date: str
    language: Language
    ask_names: bool
    show_names: bool
    units: list[str]
    groups: list[GroupInfo]
    table_group: str | None = None  # the group a table card's token names
    group_fixed: bool = False  # True: the join form offers only that group
    group_choice: bool = False  # True: the join form may offer every group (the plan's free_group_change)


class Snapshot(_Out):
    type: Literal["snapshot"] = "snapshot"
    server_time: float
    session: SessionView
    you: YouView
    exercise: ExerciseView | None
    notes: list[NoteView]
    votes: VotesView | None
    # The last event the hub counted: the phone has now been sent everything up to `rev`.
    rev: int
    # True in the answer to a `resume` with `since`: `notes` holds only the
    # notes changed from `since` on that this phone may see, `removed` the ids
    # changed from it on that it may not; the phone keeps the rest of its notes.
    partial: bool = False
    removed: list[str] = []


class Welcome(_Out):
    type: Literal["welcome"] = "welcome"
    participant_id: str
    secret: str | None = None
    snapshot: Snapshot


class Ack(_Out):
    type: Literal["ack"] = "ack"
    request: AckRequest
    note_id: str | None = None
    note: NoteView | None = None
    lane: LaneView | None = None


class NotePush(_Out):
    type: Literal["note"] = "note"
    note: NoteView
    rev: int


class NoteRemoved(_Out):
    type: Literal["note_removed"] = "note_removed"
    note_id: str
    exercise_id: str
    merged_into: str | None = None
    rev: int


class LanePush(_Out):
    type: Literal["lane"] = "lane"
    exercise_id: str
    lane: LaneView
    rev: int


class PhasePush(_Out):
    type: Literal["phase"] = "phase"
    exercise_id: str
    phase: Phase
    timer_ends_at: float | None
    server_time: float


class TimerPush(_Out):
    type: Literal["timer"] = "timer"
    exercise_id: str
    ends_at: float | None
    server_time: float


class VotesPush(_Out):
    type: Literal["votes"] = "votes"
    exercise_id: str
    voted: list[str]
    dots_left: int


class Pong(_Out):
    type: Literal["pong"] = "pong"
    server_time: float


class Paused(_Out):
    type: Literal["paused"] = "paused"
    message: str


class ErrorMsg(_Out):
    type: Literal["error"] = "error"
    code: str
    message: str
    request: str | None = None
    note_id: str | None = None


Outgoing = Annotated[
    SessionInfo
    | Snapshot
    | Welcome
    | Ack
    | NotePush
    | NoteRemoved
    | LanePush
    | PhasePush
    | TimerPush
    | VotesPush
    | Pong
    | Paused
    | ErrorMsg,
    Field(discriminator="type"),
]
OUTGOING: TypeAdapter[Outgoing] = TypeAdapter(Outgoing)


def encode(message: _Out) -> bytes:
    """UTF-8 JSON, made once and sent as a text frame to every recipient."""
    return message.model_dump_json().encode("utf-8")
