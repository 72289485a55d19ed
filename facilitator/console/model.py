"""What the console shows, computed from the session state.

Pure functions with no Textual in them, so the screens stay thin and the
numbers on the board can be tested without a terminal. What headless mode
needs too (labels, phases, stepping between exercises, the countdown's
text) is defined once in `facilitator/actions/` and read here. They
read the state the live session owns and never change it: changes go
through `LiveSession.execute` only.
"""

from __future__ import annotations

from collections import Counter

from facilitator.actions import (  # one definition for both facilitator UIs; the screens read them here
    LaneRow,
    clock_text,
    exercise_position,
    group_label,
    group_labels,
    lane_titles,
    lanes_of,
    participant_label,
    participant_numbers,
    remaining_seconds,
)
from facilitator.codes import formatted_code
from facilitator.core import counting
from facilitator.core.rules import shown
from facilitator.core.state import Note, Participant, SessionState

__all__ = [
    "LaneRow", "board_counts", "clock_text", "connected_by_group", "exercise_position", "formatted_code", "group_label",
    "group_labels", "highlighted_notes", "lane_titles", "lanes_of", "merged_counts", "newest_notes", "participant_label",
    "participant_numbers", "people_by_group", "present_participants", "remaining_seconds", "shown", "votes_by_note",
]


def board_counts(state: SessionState, exercise_id: str) -> Counter[tuple[str, str]]:
    """Notes per (lane, group) of one exercise, by the one counting rule the
    wall and the appendix use (core/counting.py)."""
    return counting.board_counts(state, exercise_id)


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


def present_participants(state: SessionState) -> list[Participant]:
    return [p for p in state.participants.values() if p.present]


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

