"""The live session: the core's rules, the journal, and whoever listens.

This is the one write path. The server (for phones), the console and the
headless controls all call `LiveSession.execute`; it asks the core for the
events, commits them to the journal, applies them to the state and only
then tells the listeners. If the journal cannot store them, the state is
left as it was and the caller gets a `JournalWriteError`, so nothing is
acknowledged that is not on disk.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from facilitator.codes import new_session_code
from facilitator.config.models import ResolvedPlan
from facilitator.core.commands import Command, CreateSession
from facilitator.core.events import Event
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply
from facilitator.journal import Journal, JournalError

Listener = Callable[[list[Event]], None]


class LiveSession:
    def __init__(self, journal: Journal, state: SessionState, warnings: list[str] | None = None) -> None:
        self.journal = journal
        self.state = state
        self.warnings = warnings or []
        self._listeners: list[Listener] = []

    @classmethod
    def open(cls, path: str | Path, plan: ResolvedPlan | None = None, *, code: str | None = None) -> LiveSession:
        """Resume the session in `path`, or start it there from `plan`.

        An existing journal keeps its own plan and code (phones that joined
        before a restart must find the same meeting)."""
        opened = Journal.open(path)
        state = SessionState()
        for event in opened.events:
            apply(state, event)
        session = cls(opened.journal, state, opened.warnings)
        if state.plan is None:
            if plan is None:
                opened.journal.close()
                raise JournalError(f"{path}: the journal is empty and no plan was given to start it")
            session.execute(CreateSession(plan=plan, code=code or new_session_code()))
        return session

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def execute(self, command: Command, now: float | None = None) -> list[Event]:
        """Run `command`; return the events it committed (maybe none).

        Raises `DomainError` for a refused command, `JournalWriteError` when
        the events could not be stored; in both cases nothing changed."""
        events = handle(self.state, command, time.time() if now is None else now)
        if events:
            self.journal.append(events)
            for event in events:
                apply(self.state, event)
            for listener in list(self._listeners):
                listener(events)
        return events

    def close(self) -> None:
        self.journal.close()
