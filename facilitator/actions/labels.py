"""How the facilitator's UIs name things: groups, lanes, participants, notes, time left."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator import texts
from facilitator.config.models import Exercise
from facilitator.core.rules import proposals
from facilitator.core.state import Group, Note, Participant, SessionState
from facilitator.texts import t


def group_label(group: Group, language: str) -> str:
    """The plan's name for the group, else "Gruppe 3"."""
    return texts.group_label(language, group.name, group.index + 1)


def group_labels(state: SessionState, language: str) -> dict[str, str]:
    return {group.id: group_label(group, language) for group in state.groups}


@dataclass(frozen=True)
class LaneRow:
    id: str
    title: str
    proposed: bool = False


def lanes_of(state: SessionState, exercise: Exercise, language: str) -> list[LaneRow]:
    """The plan's lanes in order, then the lanes groups proposed (not those
    the facilitator hid or merged into another)."""
    rows = [LaneRow(lane.id, lane.title.get(language)) for lane in exercise.lanes]
    proposed = proposals(state, exercise.id)
    rows.extend(LaneRow(lane.id, lane.title, proposed=True) for lane in proposed)
    return rows


def lane_titles(state: SessionState, exercise: Exercise, language: str) -> dict[str, str]:
    return {row.id: row.title for row in lanes_of(state, exercise, language)}


def participant_numbers(state: SessionState) -> dict[str, int]:
    """Everyone's number in the order they joined (1, 2, …)."""
    return {pid: number for number, pid in enumerate(state.participants, start=1)}


def participant_label(participant: Participant, number: int, language: str) -> str:
    """The name when the plan asks for names; otherwise "Deltager 7" by join order."""
    return participant.name or t(language, "console.participant_number", number=number)


def note_number(note: Note) -> int:
    """A note's number in listings and typed commands: its arrival in the session (1, 2, …), never reused."""
    return note.seq + 1


def clock_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


def remaining_seconds(ends_at: float | None, now: float) -> int | None:
    if ends_at is None:
        return None
    return max(0, int(ends_at - now + 0.999))  # 0.2 s left still shows 0:01
