"""Events: the facts the journal records, one per thing that happened.

An event is only ever produced by `core.session.handle` after the command
was checked against the state, so `apply` can trust it. Events are plain
data (strings, numbers, flags, and the plan as a `PlanSnapshot`), never a
config model: every field here is part of the journal's format, whose
version, JSON form and upcasters from older formats are in
`core/event_format.py`. Changing a field means a new format there.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from facilitator.core.plan_snapshot import PlanSnapshot

Phase = Literal["not_started", "writing", "voting", "closed"]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SessionCreated(_Event):
    """The first event of every journal: the whole plan, so the journal alone
    is enough to resume the meeting or write its appendix. `apply` turns the
    snapshot into the `ResolvedPlan` the state holds (core/plan_convert.py)."""

    type: Literal["session_created"] = "session_created"
    plan: PlanSnapshot
    code: str
    at: float


class ParticipantJoined(_Event):
    type: Literal["participant_joined"] = "participant_joined"
    participant_id: str
    name: str | None
    unit: str | None
    group_id: str
    secret_hash: str
    at: float


class ParticipantLeft(_Event):
    type: Literal["participant_left"] = "participant_left"
    participant_id: str


class ParticipantMoved(_Event):
    type: Literal["participant_moved"] = "participant_moved"
    participant_id: str
    group_id: str


class CurrentExerciseSet(_Event):
    """Which exercise the room is on (next / previous)."""

    type: Literal["current_exercise_set"] = "current_exercise_set"
    exercise_id: str


class PhaseSet(_Event):
    type: Literal["phase_set"] = "phase_set"
    exercise_id: str
    phase: Phase


class TimerSet(_Event):
    """A countdown sent as an end time (epoch seconds), or None to stop it."""

    type: Literal["timer_set"] = "timer_set"
    exercise_id: str
    ends_at: float | None


class NotesRevealed(_Event):
    type: Literal["notes_revealed"] = "notes_revealed"
    exercise_id: str
    revealed: bool


class NoteAdded(_Event):
    type: Literal["note_added"] = "note_added"
    note_id: str
    exercise_id: str
    lane_id: str
    group_id: str
    author_id: str | None  # None: added by the facilitator on a group's behalf
    text: str
    at: float


class NoteEdited(_Event):
    type: Literal["note_edited"] = "note_edited"
    note_id: str
    text: str
    by_facilitator: bool = False


class NoteDeleted(_Event):
    type: Literal["note_deleted"] = "note_deleted"
    note_id: str


class NoteHidden(_Event):
    type: Literal["note_hidden"] = "note_hidden"
    note_id: str
    hidden: bool


class NoteMoved(_Event):
    type: Literal["note_moved"] = "note_moved"
    note_id: str
    lane_id: str


class NotesMerged(_Event):
    """`merged_ids` now count as the same note as `note_id` (the one kept)."""

    type: Literal["notes_merged"] = "notes_merged"
    note_id: str
    merged_ids: list[str]


class NoteHighlighted(_Event):
    type: Literal["note_highlighted"] = "note_highlighted"
    note_id: str
    highlighted: bool


class VoteCast(_Event):
    type: Literal["vote_cast"] = "vote_cast"
    participant_id: str
    note_id: str


class VoteRemoved(_Event):
    type: Literal["vote_removed"] = "vote_removed"
    participant_id: str
    note_id: str


class PlenumLineSet(_Event):
    """A line of the facilitator's plenary summary, added or edited."""

    type: Literal["plenum_line_set"] = "plenum_line_set"
    exercise_id: str
    line_id: str
    text: str


class PlenumLineRemoved(_Event):
    type: Literal["plenum_line_removed"] = "plenum_line_removed"
    exercise_id: str
    line_id: str


class FollowUpSet(_Event):
    """A follow-up agreed in the plenary, added or changed (`who`, `due` free text)."""

    type: Literal["follow_up_set"] = "follow_up_set"
    exercise_id: str
    follow_up_id: str
    what: str
    who: str
    due: str
    lane_id: str | None


class FollowUpRemoved(_Event):
    type: Literal["follow_up_removed"] = "follow_up_removed"
    exercise_id: str
    follow_up_id: str


class LaneProposed(_Event):
    """A new lane (e.g. a seventh module) proposed by a group."""

    type: Literal["lane_proposed"] = "lane_proposed"
    exercise_id: str
    lane_id: str
    title: str
    prompt: str
    group_id: str
    author_id: str | None
    at: float


class LaneOwnerAssigned(_Event):
    """A lane's owner set in the meeting ("" : back to the plan's)."""

    type: Literal["lane_owner_assigned"] = "lane_owner_assigned"
    exercise_id: str
    lane_id: str
    owner: str


class GroupHeadcountSet(_Event):
    """How many people a group is (None: count its phones)."""

    type: Literal["group_headcount_set"] = "group_headcount_set"
    group_id: str
    people: int | None


class NotesKeptApart(_Event):
    """Notes the automatic grouping must leave alone (or may group again)."""

    type: Literal["notes_kept_apart"] = "notes_kept_apart"
    note_ids: list[str]
    apart: bool


class JoiningLocked(_Event):
    """The facilitator closed (or opened) the door to new participants."""

    type: Literal["joining_locked"] = "joining_locked"
    locked: bool


class ParticipantRemoved(_Event):
    """The facilitator took a participant out; their dots were removed (and
    their notes deleted unless `notes_kept`) by the events just before this one."""

    type: Literal["participant_removed"] = "participant_removed"
    participant_id: str
    notes_kept: bool


# -- moderation people can see and undo (issue 16) ----------------------------------


class ProposalHidden(_Event):
    """A proposed lane taken off (or put back on) the phones, the wall and the appendix."""

    type: Literal["proposal_hidden"] = "proposal_hidden"
    exercise_id: str
    lane_id: str
    hidden: bool


class ProposalRenamed(_Event):
    """A proposed lane's title, set by the facilitator."""

    type: Literal["proposal_renamed"] = "proposal_renamed"
    exercise_id: str
    lane_id: str
    title: str


class ProposalsMerged(_Event):
    """Proposed lanes `merged_ids` now count as lane `lane_id` (a plan lane or
    another proposal); their notes moved there."""

    type: Literal["proposals_merged"] = "proposals_merged"
    exercise_id: str
    lane_id: str
    merged_ids: list[str]


class ModerationUndone(_Event):
    """The facilitator took back moderation step `step` (the number of the
    event that made it). `apply` puts back what that step changed; `kind`,
    `note_ids` and `lane_ids` say what that was, for readers of the journal
    and for the phones to be told. Dots a merge moved come back as their own
    `vote_cast` / `vote_removed` events right after this one."""

    type: Literal["moderation_undone"] = "moderation_undone"
    step: int
    exercise_id: str
    kind: str
    note_ids: list[str]
    lane_ids: list[str]
class LaneFocused(_Event):
    """The wall shows this lane big (None: its normal view again); the note in
    focus, if any, is let go."""

    type: Literal["lane_focused"] = "lane_focused"
    exercise_id: str
    lane_id: str | None


class NoteFocused(_Event):
    """The wall shows this note full-screen, its lane in focus behind it
    (None: back to the lane)."""

    type: Literal["note_focused"] = "note_focused"
    exercise_id: str
    note_id: str | None
    lane_id: str | None  # the note's lane when it was focused: the focus comes back to it


Event = Annotated[
    SessionCreated
    | ParticipantJoined
    | ParticipantLeft
    | ParticipantMoved
    | CurrentExerciseSet
    | PhaseSet
    | TimerSet
    | NotesRevealed
    | NoteAdded
    | NoteEdited
    | NoteDeleted
    | NoteHidden
    | NoteMoved
    | NotesMerged
    | NoteHighlighted
    | VoteCast
    | VoteRemoved
    | PlenumLineSet
    | PlenumLineRemoved
    | FollowUpSet
    | FollowUpRemoved
    | LaneProposed
    | LaneOwnerAssigned
    | GroupHeadcountSet
    | NotesKeptApart
    | JoiningLocked
    | ParticipantRemoved
    | ProposalHidden
    | ProposalRenamed
    | ProposalsMerged
    | ModerationUndone
    | LaneFocused
    | NoteFocused,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)

