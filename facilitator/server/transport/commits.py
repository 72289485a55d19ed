"""Group commit for the phones: what arrives together is stored together.

Every phone's command still goes through the one write path, but a commit
costs a disk flush (about 2 ms with `synchronous=FULL`), so a journal commit
per note stops a room at a few hundred notes a second. Here a command waits
until the end of the current turn of the event loop, and every command that
arrived in that turn goes to `LiveSession.commit_in_background`: one
transaction, then each one's answer. The commit's flush runs on the
journal's own thread, so the event loop reads, answers and pushes for the
other phones meanwhile; what arrives during a commit waits for it and goes
into the next one (so the busier the room, the more a commit carries). A
phone is answered only after its command is on disk, as before; under
light load a commit holds one command, so nothing waits longer than it did. A phone's own messages stay in order because its
connection reads its next message only after the answer to this one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from facilitator.core.commands import Command
from facilitator.core.events import Event
from facilitator.runtime import LiveSession, Outcome

log = logging.getLogger("facilitator.server")

MAX_BATCH = 256  # commands per transaction; more wait for the next turn, so one turn stays short


@dataclass
class _Waiting:
    command: Command
    origin: object
    answer: asyncio.Future[list[Event]]


class GroupCommit:
    def __init__(self, session: LiveSession, max_batch: int = MAX_BATCH) -> None:
        self.session = session
        self.max_batch = max_batch
        self._waiting: list[_Waiting] = []
        self._scheduled = False
        self._settled: list[asyncio.Future[None]] = []  # `settled()` callers waiting for the commit under way

    async def execute(self, command: Command, origin: object = None) -> list[Event]:
        """Like `LiveSession.execute`, sharing the commit with whatever else
        arrived meanwhile: returns the events once they are on disk, or
        raises what refused the command (`DomainError`, `JournalWriteError`)."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[list[Event]] = loop.create_future()
        self._waiting.append(_Waiting(command, origin, answer))
        self._schedule(loop)
        return await answer

    async def settled(self) -> None:
        """Return once no commit is under way: the state is then what the
        journal holds (a resuming phone's snapshot shows nothing that might
        still fail to be stored)."""
        if not self.session.committing:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._settled.append(waiter)
        await waiter

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self._scheduled and self._waiting and not self.session.committing:
            self._scheduled = True
            loop.call_soon(self._commit)

    def _commit(self) -> None:
        self._scheduled = False
        if self.session.committing:
            return  # `_done` of the commit under way schedules the next one
        batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
        batch = [waiting for waiting in batch if not waiting.answer.done()]  # a phone gone meanwhile asked for nothing
        loop = asyncio.get_running_loop()
        if not batch:
            self._schedule(loop)
            return

        def done(outcomes: list[Outcome]) -> None:
            if loop.is_closed():
                return  # settled by `LiveSession.close` after the server's loop ended: nobody waits any more
            for waiting, outcome in zip(batch, outcomes, strict=True):
                if waiting.answer.done():
                    continue
                if isinstance(outcome, Exception):
                    waiting.answer.set_exception(outcome)
                else:
                    waiting.answer.set_result(outcome)
            # the answered phones' tasks and the `settled()` waiters run
            # before the next batch is handled (call_soon keeps the order)
            settled, self._settled = self._settled, []
            for waiter in settled:
                if not waiter.done():
                    waiter.set_result(None)
            self._schedule(loop)

        try:
            self.session.commit_in_background([(w.command, w.origin) for w in batch], done, loop.call_soon_threadsafe)
        except Exception as error:  # pragma: no cover - commit_in_background answers per command; this is a bug
            log.exception("a group commit failed")
            done([error] * len(batch))
