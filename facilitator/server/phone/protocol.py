"""The wire protocol (version 1): every message both ways, as pydantic models.

`docs/protocol.md` describes the same messages for people. Incoming frames
are validated strictly (a number where text belongs is an error, not
quietly converted); unknown extra fields are ignored so a newer phone page
can still talk to this server.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from facilitator.config.models import Language
from facilitator.printable import printable

VERSION: Final = 1
TEXT_LIMIT = 4000  # far above any exercise's note limit; the core gives the precise error
SHORT = 200  # codes, ids, names: the core checks their real limits

# What a phone writes for people to read: notes, names, proposed lanes.
Printable = Annotated[str, AfterValidator(printable)]


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)
    v: int  # strict: `true` is not 1

    @field_validator("v")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != VERSION:
            raise ValueError("unsupported protocol version")
        return v


class Hello(_In):
    type: Literal["hello"]
    code: str = Field(max_length=SHORT)
    lang: Language | None = None
    group_token: str | None = Field(default=None, max_length=SHORT)  # from a table card's URL


class JoinMsg(_In):
    type: Literal["join"]
    code: str = Field(max_length=SHORT)
    lang: Language | None = None
    name: Printable | None = Field(default=None, max_length=SHORT)
    unit: str | None = Field(default=None, max_length=SHORT)
    group_id: str | None = Field(default=None, max_length=SHORT)
    group_token: str | None = Field(default=None, max_length=SHORT)


class ResumeMsg(_In):
    type: Literal["resume"]
    code: str = Field(max_length=SHORT)
    lang: Language | None = None
    participant_id: str = Field(max_length=SHORT)
    secret: str = Field(max_length=SHORT)


class NoteMsg(_In):
    type: Literal["note"]
    note_id: str = Field(max_length=SHORT)
    exercise_id: str = Field(max_length=SHORT)
    lane_id: str = Field(max_length=SHORT)
    text: Printable = Field(max_length=TEXT_LIMIT)


class EditMsg(_In):
    type: Literal["edit"]
    note_id: str = Field(max_length=SHORT)
    text: Printable = Field(max_length=TEXT_LIMIT)


class DeleteMsg(_In):
    type: Literal["delete"]
    note_id: str = Field(max_length=SHORT)


class VoteMsg(_In):
    type: Literal["vote"]
    note_id: str = Field(max_length=SHORT)


class UnvoteMsg(_In):
    type: Literal["unvote"]
    note_id: str = Field(max_length=SHORT)


class ProposeMsg(_In):
    type: Literal["propose"]
    exercise_id: str = Field(max_length=SHORT)
    lane_id: str = Field(max_length=SHORT)
    title: Printable = Field(max_length=TEXT_LIMIT)
    prompt: Printable = Field(default="", max_length=TEXT_LIMIT)


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


def parse_incoming(frame: str) -> Incoming:
    """The message in a text frame, or `BadFrame` saying what is wrong with it."""
    try:
        return INCOMING.validate_json(frame)
    except ValidationError as exc:
        raise _classify(frame, exc) from None


def _classify(frame: str, exc: ValidationError) -> BadFrame:
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    kinds = {error["type"] for error in errors}
    if "json_invalid" in kinds or any(error["loc"] == () and error["type"] == "dict_type" for error in errors):
        return BadFrame("bad_json")  # not JSON, or JSON but not an object
    raw: Any = _loose_fields(frame)
    request = raw.get("type") if isinstance(raw.get("type"), str) else None
    note_id = raw.get("note_id") if isinstance(raw.get("note_id"), str) else None
    if "union_tag_invalid" in kinds:
        return BadFrame("unknown_type", type=str(raw.get("type"))[:40])
    if "union_tag_not_found" in kinds:
        return BadFrame("bad_message", fields="type")
    if any(error["loc"][-1:] == ("v",) for error in errors):
        return BadFrame("unsupported_version", request=request, note_id=note_id)
    fields = sorted({str(error["loc"][-1]) for error in errors if len(error["loc"]) > 1})
    return BadFrame("bad_message", request=request, note_id=note_id[:SHORT] if note_id else None, fields=", ".join(fields))


def _loose_fields(frame: str) -> dict[str, Any]:
    """The frame as a plain object, only to say which request an error answers."""
    try:
        value = json.loads(frame)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- server -> phone -----------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)
    v: Literal[1] = VERSION


class GroupView(BaseModel):
    id: str
    label: str
    size: int | None = None


class LaneView(BaseModel):
    id: str
    title: str
    prompt: str | None
    owner: str | None
    writable: bool
    proposed: bool


class NoteView(BaseModel):
    id: str
    exercise_id: str
    lane_id: str
    group_id: str
    text: str
    edited: bool
    highlighted: bool
    mine: bool
    author_name: str | None


class SessionView(BaseModel):
    title: str
    network: str
    date: str
    language: str
    ask_names: bool
    show_names: bool
    units: list[str]
    groups: list[GroupView]


class YouView(BaseModel):
    participant_id: str
    name: str | None
    unit: str | None
    group_id: str
    group_label: str


class ExerciseView(BaseModel):
    id: str
    kind: str
    title: str
    instructions: str
    phase: str
    timer_ends_at: float | None
    revealed: bool
    visibility: str
    max_note_length: int
    dots_per_participant: int
    allow_proposals: bool
    lanes: list[LaneView]


class VotesView(BaseModel):
    exercise_id: str
    voted: list[str]
    dots_left: int


class SessionInfo(_Out):
    type: Literal["session_info"] = "session_info"
    title: str
    network: str
    date: str
    language: str
    ask_names: bool
    show_names: bool
    units: list[str]
    groups: list[GroupView]
    table_group: str | None = None  # the group a table card's token names
    group_fixed: bool = False  # True: the join form offers only that group


class Snapshot(_Out):
    type: Literal["snapshot"] = "snapshot"
    server_time: float
    session: SessionView
    you: YouView
    exercise: ExerciseView | None
    notes: list[NoteView]
    votes: VotesView | None


class Welcome(_Out):
    type: Literal["welcome"] = "welcome"
    participant_id: str
    secret: str | None = None
    snapshot: Snapshot


class Ack(_Out):
    type: Literal["ack"] = "ack"
    request: str
    note_id: str | None = None
    note: NoteView | None = None
    lane: LaneView | None = None


class NotePush(_Out):
    type: Literal["note"] = "note"
    note: NoteView


class NoteRemoved(_Out):
    type: Literal["note_removed"] = "note_removed"
    note_id: str
    exercise_id: str
    merged_into: str | None = None


class LanePush(_Out):
    type: Literal["lane"] = "lane"
    exercise_id: str
    lane: LaneView


class PhasePush(_Out):
    type: Literal["phase"] = "phase"
    exercise_id: str
    phase: str
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
