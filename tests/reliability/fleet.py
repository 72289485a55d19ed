"""Real `facilitator run` processes and simulated phones, for the fault tests.

`ServerProcess` is the facilitator's own command (`facilitator run --headless
--host 127.0.0.1`) in a subprocess, which the tests kill, stop and start again
on the same journal. `SimPhone` follows the phone's rules from
docs/protocol.md, the same ones the phone page follows (client/app.js):
every note is kept until its `ack` arrives, and everything not acknowledged is
sent again, with the same `note_id`, after every `welcome` and after
`not_stored` / `paused` / `rate_limited`. A phone writes its next note as soon
as the previous one is acknowledged, so 50 phones keep the journal busy.

A plain module (not a conftest.py): tests/ has no packages; the test modules
import this by name.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from facilitator.core.events import Event
from facilitator.journal import read_events
from facilitator.resources import sample_plan

STAR = "netvaerksstjernen"
LANES = ("behov", "bidrag", "rammer", "form", "indhold")
UNITS = ("AKM", "AHR", "AIT", "Aqua", "Compute", "Wind")  # from the bundled sample plan
RETRY_LATER = frozenset(["not_stored", "paused", "rate_limited", "not_joined"])  # as client/app.js
START_TIMEOUT = 30.0  # a busy 2-core machine starts Python slowly


class ServerProcess:
    """`facilitator run --headless` on 127.0.0.1 with one journal, started
    as often as a test likes; its output is read all the time (a full pipe
    would stall the server) and kept for the test to look at."""

    def __init__(self, db: Path, *, cwd: Path) -> None:
        self.db = db
        self.cwd = cwd
        self.port = 0
        self.code = ""
        self.process: asyncio.subprocess.Process | None = None
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers: list[asyncio.Task[None]] = []
        self.starts = 0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def plan(self) -> Path:
        """The bundled sample plan, with the per-participant limits lifted and
        groups chosen by the phones: a simulated phone writes far faster than
        a person (the limits have their own tests, in tests/security)."""
        path = self.cwd / "fleet-plan.toml"
        lifted = "free_group_change = true\nnotes_per_minute = 600\nnotes_per_exercise = 2000\n"
        path.write_text(lifted + sample_plan().read_text(encoding="utf-8"), encoding="utf-8")
        return path

    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    async def spawn(self, *extra: str, port: int | None = None, preexec_fn: Callable[[], None] | None = None) -> None:
        """Start the process without waiting for it to listen."""
        assert not self.running
        args = [
            sys.executable, "-m", "facilitator", "run", "--headless", "--host", "127.0.0.1",
            "--port", str(self.port if port is None else port), "--db", str(self.db), "--lang", "en",
            "--joins-per-address", "100000",  # every simulated phone is 127.0.0.1
            *([] if self.db.exists() else [str(self.plan())]),
            *extra,
        ]
        self.out.clear()
        self.err.clear()
        self.process = await asyncio.create_subprocess_exec(
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=self.cwd,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=preexec_fn,
        )
        self.starts += 1
        self._readers = [
            asyncio.create_task(self._read(self.process.stdout, self.out)),
            asyncio.create_task(self._read(self.process.stderr, self.err)),
        ]

    @staticmethod
    async def _read(stream: asyncio.StreamReader | None, into: list[str]) -> None:
        assert stream is not None
        while raw := await stream.readline():
            into.append(raw.decode("utf-8", "replace").rstrip("\n"))

    async def start(self, *extra: str, preexec_fn: Callable[[], None] | None = None) -> None:
        """Start and wait until it listens; keep the port of the last run
        (phones come back to the same address), or take a free one if that
        port is taken meanwhile (the phones then learn the new address)."""
        await self.spawn(*extra, preexec_fn=preexec_fn)
        try:
            await self.wait_ready()
        except PortTaken:
            await self.wait_exit()
            await self.spawn(*extra, port=0, preexec_fn=preexec_fn)
            await self.wait_ready()

    async def wait_ready(self) -> None:
        async with asyncio.timeout(START_TIMEOUT):
            while True:
                for line in self.out:
                    if line.startswith("Join: "):
                        match = re.match(r"Join: http://127\.0\.0\.1:(\d+)/j/(\w+)$", line)
                        assert match, line
                        self.port, self.code = int(match.group(1)), match.group(2)
                if self.port and any(line.startswith("Ready.") for line in self.out):
                    return
                if self.process is not None and self.process.returncode is not None:
                    await self._drain()
                    if any("is taken" in line for line in self.err):
                        raise PortTaken()
                    raise AssertionError(f"the server ended before it was ready: {self.err}")
                await asyncio.sleep(0.02)

    async def _drain(self) -> None:
        async with asyncio.timeout(START_TIMEOUT):
            await asyncio.gather(*self._readers)

    async def kill(self) -> None:
        """SIGKILL: the process gets no chance to do anything more."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.wait_exit()
        assert self.process.returncode == -signal.SIGKILL

    async def terminate(self) -> int:
        """SIGTERM: the clean stop (phones told, journal closed). Returns the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await self.wait_exit()

    async def wait_exit(self) -> int:
        assert self.process is not None
        async with asyncio.timeout(START_TIMEOUT):
            code = await self.process.wait()
        await self._drain()
        # asyncio closes a finished process's transport only when it is garbage
        # collected, which may be after the test's loop is gone (a noisy warning).
        self.process._transport.close()  # type: ignore[attr-defined]
        return code

    def cleanup(self) -> None:
        """At teardown: never leave the process behind."""
        if self.running:
            assert self.process is not None
            self.process.kill()
            self.process._transport.close()  # type: ignore[attr-defined]  # see wait_exit


class PortTaken(Exception):
    pass


@dataclass
class PhoneStats:
    connections: int = 0
    drops: int = 0  # connections that ended without the phone closing them
    welcomes: int = 0
    resends: int = 0  # notes sent again after a reconnect or a retry-later error
    pauses: int = 0  # `paused` frames (the server stopping cleanly)
    errors: Counter[str] = field(default_factory=Counter)


class SimPhone:
    """One participant's phone: joins once, resumes with its secret after
    every lost connection, writes notes one after the other."""

    def __init__(self, index: int, fleet: Fleet, *, group_id: str) -> None:
        self.index = index
        self.fleet = fleet
        self.name = f"Telefon {index:02d}"
        self.unit = UNITS[index % len(UNITS)]
        self.group_id = group_id
        self.participant_id: str | None = None
        self.secret: str | None = None
        self.written: list[str] = []  # note ids in the order the phone wrote them
        self.texts: dict[str, str] = {}
        self.outbox: dict[str, dict[str, Any]] = {}  # not yet acknowledged, in writing order
        self.acked: dict[str, float] = {}
        self.first_sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.unexpected: list[dict[str, Any]] = []  # frames a phone following the rules should never get
        self.missing_after_welcome: list[str] = []  # acknowledged notes a welcome snapshot lacked
        self.stats = PhoneStats()
        self.ws: ClientConnection | None = None
        self.url: Callable[[], str] = fleet.server_url
        self.on_note_sent: Callable[[SimPhone, str], None] | None = None  # a test's hook (cut the Wi-Fi)
        self.reconnect_after: Callable[[], float] = lambda: random.uniform(0.05, 0.25)
        self._retry: dict[str, float] = {}
        self._last_written = 0.0
        self.finished = False

    # -- what the phone holds -------------------------------------------------------------
    def write_next(self) -> str:
        number = len(self.written)
        note_id = f"n-{self.index:02d}-{number:04d}"
        self.written.append(note_id)
        self.texts[note_id] = f"{self.name}, note {number}: sparring og netværk på tværs"
        self.outbox[note_id] = {
            "type": "note", "v": 1, "note_id": note_id, "exercise_id": STAR,
            "lane_id": LANES[number % len(LANES)], "text": self.texts[note_id],
        }
        return note_id

    def done(self) -> bool:
        return self.participant_id is not None and not self.fleet.writing and not self.outbox

    # -- the connection loop ------------------------------------------------------------
    async def run(self) -> None:
        while not self.done():
            try:
                ws = await connect(self.url(), open_timeout=5, ping_interval=None, close_timeout=1, max_size=2**23, compression=None)
            except (OSError, InvalidHandshake, TimeoutError):
                await asyncio.sleep(random.uniform(0.05, 0.25))
                continue
            self.stats.connections += 1
            self.ws = ws
            try:
                await self._talk(ws)
            except ConnectionClosed:
                self.stats.drops += 1
            except TimeoutError:
                self.stats.drops += 1  # no answer for too long: the phone gives up on this connection
            finally:
                self.ws = None
                if self.done():
                    await ws.close()
                else:
                    ws.transport.abort()
            if not self.done():
                await asyncio.sleep(self.reconnect_after())
        self.finished = True

    async def _send(self, ws: ClientConnection, frame: dict[str, Any]) -> None:
        await ws.send(json.dumps(frame))

    async def _send_note(self, ws: ClientConnection, note_id: str, *, again: bool) -> None:
        if again:
            self.stats.resends += 1
        self.first_sent.setdefault(note_id, time.monotonic())
        await self._send(ws, self.outbox[note_id])
        if self.on_note_sent is not None:
            self.on_note_sent(self, note_id)

    async def _talk(self, ws: ClientConnection) -> None:
        code = self.fleet.code()
        if self.secret is None:
            await self._send(ws, {"type": "join", "v": 1, "code": code, "lang": "da", "name": self.name,
                                  "unit": self.unit, "group_id": self.group_id})
        else:
            await self._send(ws, {"type": "resume", "v": 1, "code": code, "lang": "da",
                                  "participant_id": self.participant_id, "secret": self.secret})
        while True:
            frame = await self._recv(ws, 10.0)
            if frame["type"] == "welcome":
                break
            if frame["type"] != "error":
                continue  # `paused`: the server is stopping
            if frame["code"] not in RETRY_LATER:
                self.unexpected.append(frame)
                await asyncio.sleep(0.5)
            return  # try again on a new connection
        self.stats.welcomes += 1
        self.participant_id = frame["participant_id"]
        if frame.get("secret"):
            self.secret = frame["secret"]
        mine = {note["id"] for note in frame["snapshot"]["notes"] if note["mine"]}
        self.missing_after_welcome += [nid for nid in self.acked if nid not in mine]

        in_flight: set[str] = set()
        heard = time.monotonic()  # when the server last said anything
        for note_id in list(self.outbox):  # everything not acknowledged, in the order written
            await self._send_note(ws, note_id, again=True)
            in_flight.add(note_id)
        self._retry.clear()
        while True:
            now = time.monotonic()
            for note_id, at in list(self._retry.items()):
                if at <= now and note_id in self.outbox:
                    del self._retry[note_id]
                    await self._send_note(ws, note_id, again=True)
                    in_flight.add(note_id)
            while (
                self.fleet.writing
                and len(in_flight) < self.fleet.window
                and not self._retry
                and now - self._last_written >= self.fleet.pace
            ):
                note_id = self.write_next()
                self._last_written = now
                await self._send_note(ws, note_id, again=False)
                in_flight.add(note_id)
            if self.done():
                return
            try:
                next_note = self._last_written + self.fleet.pace - time.monotonic()
                free = self.fleet.writing and len(in_flight) < self.fleet.window and not self._retry
                frame = await self._recv(ws, max(0.001, next_note) if free else 0.2)
            except TimeoutError:
                if in_flight and time.monotonic() - heard > 30:
                    raise  # a server that stopped answering: reconnect
                continue
            heard = time.monotonic()
            self._handle(frame, in_flight)

    def _handle(self, frame: dict[str, Any], in_flight: set[str]) -> None:
        kind = frame["type"]
        if kind == "ack" and frame["request"] == "note":
            note_id = frame["note_id"]
            in_flight.discard(note_id)
            if frame["note"]["text"] != self.texts.get(note_id):
                self.unexpected.append(frame)
            if self.outbox.pop(note_id, None) is not None:
                self.acked[note_id] = time.monotonic()
                self.latencies.append(self.acked[note_id] - self.first_sent[note_id])
        elif kind == "error":
            self.stats.errors[frame["code"]] += 1
            note_id = frame.get("note_id")
            if frame["code"] in RETRY_LATER:
                # `rate_limited` names no note (the frame was dropped unread): every
                # note on its way may be the one, so all are sent again after a pause
                # long enough for the next drop to be reported too (as client/app.js)
                again = [note_id] if note_id is not None else list(in_flight)
                pause = 1.5 if frame["code"] == "rate_limited" else random.uniform(0.1, 0.3)
                for each in again:
                    if each in self.outbox:
                        in_flight.discard(each)
                        self._retry[each] = time.monotonic() + pause
            else:
                self.unexpected.append(frame)
        elif kind == "paused":
            self.stats.pauses += 1

    async def _recv(self, ws: ClientConnection, timeout: float) -> dict[str, Any]:
        async with asyncio.timeout(timeout):
            return json.loads(await ws.recv())


class Fleet:
    """Many phones against one server (whose address may change)."""

    def __init__(self, server: ServerProcess, count: int, *, groups: int = 5, window: int = 1, pace: float = 1 / 15) -> None:
        self.server = server
        self.window = window
        # At most one new note per `pace` seconds per phone: as fast as the acks
        # come, but under the protocol's 20 messages a second (a phone over it is
        # rate-limited, which is a test of its own in tests/server).
        self.pace = pace
        self.writing = True
        self.phones = [SimPhone(i, self, group_id=f"g{i % groups + 1}") for i in range(count)]
        self._tasks: list[asyncio.Task[None]] = []

    def server_url(self) -> str:
        return self.server.ws_url()

    def code(self) -> str:
        return self.server.code

    def start(self) -> None:
        self.writing = True
        self._tasks = [asyncio.create_task(phone.run()) for phone in self.phones]

    async def write(self, acks: int, timeout: float = 60.0) -> None:
        """(Start the phones if they are not running, and) wait for `acks` more acknowledgements."""
        if not self._tasks or all(task.done() for task in self._tasks):
            self.start()
        target = self.ack_count() + acks
        await self.until(lambda: self.ack_count() >= target, f"{acks} more acks", timeout)

    def acked(self) -> set[str]:
        return {note_id for phone in self.phones for note_id in phone.acked}

    def unacked(self) -> set[str]:
        return {note_id for phone in self.phones for note_id in phone.outbox}

    def ack_count(self) -> int:
        return sum(len(phone.acked) for phone in self.phones)

    def welcome_count(self) -> int:
        return sum(phone.stats.welcomes for phone in self.phones)

    async def until(self, condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
        async with asyncio.timeout(timeout):
            while not condition():
                self.raise_if_a_phone_failed()
                await asyncio.sleep(0.005)

    def raise_if_a_phone_failed(self) -> None:
        for task in self._tasks:
            if task.done() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]

    async def finish(self, timeout: float = 60.0) -> None:
        """Stop writing; every phone sends what it still holds, then closes."""
        self.writing = False
        async with asyncio.timeout(timeout):
            await asyncio.gather(*self._tasks)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for phone in self.phones:
            if phone.ws is not None:
                phone.ws.transport.abort()


def journal_notes(db: Path) -> tuple[list[Event], Counter[str], list[str]]:
    """The journal as the export reads it: its events, how often each note id
    was stored, and the read warnings (damage)."""
    events, warnings = read_events(db)
    counts = Counter(event.note_id for event in events if event.type == "note_added")  # type: ignore[attr-defined]
    return events, counts, warnings
