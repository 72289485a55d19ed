"""Dot voting's results: the notes ranked by dots, and how far the vote has got.

Pure reads of the state, in the core so that every shell ranks the same way:
the console's results table, headless mode's `results` and the wall's
results view (the server may import the core, not the actions).

The rule: a note counts when it is `shown` (not deleted, merged away or
hidden); a merged note's dots moved to the note it was merged into when it
was merged (`apply` moves them), so they count once. Most dots first; equal
dots share a rank ("1, 2, 2, 4") and keep the order the notes arrived in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from facilitator.core.rules import shown
from facilitator.core.state import Note, SessionState

SortBy = Literal["dots", "lane", "group"]
SORTS: tuple[SortBy, ...] = ("dots", "lane", "group")


@dataclass(frozen=True)
class RankedNote:
    note: Note
    dots: int
    rank: int  # 1 for the most dots; equal dots share a rank


@dataclass(frozen=True)
class GroupDots:
    group_id: str
    used: int  # dots the group's participants have placed in this exercise
    available: int  # participants x dots per participant


@dataclass(frozen=True)
class VoteProgress:
    """How far a vote has got: who has placed at least one dot, of how many,
    and the dots used per group (in the plan's group order)."""

    voted: int
    participants: int
    all_used: int  # participants who have placed every dot they have
    dots_per_participant: int
    groups: tuple[GroupDots, ...]

    @property
    def dots_used(self) -> int:
        return sum(g.used for g in self.groups)


def dots_by_note(state: SessionState, exercise_id: str) -> Counter[str]:
    """Dots on each note of one exercise (any note, shown or not)."""
    counts: Counter[str] = Counter()
    for voted in state.votes.values():
        for note_id in voted:
            note = state.notes.get(note_id)
            if note is not None and note.exercise_id == exercise_id:
                counts[note_id] += 1
    return counts


def ranked_notes(state: SessionState, exercise_id: str) -> list[RankedNote]:
    """The exercise's shown notes, most dots first (ties in arrival order)."""
    dots = dots_by_note(state, exercise_id)
    notes = sorted((n for n in state.notes.values() if n.exercise_id == exercise_id and shown(n)), key=lambda n: (-dots[n.id], n.seq))
    ranked: list[RankedNote] = []
    for position, note in enumerate(notes, start=1):
        tied = ranked and ranked[-1].dots == dots[note.id]
        ranked.append(RankedNote(note, dots[note.id], ranked[-1].rank if tied else position))
    return ranked


def sort_ranking(state: SessionState, exercise_id: str, ranking: Sequence[RankedNote], by: SortBy) -> list[RankedNote]:
    """The ranking by dots, or by lane / by group (the plan's order, then
    proposals; within each, most dots first). The rank numbers stay."""
    if by == "dots":
        return list(ranking)
    if by == "lane":
        order = lane_order(state, exercise_id)
        return sorted(ranking, key=lambda r: (order.get(r.note.lane_id, len(order)), r.rank, r.note.seq))
    groups = {g.id: g.index for g in state.groups}
    return sorted(ranking, key=lambda r: (groups.get(r.note.group_id, len(groups)), r.rank, r.note.seq))


def lane_order(state: SessionState, exercise_id: str) -> dict[str, int]:
    """Each lane's place: the plan's lanes, then the proposed ones as they came."""
    exercise = state.exercise(exercise_id)
    lane_ids = [lane.id for lane in exercise.lanes] if exercise is not None else []
    ex_state = state.exercises.get(exercise_id)
    if ex_state is not None:
        lane_ids += list(ex_state.proposed_lanes)
    return {lane_id: i for i, lane_id in enumerate(lane_ids)}


def vote_progress(state: SessionState, exercise_id: str) -> VoteProgress:
    """Who has voted in this exercise, of the participants in the room (and
    anyone who voted and left since: their dots still count)."""
    exercise = state.exercise(exercise_id)
    per_participant = exercise.options.dots_per_participant if exercise is not None else 0
    used: Counter[str] = Counter()
    for participant_id, voted in state.votes.items():
        for note_id in voted:
            note = state.notes.get(note_id)
            if note is not None and note.exercise_id == exercise_id:
                used[participant_id] += 1
    people = [p for p in state.participants.values() if not p.removed and (p.present or used[p.id])]
    group_used: Counter[str] = Counter()
    group_people: Counter[str] = Counter()
    for participant in people:
        group_used[participant.group_id] += used[participant.id]
        group_people[participant.group_id] += 1
    return VoteProgress(
        voted=sum(1 for p in people if used[p.id]),
        participants=len(people),
        all_used=sum(1 for p in people if per_participant and used[p.id] >= per_participant),
        dots_per_participant=per_participant,
        groups=tuple(GroupDots(g.id, group_used[g.id], group_people[g.id] * per_participant) for g in state.groups),
    )
