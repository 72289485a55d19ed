"""The live session: the core's rules, the journal, and whoever listens.

This is the one write path. The server (for phones), the console and the
headless controls all call `LiveSession.execute`; it asks the core for the
events, commits them to the journal, applies them to the state and only
then tells the listeners. If the journal cannot store them, the state is
left as it was and the caller gets a `JournalWriteError`, so nothing is
acknowledged that is not on disk.
"""

from __future__ import annotations

import contextvars
import logging
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.codes import new_session_code
from facilitator.config.models import ResolvedPlan
from facilitator.core.commands import Command, CreateSession
from facilitator.core.events import Event
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply, replay
from facilitator.journal import Journal, JournalError, JournalWriteError, read_events

log = logging.getLogger("facilitator.runtime")

SWITCH_INTERVAL = 0.0005  # seconds a thread waits for the interpreter before asking for it (Python's default: 0.005)

# A listener is told the committed events and who asked for them: opaque
# here (the server passes the phone's connection, so its pushes can skip the
# phone that gets the ack instead); None for the facilitator's commands.
Listener = Callable[[list[Event], object], None]
Outcome = list[Event] | Exception  # what one command of `execute_many` came to


@dataclass
class _Prepared:
    """A batch handled against the state, not yet committed."""

    outcomes: list[Outcome] = field(default_factory=list)
    accepted: list[tuple[list[Event], object]] = field(default_factory=list)  # events and origin, per accepted command
    unapplied: list[Event] = field(default_factory=list)  # the last accepted command's: applied after the commit
    applied_some: bool = False  # the state holds some of the batch's events already

    @property
    def stored(self) -> list[Event]:
        return [event for events, _ in self.accepted for event in events]


@dataclass
class _InFlight:
    """A batch whose commit runs on the journal's thread."""

    future: Future[None]
    prepared: _Prepared
    done: Callable[[list[Outcome]], None]


class LiveSession:
    def __init__(self, journal: Journal, state: SessionState, warnings: list[str] | None = None) -> None:
        self.journal = journal
        self.state = state
        self.warnings = warnings or []
        self._listeners: list[Listener] = []
        self._writer: ThreadPoolExecutor | None = None  # the journal's thread, for `commit_in_background`
        self._in_flight: _InFlight | None = None

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
        self.finish_commit()  # a phones' commit under way goes first: the journal keeps apply's order
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
        self.finish_commit()
        prepared = self._prepare(requests)
        error = None
        if prepared.stored:
            try:
                self.journal.append(prepared.stored)
            except JournalWriteError as failed:
                error = failed
        return self._settle(prepared, error)

    def _prepare(self, requests: Sequence[tuple[Command, object]]) -> _Prepared:
        """Handle each command against the state the ones before it left: the
        events of all but the last accepted command are applied (the next
        one must see them); the last one's wait for the commit, so a batch
        of one leaves the state as the disk has it until then."""
        prepared = _Prepared()
        for command, origin in requests:
            if prepared.unapplied:
                for event in prepared.unapplied:
                    apply(self.state, event)
                prepared.unapplied, prepared.applied_some = [], True
            try:
                events = handle(self.state, command, time.time())
            except Exception as error:  # noqa: BLE001 - refused (DomainError), or a bug: this one changed nothing
                prepared.outcomes.append(error)
                continue
            prepared.outcomes.append(events)
            if events:
                prepared.accepted.append((events, origin))
                prepared.unapplied = events
        return prepared

    def _settle(self, prepared: _Prepared, error: JournalWriteError | None) -> list[Outcome]:
        """After the commit: apply the rest and tell the listeners; or, if it
        failed, put the state back to what the journal holds."""
        if error is not None:
            if prepared.applied_some:
                self._reload()  # the state holds events the disk does not
            return [outcome if isinstance(outcome, Exception) else error for outcome in prepared.outcomes]
        for event in prepared.unapplied:
            apply(self.state, event)
        for events, origin in prepared.accepted:
            self._tell(events, origin)
        return prepared.outcomes

    # -- committing off the event loop ------------------------------------------------------
    def commit_in_background(
        self,
        requests: Sequence[tuple[Command, object]],
        done: Callable[[list[Outcome]], None],
        call_soon_threadsafe: Callable[[Callable[[], None]], object],
    ) -> None:
        """`execute_many`, with the journal's commit (its disk flush) on the
        journal's own thread, so the event loop serves the other phones
        meanwhile. The commands are handled now (all but the last one's
        events applied, as in `execute_many`); once the commit is on disk
        the rest is applied, the listeners are told, in order, and then `done(outcomes)`
        is called, on the event loop (`call_soon_threadsafe` is the loop's).
        If the commit fails, the state is reloaded from the journal, nobody is
        told anything and every accepted command's outcome is the
        `JournalWriteError`: the same promise as `execute_many`.

        One commit at a time: a caller waits for `committing` to be False
        (its `done`) before it sends the next batch; `execute` and
        `execute_many` (the facilitator's commands) first wait for the one
        under way, so the journal's order is always the order of `apply`."""
        self.finish_commit()
        prepared = self._prepare(requests)
        if not prepared.stored:
            done(prepared.outcomes)
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
            # After its flush the journal's thread needs the interpreter back
            # for a moment; with the loop busy it would wait up to 5 ms (the
            # default switch interval) each time, three times a commit.
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        future = self._writer.submit(self.journal.append_rows, self.journal.rows(prepared.stored))
        self._in_flight = _InFlight(future, prepared, done)
        # The listeners run in the caller's context, not the journal thread's
        # (the console's Textual app is found through a context variable).
        context = contextvars.copy_context()

        # The callback names the commit by its future, which it is handed:
        # holding `flight` (which holds the future) would make a reference
        # cycle of every commit, its events and its phones' answers, which
        # only a garbage collection frees (and the pacer's freeze keeps).
        def committed(finished: Future[None]) -> None:  # on the journal's thread
            try:
                call_soon_threadsafe(lambda: context.run(self._finish, finished))
            except RuntimeError:
                pass  # the loop is closed: whoever closes the session settles it (`close`)

        future.add_done_callback(committed)

    def _finish(self, future: Future[None]) -> None:
        """On the loop once the commit of `future` is done: settle it,
        unless a facilitator's command settled it already."""
        if self._in_flight is not None and self._in_flight.future is future:
            self.finish_commit()

    @property
    def committing(self) -> bool:
        """Whether a background commit is under way (its events are applied, not yet on disk)."""
        return self._in_flight is not None

    def finish_commit(self) -> None:
        """Wait for the background commit under way, if any (on a fast disk a
        millisecond or two), then tell the listeners and its caller."""
        flight = self._in_flight
        if flight is None:
            return
        self._in_flight = None
        error = flight.future.exception()  # waits
        if error is not None and not isinstance(error, JournalWriteError):  # pragma: no cover - append raises only that
            log.error("the journal's commit failed: %r", error)
            error = JournalWriteError(f"{self.journal.path}: could not store the last change ({error})")
        outcomes = self._settle(flight.prepared, error)
        flight.done(outcomes)

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
        self.finish_commit()
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None
        self.journal.close()
