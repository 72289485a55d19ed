"""The facilitator's typed lines (`start`, `timer 1:30`, `highlight 12`, …) in headless mode.

What a line means is decided by `facilitator.actions` (the table the
console's command line uses too); here it is run: each command goes
through `LiveSession.execute`, the one write path, and the answer is a few
lines for the terminal. Nothing here is reachable from a phone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from facilitator import actions
from facilitator.config.models import LANGUAGES
from facilitator.core.errors import DomainError
from facilitator.journal import JournalError, JournalWriteError
from facilitator.runtime import LiveSession
from facilitator.texts import t


class Controls:
    def __init__(
        self,
        session: LiveSession,
        language: str,
        *,
        connected: Callable[[], int] = lambda: 0,
        per_address: Callable[[], dict[str, int]] = dict,
        export_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.session = session
        self.language = language
        self._connected = connected
        self._per_address = per_address
        self._clock = clock
        self.export_dir = export_dir or Path.cwd()
        self.looking_at: str | None = None  # `look`: another exercise than the room's

    def _t(self, key: str, **params: object) -> str:
        return t(self.language, f"headless.{key}", **params)

    def context(self) -> actions.Context:
        state = self.session.state
        exercise_id = self.looking_at or state.current_exercise_id
        assert exercise_id is not None  # a plan has at least one exercise
        per_address = tuple(self._per_address().items())
        return actions.Context(state, exercise_id, self.language, self._clock(), self._connected(), per_address)

    def run(self, line: str) -> list[str]:
        """Do what the line says; return what to tell the facilitator."""
        try:
            context = self.context()
            outcome = actions.run_line(line, context)
            for command in outcome.commands:
                self.session.execute(command, context.now)
        except DomainError as error:
            return [actions.error_text(error, self.language)]
        except JournalWriteError as error:
            return [self._t("not_stored", error=str(error))]
        if outcome.look is not None:
            self.looking_at = outcome.look or None
        if outcome.export is not None:
            return self._export(list(outcome.export))
        return list(outcome.lines)

    def _export(self, args: list[str]) -> list[str]:
        """`export [FORMATS] [da|en] [FOLDER]`: formats comma- or space-separated.

        Runs in the event loop: the appendix takes a second or two, well
        within the phones' keep-alive time, and an export mid-meeting is rare."""
        from facilitator.export import DEFAULT_FORMATS, FORMATS, ExportError, PartialExport, export_journal

        formats: list[str] = []
        language: str | None = None  # None: the plan's language
        out_dir = self.export_dir
        for arg in args:
            pieces = [piece for piece in arg.lower().split(",") if piece]
            if arg.lower() in LANGUAGES:
                language = arg.lower()
            elif pieces and all(piece in FORMATS for piece in pieces):
                formats.extend(pieces)
            else:
                out_dir = Path(arg).expanduser()
        try:
            written = export_journal(
                self.session.journal.path, out_dir, formats or DEFAULT_FORMATS, language, by_owner=False
            )
        except PartialExport as partial:
            listing = [f"  {path}" for path in partial.written]
            return [self._t("exported", count=len(partial.written)), *listing, self._t("export_failed", error=str(partial))]
        except (ExportError, JournalError, OSError) as error:
            return [self._t("export_failed", error=str(error))]
        return [self._t("exported", count=len(written))] + [f"  {path}" for path in written]
