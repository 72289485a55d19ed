"""The reachability check: a phone opens `/check`, its page does a WebSocket
round trip at `/check-ws`, and the facilitator is told it arrived, and how fast.

The server measures the round trip itself (three probes, the fastest
counts), so the figure does not depend on the phone's clock. The check
changes nothing in the meeting and carries no secret: all it can tell the
facilitator is that some phone got through. The same endpoint runs inside
the meeting's server (the console's lobby and the headless log say it) and
inside `facilitator doctor`'s small server before the meeting.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from facilitator.server.phone.protocol import View
from facilitator.server.transport.http import HttpRoutes, SecureConnection
from facilitator.server.transport.proxies import TrustedProxies, address_of

log = logging.getLogger("facilitator.server")


class Probe(View):
    """A round trip's frame: the server sends it, the page sends the same back.
    (The check has no `v`: it is not part of the meeting's protocol.)"""

    type: Literal["probe"] = "probe"
    n: int


class ReachedFrame(View):
    """The last frame: the fastest round trip, as the server measured it."""

    type: Literal["reached"] = "reached"
    ms: int


# Every message on /check-ws (docs/protocol.schema.json is made from these too).
INCOMING: TypeAdapter[Probe] = TypeAdapter(Probe)
Outgoing = Annotated[Probe | ReachedFrame, Field(discriminator="type")]
OUTGOING: TypeAdapter[Outgoing] = TypeAdapter(Outgoing)

CHECK_PATH = "/check"
CHECK_WS_PATH = "/check-ws"
PROBES = 3
CHECK_TIMEOUT = 10.0  # seconds a check may take; a phone that stalls is dropped
MAX_CHECKS = 20  # checks at once: a facilitator tries a phone or two, nobody needs more
_DEVICES = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("Macintosh", "Mac"), ("Linux", "Linux"))


@dataclass(frozen=True)
class Reached:
    """A phone got through: the round trip in milliseconds, from where, what kind of device."""

    ms: int
    address: str
    device: str


def device_of(user_agent: str | None) -> str:
    """A word for the device, from its User-Agent: enough to tell two phones apart."""
    for mark, word in _DEVICES:
        if user_agent and mark in user_agent:
            return word
    return "?"


class ReachCheck:
    """The `/check-ws` endpoint. Listeners are told of every phone that got through."""

    def __init__(self, proxies: TrustedProxies | None = None) -> None:
        self.proxies = proxies or TrustedProxies()  # behind a proxy: the phone's address, not the proxy's
        self.listeners: list[Callable[[Reached], None]] = []
        self.last: Reached | None = None
        self.active = 0  # checks under way (they count as connections too)

    async def serve(self, ws: ServerConnection) -> None:
        if self.active >= MAX_CHECKS:
            await ws.close(1013, "too many checks at once")  # try again later
            return
        self.active += 1
        try:
            await self._check(ws)
        finally:
            self.active -= 1

    async def _check(self, ws: ServerConnection) -> None:
        address = address_of(self.proxies, ws)
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                best = float("inf")
                for n in range(PROBES):
                    sent = time.perf_counter()
                    await ws.send(Probe(n=n).model_dump_json())
                    while not _is_echo(await ws.recv(), n):
                        pass
                    best = min(best, time.perf_counter() - sent)
                agent = ws.request.headers.get("User-Agent") if ws.request is not None else None
                reached = Reached(max(1, round(best * 1000)), address, device_of(agent))
                self.last = reached
                for listener in list(self.listeners):  # before the phone hears it: the facilitator sees it no later
                    listener(reached)
                await ws.send(ReachedFrame(ms=reached.ms).model_dump_json())
        except (TimeoutError, ConnectionClosed):
            return
        finally:
            await ws.close()


def _is_echo(frame: str | bytes, n: int) -> bool:
    try:
        message = json.loads(frame)
    except ValueError:
        return False
    return isinstance(message, dict) and message.get("type") == "probe" and message.get("n") == n


def port_problem(host: str | None, port: int) -> str | None:
    """Why the meeting could not listen on `port` now (None: it could): bound
    for a moment the way the server binds, then let go at once."""
    family = socket.AF_INET6 if host and ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if sys.platform != "win32":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio does: TIME_WAIT is no obstacle
        try:
            probe.bind((host or "", port))
        except OSError as error:
            return "in_use" if error.errno == errno.EADDRINUSE else (error.strerror or str(error))
    return None


class CheckServer:
    """Only the check, on the meeting's port, for `facilitator doctor` before the meeting."""

    def __init__(self, client_dir: Path, *, host: str | None, port: int) -> None:
        self.reach = ReachCheck()
        self.host = host
        self.requested_port = port
        self.port = port
        self._count = 0
        self.routes = HttpRoutes(client_dir, connections=lambda: self._count, max_connections=MAX_CHECKS)
        self._server: Server | None = None

    async def _connection(self, ws: ServerConnection) -> None:
        self._count += 1
        try:
            if ws.request is not None and ws.request.path.split("?", 1)[0] == CHECK_WS_PATH:
                await self.reach.serve(ws)
            else:
                await ws.close(1008, "only the reachability check runs here")
        finally:
            self._count -= 1

    async def start(self) -> None:
        self._server = await serve(
            self._connection, self.host or None, self.requested_port,
            process_request=self.routes, server_header=None, create_connection=SecureConnection,
            max_size=4096, compression=None,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
