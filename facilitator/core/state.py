"""The session's state, and `apply`, the one function that changes it.

`apply` is deterministic and does no I/O: replaying the journal's events
through it rebuilds exactly the state the live session had. It updates the
state in place (copying 2,000 notes per event would cost more than the rest
of a note's path), so only the session runtime, which owns the state, calls it.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Literal, assert_never

from facilitator.config.models import Exercise, ResolvedPlan
from facilitator.core import events as ev
from facilitator.core.events import Phase
from facilitator.core.plan_convert import plan_of


@dataclass
class Group:
    id: str
    index: int  # 0-based position; "Gruppe {index+1}" when the plan gives no name
    name: str | None


@dataclass
class Participant:
    id: str
    name: str | None
    unit: str | None
    group_id: str
    secret_hash: str
    joined_at: float
    present: bool = True
    removed: bool = False  # taken out by the facilitator (not present either)


@dataclass(slots=True)  # no __dict__: 56 bytes less a note, and a session may hold 100,000
class Note:
    id: str
    exercise_id: str
    lane_id: str
    group_id: str
    author_id: str | None
    text: str
    at: float
    seq: int  # arrival order within the session, for "in the order they came"
    edited: bool = False
    deleted: bool = False
    hidden: bool = False
    highlighted: bool = False
    merged_into: str | None = None
    kept_apart: bool = False  # the facilitator split it from an automatic group
    moved_from: str | None = None  # the lane it was written on, while the facilitator has it elsewhere

    @property
    def live(self) -> bool:
        """Counts as a note of its own: not deleted and not merged away."""
        return not self.deleted and self.merged_into is None


@dataclass
class ProposedLane:
    id: str
    exercise_id: str
    title: str
    prompt: str
    group_id: str
    author_id: str | None
    at: float
    hidden: bool = False  # the facilitator took it off the wall, the phones and the appendix
    merged_into: str | None = None  # the lane it was merged into (its notes moved there)

    @property
    def shown(self) -> bool:
        """Counts as a lane: not hidden and not merged into another."""
        return not self.hidden and self.merged_into is None


# -- moderation people can undo (issue 16) -------------------------------------------
ModerationKind = Literal["hide", "move", "merge", "highlight", "hide_lane", "rename_lane", "merge_lanes"]


@dataclass(frozen=True)
class ModerationStep:
    """One thing the facilitator did to a note or proposal, with what was
    there before, so `UndoModeration` can put it back. `id` is the number of
    the event that did it (unique in the journal); `apply` keeps the steps, so
    a replay has the same undo list as the live session had."""

    id: int
    exercise_id: str
    kind: ModerationKind
    target: str  # the note (or lane) acted on; the one kept for a merge
    before: str | bool | None = None  # hide/highlight: the flag; move: the lane; rename: the title
    merged: tuple[str, ...] = ()  # merge: the notes (lanes) merged into `target`
    # note merge: the dots moved onto `target` as (participant, note, whether they had a dot on `target` already)
    dots: tuple[tuple[str, str, bool], ...] = ()
    # (note, what it was before): lane merge: the lane of each note moved; note merge: the note each
    # merged note was merged into before ("" for none: notes merged into a merged note follow it)
    previous: tuple[tuple[str, str], ...] = ()


@dataclass
class FollowUp:
    """Something to be done after the meeting: what, who, by when; `lane_id`
    ties it to a lane (and so to that lane's owner)."""

    id: str
    exercise_id: str
    what: str
    who: str
    due: str
    lane_id: str | None


@dataclass
class ExerciseState:
    id: str
    phase: Phase = "not_started"
    timer_ends_at: float | None = None
    revealed: bool = False
    plenum_lines: dict[str, str] = field(default_factory=dict)  # insertion-ordered
    proposed_lanes: dict[str, ProposedLane] = field(default_factory=dict)
    follow_ups: dict[str, FollowUp] = field(default_factory=dict)  # insertion-ordered
    lane_owners: dict[str, str] = field(default_factory=dict)  # set in the meeting; wins over the plan's
    focus_lane: str | None = None  # the lane the wall shows big (FocusLane)
    focus_note: str | None = None  # the note the wall shows full-screen (FocusNote)


@dataclass(frozen=True)
class _GroupIndex:
    groups: list[Group]  # the list indexed, by identity
    length: int
    by_id: dict[str, Group]
    ids_by_index: tuple[str, ...]

    @classmethod
    def of(cls, groups: list[Group]) -> _GroupIndex:
        by_id: dict[str, Group] = {}
        for g in groups:
            by_id.setdefault(g.id, g)  # the first of a repeated id, as a scan of the list finds it
        ordered = sorted(groups, key=lambda g: g.index)  # stable: the list's order among equal indexes
        return cls(groups, len(groups), by_id, tuple(g.id for g in ordered))


@dataclass
class SessionState:
    plan: ResolvedPlan | None = None
    code: str = ""
    created_at: float = 0.0
    groups: list[Group] = field(default_factory=list)
    participants: dict[str, Participant] = field(default_factory=dict)
    exercises: dict[str, ExerciseState] = field(default_factory=dict)
    current_exercise_id: str | None = None
    notes: dict[str, Note] = field(default_factory=dict)
    votes: dict[str, set[str]] = field(default_factory=dict)  # participant id -> note ids
    event_count: int = 0
    headcounts: dict[str, int] = field(default_factory=dict)  # group id -> people, set by the facilitator
    # Present participants per group and per (group, unit), kept up to date by
    # `apply`, so placing a newcomer does not count the whole room again
    # (5,000 joins would be 12.5 million steps).
    group_sizes: Counter[str] = field(default_factory=Counter)
    unit_counts: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    # The plan's exercises by id, for the plan it was made from: a note asks
    # for its exercise four times on its way in (4 % of the server's time
    # when each ask searched the plan's list).
    joining_locked: bool = False  # the facilitator closed the door to new participants
    # Per participant, for the flood limits (issue 14): the times of their
    # latest notes (as many as the per-minute limit), and their notes per
    # exercise that are not deleted. Kept by `apply`, so a check costs O(1).
    recent_notes: dict[str, deque[float]] = field(default_factory=dict)
    notes_written: Counter[tuple[str, str]] = field(default_factory=Counter)
    moderations: list[ModerationStep] = field(default_factory=list)  # oldest first; undone ones leave it
    _exercise_index: tuple[ResolvedPlan, dict[str, Exercise]] | None = field(default=None, compare=False, repr=False)
    # The groups by id, and their ids by index, for the list they were made
    # from (and its length: `replay` and `vars(...).update` bring new lists):
    # a note asks for its writer's group twice on its way in, and a scan of
    # 286 groups cost more than the rest of the lane check (issue 18).
    _group_index: _GroupIndex | None = field(default=None, compare=False, repr=False)

    # -- read helpers used by the core and the shells -------------------------------
    def group(self, group_id: str) -> Group | None:
        return self._groups_indexed().by_id.get(group_id)

    def group_ids_by_index(self) -> tuple[str, ...]:
        """The groups' ids in the order of their index (the list's order among
        equal indexes), the order `place_in_group` breaks ties in. Do not change it."""
        return self._groups_indexed().ids_by_index

    def _groups_indexed(self) -> _GroupIndex:
        groups = self.groups
        index = self._group_index
        if index is None or index.groups is not groups or index.length != len(groups):
            index = self._group_index = _GroupIndex.of(groups)
        return index

    def exercise(self, exercise_id: str) -> Exercise | None:
        plan = self.plan
        if plan is None:
            return None
        index = self._exercise_index
        if index is None or index[0] is not plan:
            index = self._exercise_index = (plan, {exercise.id: exercise for exercise in plan.exercises})
        return index[1].get(exercise_id)

    @property
    def current_exercise(self) -> Exercise | None:
        if self.current_exercise_id is None:
            return None
        return self.exercise(self.current_exercise_id)

    def notes_of(self, exercise_id: str) -> list[Note]:
        return [n for n in self.notes.values() if n.exercise_id == exercise_id]

    def votes_on(self, note_id: str) -> int:
        return sum(1 for voted in self.votes.values() if note_id in voted)


def _groups_from_plan(plan: ResolvedPlan) -> list[Group]:
    names = plan.group_names
    return [
        Group(id=f"g{i + 1}", index=i, name=names[i] if names else None)
        for i in range(plan.group_count)
    ]


def apply(state: SessionState, event: ev.Event) -> SessionState:
    """Record `event` in `state` and return it."""
    state.event_count += 1
    match event:
        case ev.SessionCreated(plan=snapshot, code=code, at=at):
            state.plan = plan = plan_of(snapshot)
            state.code = code
            state.created_at = at
            state.groups = _groups_from_plan(plan)
            state.exercises = {ex.id: ExerciseState(id=ex.id) for ex in plan.exercises}
            state.current_exercise_id = plan.exercises[0].id
        case ev.ParticipantJoined():
            state.participants[event.participant_id] = Participant(
                id=event.participant_id,
                name=event.name,
                unit=event.unit,
                group_id=event.group_id,
                secret_hash=event.secret_hash,
                joined_at=event.at,
            )
            _count(state, state.participants[event.participant_id], +1)
        case ev.ParticipantLeft(participant_id=pid):
            if state.participants[pid].present:
                _count(state, state.participants[pid], -1)
            state.participants[pid].present = False
        case ev.ParticipantMoved(participant_id=pid, group_id=gid):
            participant = state.participants[pid]
            if participant.present:
                _count(state, participant, -1)
            participant.group_id = gid
            if participant.present:
                _count(state, participant, +1)
        case ev.CurrentExerciseSet(exercise_id=eid):
            state.current_exercise_id = eid
        case ev.PhaseSet(exercise_id=eid, phase=phase):
            state.exercises[eid].phase = phase
            if phase != "writing":
                state.exercises[eid].timer_ends_at = None
        case ev.TimerSet(exercise_id=eid, ends_at=ends_at):
            state.exercises[eid].timer_ends_at = ends_at
        case ev.NotesRevealed(exercise_id=eid, revealed=revealed):
            state.exercises[eid].revealed = revealed
        case ev.NoteAdded():
            state.notes[event.note_id] = Note(
                id=event.note_id,
                exercise_id=event.exercise_id,
                lane_id=event.lane_id,
                group_id=event.group_id,
                author_id=event.author_id,
                text=event.text,
                at=event.at,
                seq=len(state.notes),
            )
            if event.author_id is not None:
                _count_note(state, event.author_id, event.exercise_id, event.at)
        case ev.NoteEdited(note_id=nid, text=text):
            state.notes[nid].text = text
            state.notes[nid].edited = True
        case ev.NoteDeleted(note_id=nid):
            state.notes[nid].deleted = True
            author = state.notes[nid].author_id
            if author is not None:
                state.notes_written[(author, state.notes[nid].exercise_id)] -= 1
            for voted in state.votes.values():
                voted.discard(nid)
        case ev.NoteHidden(note_id=nid, hidden=hidden):
            note = state.notes[nid]
            _log(state, note.exercise_id, "hide", nid, before=note.hidden)
            note.hidden = hidden
        case ev.NoteMoved(note_id=nid, lane_id=lane_id):
            note = state.notes[nid]
            _log(state, note.exercise_id, "move", nid, before=note.lane_id)
            _move_note(note, lane_id)
        case ev.NotesMerged(note_id=nid, merged_ids=merged_ids):
            dots: list[tuple[str, str, bool]] = []
            was = tuple((mid, state.notes[mid].merged_into or "") for mid in merged_ids)
            for mid in merged_ids:
                state.notes[mid].merged_into = nid
                for pid, voted in state.votes.items():
                    if mid in voted:
                        dots.append((pid, mid, nid in voted))
                        voted.discard(mid)
                        voted.add(nid)
            _log(state, state.notes[nid].exercise_id, "merge", nid, merged=tuple(merged_ids), dots=tuple(dots), previous=was)
        case ev.NoteHighlighted(note_id=nid, highlighted=highlighted):
            note = state.notes[nid]
            _log(state, note.exercise_id, "highlight", nid, before=note.highlighted)
            note.highlighted = highlighted
        case ev.ProposalHidden(exercise_id=eid, lane_id=lane_id, hidden=hidden):
            lane = state.exercises[eid].proposed_lanes[lane_id]
            _log(state, eid, "hide_lane", lane_id, before=lane.hidden)
            lane.hidden = hidden
        case ev.ProposalRenamed(exercise_id=eid, lane_id=lane_id, title=title):
            lane = state.exercises[eid].proposed_lanes[lane_id]
            _log(state, eid, "rename_lane", lane_id, before=lane.title)
            lane.title = title
        case ev.ProposalsMerged(exercise_id=eid, lane_id=keep, merged_ids=merged_ids):
            moved: list[tuple[str, str]] = []
            for mid in merged_ids:
                state.exercises[eid].proposed_lanes[mid].merged_into = keep
                for note in state.notes.values():
                    if note.exercise_id == eid and note.lane_id == mid:
                        moved.append((note.id, mid))
                        _move_note(note, keep)
            _log(state, eid, "merge_lanes", keep, merged=tuple(merged_ids), previous=tuple(moved))
        case ev.ModerationUndone(step=step_id):
            _undo(state, step_id)
        case ev.VoteCast(participant_id=pid, note_id=nid):
            state.votes.setdefault(pid, set()).add(nid)
        case ev.VoteRemoved(participant_id=pid, note_id=nid):
            state.votes.get(pid, set()).discard(nid)
        case ev.PlenumLineSet(exercise_id=eid, line_id=line_id, text=text):
            state.exercises[eid].plenum_lines[line_id] = text
        case ev.PlenumLineRemoved(exercise_id=eid, line_id=line_id):
            state.exercises[eid].plenum_lines.pop(line_id, None)
        case ev.FollowUpSet():
            state.exercises[event.exercise_id].follow_ups[event.follow_up_id] = FollowUp(
                id=event.follow_up_id,
                exercise_id=event.exercise_id,
                what=event.what,
                who=event.who,
                due=event.due,
                lane_id=event.lane_id,
            )
        case ev.FollowUpRemoved(exercise_id=eid, follow_up_id=fid):
            state.exercises[eid].follow_ups.pop(fid, None)
        case ev.LaneProposed():
            state.exercises[event.exercise_id].proposed_lanes[event.lane_id] = ProposedLane(
                id=event.lane_id,
                exercise_id=event.exercise_id,
                title=event.title,
                prompt=event.prompt,
                group_id=event.group_id,
                author_id=event.author_id,
                at=event.at,
            )
        case ev.LaneOwnerAssigned(exercise_id=eid, lane_id=lane_id, owner=owner):
            if owner:
                state.exercises[eid].lane_owners[lane_id] = owner
            else:
                state.exercises[eid].lane_owners.pop(lane_id, None)
        case ev.GroupHeadcountSet(group_id=gid, people=people):
            if people is None:
                state.headcounts.pop(gid, None)
            else:
                state.headcounts[gid] = people
        case ev.NotesKeptApart(note_ids=note_ids, apart=apart):
            for nid in note_ids:
                state.notes[nid].kept_apart = apart
        case ev.JoiningLocked(locked=locked):
            state.joining_locked = locked
        case ev.ParticipantRemoved(participant_id=pid):
            participant = state.participants[pid]
            if participant.present:
                _count(state, participant, -1)
            participant.present = False
            participant.removed = True
        case ev.LaneFocused(exercise_id=eid, lane_id=lane_id):
            state.exercises[eid].focus_lane = lane_id
            state.exercises[eid].focus_note = None
        case ev.NoteFocused(exercise_id=eid, note_id=nid, lane_id=lane_id):
            state.exercises[eid].focus_note = nid
            if lane_id is not None:
                state.exercises[eid].focus_lane = lane_id
        case _:  # an event without a case here is a type error (mypy)
            assert_never(event)
    return state


def _log(state: SessionState, exercise_id: str, kind: ModerationKind, target: str, **details: object) -> None:
    """Remember a moderation step (with what was there before) for `UndoModeration`."""
    state.moderations.append(ModerationStep(state.event_count, exercise_id, kind, target, **details))  # type: ignore[arg-type]


def _move_note(note: Note, lane_id: str) -> None:
    """A note goes to another lane; `moved_from` keeps the lane it was written
    on (the author's phone says where it went) until it is back there."""
    if note.moved_from is None:
        note.moved_from = note.lane_id
    note.lane_id = lane_id
    if note.moved_from == lane_id:
        note.moved_from = None


def _undo(state: SessionState, step_id: int) -> None:
    """Put back what moderation step `step_id` changed (the dots a merge moved
    come back by their own `vote_cast`/`vote_removed` events) and forget the step."""
    index = next(i for i, s in enumerate(state.moderations) if s.id == step_id)
    step = state.moderations.pop(index)
    lanes = state.exercises[step.exercise_id].proposed_lanes
    match step.kind:
        case "hide":
            state.notes[step.target].hidden = bool(step.before)
        case "highlight":
            state.notes[step.target].highlighted = bool(step.before)
        case "move":
            _move_note(state.notes[step.target], str(step.before))
        case "merge":
            for mid, into in step.previous:
                if state.notes[mid].merged_into == step.target:
                    state.notes[mid].merged_into = into or None
        case "hide_lane":
            lanes[step.target].hidden = bool(step.before)
        case "rename_lane":
            lanes[step.target].title = str(step.before)
        case "merge_lanes":
            for mid in step.merged:
                lanes[mid].merged_into = None
            for nid, lane_id in step.previous:
                if state.notes[nid].lane_id == step.target:
                    _move_note(state.notes[nid], lane_id)
        case _:
            assert_never(step.kind)


def _count(state: SessionState, participant: Participant, change: int) -> None:
    state.group_sizes[participant.group_id] += change
    state.unit_counts[(participant.group_id, participant.unit)] += change


def _count_note(state: SessionState, author_id: str, exercise_id: str, at: float) -> None:
    state.notes_written[(author_id, exercise_id)] += 1
    plan = state.plan
    limit = plan.notes_per_minute if plan is not None else None
    if limit is not None:
        recent = state.recent_notes.get(author_id)
        if recent is None or recent.maxlen != limit:
            recent = state.recent_notes[author_id] = deque(recent or (), maxlen=limit)
        recent.append(at)


def replay(events: list[ev.Event]) -> SessionState:
    state = SessionState()
    for event in events:
        apply(state, event)
    return state
