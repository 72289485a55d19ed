"""The facilitator's actions, once, for both facilitator UIs.

The console (keys and dialogs) and headless mode (lines on standard input)
run a meeting with the same rules: how a countdown is written (`2`, `2,5`,
`1:30`, `+1`), which phase or exercise comes next, how a note, lane, group
or participant is named, what a plenary line or a follow-up becomes. Each
action builds core commands; the UI runs them through
`LiveSession.execute`, the one write path. `COMMANDS` is the one table of
typed commands and `help_text` the one help text, from the text tables.

Pure: no asyncio, Textual or files, and no clock: the time is passed in
(and the UI executes with that same time, so a reply says what the core did). A
refusal is a `DomainError` with a code, rendered by `error_text`.

`labels` names things for people, `timer` reads a typed countdown,
`exercises` knows the order of phases and exercises, `naming` finds what a
typed word means, `build` makes the commands, `results` says dot voting's results, and `context`, `runners` and
`table` turn a typed line into an `Outcome`. Import from here.
"""

from __future__ import annotations

from facilitator.actions.build import (
    add_plenum_line,
    edit_note,
    edit_plenum_line,
    hide,
    highlight,
    merge,
    move_note,
    move_participant,
    note_for_group,
    set_follow_up,
)
from facilitator.actions.context import Context, Outcome, Runner, tr
from facilitator.actions.exercises import (
    PHASE_WORDS,
    exercise_ids,
    exercise_position,
    neighbour_exercise,
    neighbour_phase,
    phases_of,
    step_exercise,
    step_phase,
)
from facilitator.actions.focus import focus_lane, focus_note
from facilitator.actions.guards import guard_problem
from facilitator.actions.labels import (
    LaneRow,
    clock_text,
    group_label,
    group_labels,
    lane_titles,
    lanes_of,
    note_number,
    participant_label,
    participant_numbers,
    remaining_seconds,
)
from facilitator.actions.moderation import find_proposal, last_step, undo, undo_line
from facilitator.actions.naming import find_exercise, find_group, find_lane, find_note, find_participant, new_id
from facilitator.actions.results import SORT_WORDS, group_dots_text, progress_text
from facilitator.actions.room import address_lines
from facilitator.actions.runners import NOTE_PREVIEW, follow_up_line, note_line, parse_follow_up
from facilitator.actions.table import (
    BY_NAME,
    COMMANDS,
    HELP_COLUMN,
    CommandSpec,
    error_text,
    help_text,
    run_line,
    usage,
)
from facilitator.actions.timer import CONFIRM_TIMER_SECONDS, EXTEND_SECONDS, STOP_WORDS, TimerRequest, parse_timer

__all__ = [
    "guard_problem",
    "group_dots_text",
    "progress_text",
    "SORT_WORDS",
    "BY_NAME",
    "COMMANDS",
    "CONFIRM_TIMER_SECONDS",
    "CommandSpec",
    "Context",
    "EXTEND_SECONDS",
    "HELP_COLUMN",
    "LaneRow",
    "NOTE_PREVIEW",
    "Outcome",
    "PHASE_WORDS",
    "Runner",
    "STOP_WORDS",
    "TimerRequest",
    "add_plenum_line",
    "address_lines",
    "clock_text",
    "edit_note",
    "edit_plenum_line",
    "error_text",
    "exercise_ids",
    "exercise_position",
    "find_exercise",
    "find_group",
    "find_lane",
    "find_note",
    "find_participant",
    "focus_lane",
    "focus_note",
    "follow_up_line",
    "group_label",
    "group_labels",
    "help_text",
    "hide",
    "highlight",
    "lane_titles",
    "lanes_of",
    "merge",
    "move_note",
    "move_participant",
    "neighbour_exercise",
    "neighbour_phase",
    "new_id",
    "note_for_group",
    "note_line",
    "note_number",
    "parse_follow_up",
    "parse_timer",
    "participant_label",
    "participant_numbers",
    "phases_of",
    "remaining_seconds",
    "run_line",
    "set_follow_up",
    "step_exercise",
    "step_phase",
    "tr",
    "usage",
    "find_proposal",
    "last_step",
    "undo",
    "undo_line",
]
