"""What each typed command does: one function per row of the command table."""

from __future__ import annotations

import time
from collections.abc import Callable

from facilitator.actions.build import (
    add_plenum_line,
    edit_note,
    edit_plenum_line,
    exercise_state_of,
    merge,
    move_note,
    move_participant,
    note_for_group,
    set_follow_up,
)
from facilitator.actions.context import Context, Outcome, Runner, title_of, usage_error
from facilitator.actions.exercises import PHASE_WORDS, exercise_of, exercise_position, step_exercise, step_phase
from facilitator.actions.labels import (
    clock_text,
    group_labels,
    lane_titles,
    note_number,
    participant_label,
    participant_numbers,
    remaining_seconds,
)
from facilitator.actions.naming import find_exercise, find_group, find_lane, find_note, find_participant, number_in
from facilitator.actions.timer import STOP_WORDS, parse_timer
from facilitator.core import commands as cmd
from facilitator.core.counting import lane_counts
from facilitator.core.errors import DomainError
from facilitator.core.state import FollowUp, Note
from facilitator.printable import one_line

NOTE_PREVIEW = 60  # characters of a note in a listing


def _status(ctx: Context, words: list[str], rest: str) -> Outcome:
    state = ctx.state
    ex_state = exercise_state_of(state, ctx.exercise_id)
    notes = sum(lane_counts(state, ctx.exercise_id).values())  # the one counting rule (core/counting.py)
    present = sum(1 for p in state.participants.values() if p.present)
    left = remaining_seconds(ex_state.timer_ends_at, ctx.now)
    timer = ctx.tr("timer_off") if left is None else ctx.tr("timer_left", clock=clock_text(left))
    number, count = exercise_position(state, ctx.exercise_id)
    return Outcome(lines=(
        ctx.tr("status_exercise", number=number, count=count, title=title_of(ctx, ctx.exercise_id), phase=ctx.tr(f"phase_{ex_state.phase}")),
        ctx.tr("status_people", participants=ctx.tr_count("status_participants", present), connected=ctx.connected,
               notes=ctx.tr_count("status_notes", notes),
               revealed=ctx.tr("yes" if ex_state.revealed else "no"), timer=timer),
        ctx.tr("status_code", code=state.code),
    ))


def _start(ctx: Context, words: list[str], rest: str) -> Outcome:
    exercise_id = find_exercise(ctx.state, words[0]) if words else ctx.exercise_id
    return Outcome((cmd.StartExercise(exercise_id),), (ctx.tr("started", title=title_of(ctx, exercise_id)),))


def _phase(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) != 1:
        raise usage_error("phase")
    word = words[0].lower()
    if word in ("next", "back"):
        command = step_phase(ctx.state, ctx.exercise_id, 1 if word == "next" else -1)
    elif word in PHASE_WORDS:
        command = cmd.SetPhase(ctx.exercise_id, PHASE_WORDS[word])
    else:
        raise usage_error("phase")
    title = title_of(ctx, ctx.exercise_id)
    return Outcome((command,), (ctx.tr("phase_set", title=title, phase=ctx.tr(f"phase_{command.phase}")),))


def _off(words: list[str]) -> bool:
    return bool(words) and words[-1].lower() in ("off", "no", "nej", "fra")


def _reveal(ctx: Context, words: list[str], rest: str) -> Outcome:
    revealed = not _off(words)
    title = title_of(ctx, ctx.exercise_id)
    return Outcome((cmd.Reveal(ctx.exercise_id, revealed),), (ctx.tr("revealed" if revealed else "unrevealed", title=title),))


def _timer(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) > 1:
        raise usage_error("timer")
    exercise = exercise_of(ctx.state, ctx.exercise_id)
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
        return Outcome((command,), (ctx.tr("moved", number=number, count=count, title=title_of(ctx, command.exercise_id)),))

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
    lanes = lane_titles(state, exercise_of(state, exercise_id), ctx.language)
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
            raise usage_error(name)
        note = find_note(ctx.state, words[0])
        on = None if len(words) == 1 else not _off(words)
        command = build(note, on)
        shown = getattr(command, "highlighted", getattr(command, "hidden", True))
        return Outcome((command,), (ctx.tr(f"{key}_on" if shown else f"{key}_off", number=note_number(note)),))

    return run


def _merge(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) < 2:
        raise usage_error("merge")
    keep, *others = (find_note(ctx.state, word) for word in words)
    return Outcome((merge(keep, others),), (ctx.tr_count("merged", len(others), number=note_number(keep)),))


def _move(ctx: Context, words: list[str], rest: str) -> Outcome:
    if len(words) < 2:
        raise usage_error("move")
    note = find_note(ctx.state, words[0])
    lane_word = rest.strip().split(None, 1)[1]
    lane_id = find_lane(ctx.state, note.exercise_id, lane_word, ctx.language)
    title = lane_titles(ctx.state, exercise_of(ctx.state, note.exercise_id), ctx.language)[lane_id]
    return Outcome((move_note(note, lane_id),), (ctx.tr("note_moved", number=note_number(note), lane=title),))


def _edit(ctx: Context, words: list[str], rest: str) -> Outcome:
    parts = rest.strip().split(None, 1)
    if len(parts) != 2:
        raise usage_error("edit")
    note = find_note(ctx.state, parts[0])
    return Outcome((edit_note(note, parts[1]),), (ctx.tr("note_edited", number=note_number(note)),))


def _add(ctx: Context, words: list[str], rest: str) -> Outcome:
    parts = rest.strip().split(None, 2)
    if len(parts) != 3:
        raise usage_error("add")
    group_id = find_group(ctx.state, parts[0], ctx.language)
    lane_id = find_lane(ctx.state, ctx.exercise_id, parts[1], ctx.language)
    command = note_for_group(ctx.state, ctx.exercise_id, group_id, lane_id, parts[2])
    group = group_labels(ctx.state, ctx.language)[group_id]
    return Outcome((command,), (ctx.tr("note_added", number=len(ctx.state.notes) + 1, group=group),))


def _numbered(items: list[str], word: str, code: str) -> str:
    number = number_in(word)
    if number is None or not 1 <= number <= len(items):
        raise DomainError(code)
    return items[number - 1]


def _plenum(ctx: Context, words: list[str], rest: str) -> Outcome:
    lines = exercise_state_of(ctx.state, ctx.exercise_id).plenum_lines
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
    raise usage_error("plenum")


def follow_up_line(ctx: Context, number: int, follow_up: FollowUp) -> str:
    """`1. Lav en kalender — Mette, 1. marts (Behov)`."""
    lanes = lane_titles(ctx.state, exercise_of(ctx.state, follow_up.exercise_id), ctx.language)
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
        raise usage_error("followup")
    what, who, due, lane = (fields + ["", "", ""])[:4]
    lane_id = find_lane(ctx.state, ctx.exercise_id, lane, ctx.language) if lane else None
    return what, who, due, lane_id


def _followup(ctx: Context, words: list[str], rest: str) -> Outcome:
    follow_ups = exercise_state_of(ctx.state, ctx.exercise_id).follow_ups
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
    raise usage_error("followup")


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
        raise usage_error("regroup")
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
        return Outcome(lines=(ctx.tr("look_room", number=number, count=count, title=title_of(ctx, target)),), look="")
    return Outcome(
        lines=(ctx.tr("look_other", number=number, count=count, title=title_of(ctx, target), room=title_of(ctx, room)),),
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
        raise usage_error("grouped")
    number = number_in(words[1])
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
        raise usage_error("owner")
    lane_id = find_lane(ctx.state, ctx.exercise_id, words[0], ctx.language)
    name = rest.strip().split(None, 1)[1] if len(words) > 1 else ""
    title = lane_titles(ctx.state, exercise_of(ctx.state, ctx.exercise_id), ctx.language).get(lane_id, lane_id)
    line = ctx.tr("owner_set", lane=title, owner=name) if name else ctx.tr("owner_cleared", lane=title)
    return Outcome((cmd.AssignLaneOwner(ctx.exercise_id, lane_id, name),), (line,))


def _headcount(ctx: Context, words: list[str], rest: str) -> Outcome:
    """`headcount GROUP N`: how many people a group sharing a phone is; `off` counts its phones."""
    if len(words) != 2:
        raise usage_error("headcount")
    group_id = find_group(ctx.state, words[0], ctx.language)
    label = group_labels(ctx.state, ctx.language)[group_id]
    if words[1].lower() in STOP_WORDS:
        return Outcome((cmd.SetGroupHeadcount(group_id, None),), (ctx.tr("headcount_cleared", group=label),))
    people = number_in(words[1])
    if people is None:
        raise usage_error("headcount")
    return Outcome((cmd.SetGroupHeadcount(group_id, people),), (ctx.tr("headcount_set", group=label, people=people),))


def _export(ctx: Context, words: list[str], rest: str) -> Outcome:
    return Outcome(export=tuple(words))
