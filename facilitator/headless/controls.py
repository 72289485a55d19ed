"""The facilitator's text commands (`start`, `phase voting`, `reveal`, `timer 10`, ...).

Shared by the headless mode (standard input) and the console (its command
line), so both run a meeting the same way: each command becomes a core
`FacilitatorCommand` and goes through `LiveSession.execute`, the one write
path. Nothing here is reachable from a phone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from facilitator.config.models import LANGUAGES
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.state import SessionState
from facilitator.journal import JournalError, JournalWriteError
from facilitator.runtime import LiveSession
from facilitator.texts import error_text, t

PHASES = ("writing", "voting", "closed")


class Controls:
    def __init__(
        self,
        session: LiveSession,
        language: str,
        *,
        connected: Callable[[], int] = lambda: 0,
        export_dir: Path | None = None,
    ) -> None:
        self.session = session
        self.language = language
        self._connected = connected
        self.export_dir = export_dir or Path.cwd()

    def _t(self, key: str, **params: object) -> str:
        return t(self.language, f"server.controls.{key}", **params)

    @property
    def state(self) -> SessionState:
        return self.session.state

    def run(self, line: str) -> list[str]:
        """Do what the line says; return what to tell the facilitator."""
        words = line.split()
        if not words:
            return []
        name, args = words[0].lower(), words[1:]
        action = {
            "help": self._help,
            "status": self._status,
            "start": self._start,
            "phase": self._phase,
            "reveal": self._reveal,
            "timer": self._timer,
            "next": lambda a: self._step(a, +1),
            "previous": lambda a: self._step(a, -1),
            "export": self._export,
        }.get(name)
        if action is None:
            return [self._t("unknown", command=name)]
        try:
            return action(args)
        except DomainError as error:
            return [error_text(self.language, error.code, error.params)]
        except JournalWriteError as error:
            return [self._t("not_stored", error=str(error))]

    def _execute(self, command: cmd.AnyFacilitatorCommand) -> bool:
        """True if something changed."""
        return bool(self.session.execute(command))

    def _current(self) -> str:
        exercise_id = self.state.current_exercise_id
        if exercise_id is None:
            raise DomainError("unknown_exercise")
        return exercise_id

    def _title(self, exercise_id: str) -> str:
        exercise = self.state.exercise(exercise_id)
        return exercise.title.get(self.language) if exercise else exercise_id

    # -- commands ---------------------------------------------------------------------
    def _help(self, args: list[str]) -> list[str]:
        return self._t("help").splitlines()

    def _status(self, args: list[str]) -> list[str]:
        state = self.state
        exercise_id = self._current()
        ex_state = state.exercises[exercise_id]
        notes = [n for n in state.notes_of(exercise_id) if n.live and not n.hidden]
        present = sum(1 for participant in state.participants.values() if participant.present)
        if ex_state.timer_ends_at is None:
            timer = self._t("timer_off")
        else:
            left = max(0, int(ex_state.timer_ends_at - time.time()))
            timer = self._t("timer_left", minutes=left // 60, seconds=f"{left % 60:02d}")
        position = [ex.id for ex in state.plan.exercises].index(exercise_id) + 1  # type: ignore[union-attr]
        return [
            self._t(
                "status_exercise",
                number=position,
                count=len(state.exercises),
                title=self._title(exercise_id),
                phase=self._t(f"phase_{ex_state.phase}"),
            ),
            self._t(
                "status_people",
                participants=present,
                connected=self._connected(),
                notes=len(notes),
                revealed=self._t("yes" if ex_state.revealed else "no"),
                timer=timer,
            ),
            self._t("status_code", code=state.code),
        ]

    def _start(self, args: list[str]) -> list[str]:
        exercise_id = args[0] if args else self._current()
        if self.state.exercise(exercise_id) is None:
            raise DomainError("unknown_exercise")
        self._execute(cmd.StartExercise(exercise_id))
        return [self._t("started", title=self._title(exercise_id))]

    def _phase(self, args: list[str]) -> list[str]:
        if len(args) != 1 or args[0].lower() not in PHASES:
            return [self._t("phase_usage")]
        exercise_id = self._current()
        phase = args[0].lower()
        self._execute(cmd.SetPhase(exercise_id, phase))  # type: ignore[arg-type]
        return [self._t("phase_set", title=self._title(exercise_id), phase=self._t(f"phase_{phase}"))]

    def _reveal(self, args: list[str]) -> list[str]:
        revealed = not (args and args[0].lower() in ("off", "no", "nej", "fra"))
        exercise_id = self._current()
        self._execute(cmd.Reveal(exercise_id, revealed))
        return [self._t("revealed" if revealed else "unrevealed", title=self._title(exercise_id))]

    def _timer(self, args: list[str]) -> list[str]:
        if len(args) != 1:
            return [self._t("timer_usage")]
        exercise_id = self._current()
        arg = args[0].lower().replace(",", ".")
        if arg in ("stop", "off"):
            self._execute(cmd.SetTimer(exercise_id, None))
            return [self._t("timer_stopped")]
        extend = arg.startswith("+")
        try:
            minutes = float(arg[1:] if extend else arg)
        except ValueError:
            return [self._t("timer_usage")]
        if not minutes > 0:
            return [self._t("timer_usage")]
        if extend:
            self._execute(cmd.ExtendTimer(exercise_id, minutes * 60))
        else:
            self._execute(cmd.SetTimer(exercise_id, minutes * 60))
        ends_at = self.state.exercises[exercise_id].timer_ends_at or time.time()
        return [self._t("timer_set", at=time.strftime("%H:%M:%S", time.localtime(ends_at)))]

    def _step(self, args: list[str], step: int) -> list[str]:
        ids = [exercise.id for exercise in self.state.plan.exercises]  # type: ignore[union-attr]
        index = ids.index(self._current()) + step
        if not 0 <= index < len(ids):
            return [self._t("no_next" if step > 0 else "no_previous")]
        self._execute(cmd.SetCurrentExercise(ids[index]))
        return [self._t("moved", number=index + 1, count=len(ids), title=self._title(ids[index]))]

    def _export(self, args: list[str]) -> list[str]:
        """`export [FORMATS] [da|en] [FOLDER]`: formats comma- or space-separated.

        Runs in the event loop: the appendix takes a second or two, well
        within the phones' keep-alive time, and an export mid-meeting is rare."""
        try:
            from facilitator.export import DEFAULT_FORMATS, FORMATS, ExportError, export_journal
        except ImportError:
            return [self._t("export_unavailable")]
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
        except (ExportError, JournalError, OSError) as error:
            return [self._t("export_failed", error=str(error))]
        return [self._t("exported", count=len(written))] + [f"  {path}" for path in written]
