"""The projector wall's connections: the secret handshake and the pushes.

A wall connects to `/wall-ws` and must say `wall_hello` with the wall's
secret within a few seconds; a wrong secret is refused, closes the
connection, and counts as a failed attempt for its address together with
wrong session codes, so the limit on guessing is shared. A phone's
connection at `/ws` has no message that reaches any of this.

After each change of the session the wall's view is built once per
language in use, encoded once, and written to every wall with
`websockets.broadcast()`. Changes are gathered for at most `INTERVAL`
seconds first: a room of phones writing at once costs the event loop a few
wall frames a second, not one per note; and never more than `SHARE` of the
loop's time, however long a frame takes to build (the gap grows with it).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from facilitator.core.events import Event
from facilitator.runtime import LiveSession
from facilitator.server.phone.protocol import BadFrame, ErrorMsg, Paused, parse_with
from facilitator.server.transport.limits import FailedAttempts, Limits, TokenBucket
from facilitator.server.transport.proxies import TrustedProxies, address_of
from facilitator.server.wall import view as wv
from facilitator.server.wall.focus import CachedReporter, LaneReporter
from facilitator.texts import t

log = logging.getLogger("facilitator.server")

INTERVAL = 0.2  # seconds: at most five wall frames a second
# The wall's share of the event loop at most: a frame that took longer to
# build than INTERVAL / SHARE comes less often (issue 18: building walks the
# exercise's notes, so with tens of thousands of them five a second would
# take a fifth of the phones' core).
SHARE = 0.05
CLOSE_REFUSED = 1008  # policy violation: the wall's secret was wrong, or not said in time (Limits.hello_timeout)



def secret_matches(given: str, secret: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode("utf-8"))


@dataclass(eq=False)
class Wall:
    ws: ServerConnection
    address: str
    language: str
    bucket: TokenBucket
    welcomed: bool = False
    last_rate_error: float = field(default=-1e9)


class WallHub:
    """The open wall connections and what they are sent."""

    def __init__(
        self,
        session: LiveSession,
        limits: Limits,
        attempts: FailedAttempts,
        *,
        secret: str,
        join_url: Callable[[], str],
        interval: float = INTERVAL,
        wifi_name: str | None = None,
        proxies: TrustedProxies | None = None,
        reporter: LaneReporter | None = None,
    ) -> None:
        """`reporter`: a lane as the appendix groups it, for the focus view
        (the composition root hands in the exporter's; none: no focus view)."""
        self.session = session
        self.reporter = CachedReporter(reporter) if reporter is not None else None
        self.proxies = proxies or TrustedProxies()
        self.limits = limits
        self.attempts = attempts
        self.secret = secret
        self._join_url = join_url
        self.wifi_name = wifi_name  # shown in the lobby beside the network's QR code
        self.interval = interval
        self.connections: set[Wall] = set()  # every connection at /wall-ws, welcomed or not
        self.encoded = 0  # frames built and encoded (once per language per push, however many walls)
        self._pending: asyncio.TimerHandle | None = None
        self._last_push = 0.0
        self._last_cost = 0.0  # seconds the last push took to build and encode its frames
        session.subscribe(self.on_events)

    @property
    def walls(self) -> list[Wall]:
        return [wall for wall in self.connections if wall.welcomed]

    @property
    def push_waiting(self) -> bool:
        """Whether changes are gathered for a push that has not left yet."""
        return self._pending is not None

    def _plan_language(self) -> str:
        plan = self.session.state.plan
        return plan.language if plan else "da"

    # -- the connection ---------------------------------------------------------------------
    async def serve(self, ws: ServerConnection) -> None:
        address = address_of(self.proxies, ws)
        wall = Wall(ws, address, self._plan_language(), TokenBucket(self.limits.messages_per_second, self.limits.message_burst))
        self.connections.add(wall)
        try:
            try:
                async with asyncio.timeout(self.limits.hello_timeout):
                    first = await ws.recv()
            except TimeoutError:
                await ws.close(CLOSE_REFUSED, "no wall_hello")
                return
            if not self._hello(wall, first):
                await ws.close(CLOSE_REFUSED, "refused")
                return
            async for frame in ws:
                self._receive(wall, frame)
        except ConnectionClosed:
            pass  # a wall going away is normal; it reconnects by itself
        finally:
            self.connections.discard(wall)

    def _hello(self, wall: Wall, frame: str | bytes) -> bool:
        """Check the secret; on success send the whole view at once."""
        message = self._parse(wall, frame)
        if not isinstance(message, wv.WallHello):
            if message is not None:
                self._error(wall, "bad_message", fields="type")
            return False
        if message.lang is not None:
            wall.language = message.lang
        if not secret_matches(message.secret, self.secret):
            self.attempts.record(wall.address)
            self._error(wall, "wrong_secret")
            return False
        wall.welcomed = True
        self.deliver((wall,), self.frame(wall.language))
        return True

    def _receive(self, wall: Wall, frame: str | bytes) -> None:
        if not wall.bucket.take():
            now = time.monotonic()
            if now - wall.last_rate_error >= 1.0:
                wall.last_rate_error = now
                self._error(wall, "rate_limited")
            return
        message = self._parse(wall, frame)
        if isinstance(message, wv.WallPing):
            self.deliver((wall,), wv.encode(wv.WallPong(server_time=time.time())))
        elif message is not None:
            self._error(wall, "already_joined")  # a second wall_hello

    def _parse(self, wall: Wall, frame: str | bytes) -> wv.WallHello | wv.WallPing | None:
        """Read like a phone's frame (the same parser and error codes); what
        a phone could send but a wall cannot is `read_only`."""
        if isinstance(frame, bytes):
            self._error(wall, "binary_frame")
            return None
        try:
            return parse_with(wv.INCOMING, frame, wv.INCOMING_TYPES)
        except BadFrame as bad:
            if bad.code == "unknown_type":
                self._error(wall, "read_only")  # a note, a vote, ...: the wall has no way to write
            else:
                self._error(wall, bad.code, **bad.params)
            return None

    def _error(self, wall: Wall, code: str, **params: object) -> None:
        key = f"wall.error.{code}" if code in ("wrong_secret", "read_only") else f"server.error.{code}"
        message = ErrorMsg(code=code, message=t(wall.language, key, **params))
        self.deliver((wall,), message.model_dump_json().encode("utf-8"))

    # -- sending ----------------------------------------------------------------------------
    def frame(self, language: str) -> bytes:
        self.encoded += 1
        return wv.encode(
            wv.wall_frame(self.session.state, language, join_url=self._join_url(), wifi=self.wifi_name, reporter=self.reporter)
        )

    def deliver(self, walls: Iterable[Wall], data: bytes) -> None:
        """Queue one encoded frame for each wall without waiting for any; a wall
        that stopped reading is dropped (it reconnects and gets the whole view)."""
        targets = []
        for wall in walls:
            transport = wall.ws.transport
            if transport is None or transport.is_closing():
                continue
            if transport.get_write_buffer_size() > self.limits.max_waiting_bytes:
                log.info("dropping a wall that does not read (%s)", wall.address)
                transport.abort()
                continue
            targets.append(wall.ws)
        if targets:
            broadcast(targets, data, text=True)

    def on_events(self, events: list[Event], origin: object) -> None:
        """After each commit: push soon, gathering what else changes meanwhile."""
        if self._pending is not None or not self.walls:
            return  # already coming; or no wall to tell (a new wall gets the view on hello)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        gap = max(self.interval, self._last_cost / SHARE)
        delay = max(0.0, self._last_push + gap - loop.time())
        self._pending = loop.call_later(delay, self.push)

    def push(self) -> None:
        """The view, built and encoded once per language, to every wall."""
        self._pending = None
        self._last_push = asyncio.get_running_loop().time()
        walls = self.walls
        began = time.perf_counter()
        try:
            for language in sorted({wall.language for wall in walls}):
                self.deliver([w for w in walls if w.language == language], self.frame(language))
        except Exception:  # pragma: no cover - a bug in the wall must not stop the meeting
            log.exception("pushing to the wall failed")
        self._last_cost = time.perf_counter() - began

    def pause(self) -> None:
        """The server is stopping: say so; the walls reconnect when it is back."""
        for wall in self.walls:
            self.deliver((wall,), Paused(message=t(wall.language, "wall.paused")).model_dump_json().encode("utf-8"))

    def close(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self.session.unsubscribe(self.on_events)
