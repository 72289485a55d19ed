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
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from facilitator import texts
from facilitator.config.models import Exercise
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.events import Phase
from facilitator.core.rules import shown
from facilitator.core.session import MAX_TIMER_SECONDS
from facilitator.core.state import ExerciseState, FollowUp, Group, Note, Participant, SessionState
from facilitator.printable import one_line, printable
from facilitator.texts import t

CONFIRM_TIMER_SECONDS = 120 * 60  # a longer countdown is asked for with a "!" (a typo such as 205 is not pushed to every phone)
EXTEND_SECONDS = 60  # the console's `+` key
NOTE_PREVIEW = 60  # characters of a note in a listing
HELP_COLUMN = 28  # where the help text's descriptions start


def tr(language: str, key: str, **params: object) -> str:
    return t(language, f"actions.{key}", **params)


def error_text(error: DomainError, language: str) -> str:
    """A refusal in the facilitator's language: the one place both UIs render one."""
    if error.code == "usage":
        return t(language, "error.usage", usage=usage(str(error.params["command"]), language))
    return texts.error_text(language, error.code, error.params)


# -- labels ------------------------------------------------------------------------------


def group_label(group: Group, language: str) -> str:
    """The plan's name for the group, else "Gruppe 3"."""
    return texts.group_label(language, group.name, group.index + 1)


def group_labels(state: SessionState, language: str) -> dict[str, str]:
    return {group.id: group_label(group, language) for group in state.groups}


@dataclass(frozen=True)
class LaneRow:
    id: str
    title: str
    proposed: bool = False


def lanes_of(state: SessionState, exercise: Exercise, language: str) -> list[LaneRow]:
    """The plan's lanes in order, then the lanes groups proposed."""
    rows = [LaneRow(lane.id, lane.title.get(language)) for lane in exercise.lanes]
    proposed = state.exercises[exercise.id].proposed_lanes.values()
    rows.extend(LaneRow(lane.id, lane.title, proposed=True) for lane in proposed)
    return rows


def lane_titles(state: SessionState, exercise: Exercise, language: str) -> dict[str, str]:
    return {row.id: row.title for row in lanes_of(state, exercise, language)}


def participant_numbers(state: SessionState) -> dict[str, int]:
    """Everyone's number in the order they joined (1, 2, …)."""
    return {pid: number for number, pid in enumerate(state.participants, start=1)}


def participant_label(participant: Participant, number: int, language: str) -> str:
    """The name when the plan asks for names; otherwise "Deltager 7" by join order."""
    return participant.name or t(language, "console.participant_number", number=number)


def note_number(note: Note) -> int:
    """A note's number in listings and typed commands: its arrival in the session (1, 2, …), never reused."""
    return note.seq + 1


def clock_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


def remaining_seconds(ends_at: float | None, now: float) -> int | None:
    if ends_at is None:
        return None
    return max(0, int(ends_at - now + 0.999))  # 0.2 s left still shows 0:01


# -- a countdown: `2`, `2,5`, `1:30`, `+1`, `stop` -------------------------------------------

_MINUTES = re.compile(r"^\d{1,4}(?:[.,]\d{1,3})?$")
_CLOCK = re.compile(r"^(\d{0,3}):([0-5]\d)$")
STOP_WORDS = ("stop", "off", "fra")


@dataclass(frozen=True)
class TimerRequest:
    seconds: int | None  # None: stop the countdown
    extend: bool = False

    def command(self, exercise_id: str) -> cmd.AnyFacilitatorCommand:
        if self.extend and self.seconds is not None:
            return cmd.ExtendTimer(exercise_id, self.seconds)
        return cmd.SetTimer(exercise_id, self.seconds)


def _seconds(text: str, original: str) -> int:
    clock = _CLOCK.match(text)
    if clock:
        return int(clock.group(1) or "0") * 60 + int(clock.group(2))
    if _MINUTES.match(text):
        return round(float(text.replace(",", ".")) * 60)
    raise DomainError("timer_unreadable", text=original.strip())


def parse_timer(text: str, default_minutes: int | None = None) -> TimerRequest:
    """`5` or `2,5` / `2.5` minutes, `1:30` (minutes:seconds), `+1` to extend,
    `stop`; empty means `default_minutes` (the exercise's `writing_minutes`).
    Above two hours it wants a `!` (`180!`), so a slip is not pushed to every phone."""
    word = text.strip().lower()
    confirmed = word.endswith("!")
    if confirmed:
        word = word[:-1].rstrip()
    if word in STOP_WORDS:
        return TimerRequest(None)
    if not word:
        if default_minutes is None:
            raise DomainError("timer_unreadable", text="")
        word = str(default_minutes)
    extend = word.startswith("+")
    seconds = _seconds(word[1:].strip() if extend else word, text)
    if not 1 <= seconds <= MAX_TIMER_SECONDS:
        raise DomainError("timer_invalid")
    if seconds > CONFIRM_TIMER_SECONDS and not confirmed:
        raise DomainError("timer_confirm", minutes=round(seconds / 60), again=f"{word}!")
    return TimerRequest(seconds, extend)


# -- phases and exercises ------------------------------------------------------------------

PHASE_WORDS: dict[str, Phase] = {"writing": "writing", "voting": "voting", "closed": "closed", "not_started": "not_started"}


def phases_of(exercise: Exercise) -> list[Phase]:
    """The exercise's phases in order; voting only when it gives dots."""
    if exercise.options.dots_per_participant > 0:
        return ["not_started", "writing", "voting", "closed"]
    return ["not_started", "writing", "closed"]


def neighbour_phase(exercise: Exercise, phase: Phase, step: int) -> Phase | None:
    phases = phases_of(exercise)
    index = (phases.index(phase) if phase in phases else 0) + step
    return phases[index] if 0 <= index < len(phases) else None


def step_phase(state: SessionState, exercise_id: str, step: int) -> cmd.SetPhase:
    """The next (`step` 1) or previous (-1) phase of the exercise."""
    exercise = _exercise(state, exercise_id)
    target = neighbour_phase(exercise, state.exercises[exercise_id].phase, step)
    if target is None:
        raise DomainError("no_next_phase" if step > 0 else "no_previous_phase")
    return cmd.SetPhase(exercise_id, target)


def exercise_ids(state: SessionState) -> list[str]:
    return [exercise.id for exercise in state.plan.exercises] if state.plan else []


def neighbour_exercise(state: SessionState, step: int, from_id: str | None = None) -> str | None:
    """The exercise `step` places from `from_id` (by default the room's), if any."""
    ids = exercise_ids(state)
    start = from_id or state.current_exercise_id
    if start not in ids:
        return ids[0] if ids else None
    index = ids.index(start) + step
    return ids[index] if 0 <= index < len(ids) else None


def exercise_position(state: SessionState, exercise_id: str) -> tuple[int, int]:
    ids = exercise_ids(state)
    return ids.index(exercise_id) + 1, len(ids)


def step_exercise(state: SessionState, step: int) -> cmd.SetCurrentExercise:
    """Move the room to the next (1) or previous (-1) exercise of the plan."""
    target = neighbour_exercise(state, step)
    if target is None:
        raise DomainError("no_next_exercise" if step > 0 else "no_previous_exercise")
    return cmd.SetCurrentExercise(target)


def _exercise(state: SessionState, exercise_id: str) -> Exercise:
    exercise = state.exercise(exercise_id)
    if exercise is None:
        raise DomainError("unknown_exercise")
    return exercise


# -- naming things in a typed line ------------------------------------------------------------


def _number(word: str) -> int | None:
    word = word.lstrip("#")
    return int(word) if word.isdigit() else None


def find_exercise(state: SessionState, word: str) -> str:
    """An exercise by id or by its number in the plan."""
    ids = exercise_ids(state)
    number = _number(word)
    if number is not None and 1 <= number <= len(ids):
        return ids[number - 1]
    if word in ids:
        return word
    raise DomainError("unknown_exercise")


def find_note(state: SessionState, word: str) -> Note:
    """A note by its number (`12` or `#12`) or its id; not one deleted or merged away."""
    number = _number(word)
    note = None
    if number is not None:
        note = next((n for n in state.notes.values() if n.seq == number - 1), None)
    note = note or state.notes.get(word)
    if note is None or not note.live:
        raise DomainError("unknown_note")
    return note


def find_lane(state: SessionState, exercise_id: str, word: str, language: str) -> str:
    """A lane of the exercise by id, number (as listed) or title."""
    rows = lanes_of(state, _exercise(state, exercise_id), language)
    number = _number(word)
    if number is not None and 1 <= number <= len(rows):
        return rows[number - 1].id
    folded = word.casefold()
    for row in rows:
        if word == row.id or folded == row.title.casefold():
            return row.id
    raise DomainError("unknown_lane")


def find_group(state: SessionState, word: str, language: str) -> str:
    """A group by number, id, name or label ("3", "g3", "Gruppe 3")."""
    number = _number(word)
    if number is not None and 1 <= number <= len(state.groups):
        return state.groups[number - 1].id
    folded = word.casefold()
    for group in state.groups:
        if word == group.id or folded == group_label(group, language).casefold():
            return group.id
    raise DomainError("unknown_group")


def find_participant(state: SessionState, word: str) -> Participant:
    """A participant by their number (join order, as listed) or id."""
    number = _number(word)
    if number is not None:
        for pid, n in participant_numbers(state).items():
            if n == number:
                return state.participants[pid]
    if word in state.participants:
        return state.participants[word]
    raise DomainError("unknown_participant")


def new_id(state: SessionState, prefix: str, taken: Callable[[str], bool]) -> str:
    """An id for something the facilitator adds (a paper note, a plenary line,
    a follow-up): from the journal's own count, so the same meeting gets the
    same ids whichever UI ran it, and never one in use."""
    number = state.event_count + 1
    while taken(f"{prefix}-{number}"):
        number += 1
    return f"{prefix}-{number}"


# -- the actions: each builds the command(s) to execute ----------------------------------------


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
    lines = _exercise_state(state, exercise_id).plenum_lines
    return cmd.SetPlenumLine(exercise_id, new_id(state, "p", lambda i: i in lines), printable(text))


def edit_plenum_line(exercise_id: str, line_id: str, text: str) -> cmd.SetPlenumLine:
    return cmd.SetPlenumLine(exercise_id, line_id, printable(text))


def set_follow_up(
    state: SessionState, exercise_id: str, what: str, who: str = "", due: str = "", lane_id: str | None = None,
    follow_up_id: str | None = None,
) -> cmd.SetFollowUp:
    """A new follow-up (no `follow_up_id`) or a change to one."""
    if follow_up_id is None:
        follow_ups = _exercise_state(state, exercise_id).follow_ups
        follow_up_id = new_id(state, "f", lambda i: i in follow_ups)
    return cmd.SetFollowUp(exercise_id, follow_up_id, printable(what), printable(who), printable(due), lane_id)


def move_participant(participant: Participant, group_id: str) -> cmd.MoveParticipant:
    return cmd.MoveParticipant(participant.id, group_id)


def _exercise_state(state: SessionState, exercise_id: str) -> ExerciseState:
    if exercise_id not in state.exercises:
        raise DomainError("unknown_exercise")
    return state.exercises[exercise_id]


# -- typed lines: one table, one help text --------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What a typed line acts on: the state, the exercise in view (headless:
    the room's), the facilitator's language, the time, phones connected."""

    state: SessionState
    exercise_id: str
    language: str
    now: float = 0.0
    connected: int = 0

    def tr(self, key: str, **params: object) -> str:
        return tr(self.language, key, **params)


@dataclass(frozen=True)
class Outcome:
    """What a line asks for: commands to execute in order, at the context's
    `now` (stop at the first refusal), then `lines` to show; `export` when it asks for the appendix
    (files are the UI's business: the words after `export`)."""

    commands: tuple[cmd.AnyFacilitatorCommand, ...] = ()
    lines: tuple[str, ...] = ()
    export: tuple[str, ...] | None = None
    look: str | None = None  # `look`: the exercise later lines act on ("" = the room's again)


Runner = Callable[[Context, list[str], str], Outcome]  # (context, words, the rest of the line as typed)


@dataclass(frozen=True)
class CommandSpec:
    name: str
    run: Runner
    has_args: bool = True

    def usage(self, language: str) -> str:
        args = tr(language, f"args.{self.name}") if self.has_args else ""
        return f"{self.name} {args}".rstrip()

    def help(self, language: str) -> str:
        return tr(language, f"help.{self.name}")


def _usage(name: str) -> DomainError:
    return DomainError("usage", command=name)


def _title(ctx: Context, exercise_id: str) -> str:
    return _exercise(ctx.state, exercise_id).title.get(ctx.language)


def _help(ctx: Context, words: list[str], rest: str) -> Outcome:
    return Outcome(lines=tuple(help_text(ctx.language).splitlines()))


def _status(ctx: Context, words: list[str], rest: str) -> Outcome:
    state = ctx.state
    ex_state = _exercise_state(state, ctx.exercise_id)
    notes = sum(1 for n in state.notes_of(ctx.exercise_id) if shown(n))
    present = sum(1 for p in state.participants.values() if p.present)
    left = remaining_seconds(ex_state.timer_ends_at, ctx.now)
    timer = ctx.tr("timer_off") if left is None else ctx.tr("timer_left", clock=clock_text(left))
    number, count = exercise_position(state, ctx.exercise_id)
    return Outcome(lines=(
        ctx.tr("status_exercise", number=number, count=count, title=_title(ctx, ctx.exercise_id), phase=ctx.tr(f"phase_{ex_state.phase}")),
        ctx.tr("status_people", participants=present, connected=ctx.connected, notes=notes,
               revealed=ctx.tr("yes" if ex_state.revealed else "no"), timer=timer),
        ctx.tr("status_code", code=state.code),
    ))


def _start(ctx: Context, words: list[str], rest: str) -> Outcome:
    exercise_id = find_exercise(ctx.state, words[0]) if words else ctx.exercise_id
    return Outcome((cmd.StartExercise(exercise_id),), (ctx.tr("started", title=_title(ctx, exercise_id)),))


def _phase(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) != 1:
        raise _usage("phase")
    word = words[0].lower()
    if word in ("next", "back"):
        command = step_phase(ctx.state, ctx.exercise_id, 1 if word == "next" else -1)
    elif word in PHASE_WORDS:
        command = cmd.SetPhase(ctx.exercise_id, PHASE_WORDS[word])
    else:
        raise _usage("phase")
    title = _title(ctx, ctx.exercise_id)
    return Outcome((command,), (ctx.tr("phase_set", title=title, phase=ctx.tr(f"phase_{command.phase}")),))


def _off(words: list[str]) -> bool:
    return bool(words) and words[-1].lower() in ("off", "no", "nej", "fra")


def _reveal(ctx: Context, words: list[str], rest: str) -> Outcome:
    revealed = not _off(words)
    title = _title(ctx, ctx.exercise_id)
    return Outcome((cmd.Reveal(ctx.exercise_id, revealed),), (ctx.tr("revealed" if revealed else "unrevealed", title=title),))


def _timer(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) > 1:
        raise _usage("timer")
    exercise = _exercise(ctx.state, ctx.exercise_id)
    request = parse_timer(rest, exercise.options.writing_minutes)
    if request.seconds is None:
        return Outcome((request.command(ctx.exercise_id),), (ctx.tr("timer_stopped"),))
    running = ctx.state.exercises[ctx.exercise_id].timer_ends_at
    ends_at = (max(running or ctx.now, ctx.now) if request.extend else ctx.now) + request.seconds  # as the core reckons it at `now`
    at = time.strftime("%H:%M:%S", time.localtime(ends_at))
    return Outcome((request.command(ctx.exercise_id),), (ctx.tr("timer_set", at=at),))


def _step(step: int) -> Runner:
    def run(ctx: Context, words: list[str], rest: str) -> Outcome:
        command = step_exercise(ctx.state, step)
        number, count = exercise_position(ctx.state, command.exercise_id)
        return Outcome((command,), (ctx.tr("moved", number=number, count=count, title=_title(ctx, command.exercise_id)),))

    return run


def note_line(ctx: Context, note: Note, lanes: dict[str, str], groups: dict[str, str], merged: int = 0) -> str:
    """`#12 Behov · Gruppe 2: the text  [★ skjult +2]` — one note of a listing."""
    text = one_line(note.text)
    text = text if len(text) <= NOTE_PREVIEW else text[: NOTE_PREVIEW - 1] + "…"
    marks = [mark for key, on in (("mark_highlight", note.highlighted), ("mark_hidden", note.hidden)) if on for mark in [ctx.tr(key)]]
    if merged:
        marks.append(f"+{merged}")
    line = f"#{note_number(note)} {lanes.get(note.lane_id, note.lane_id)} · {groups.get(note.group_id, note.group_id)}: {text}"
    return f"{line}  [{' '.join(marks)}]" if marks else line


def _notes(ctx: Context, words: list[str], rest: str) -> Outcome:
    state, exercise_id = ctx.state, ctx.exercise_id
    lane = group = None
    if words:
        try:
            lane = find_lane(state, exercise_id, rest.strip(), ctx.language)
        except DomainError:
            group = find_group(state, rest.strip(), ctx.language)
    lanes = lane_titles(state, _exercise(state, exercise_id), ctx.language)
    groups = group_labels(state, ctx.language)
    merged: dict[str, int] = {}
    for n in state.notes.values():
        if n.merged_into is not None and not n.deleted:
            merged[n.merged_into] = merged.get(n.merged_into, 0) + 1
    lines = [
        note_line(ctx, n, lanes, groups, merged.get(n.id, 0))
        for n in state.notes_of(exercise_id)
        if n.live and lane in (None, n.lane_id) and group in (None, n.group_id)
    ]
    return Outcome(lines=tuple(lines) or (ctx.tr("no_notes"),))


def _toggle(name: str, build: Callable[[Note, bool | None], cmd.AnyFacilitatorCommand], key: str) -> Runner:
    def run(ctx: Context, words: list[str], rest: str) -> Outcome:
        if len(words) not in (1, 2):
            raise _usage(name)
        note = find_note(ctx.state, words[0])
        on = None if len(words) == 1 else not _off(words)
        command = build(note, on)
        shown = getattr(command, "highlighted", getattr(command, "hidden", True))
        return Outcome((command,), (ctx.tr(f"{key}_on" if shown else f"{key}_off", number=note_number(note)),))

    return run


def _merge(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) < 2:
        raise _usage("merge")
    keep, *others = (find_note(ctx.state, word) for word in words)
    return Outcome((merge(keep, others),), (ctx.tr("merged", count=len(others), number=note_number(keep)),))


def _move(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) < 2:
        raise _usage("move")
    note = find_note(ctx.state, words[0])
    lane_word = rest.strip().split(None, 1)[1]
    lane_id = find_lane(ctx.state, note.exercise_id, lane_word, ctx.language)
    title = lane_titles(ctx.state, _exercise(ctx.state, note.exercise_id), ctx.language)[lane_id]
    return Outcome((move_note(note, lane_id),), (ctx.tr("note_moved", number=note_number(note), lane=title),))


def _edit(ctx: Context, words: list[str], rest: str) -> Outcome:
    parts = rest.strip().split(None, 1)
    if len(parts) != 2:
        raise _usage("edit")
    note = find_note(ctx.state, parts[0])
    return Outcome((edit_note(note, parts[1]),), (ctx.tr("note_edited", number=note_number(note)),))


def _add(ctx: Context, words: list[str], rest: str) -> Outcome:
    parts = rest.strip().split(None, 2)
    if len(parts) != 3:
        raise _usage("add")
    group_id = find_group(ctx.state, parts[0], ctx.language)
    lane_id = find_lane(ctx.state, ctx.exercise_id, parts[1], ctx.language)
    command = note_for_group(ctx.state, ctx.exercise_id, group_id, lane_id, parts[2])
    group = group_labels(ctx.state, ctx.language)[group_id]
    return Outcome((command,), (ctx.tr("note_added", number=len(ctx.state.notes) + 1, group=group),))


def _numbered(items: list[str], word: str, code: str) -> str:
    number = _number(word)
    if number is None or not 1 <= number <= len(items):
        raise DomainError(code)
    return items[number - 1]


def _plenum(ctx: Context, words: list[str], rest: str) -> Outcome:
    lines = _exercise_state(ctx.state, ctx.exercise_id).plenum_lines
    if not words:
        listing = [f"{n}. {one_line(text)}" for n, text in enumerate(lines.values(), start=1)]
        return Outcome(lines=tuple(listing) or (ctx.tr("no_lines"),))
    verb, _, tail = rest.strip().partition(" ")
    verb, tail = verb.lower(), tail.strip()
    if verb == "add" and tail:
        return Outcome((add_plenum_line(ctx.state, ctx.exercise_id, tail),), (ctx.tr("line_added", number=len(lines) + 1),))
    number, _, text = tail.partition(" ")
    if verb == "edit" and text.strip():
        line_id = _numbered(list(lines), number, "unknown_plenum_line")
        return Outcome((edit_plenum_line(ctx.exercise_id, line_id, text),), (ctx.tr("line_edited", number=number),))
    if verb == "remove" and number and not text:
        line_id = _numbered(list(lines), number, "unknown_plenum_line")
        return Outcome((cmd.RemovePlenumLine(ctx.exercise_id, line_id),), (ctx.tr("line_removed", number=number),))
    raise _usage("plenum")


def follow_up_line(ctx: Context, number: int, follow_up: FollowUp) -> str:
    """`1. Lav en kalender — Mette, 1. marts (Behov)`."""
    lanes = lane_titles(ctx.state, _exercise(ctx.state, follow_up.exercise_id), ctx.language)
    who = ", ".join(part for part in (follow_up.who, follow_up.due) if part)
    text = f"{number}. {one_line(follow_up.what)}"
    if who:
        text += f" — {one_line(who)}"
    if follow_up.lane_id:
        text += f" ({lanes.get(follow_up.lane_id, follow_up.lane_id)})"
    return text


def parse_follow_up(ctx: Context, text: str) -> tuple[str, str, str, str | None]:
    """`WHAT | WHO | BY WHEN | LANE`, the last three optional."""
    fields = [field.strip() for field in text.split("|")]
    if len(fields) > 4 or not fields[0]:
        raise _usage("followup")
    what, who, due, lane = (fields + ["", "", ""])[:4]
    lane_id = find_lane(ctx.state, ctx.exercise_id, lane, ctx.language) if lane else None
    return what, who, due, lane_id


def _followup(ctx: Context, words: list[str], rest: str) -> Outcome:
    follow_ups = _exercise_state(ctx.state, ctx.exercise_id).follow_ups
    if not words:
        listing = [follow_up_line(ctx, n, f) for n, f in enumerate(follow_ups.values(), start=1)]
        return Outcome(lines=tuple(listing) or (ctx.tr("no_follow_ups"),))
    verb, _, tail = rest.strip().partition(" ")
    verb, tail = verb.lower(), tail.strip()
    if verb == "add" and tail:
        what, who, due, lane_id = parse_follow_up(ctx, tail)
        command = set_follow_up(ctx.state, ctx.exercise_id, what, who, due, lane_id)
        return Outcome((command,), (ctx.tr("follow_up_added", number=len(follow_ups) + 1),))
    number, _, text = tail.partition(" ")
    if verb == "edit" and text.strip():
        follow_up_id = _numbered(list(follow_ups), number, "unknown_follow_up")
        what, who, due, lane_id = parse_follow_up(ctx, text)
        command = set_follow_up(ctx.state, ctx.exercise_id, what, who, due, lane_id, follow_up_id)
        return Outcome((command,), (ctx.tr("follow_up_edited", number=number),))
    if verb == "remove" and number and not text:
        follow_up_id = _numbered(list(follow_ups), number, "unknown_follow_up")
        return Outcome((cmd.RemoveFollowUp(ctx.exercise_id, follow_up_id),), (ctx.tr("follow_up_removed", number=number),))
    raise _usage("followup")


def _people(ctx: Context, words: list[str], rest: str) -> Outcome:
    groups = group_labels(ctx.state, ctx.language)
    lines = []
    for pid, number in participant_numbers(ctx.state).items():
        person = ctx.state.participants[pid]
        who = one_line(participant_label(person, number, ctx.language))
        if person.unit:
            who = f"{who} ({one_line(person.unit)})"
        line = f"{number}. {who} → {groups.get(person.group_id, person.group_id)}"
        lines.append(line if person.present else f"{line}  [{ctx.tr('left')}]")
    return Outcome(lines=tuple(lines) or (ctx.tr("no_people"),))


def _regroup(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) < 2:
        raise _usage("regroup")
    person = find_participant(ctx.state, words[0])
    group_id = find_group(ctx.state, rest.strip().split(None, 1)[1], ctx.language)
    number = participant_numbers(ctx.state)[person.id]
    who = participant_label(person, number, ctx.language)
    return Outcome((move_participant(person, group_id),), (ctx.tr("participant_moved", who=who, group=group_labels(ctx.state, ctx.language)[group_id]),))


def _look(ctx: Context, words: list[str], rest: str) -> Outcome:
    """Look at another exercise (moderate it, write its plenary lines) while
    the room stays where it is, as the console's `<` / `>` do; `look` alone
    follows the room again."""
    state = ctx.state
    room = state.current_exercise_id or ""
    target = find_exercise(state, words[0]) if words else room
    number, count = exercise_position(state, target)
    if target == room:
        return Outcome(lines=(ctx.tr("look_room", number=number, count=count, title=_title(ctx, target)),), look="")
    return Outcome(
        lines=(ctx.tr("look_other", number=number, count=count, title=_title(ctx, target), room=_title(ctx, room)),),
        look=target,
    )


def _grouped(ctx: Context, words: list[str], rest: str) -> Outcome:
    """The exercise's automatic groups as the appendix would print them;
    `accept N` makes one the facilitator's merge, `split N` keeps its notes apart."""
    from facilitator.export.model import automatic_groups

    found = [g for g in automatic_groups(ctx.state, ctx.language) if g.exercise_id == ctx.exercise_id]
    groups = group_labels(ctx.state, ctx.language)
    if not words:
        listing = [
            f"{n}. {one_line(g.lane_title)}: {one_line(g.text)} ({', '.join(groups.get(x, x) for x in g.group_ids)}; "
            + ctx.tr("wordings", count=len(g.variants) + 1) + ")"
            for n, g in enumerate(found, start=1)
        ]
        return Outcome(lines=tuple(listing) or (ctx.tr("no_grouped"),))
    if len(words) != 2 or words[0].lower() not in ("accept", "split"):
        raise _usage("grouped")
    number = _number(words[1])
    if number is None or not 1 <= number <= len(found):
        raise DomainError("unknown_group_line")
    chosen = found[number - 1]
    if words[0].lower() == "accept":
        command: cmd.AnyFacilitatorCommand = cmd.MergeNotes(note_id=chosen.note_ids[0], merged_ids=chosen.note_ids[1:])
        return Outcome((command,), (ctx.tr("grouped_accepted", number=number),))
    return Outcome((cmd.KeepNotesApart(chosen.note_ids),), (ctx.tr("grouped_split", number=number),))


def _owner(ctx: Context, words: list[str], rest: str) -> Outcome:
    """`owner LANE NAME`: a lane (a proposal) gets an owner; `owner LANE` alone gives it back."""
    if not words:
        raise _usage("owner")
    lane_id = find_lane(ctx.state, ctx.exercise_id, words[0], ctx.language)
    name = rest.strip().split(None, 1)[1] if len(words) > 1 else ""
    title = lane_titles(ctx.state, _exercise(ctx.state, ctx.exercise_id), ctx.language).get(lane_id, lane_id)
    line = ctx.tr("owner_set", lane=title, owner=name) if name else ctx.tr("owner_cleared", lane=title)
    return Outcome((cmd.AssignLaneOwner(ctx.exercise_id, lane_id, name),), (line,))


def _headcount(ctx: Context, words: list[str], rest: str) -> Outcome:
    """`headcount GROUP N`: how many people a group sharing a phone is; `off` counts its phones."""
    if len(words) != 2:
        raise _usage("headcount")
    group_id = find_group(ctx.state, words[0], ctx.language)
    label = group_labels(ctx.state, ctx.language)[group_id]
    if words[1].lower() in STOP_WORDS:
        return Outcome((cmd.SetGroupHeadcount(group_id, None),), (ctx.tr("headcount_cleared", group=label),))
    people = _number(words[1])
    if people is None:
        raise _usage("headcount")
    return Outcome((cmd.SetGroupHeadcount(group_id, people),), (ctx.tr("headcount_set", group=label, people=people),))


def _export(ctx: Context, words: list[str], rest: str) -> Outcome:
    return Outcome(export=tuple(words))


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("status", _status, has_args=False),
    CommandSpec("start", _start),
    CommandSpec("phase", _phase),
    CommandSpec("reveal", _reveal),
    CommandSpec("timer", _timer),
    CommandSpec("next", _step(+1), has_args=False),
    CommandSpec("previous", _step(-1), has_args=False),
    CommandSpec("look", _look),
    CommandSpec("notes", _notes),
    CommandSpec("highlight", _toggle("highlight", highlight, "highlighted")),
    CommandSpec("hide", _toggle("hide", hide, "hidden")),
    CommandSpec("merge", _merge),
    CommandSpec("move", _move),
    CommandSpec("edit", _edit),
    CommandSpec("add", _add),
    CommandSpec("plenum", _plenum),
    CommandSpec("followup", _followup),
    CommandSpec("grouped", _grouped),
    CommandSpec("owner", _owner),
    CommandSpec("headcount", _headcount),
    CommandSpec("people", _people, has_args=False),
    CommandSpec("regroup", _regroup),
    CommandSpec("export", _export),
    CommandSpec("help", _help, has_args=False),
)
BY_NAME = {spec.name: spec for spec in COMMANDS}


def usage(name: str, language: str) -> str:
    return BY_NAME[name].usage(language)


def help_text(language: str) -> str:
    """Every typed command with its arguments and what it does: the one help text."""
    lines = [tr(language, "help_title")]
    for spec in COMMANDS:
        shown = spec.usage(language)
        if len(shown) < HELP_COLUMN:
            lines.append(f"  {shown.ljust(HELP_COLUMN)}{spec.help(language)}")
        else:  # a long one on a line of its own, its help below
            lines += [f"  {shown}", f"  {'':{HELP_COLUMN}}{spec.help(language)}"]
    return "\n".join(lines)


def run_line(line: str, ctx: Context) -> Outcome:
    """What a typed line asks for. Raises `DomainError` (`unknown_command`,
    `usage`, or a code naming what was not found) and then nothing is done."""
    line = printable(line).replace("\n", " ").strip()
    if not line:
        return Outcome()
    name, _, rest = line.partition(" ")
    spec = BY_NAME.get(name.lower())
    if spec is None:
        raise DomainError("unknown_command", command=name)
    return spec.run(ctx, rest.split(), rest)
