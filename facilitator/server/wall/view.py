"""What the projector wall shows, built from the session state, and the wall's messages.

The wall is read-only and seen by the whole room, so it gets less than any
phone: counts, the exercise and its lanes, the timer, the facilitator's
plenary lines, and note texts only once the facilitator has revealed the
exercise's notes. No frame for the wall ever carries a participant's name,
id or unit, nor a group's notes before the reveal.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from facilitator.config.models import Exercise, ExerciseKind, Language
from facilitator.core.counting import lane_counts
from facilitator.core.events import Phase
from facilitator.core.rules import shown
from facilitator.core.state import Note, SessionState
from facilitator.server.phone.protocol import VERSION, ErrorMsg, Paused, Version, View
from facilitator.server.wall.focus import LaneReporter, WallFocus, WallResults, focus_view, results_view

NOTES_PER_LANE = 3  # newest revealed notes around each point / under each module
HIGHLIGHTS = 12  # highlighted notes on the plenary view
PLENUM_LINES = 12


# -- wall -> server -------------------------------------------------------------------


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)
    v: Version


class WallHello(_In):
    type: Literal["wall_hello"]
    secret: str
    lang: Language | None = None


class WallPing(_In):
    type: Literal["ping"]


# -- server -> wall -------------------------------------------------------------------


class WallNote(View):
    id: str
    lane_id: str
    text: str
    highlighted: bool


class WallLane(View):
    id: str
    title: str
    owner: str | None
    proposed: bool
    count: int
    notes: list[WallNote]  # newest first; empty before the reveal


class WallExercise(View):
    id: str
    kind: ExerciseKind
    title: str
    instructions: str
    phase: Phase
    timer_ends_at: float | None
    revealed: bool
    number: int
    count: int
    notes: int
    lanes: list[WallLane]


class WallPlenum(View):
    highlighted: list[WallNote]
    lines: list[str]


class WallFrame(View):
    type: Literal["wall"] = "wall"
    v: Literal[1] = VERSION
    server_time: float
    language: str  # the wall's language (`da` or `en`)
    title: str
    network: str
    date: str
    join_url: str
    code: str
    wifi: str | None = None  # the network's name; its QR code (with the password) is /w/<secret>/wifi.svg
    participants: int
    groups: int
    exercise: WallExercise | None
    plenum: WallPlenum
    focus: WallFocus | None = None  # a lane (or one note) the facilitator put in focus: wins over every other view
    results: WallResults | None = None  # the vote's results, once the vote is closed


class WallPong(View):
    type: Literal["pong"] = "pong"
    v: Literal[1] = VERSION
    server_time: float


# Every message on the wall's socket, both ways (docs/protocol.schema.json is made from these).
Incoming = Annotated[WallHello | WallPing, Field(discriminator="type")]
INCOMING: TypeAdapter[Incoming] = TypeAdapter(Incoming)
INCOMING_TYPES = frozenset(["wall_hello", "ping"])
Outgoing = Annotated[WallFrame | WallPong | Paused | ErrorMsg, Field(discriminator="type")]
OUTGOING: TypeAdapter[Outgoing] = TypeAdapter(Outgoing)


# -- building the view ------------------------------------------------------------------


def _lanes(
    state: SessionState, exercise: Exercise, language: str, notes: list[Note], revealed: bool, counts: Counter[str]
) -> list[WallLane]:
    by_lane: dict[str, list[Note]] = {}
    for note in notes:
        by_lane.setdefault(note.lane_id, []).append(note)
    lanes = [(lane.id, lane.title.get(language), lane.owner, False) for lane in exercise.lanes]
    if revealed:  # a proposal's title is a group's own work too
        proposals = [lane for lane in state.exercises[exercise.id].proposed_lanes.values() if lane.shown]
        lanes += [(lane.id, lane.title, None, True) for lane in proposals]
    result = []
    for lane_id, title, owner, proposed in lanes:
        lane_notes = by_lane.get(lane_id, [])
        newest = sorted(lane_notes, key=lambda n: n.seq, reverse=True)[:NOTES_PER_LANE] if revealed else []
        result.append(
            WallLane(
                id=lane_id,
                title=title,
                owner=owner,
                proposed=proposed,
                count=counts[lane_id],  # the one counting rule (core/counting.py), as the appendix prints
                notes=[WallNote(id=n.id, lane_id=n.lane_id, text=n.text, highlighted=n.highlighted) for n in newest],
            )
        )
    return result


def wall_frame(
    state: SessionState, language: str, *, join_url: str, now: float | None = None, wifi: str | None = None,
    reporter: LaneReporter | None = None,
) -> WallFrame:
    """The whole wall at once (it is small: counts and a few notes). `reporter`
    gives a lane as the appendix groups it, for the focus view (none: no focus)."""
    plan = state.plan
    assert plan is not None
    present = [p for p in state.participants.values() if p.present]
    exercise = state.current_exercise
    wall_exercise = None
    plenum = WallPlenum(highlighted=[], lines=[])
    focus = results = None
    if exercise is not None:
        ex_state = state.exercises[exercise.id]
        revealed = ex_state.revealed
        notes = [n for n in state.notes_of(exercise.id) if shown(n)]
        counts = lane_counts(state, exercise.id)
        ids = [ex.id for ex in plan.exercises]
        wall_exercise = WallExercise(
            id=exercise.id,
            kind=exercise.kind,
            title=exercise.title.get(language),
            instructions=exercise.instructions.get(language),
            phase=ex_state.phase,
            timer_ends_at=ex_state.timer_ends_at,
            revealed=revealed,
            number=ids.index(exercise.id) + 1,
            count=len(ids),
            notes=sum(counts.values()),
            lanes=_lanes(state, exercise, language, notes, revealed, counts),
        )
        highlighted = sorted((n for n in notes if n.highlighted), key=lambda n: n.seq) if revealed else []
        plenum = WallPlenum(
            highlighted=[WallNote(id=n.id, lane_id=n.lane_id, text=n.text, highlighted=True) for n in highlighted[:HIGHLIGHTS]],
            lines=list(ex_state.plenum_lines.values())[:PLENUM_LINES],
        )
        focus = focus_view(state, exercise.id, language, reporter) if reporter is not None else None
        results = results_view(state, exercise.id)
    return WallFrame(
        server_time=time.time() if now is None else now,
        language=language,
        title=plan.title,
        network=plan.network,
        date=plan.date.isoformat(),
        join_url=join_url,
        code=state.code,
        wifi=wifi,
        participants=len(present),
        groups=len({p.group_id for p in present}),
        exercise=wall_exercise,
        plenum=plenum,
        focus=focus,
        results=results,
    )


def encode(message: BaseModel) -> bytes:
    return message.model_dump_json().encode("utf-8")
