"""What a typed line acts on (`Context`) and what it asks for (`Outcome`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from facilitator.actions.exercises import exercise_of
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.state import SessionState
from facilitator.texts import t


def tr(language: str, key: str, **params: object) -> str:
    return t(language, f"actions.{key}", **params)


@dataclass(frozen=True)
class Context:
    """What a typed line acts on: the state, the exercise in view (headless:
    the room's), the facilitator's language, the time, phones connected."""

    state: SessionState
    exercise_id: str
    language: str
    now: float = 0.0
    connected: int = 0
    # Present participants per address (the server's count, most first), for `addresses`.
    per_address: tuple[tuple[str, int], ...] = ()

    def tr(self, key: str, **params: object) -> str:
        return tr(self.language, key, **params)

    def tr_count(self, key: str, count: int, **params: object) -> str:
        """'1 note' / '3 noter': the `.one` or `.other` form of `key`."""
        return self.tr(f"{key}.one" if count == 1 else f"{key}.other", count=count, **params)


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


def usage_error(name: str) -> DomainError:
    return DomainError("usage", command=name)


def title_of(ctx: Context, exercise_id: str) -> str:
    return exercise_of(ctx.state, exercise_id).title.get(ctx.language)
