"""The live session: the core's rules, the journal, and whoever listens.

This is the one write path. The server (for phones), the console and the
headless controls all call `LiveSession.execute`; it asks the core for the
events, commits them to the journal, applies them to the state and only
then tells the listeners. If the journal cannot store them, the state is
left as it was and the caller gets a `JournalWriteError`, so nothing is
acknowledged that is not on disk.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from facilitator.codes import new_session_code
from facilitator.config.models import ResolvedPlan
from facilitator.core.commands import Command, CreateSession
from facilitator.core.events import Event
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply, replay
from facilitator.journal import Journal, JournalError, JournalWriteError, read_events

log = logging.getLogger("facilitator.runtime")

# A listener is told the committed events and who asked for them: opaque
# here (the server passes the phone's connection, so its pushes can skip the
# phone that gets the ack instead); None for the facilitator's commands.
Listener = Callable[[list[Event], object], None]
Outcome = list[Event] | Exception  # what one command of `execute_many` came to


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

    def execute(self, command: Command, now: float | None = None, *, origin: object = None) -> list[Event]:
        """Run `command`; return the events it committed (maybe none).

        Raises `DomainError` for a refused command, `JournalWriteError` when
        the events could not be stored; in both cases nothing changed."""
        events = handle(self.state, command, time.time() if now is None else now)
        if events:
            self.journal.append(events)
            for event in events:
                apply(self.state, event)
            self._tell(events, origin)
        return events

    def execute_many(self, requests: Sequence[tuple[Command, object]]) -> list[Outcome]:
        """Run several commands (each with its origin) with **one** journal
        commit: a group commit. A commit costs a disk flush (about 2 ms), so
        one per note caps a room at a few hundred notes a second; notes that
        arrive together share it instead.

        Each command is handled against the state the ones before it left,
        exactly as if executed one by one, and its outcome is its events or
        the exception that refused it (a refused one changes nothing and
        does not hold up the rest). The events of all the others are
        committed in one transaction, and only then are the listeners told,
        command by command, in order. If the commit fails, every command that
        was not refused gets the `JournalWriteError`, nobody is told anything,
        and the state is again what the journal holds: as before the batch.
        """
        outcomes: list[Outcome] = []
        accepted: list[tuple[list[Event], object]] = []
        unapplied: list[Event] = []  # the last accepted command's events: applied when the next one must see them
        applied_some = False
        for command, origin in requests:
            if unapplied:
                for event in unapplied:
                    apply(self.state, event)
                unapplied, applied_some = [], True
            try:
                events = handle(self.state, command, time.time())
            except Exception as error:  # noqa: BLE001 - refused (DomainError), or a bug: this one changed nothing
                outcomes.append(error)
                continue
            outcomes.append(events)
            if events:
                accepted.append((events, origin))
                unapplied = events
        stored = [event for events, _ in accepted for event in events]
        if stored:
            try:
                self.journal.append(stored)
            except JournalWriteError as error:
                if applied_some:
                    self._reload()  # the state holds events the disk does not
                return [outcome if isinstance(outcome, Exception) else error for outcome in outcomes]
        for event in unapplied:
            apply(self.state, event)
        for events, origin in accepted:
            self._tell(events, origin)
        return outcomes

    def _tell(self, events: list[Event], origin: object) -> None:
        """Tell every listener, whatever one of them does: the events are on
        disk, so the commands that made them are done."""
        for listener in list(self._listeners):
            try:
                listener(events, origin)
            except Exception:  # pragma: no cover - a listener's bug must not cost the others their answers
                log.exception("a listener failed on %s", [event.type for event in events])

    def _reload(self) -> None:
        """Rebuild the state from the journal, as a restart would, after a
        group commit failed with some of its events already applied. If the
        journal cannot even be read, the session stops taking changes: a
        restart replays what is on disk."""
        try:
            events, _ = read_events(self.journal.path)
        except JournalError:
            self.journal.close()  # every later change is refused: nothing more is acknowledged
            log.error("%s: could neither store nor read back the journal; restart the session", self.journal.path)
            return
        vars(self.state).update(vars(replay(events)))  # the same object: whoever holds `state` sees it

    def close(self) -> None:
        self.journal.close()
