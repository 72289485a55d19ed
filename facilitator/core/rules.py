"""Read-only questions about the state that both the core and the shells ask:
which lanes a group works on, who may see a note, where a newcomer is placed.

Visibility is decided here only: `shown` (does a note count at all: the
console's board, the wall, the phones) and `can_see` (may this participant's
phone show it), with `groups_seeing` as the same rule asked once per note.
Snapshots, the hub's fan-out, voting, the console and the wall all call
these, so none of them can show a note another would hide."""

from __future__ import annotations

from itertools import compress, repeat
from operator import eq

from facilitator.config.models import Exercise, LaneAssignment, Visibility
from facilitator.core.state import Note, Participant, ProposedLane, SessionState


def lanes_for_group(exercise: Exercise, group_index: int, group_count: int) -> list[str]:
    """The lane ids a group works on. Round-robin: lane i goes to group
    i mod n; with more groups than lanes, group g gets lane g mod lanes, so
    every group has something to do and every lane is covered."""
    lane_ids = [lane.id for lane in exercise.lanes]
    if exercise.options.lane_assignment is LaneAssignment.ALL or group_count <= 1:
        return lane_ids
    if group_count >= len(lane_ids):
        return [lane_ids[group_index % len(lane_ids)]]
    return [lane_id for i, lane_id in enumerate(lane_ids) if i % group_count == group_index]


def writable_lanes(state: SessionState, exercise_id: str, writer: Participant) -> list[str]:
    """Lanes `writer` may write on: their group's share of the plan's lanes,
    plus every proposed lane they may see (a proposal is open to all who see
    it; one they may not see does not exist for them)."""
    exercise = state.exercise(exercise_id)
    group = state.group(writer.group_id)
    if exercise is None or group is None:
        return []
    lanes = lanes_for_group(exercise, group.index, len(state.groups))
    proposed = proposals(state, exercise_id)
    return lanes + [lane.id for lane in proposed if sees_group_work(state, writer, exercise_id, lane.group_id, lane.author_id)]


def can_write(state: SessionState, exercise_id: str, writer: Participant, lane_id: str) -> bool:
    """Whether `lane_id` is one of `writable_lanes(state, exercise_id, writer)`,
    asked once per note: the group's share of the plan's lanes, or the one
    proposal with that id if it counts and `writer` may see it, without
    listing every proposal and asking about each (issue 18)."""
    exercise = state.exercise(exercise_id)
    group = state.group(writer.group_id)
    if exercise is None or group is None:
        return False
    if lane_id in lanes_for_group(exercise, group.index, len(state.groups)):
        return True
    lane = state.exercises[exercise_id].proposed_lanes.get(lane_id)
    return lane is not None and lane.shown and sees_group_work(state, writer, exercise_id, lane.group_id, lane.author_id)


def proposals(state: SessionState, exercise_id: str) -> list[ProposedLane]:
    """The exercise's proposed lanes that count: not hidden by the facilitator,
    not merged into another lane. The phones, the wall, the console and the
    appendix list these, so a hidden "asdf test" reaches none of them."""
    return [lane for lane in state.exercises[exercise_id].proposed_lanes.values() if lane.shown]


def groups_seeing(state: SessionState, exercise_id: str, group_id: str, author_id: str | None) -> tuple[str, ...] | None:
    """The groups whose members may see what `group_id` (and `author_id`)
    wrote, the writer aside (a writer always sees their own); None when every
    group may. The server asks this once per note to find its recipients,
    instead of asking `sees_group_work` once per phone."""
    exercise = state.exercise(exercise_id)
    if exercise is None:
        return ()
    if state.exercises[exercise_id].revealed or exercise.options.visibility is Visibility.ALL:
        return None
    if exercise.options.visibility is Visibility.GROUP:
        return (group_id,)
    # HIDDEN: only the writer, and notes the facilitator typed in for the group
    return (group_id,) if author_id is None else ()


def sees_group_work(state: SessionState, viewer: Participant, exercise_id: str, group_id: str, author_id: str | None) -> bool:
    """Whether `viewer` may see what `group_id` (and `author_id`) wrote."""
    if author_id is not None and author_id == viewer.id:
        return True
    groups = groups_seeing(state, exercise_id, group_id, author_id)
    return groups is None or viewer.group_id in groups


def shown(note: Note) -> bool:
    """Whether a note counts wherever notes are shown: not deleted, not
    merged into another, not hidden by the facilitator."""
    return not note.deleted and note.merged_into is None and not note.hidden


def shown_on_a_lane(state: SessionState, note: Note) -> bool:
    """`shown`, and on a lane phones show: a plan lane, or a proposal the
    facilitator has not hidden (a merged one's notes moved to the kept lane).
    Whoever looks: `can_see` adds who may."""
    if not shown(note):
        return False
    exercise = state.exercises.get(note.exercise_id)
    proposal = exercise.proposed_lanes.get(note.lane_id) if exercise is not None else None
    return proposal is None or proposal.shown


def can_see(state: SessionState, viewer: Participant, note: Note) -> bool:
    """Whether `viewer`'s phone may show this note (and so vote on it): a
    note `shown_on_a_lane`, written where the viewer may see it."""
    return shown_on_a_lane(state, note) and sees_group_work(state, viewer, note.exercise_id, note.group_id, note.author_id)


def place_in_group(state: SessionState, unit: str | None) -> str:
    """Automatic placement: the smallest group; among equals the one with the
    fewest people from the newcomer's unit (units mixed across groups); then
    the first. Deterministic, so a replay places people the same way.
    (The counts of present participants are kept by `apply`.)

    The same choice as `min(state.groups, key=lambda g: (group_sizes[g.id],
    unit_counts[(g.id, unit)], g.index))` (without the unit count when `unit`
    is None), the formula of every journal written so far: the smallest size
    first, then among the groups of that size the fewest of the unit, the
    first in index order of those. Counted by `map` and `compress` in C, as a
    lambda and a tuple per group cost 13 % of a join at 286 groups (issue 18)."""
    order = state.group_ids_by_index()
    sizes = list(map(state.group_sizes.get, order, repeat(0)))
    smallest = min(sizes)
    if unit is None:
        return order[sizes.index(smallest)]
    candidates = list(compress(order, map(eq, sizes, repeat(smallest))))
    same_unit = list(map(state.unit_counts.get, zip(candidates, repeat(unit)), repeat(0)))
    return candidates[same_unit.index(min(same_unit))]


def dots_used(state: SessionState, participant_id: str, exercise_id: str) -> int:
    voted = state.votes.get(participant_id, set())
    return sum(1 for nid in voted if state.notes[nid].exercise_id == exercise_id)
