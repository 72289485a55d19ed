"""What the console shows, computed from the session state.

Pure functions with no Textual in them, so the screens stay thin and the
numbers on the board can be tested without a terminal. They read the state
the live session owns and never change it: changes go through
`LiveSession.execute` only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from facilitator.config.models import Exercise
from facilitator.core.events import Phase
from facilitator.core.state import Group, Note, Participant, SessionState
from facilitator.texts import t


@dataclass(frozen=True)
class LaneRow:
    id: str
    title: str
    proposed: bool = False


def group_label(group: Group, language: str) -> str:
    return group.name or t(language, "console.group_number", number=group.index + 1)


def group_labels(state: SessionState, language: str) -> dict[str, str]:
    return {group.id: group_label(group, language) for group in state.groups}


def lanes_of(state: SessionState, exercise: Exercise, language: str) -> list[LaneRow]:
    """The plan's lanes in order, then the lanes groups proposed."""
    rows = [LaneRow(lane.id, lane.title.get(language)) for lane in exercise.lanes]
    proposed = state.exercises[exercise.id].proposed_lanes.values()
    rows.extend(LaneRow(lane.id, lane.title, proposed=True) for lane in proposed)
    return rows


def lane_titles(state: SessionState, exercise: Exercise, language: str) -> dict[str, str]:
    return {row.id: row.title for row in lanes_of(state, exercise, language)}


def shown(note: Note) -> bool:
    """A note that counts on the board: not deleted, merged away or hidden."""
    return note.live and not note.hidden


def board_counts(state: SessionState, exercise_id: str) -> Counter[tuple[str, str]]:
    """Notes per (lane, group) of one exercise."""
    counts: Counter[tuple[str, str]] = Counter()
    for note in state.notes.values():
        if note.exercise_id == exercise_id and shown(note):
            counts[(note.lane_id, note.group_id)] += 1
    return counts


def newest_notes(state: SessionState, exercise_id: str, limit: int) -> list[Note]:
    """The last `limit` notes written in the exercise, newest first."""
    found: list[Note] = []
    for note in reversed(state.notes.values()):
        if note.exercise_id == exercise_id and shown(note):
            found.append(note)
            if len(found) == limit:
                break
    return found


def merged_counts(state: SessionState) -> Counter[str]:
    """How many notes were merged into each kept note."""
    return Counter(n.merged_into for n in state.notes.values() if n.merged_into is not None and not n.deleted)


def phases_of(exercise: Exercise) -> list[Phase]:
    """The exercise's phases in order; voting only when it gives dots."""
    if exercise.options.dots_per_participant > 0:
        return ["not_started", "writing", "voting", "closed"]
    return ["not_started", "writing", "closed"]


def next_phase(exercise: Exercise, phase: Phase) -> Phase | None:
    phases = phases_of(exercise)
    index = phases.index(phase) if phase in phases else 0
    return phases[index + 1] if index + 1 < len(phases) else None


def previous_phase(exercise: Exercise, phase: Phase) -> Phase | None:
    phases = phases_of(exercise)
    index = phases.index(phase) if phase in phases else 0
    return phases[index - 1] if index > 0 else None


def neighbour_exercise(state: SessionState, step: int, from_id: str | None = None) -> str | None:
    """The id of the exercise `step` places from `from_id` (by default the
    room's current one), if any."""
    assert state.plan is not None
    ids = [exercise.id for exercise in state.plan.exercises]
    start = from_id or state.current_exercise_id
    if start not in ids:
        return ids[0] if ids else None
    index = ids.index(start) + step
    return ids[index] if 0 <= index < len(ids) else None


def exercise_position(state: SessionState, exercise_id: str) -> tuple[int, int]:
    assert state.plan is not None
    ids = [exercise.id for exercise in state.plan.exercises]
    return ids.index(exercise_id) + 1, len(ids)


def remaining_seconds(ends_at: float | None, now: float) -> int | None:
    if ends_at is None:
        return None
    return max(0, int(ends_at - now + 0.999))  # 0.2 s left still shows 0:01


def clock_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


def present_participants(state: SessionState) -> list[Participant]:
    return [p for p in state.participants.values() if p.present]


def participant_numbers(state: SessionState) -> dict[str, int]:
    """Everyone's number in the order they joined (1, 2, …)."""
    return {pid: number for number, pid in enumerate(state.participants, start=1)}


def participant_label(participant: Participant, number: int, language: str) -> str:
    """The name when the plan asks for names; otherwise "Deltager 7" by join order."""
    if participant.name:
        return participant.name
    return t(language, "console.participant_number", number=number)


def people_by_group(state: SessionState) -> dict[str, list[Participant]]:
    groups: dict[str, list[Participant]] = {group.id: [] for group in state.groups}
    for participant in state.participants.values():
        if participant.present:
            groups.setdefault(participant.group_id, []).append(participant)
    return groups


def connected_by_group(state: SessionState, connected: set[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for pid in connected:
        participant = state.participants.get(pid)
        if participant is not None:
            counts[participant.group_id] += 1
    return counts


def highlighted_notes(state: SessionState, exercise_id: str) -> list[Note]:
    return [n for n in state.notes.values() if n.exercise_id == exercise_id and n.highlighted and shown(n)]


def votes_by_note(state: SessionState) -> Counter[str]:
    counts: Counter[str] = Counter()
    for voted in state.votes.values():
        counts.update(voted)
    return counts


def formatted_code(code: str) -> str:
    """K7M2QX9D as K7M2-QX9D: two halves are easier to read off a wall."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code
