"""The wall's focus: one lane big, or one note full-screen, for the plenary.

`focus Behov` (a lane by number, id or title), `focus #12` (a note by its
number) and `focus off`; the console's keys build the same commands here."""

from __future__ import annotations

from facilitator.actions.context import Context, Outcome, usage_error
from facilitator.actions.exercises import exercise_of
from facilitator.actions.labels import lane_titles, note_number
from facilitator.actions.naming import find_lane, find_note
from facilitator.core import commands as cmd
from facilitator.core.state import Note, SessionState

OFF_WORDS = frozenset({"off", "fra", "no", "nej", "stop"})


def focus_lane(state: SessionState, exercise_id: str, lane_id: str | None) -> cmd.FocusLane:
    """Show `lane_id` big on the wall; the lane already shown (or None): the normal view again."""
    if lane_id is not None and state.exercises[exercise_id].focus_lane == lane_id and state.exercises[exercise_id].focus_note is None:
        lane_id = None
    return cmd.FocusLane(exercise_id, lane_id)


def focus_note(state: SessionState, note: Note) -> cmd.FocusNote:
    """Show `note` full-screen on the wall; the note already shown: back to its lane."""
    shown = state.exercises[note.exercise_id].focus_note == note.id
    return cmd.FocusNote(note.exercise_id, None if shown else note.id)


def _focus(ctx: Context, words: list[str], rest: str) -> Outcome:
    if not words:
        raise usage_error("focus")
    state, exercise_id = ctx.state, ctx.exercise_id
    if len(words) == 1 and words[0].lower() in OFF_WORDS:
        return Outcome((cmd.FocusLane(exercise_id, None),), (ctx.tr("focus_off"),))
    if len(words) == 1 and words[0].startswith("#"):
        note = find_note(state, words[0])
        return Outcome((cmd.FocusNote(note.exercise_id, note.id),), (ctx.tr("focus_note", number=note_number(note)),))
    lane_id = find_lane(state, exercise_id, rest.strip(), ctx.language)
    title = lane_titles(state, exercise_of(state, exercise_id), ctx.language).get(lane_id, lane_id)
    return Outcome((cmd.FocusLane(exercise_id, lane_id),), (ctx.tr("focus_lane", lane=title),))
