"""Group commit for the phones: what arrives together is stored together.

Every phone's command still goes through the one write path, but a commit
costs a disk flush (about 2 ms with `synchronous=FULL`), so a journal commit
per note stops a room at a few hundred notes a second. Here a command waits
until the end of the current turn of the event loop, and every command that
arrived in that turn goes to `LiveSession.execute_many`: one transaction,
then each one's answer. A phone is answered only after its command is on
disk, as before; under light load a turn holds one command, so nothing
waits longer than it did. A phone's own messages stay in order because its
connection reads its next message only after the answer to this one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from facilitator.core.commands import Command
from facilitator.core.events import Event
from facilitator.runtime import LiveSession

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

    async def execute(self, command: Command, origin: object = None) -> list[Event]:
        """Like `LiveSession.execute`, sharing the commit with whatever else
        arrived in this turn: returns the events once they are on disk, or
        raises what refused the command (`DomainError`, `JournalWriteError`)."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[list[Event]] = loop.create_future()
        self._waiting.append(_Waiting(command, origin, answer))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._commit)
        return await answer

    def _commit(self) -> None:
        batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
        self._scheduled = bool(self._waiting)
        if self._scheduled:
            asyncio.get_running_loop().call_soon(self._commit)
        batch = [waiting for waiting in batch if not waiting.answer.done()]  # a phone gone meanwhile asked for nothing
        if not batch:
            return
        try:
            outcomes = self.session.execute_many([(waiting.command, waiting.origin) for waiting in batch])
        except Exception as error:  # pragma: no cover - execute_many answers per command; this is a bug
            log.exception("a group commit failed")
            outcomes = [error] * len(batch)
        for waiting, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                waiting.answer.set_exception(outcome)
            else:
                waiting.answer.set_result(outcome)
