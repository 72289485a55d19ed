"""The one table of typed commands, the one help text, and how a line is run."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator import texts
from facilitator.actions.build import hide, highlight
from facilitator.actions.context import Context, Outcome, Runner, tr
from facilitator.actions.focus import _focus
from facilitator.actions.guards import guard_problem
from facilitator.actions.moderation import _proposal, _undo
from facilitator.actions.results import _results
from facilitator.actions.room import _addresses, _lock, _remove, _unlock
from facilitator.actions.runners import (
    _add,
    _edit,
    _export,
    _followup,
    _grouped,
    _headcount,
    _look,
    _merge,
    _move,
    _notes,
    _owner,
    _people,
    _phase,
    _plenum,
    _regroup,
    _reveal,
    _start,
    _status,
    _step,
    _timer,
    _toggle,
)
from facilitator.core.errors import DomainError
from facilitator.printable import printable
from facilitator.texts import t

GUARDED_COMMANDS = frozenset({"start", "phase", "next", "previous"})  # what `guard_problem` may ask about
HELP_COLUMN = 28  # where the help text's descriptions start


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


def _help(ctx: Context, words: list[str], rest: str) -> Outcome:
    return Outcome(lines=tuple(help_text(ctx.language).splitlines()))


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
    CommandSpec("results", _results),
    CommandSpec("highlight", _toggle("highlight", highlight, "highlighted")),
    CommandSpec("hide", _toggle("hide", hide, "hidden")),
    CommandSpec("merge", _merge),
    CommandSpec("move", _move),
    CommandSpec("undo", _undo, has_args=False),
    CommandSpec("proposal", _proposal),
    CommandSpec("edit", _edit),
    CommandSpec("add", _add),
    CommandSpec("focus", _focus),
    CommandSpec("plenum", _plenum),
    CommandSpec("followup", _followup),
    CommandSpec("grouped", _grouped),
    CommandSpec("owner", _owner),
    CommandSpec("headcount", _headcount),
    CommandSpec("people", _people, has_args=False),
    CommandSpec("regroup", _regroup),
    CommandSpec("addresses", _addresses, has_args=False),
    CommandSpec("lock", _lock, has_args=False),
    CommandSpec("unlock", _unlock, has_args=False),
    CommandSpec("remove", _remove),
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
    typed = line
    # Only the room's moves read a trailing `!`: a plenary line or note may end in one, the timer reads its own.
    confirmed = line.endswith("!") and line.partition(" ")[0].rstrip("!").lower() in GUARDED_COMMANDS
    if confirmed:
        line = line[:-1].rstrip()
    name, _, rest = line.partition(" ")
    spec = BY_NAME.get(name.lower())
    if spec is None:
        raise DomainError("unknown_command", command=name)
    outcome = spec.run(ctx, rest.split(), rest)
    if not confirmed:
        for command in outcome.commands:
            problem = guard_problem(ctx.state, command, ctx.connected)
            if problem is not None:
                raise DomainError(problem.code, **problem.params, again=f"{typed}!")
    return outcome


def error_text(error: DomainError, language: str) -> str:
    """A refusal in the facilitator's language: the one place both UIs render one."""
    if error.code == "usage":
        return t(language, "error.usage", usage=usage(str(error.params["command"]), language))
    return texts.error_text(language, error.code, error.params)
