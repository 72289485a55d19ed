"""The actions themselves: each builds the core command(s) a UI runs through `LiveSession.execute`."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.actions.naming import new_id
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.state import ExerciseState, Note, Participant, SessionState
from facilitator.printable import printable, single_line


def highlight(note: Note, on: bool | None = None) -> cmd.HighlightNote:
    return cmd.HighlightNote(note.id, not note.highlighted if on is None else on)


def hide(note: Note, on: bool | None = None) -> cmd.HideNote:
    return cmd.HideNote(note.id, not note.hidden if on is None else on)


def merge(keep: Note, others: Sequence[Note]) -> cmd.MergeNotes:
    """`others` become the same note as `keep`, whose wording stays."""
    return cmd.MergeNotes(keep.id, tuple(n.id for n in others))


def move_note(note: Note, lane_id: str) -> cmd.MoveNote:
    return cmd.MoveNote(note.id, lane_id)


def edit_note(note: Note, text: str) -> cmd.ModerateEdit:
    return cmd.ModerateEdit(note.id, printable(text))


def note_for_group(state: SessionState, exercise_id: str, group_id: str, lane_id: str, text: str) -> cmd.AddNoteForGroup:
    """A note typed in for a group that wrote on paper."""
    note_id = new_id(state, "c", lambda i: i in state.notes)
    return cmd.AddNoteForGroup(note_id, exercise_id, lane_id, group_id, printable(text))


def add_plenum_line(state: SessionState, exercise_id: str, text: str) -> cmd.SetPlenumLine:
    lines = exercise_state_of(state, exercise_id).plenum_lines
    return cmd.SetPlenumLine(exercise_id, new_id(state, "p", lambda i: i in lines), printable(text))


def edit_plenum_line(exercise_id: str, line_id: str, text: str) -> cmd.SetPlenumLine:
    return cmd.SetPlenumLine(exercise_id, line_id, printable(text))


def set_follow_up(
    state: SessionState, exercise_id: str, what: str, who: str = "", due: str = "", lane_id: str | None = None,
    follow_up_id: str | None = None,
) -> cmd.SetFollowUp:
    """A new follow-up (no `follow_up_id`) or a change to one."""
    if follow_up_id is None:
        follow_ups = exercise_state_of(state, exercise_id).follow_ups
        follow_up_id = new_id(state, "f", lambda i: i in follow_ups)
    return cmd.SetFollowUp(exercise_id, follow_up_id, printable(what), single_line(who), single_line(due), lane_id)


def move_participant(participant: Participant, group_id: str) -> cmd.MoveParticipant:
    return cmd.MoveParticipant(participant.id, group_id)


def exercise_state_of(state: SessionState, exercise_id: str) -> ExerciseState:
    if exercise_id not in state.exercises:
        raise DomainError("unknown_exercise")
    return state.exercises[exercise_id]
