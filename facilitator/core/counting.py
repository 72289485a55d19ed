"""The one counting rule for the console, the wall and the appendix.

A lane's count is the number of its *units*: a note and the notes the
facilitator merged into it count once (a merge says "these are one note"),
a hidden or deleted note not at all. The automatic grouping of the appendix
does not change a count: it prints lines, not a count of them ("nævnt af 3
grupper" still counts three notes). Before this rule the appendix counted
every merged note (Behov 17) while the wall and the console counted the
kept ones (13).

(Ranking by dots is `core/ranking.py`'s, shared by the console, headless
mode and the wall's results.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from facilitator.core.state import Note, SessionState
from facilitator.printable import readable


@dataclass(slots=True)
class NoteUnit:
    """A note as the facilitator left it: the note shown for it (the kept
    note, or the first visible merged note if the kept one was deleted) and
    every visible note it stands for, in the order they came. (Not frozen:
    the wall counts two thousand of them several times a second.)"""

    shown: Note
    notes: tuple[Note, ...]
    first_seq: int  # the arrival of its first note

    @property
    def lane_id(self) -> str:
        return self.shown.lane_id

    @property
    def group_id(self) -> str:
        return self.shown.group_id


def _root(state: SessionState, note: Note) -> Note:
    if note.merged_into is None:
        return note
    seen = {note.id}
    while note.merged_into is not None and note.merged_into in state.notes and note.merged_into not in seen:
        note = state.notes[note.merged_into]
        seen.add(note.id)
    return note




def _buckets(state: SessionState, exercise_id: str) -> dict[str, list[Note]]:
    """The exercise's countable notes by the note they were merged into (their
    own id when not merged), each bucket in arrival order."""
    buckets: dict[str, list[Note]] = {}
    exercise_state = state.exercises.get(exercise_id)
    hidden_lanes = {lane.id for lane in exercise_state.proposed_lanes.values() if lane.hidden} if exercise_state else set()
    for note in state.notes.values():  # in arrival order: each bucket comes out sorted
        if note.exercise_id != exercise_id or note.deleted:
            continue
        text = note.text  # printable.readable, inline: this loop runs over every note of the session, for every wall frame
        if text.isprintable():
            if not text.strip():
                continue
        elif not readable(text):
            continue
        if hidden_lanes and note.lane_id in hidden_lanes:
            continue
        root_id = note.id if note.merged_into is None else _root(state, note).id
        bucket = buckets.get(root_id)
        if bucket is None:
            buckets[root_id] = [note]
        else:
            bucket.append(note)
    return buckets


def _stands_for(state: SessionState, root_id: str, notes: list[Note]) -> tuple[Note, list[Note]] | None:
    """The note shown for a bucket and its visible notes; None when nothing of it shows."""
    root = state.notes[root_id]
    if root.hidden:
        return None
    if len(notes) == 1:  # the common case: a note nobody merged anything into
        note = notes[0]
        return None if note.hidden else (root if not root.deleted else note, notes)
    visible = [n for n in notes if not n.hidden]
    if not visible:
        return None
    return (root if not root.deleted else visible[0]), visible


def note_units(state: SessionState, exercise_id: str) -> list[NoteUnit]:
    """The exercise's notes as the facilitator left them, in order of arrival:
    merges applied, hidden and deleted notes gone. A merge into a note its
    author deleted still stands for the others; a merge into a hidden note is
    hidden too; a note with nothing to read (only spaces) does not count, nor
    one on a proposal the facilitator hid (issue 16: it is on no lane shown)."""
    units: list[NoteUnit] = []
    for root_id, notes in _buckets(state, exercise_id).items():
        found = _stands_for(state, root_id, notes)
        if found is not None:
            shown, visible = found
            units.append(NoteUnit(shown=shown, notes=tuple(visible), first_seq=visible[0].seq))
    units.sort(key=lambda u: u.first_seq)
    return units


def lane_counts(state: SessionState, exercise_id: str) -> Counter[str]:
    """Notes per lane by the one counting rule (units, see the module's text);
    the same buckets as `note_units`, without making the units."""
    counts: Counter[str] = Counter()
    for root_id, notes in _buckets(state, exercise_id).items():
        found = _stands_for(state, root_id, notes)
        if found is not None:
            counts[found[0].lane_id] += 1
    return counts


def board_counts(state: SessionState, exercise_id: str) -> Counter[tuple[str, str]]:
    """Notes per (lane, group) by the same rule: a unit counts for the group
    and lane of the note shown for it."""
    counts: Counter[tuple[str, str]] = Counter()
    for root_id, notes in _buckets(state, exercise_id).items():
        found = _stands_for(state, root_id, notes)
        if found is not None:
            counts[(found[0].lane_id, found[0].group_id)] += 1
    return counts
