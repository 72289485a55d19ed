"""Commands: what someone asks the session to do.

Participant commands carry the participant's id; facilitator commands carry
none and are only ever built by the facilitator's shells (console, headless
standard input), never from a phone's message. Randomness and the clock stay
outside the core: ids, secrets and `now` are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.config.models import ResolvedPlan
from facilitator.core.events import Phase


@dataclass(frozen=True)
class ParticipantCommand:
    participant_id: str


@dataclass(frozen=True)
class FacilitatorCommand:
    pass


# -- participants ------------------------------------------------------------------


@dataclass(frozen=True)
class Join(ParticipantCommand):
    secret_hash: str
    name: str | None = None
    unit: str | None = None
    group_id: str | None = None  # None: place me automatically


@dataclass(frozen=True)
class Leave(ParticipantCommand):
    pass


@dataclass(frozen=True)
class AddNote(ParticipantCommand):
    note_id: str
    exercise_id: str
    lane_id: str
    text: str


@dataclass(frozen=True)
class EditNote(ParticipantCommand):
    note_id: str
    text: str


@dataclass(frozen=True)
class DeleteNote(ParticipantCommand):
    note_id: str


@dataclass(frozen=True)
class CastVote(ParticipantCommand):
    note_id: str


@dataclass(frozen=True)
class RemoveVote(ParticipantCommand):
    note_id: str


@dataclass(frozen=True)
class ProposeLane(ParticipantCommand):
    lane_id: str
    exercise_id: str
    title: str
    prompt: str = ""


# -- the facilitator ---------------------------------------------------------------


@dataclass(frozen=True)
class CreateSession(FacilitatorCommand):
    plan: ResolvedPlan
    code: str


@dataclass(frozen=True)
class StartExercise(FacilitatorCommand):
    """Make the exercise current and open its writing phase."""

    exercise_id: str


@dataclass(frozen=True)
class SetCurrentExercise(FacilitatorCommand):
    exercise_id: str


@dataclass(frozen=True)
class SetPhase(FacilitatorCommand):
    exercise_id: str
    phase: Phase


@dataclass(frozen=True)
class SetTimer(FacilitatorCommand):
    """Start (or restart) a countdown of `seconds`; None stops it."""

    exercise_id: str
    seconds: float | None


@dataclass(frozen=True)
class ExtendTimer(FacilitatorCommand):
    exercise_id: str
    seconds: float


@dataclass(frozen=True)
class Reveal(FacilitatorCommand):
    exercise_id: str
    revealed: bool = True


@dataclass(frozen=True)
class AddNoteForGroup(FacilitatorCommand):
    """A note typed in by the facilitator for a group that used paper."""

    note_id: str
    exercise_id: str
    lane_id: str
    group_id: str
    text: str


@dataclass(frozen=True)
class ModerateEdit(FacilitatorCommand):
    note_id: str
    text: str


@dataclass(frozen=True)
class HideNote(FacilitatorCommand):
    note_id: str
    hidden: bool = True


@dataclass(frozen=True)
class MoveNote(FacilitatorCommand):
    note_id: str
    lane_id: str


@dataclass(frozen=True)
class MergeNotes(FacilitatorCommand):
    note_id: str  # the note that stays
    merged_ids: tuple[str, ...]


@dataclass(frozen=True)
class HighlightNote(FacilitatorCommand):
    note_id: str
    highlighted: bool = True


@dataclass(frozen=True)
class SetPlenumLine(FacilitatorCommand):
    exercise_id: str
    line_id: str
    text: str


@dataclass(frozen=True)
class RemovePlenumLine(FacilitatorCommand):
    exercise_id: str
    line_id: str


@dataclass(frozen=True)
class SetFollowUp(FacilitatorCommand):
    """Add or change a follow-up agreed in the plenary: what is to be done,
    by whom and by when (free text, may be empty), maybe tied to a lane."""

    exercise_id: str
    follow_up_id: str
    what: str
    who: str = ""
    due: str = ""
    lane_id: str | None = None


@dataclass(frozen=True)
class RemoveFollowUp(FacilitatorCommand):
    exercise_id: str
    follow_up_id: str


@dataclass(frozen=True)
class MoveParticipant(FacilitatorCommand):
    participant_id: str
    group_id: str


@dataclass(frozen=True)
class AssignLaneOwner(FacilitatorCommand):
    """Give a lane (a proposal, or a plan lane) an owner, so their file has it;
    "" gives it back to the plan's owner (none for a proposal)."""

    exercise_id: str
    lane_id: str
    owner: str


@dataclass(frozen=True)
class SetGroupHeadcount(FacilitatorCommand):
    """How many people a group is, when it shares a phone; None: count its phones."""

    group_id: str
    people: int | None


@dataclass(frozen=True)
class KeepNotesApart(FacilitatorCommand):
    """Undo an automatic grouping before export: these notes are never grouped
    automatically with another note (False: they may be again)."""

    note_ids: tuple[str, ...]
    apart: bool = True


@dataclass(frozen=True)
class LockJoining(FacilitatorCommand):
    """Close the door once everyone is in (False: open it again). Resumes
    still work: only new participants are refused."""

    locked: bool = True


@dataclass(frozen=True)
class RemoveParticipant(FacilitatorCommand):
    """Take someone out of the meeting (a second identity, a script): their
    dots go; their notes stay when `keep_notes`, else they are deleted too."""

    participant_id: str
    keep_notes: bool = True


# -- moderation people can undo (issue 16) -------------------------------------------


@dataclass(frozen=True)
class UndoModeration(FacilitatorCommand):
    """Take back the latest moderation step in the exercise not yet taken back
    (hide, move, merge, highlight of a note; hide, rename, merge of a
    proposal): the state and every phone are as before it."""

    exercise_id: str


@dataclass(frozen=True)
class HideProposal(FacilitatorCommand):
    exercise_id: str
    lane_id: str
    hidden: bool = True


@dataclass(frozen=True)
class RenameProposal(FacilitatorCommand):
    exercise_id: str
    lane_id: str
    title: str


@dataclass(frozen=True)
class MergeProposals(FacilitatorCommand):
    """Proposals `merged_ids` become lane `lane_id` (a plan lane or a proposal); their notes move there."""

    exercise_id: str
    lane_id: str  # the lane that stays
    merged_ids: tuple[str, ...]
@dataclass(frozen=True)
class FocusLane(FacilitatorCommand):
    """Show one lane (a point of the star, a module) big on the wall, grouped
    as the appendix groups it; None: back to the wall's normal view."""

    exercise_id: str
    lane_id: str | None


@dataclass(frozen=True)
class FocusNote(FacilitatorCommand):
    """Show one note full-screen on the wall (its lane stays in focus behind
    it); None: back to the lane."""

    exercise_id: str
    note_id: str | None


# The closed unions: every command there is. `handle` matches on `Command`
# and ends in `assert_never`, so a command added here without a rule is a
# type error. The base classes above stay for `isinstance` (who may send it).
AnyParticipantCommand = (
    Join
    | Leave
    | AddNote
    | EditNote
    | DeleteNote
    | CastVote
    | RemoveVote
    | ProposeLane
)
AnyFacilitatorCommand = (
    CreateSession
    | StartExercise
    | SetCurrentExercise
    | SetPhase
    | SetTimer
    | ExtendTimer
    | Reveal
    | AddNoteForGroup
    | ModerateEdit
    | HideNote
    | MoveNote
    | MergeNotes
    | HighlightNote
    | SetPlenumLine
    | RemovePlenumLine
    | SetFollowUp
    | RemoveFollowUp
    | MoveParticipant
    | AssignLaneOwner
    | SetGroupHeadcount
    | KeepNotesApart
    | LockJoining
    | RemoveParticipant
    | UndoModeration
    | HideProposal
    | RenameProposal
    | MergeProposals
    | FocusLane
    | FocusNote
)
Command = AnyParticipantCommand | AnyFacilitatorCommand
