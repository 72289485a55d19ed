"""One simulated phone: a real WebSocket client speaking protocol v1.

It does what the phone page does, minus the screen: joins, keeps its
participant id and secret, writes notes with ids of its own, reads every
frame the server pushes (a phone that stops reading gets dropped), and after
a lost connection comes back with `resume` and sends again every note that
has no `ack` yet, under the same id. Like the page, it keeps the highest
`rev` the server stamped on a frame and sends it as `since` on `resume`, so
the server answers with only the notes changed since (issue 18; a server
from before that ignores `since` and sends no `rev`).
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import InvalidHandshake

from bench import clock
from bench.wire import Wire

UNITS = ("AKM", "AHR", "AIT", "AUS", "Aqua", "Compute", "Energi", "Wind")
NAMES = ("Mette", "Anders", "Tina", "Line", "Michel", "Anne", "Søren", "Åse", "Jørgen", "Bodil", "Ærenpris")
OPEN_TIMEOUT = 30.0
RECONNECT_PAUSE = 0.5


@dataclass
class PhaseStats:
    """What the phones of one process saw during one phase of the benchmark."""

    sent: int = 0
    acked: int = 0
    pushes: int = 0
    ack_latency: list[float] = field(default_factory=list)
    group_latency: list[float] = field(default_factory=list)
    sent_by_group: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "acked": self.acked,
            "pushes": self.pushes,
            "ack_latency": [round(v, 6) for v in self.ack_latency],
            "group_latency": [round(v, 6) for v in self.group_latency],
            "sent_by_group": dict(self.sent_by_group),
            "errors": dict(self.errors),
        }


class Stats:
    """Every phase's figures, filed by the phase named in each note id."""

    def __init__(self) -> None:
        self.phases: dict[str, PhaseStats] = {}
        self.other_errors: Counter[str] = Counter()

    def phase(self, name: str) -> PhaseStats:
        stats = self.phases.get(name)
        if stats is None:
            stats = self.phases[name] = PhaseStats()
        return stats


class Phone:
    def __init__(self, number: int, url: str, code: str, stats: Stats, rng: random.Random) -> None:
        self.number = number
        self.url = url
        self.code = code
        self.stats = stats
        self.rng = rng
        self.wire: Wire | None = None
        self.participant_id: str | None = None
        self.secret: str | None = None
        self.group_id = ""
        self.exercise_id = ""
        self.lanes: list[str] = []
        self.pending: dict[str, tuple[float, str]] = {}  # note id -> (sent at, frame), until its ack
        self.written = 0
        self.reconnects = 0
        self.closing = False
        self.rev: int | None = None  # the highest `rev` received: `since` on resume
        self._welcome: asyncio.Future[dict[str, Any]] | None = None

    @property
    def connected(self) -> bool:
        return self.wire is not None

    # -- joining ----------------------------------------------------------------------
    async def join(self) -> None:
        unit = UNITS[self.number % len(UNITS)]
        name = f"{NAMES[self.number % len(NAMES)]} {self.number}"
        await self._open({"type": "join", "v": 1, "code": self.code, "lang": "da", "name": name, "unit": unit, "group_id": None})

    async def resume(self) -> None:
        assert self.participant_id is not None and self.secret is not None
        message = {"type": "resume", "v": 1, "code": self.code, "lang": "da", "participant_id": self.participant_id, "secret": self.secret}
        if self.rev is not None:
            message["since"] = self.rev
        await self._open(message)
        for _, frame in list(self.pending.values()):
            self._send(frame)  # the same ids: stored once, acknowledged again

    async def _open(self, message: dict[str, Any]) -> None:
        wire = await Wire.open(self.url, self._receive, self._lost, OPEN_TIMEOUT)
        self._welcome = asyncio.get_running_loop().create_future()
        try:
            wire.send(json.dumps(message, ensure_ascii=False))
            async with asyncio.timeout(OPEN_TIMEOUT):
                frame = await self._welcome
        except BaseException:
            wire.abort()
            raise
        finally:
            self._welcome = None
        if frame.get("secret"):
            self.secret = frame["secret"]
        self.participant_id = frame["participant_id"]
        snapshot = frame["snapshot"]
        self.group_id = snapshot["you"]["group_id"]
        exercise = snapshot["exercise"]
        self.exercise_id = exercise["id"]
        self.lanes = [lane["id"] for lane in exercise["lanes"] if lane["writable"]]
        self.wire = wire

    # -- writing ----------------------------------------------------------------------
    def write(self, phase: str, text: str) -> None:
        """Write one note now; it counts as sent for `phase` even while offline
        (then it waits in `pending` and goes out after the resume)."""
        self.written += 1
        sent_at = clock.now()
        note_id = clock.note_id(phase, self.number, self.written, sent_at)
        message = {"type": "note", "v": 1, "note_id": note_id, "exercise_id": self.exercise_id, "lane_id": self.rng.choice(self.lanes), "text": text}
        frame = json.dumps(message, ensure_ascii=False)  # as a browser's JSON.stringify: æøå as UTF-8
        self.pending[note_id] = (sent_at, frame)
        stats = self.stats.phase(phase)
        stats.sent += 1
        stats.sent_by_group[self.group_id] += 1
        self._send(frame)

    def _send(self, frame: str) -> None:
        if self.wire is not None:
            self.wire.send(frame)  # a closed one: the note stays pending and goes out after the resume

    # -- reading ----------------------------------------------------------------------
    def _receive(self, data: bytes) -> None:
        frame = json.loads(data)
        kind = frame["type"]
        rev = frame.get("rev")
        if kind in ("note", "note_removed", "lane") and rev is not None and (self.rev is None or rev > self.rev):
            self.rev = rev
        elif kind == "snapshot":
            self.rev = frame.get("rev")
        if kind == "note":
            parsed = clock.parse_note_id(frame["note"]["id"])
            if parsed is not None:
                stats = self.stats.phase(parsed[0])
                stats.pushes += 1
                stats.group_latency.append(clock.now() - parsed[1])
        elif kind == "ack":
            note_id = frame.get("note_id") or ""
            pending = self.pending.pop(note_id, None)
            parsed = clock.parse_note_id(note_id)
            if pending is not None and parsed is not None:
                stats = self.stats.phase(parsed[0])
                stats.acked += 1
                stats.ack_latency.append(clock.now() - pending[0])
        elif kind == "welcome":
            self.rev = frame["snapshot"].get("rev")  # whole or partial, it brings the phone up to its rev
            if self._welcome is not None and not self._welcome.done():
                self._welcome.set_result(frame)
        elif kind == "error":
            if self._welcome is not None and not self._welcome.done():
                self._welcome.set_exception(RuntimeError(f"refused: {frame['code']}"))
                return
            parsed = clock.parse_note_id(frame.get("note_id") or "")
            (self.stats.phase(parsed[0]).errors if parsed else self.stats.other_errors)[frame["code"]] += 1

    # -- losing the connection ----------------------------------------------------------
    def _lost(self, wire: Wire) -> None:
        if self.wire is not wire:
            return  # dropped on purpose, or already replaced by a new connection
        self.wire = None
        if not self.closing:
            asyncio.get_running_loop().create_task(self.reconnect())

    async def reconnect(self, attempts: int = 20, pause: float = RECONNECT_PAUSE) -> bool:
        """Come back after a lost connection, as the phone page does: wait
        `pause`, then `resume`; again after each failed try."""
        for _ in range(attempts):
            if self.closing:
                return False
            await asyncio.sleep(pause)
            pause = RECONNECT_PAUSE
            try:
                await self.resume()
            except (OSError, InvalidHandshake, RuntimeError, TimeoutError):
                continue
            self.reconnects += 1
            return True
        return False

    def drop(self) -> None:
        """Lose the connection without a goodbye, as a phone walking out of Wi-Fi."""
        wire, self.wire = self.wire, None
        if wire is not None:
            wire.abort()

    async def close(self) -> None:
        self.closing = True
        wire, self.wire = self.wire, None
        if wire is not None:
            await wire.close()
