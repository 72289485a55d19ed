"""`SessionServer`: one port for the phone page, the WebSocket and the health check.

Built by the composition root (`facilitator.app`) and run in the chosen UI's
event loop; it owns no terminal and opens no file (the keys kept beside the
journal are read by the root and handed in). It is the only place with
network I/O: the session core stays pure, and every change still goes
through `LiveSession.execute`.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.server import ServerProtocol

from facilitator.resources import client_dir as bundled_client_dir
from facilitator.runtime import LiveSession
from facilitator.server.phone import protocol as p
from facilitator.server.phone.table_token import TableKeys
from facilitator.server.transport.address import join_url
from facilitator.server.transport.check import CHECK_PATH, ReachCheck
from facilitator.server.transport.endpoint import PhoneHandler
from facilitator.server.transport.gate import ConnectionGate
from facilitator.server.transport.http import CHECK_WS_PATH, WALL_WS_PATH, HttpRoutes, SecureConnection, WallRoutes
from facilitator.server.transport.hub import Hub
from facilitator.server.transport.limits import Limits
from facilitator.server.transport.proxies import TrustedProxies
from facilitator.server.transport.qr import svg_qr
from facilitator.server.wall.connections import WallHub
from facilitator.server.wall.focus import LaneReporter
from facilitator.server.wall.secret import new_wall_secret
from facilitator.texts import t
from facilitator.wifi import WifiNetwork

log = logging.getLogger("facilitator.server")

DEFAULT_PORT = 8765
SPARE_FILES = 64  # the journal, the page's files, standard input and output, ...
BACKLOG = 100  # connections the kernel queues; asyncio may accept this many at once before any is looked at


def raise_file_limit(needed: int) -> int | None:
    """Let the process keep `needed` files open, as far as the system allows.

    Every phone is an open file. Many systems give a program 256 (macOS) or
    1,024 by default but let it raise that itself up to a hard limit; without
    this, the phones beyond the default would time out instead of joining.
    Returns the limit now in force (None: no limit, or none this system has)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    if soft >= needed:
        return soft
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError):
        return soft
    return target


def quiet_accept_errors(loop: asyncio.AbstractEventLoop) -> None:
    """Should the process still run out of files (something else opened
    many), asyncio's accept loop reports it with a traceback each second;
    one line a second says the same. Other errors go on as before."""
    before = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exception = context.get("exception")
        if context.get("message", "").startswith("socket.accept() out of system resource") and isinstance(exception, OSError):
            log.warning("cannot accept connections for a second: %s", exception.strerror)
        elif before is not None:
            before(loop, context)
        else:
            loop.default_exception_handler(context)

    if before is None or not getattr(before, "quiet_accept_errors", False):
        handler.quiet_accept_errors = True  # type: ignore[attr-defined]  # a second server on this loop adds none
        loop.set_exception_handler(handler)


class SessionServer:
    """The phones' and the wall's server for one live session.

    The facilitator's UIs (console, headless) use this interface only:

    - `start(port=None)`, `stop()`: listen (on `port`, else the port asked
      for; `OSError` when it is taken) and stop cleanly;
    - `requested_port`, `port`: the port asked for, and the one listened on;
    - `code`, `join_url`, `wall_url`, `check_url`, `wifi`: what the room is shown;
    - `reach.listeners`: told when a phone got through to the reachability check;
    - `connected()`: the participants with a phone connected now;
    - `connected_count()`: how many they are;
    - `participants_per_address()`: how many present participants each
      address holds (the console flags one above the plan's limit);
    - `on_problem`: told when a phone's note could not be stored;
    - `session`: the live session it serves (the one write path).

    `hub`, `handler`, `wall` and `routes` are its parts, for its own tests.
    """

    def __init__(
        self,
        session: LiveSession,
        *,
        host: str | None = None,
        port: int = DEFAULT_PORT,
        public_url: str | None = None,
        client_dir: Path | None = None,
        limits: Limits | None = None,
        on_problem: Callable[[str], None] | None = None,
        wall_secret: str | None = None,
        table_keys: TableKeys | None = None,
        wifi: WifiNetwork | None = None,
        tls: ssl.SSLContext | None = None,
        trusted_proxies: TrustedProxies | None = None,
        lane_reporter: LaneReporter | None = None,
    ) -> None:
        """`wall_secret` and `table_keys` are the keys kept beside the journal
        (`facilitator.app` reads them); without them the server makes keys
        good for this run only. `lane_reporter` is the appendix's grouping of
        one lane, for the wall's focus view (`facilitator.app` hands it in)."""
        self.session = session
        self.wifi = wifi  # the network phones join first: its QR code beside the join QR code
        self.tls = tls  # https:// and wss:// on the same port (see tls.py)
        self.proxies = trusted_proxies or TrustedProxies()
        self.host = host
        self._requested_port = port
        self.public_url = public_url
        self.limits = limits or Limits()
        self.hub = Hub(session, self.limits)
        # Every TCP connection passes this first: a bound per address, and the open-file budget.
        self.gate = ConnectionGate(self.limits.sockets_per_address, self.proxies)
        # Table cards' group tokens are signed with this key.
        self.table_keys = table_keys or TableKeys(new_wall_secret(), session.state.code)
        self.handler = PhoneHandler(
            self.hub, self.limits, on_problem=on_problem, table_keys=self.table_keys, proxies=self.proxies
        )
        # The projector wall's URL carries this secret; wrong secrets count with wrong codes.
        wall_secret = wall_secret or new_wall_secret()
        self.wall_secret = wall_secret
        self.wall = WallHub(
            session,
            self.limits,
            self.handler.attempts,
            secret=wall_secret,
            join_url=lambda: self.join_url,
            wifi_name=wifi.ssid if wifi is not None else None,
            proxies=self.proxies,
            reporter=lane_reporter,
        )
        self.routes = HttpRoutes(
            client_dir or bundled_client_dir(),
            connections=lambda: len(self.hub.phones) + len(self.wall.connections) + self.reach.active,
            max_connections=self.limits.max_connections,
            public_origin=public_url,
            host_names=frozenset([host]) if host else frozenset(),
            wall=WallRoutes(
                wall_secret,
                self.handler.attempts,
                lambda: svg_qr(self.join_url),
                wifi_svg=svg_qr(wifi.qr_payload()) if wifi is not None else None,
            ),
            proxies=self.proxies,
        )
        # A phone that opens /check: the console's lobby and the headless log are told.
        self.reach = ReachCheck(self.proxies)
        self._server: Server | None = None
        self.port: int = port

    @property
    def code(self) -> str:
        return self.session.state.code

    @property
    def requested_port(self) -> int:
        """The port asked for (0: any free port); `port` is the one listened on once started."""
        return self._requested_port

    def connected(self) -> frozenset[str]:
        """The ids of the participants with at least one phone connected now."""
        return frozenset(self.hub.by_participant)

    def connected_count(self) -> int:
        """How many participants have a phone connected now."""
        return self.hub.connected_participants()

    def participants_per_address(self) -> dict[str, int]:
        """Present participants per address they joined or resumed from, most first."""
        return self.handler.participants_per_address()

    @property
    def join_url(self) -> str:
        return join_url(self.code, port=self.port, host=self.host, public_url=self.public_url, secure=self.tls is not None)

    @property
    def check_url(self) -> str:
        """The reachability check's page: the join URL's address, then `/check`."""
        return self.join_url.rsplit("/j/", 1)[0] + CHECK_PATH

    @property
    def wall_url(self) -> str:
        """The projector wall's secret URL: the join URL's address, then `/w/<secret>`."""
        return self.join_url.rsplit("/j/", 1)[0] + "/w/" + self.wall_secret

    @property
    def on_problem(self) -> Callable[[str], None]:
        """Told (with the journal's error) when a phone's command could not be
        stored; the phone gets `not_stored` and keeps its note. The console
        sets this to show a notification instead of writing to stderr."""
        return self.handler.on_problem

    @on_problem.setter
    def on_problem(self, callback: Callable[[str], None]) -> None:
        self.handler.on_problem = callback

    async def _connection(self, ws: ServerConnection) -> None:
        """Phones at `/ws`, the projector wall at `/wall-ws`, the reachability
        check at `/check-ws` (the only upgrades let through)."""
        assert ws.request is not None  # websockets calls us after the handshake
        path = urlsplit(ws.request.path).path
        if path == WALL_WS_PATH:
            await self.wall.serve(ws)
        elif path == CHECK_WS_PATH:
            await self.reach.serve(ws)
        else:
            await self.handler.serve(ws)

    async def start(self, port: int | None = None) -> None:
        """Bind and start serving, on `port` if given (the console's "try the
        next port"), else on the port asked for. Raises OSError if it is taken."""
        if port is not None:
            self._requested_port = port
        limits = self.limits
        files = raise_file_limit(limits.max_connections + SPARE_FILES + BACKLOG)
        if files is not None and files < limits.max_connections + SPARE_FILES + BACKLOG:
            log.warning("the system allows %d open files: fewer than %d phones can connect", files, limits.max_connections)
        # Past this many connections new ones are refused, keeping files for the journal and the
        # page, and for a whole backlog accepted in one go before the gate sees the first of it.
        self.gate.budget = None if files is None else max(1, files - SPARE_FILES - BACKLOG)
        quiet_accept_errors(asyncio.get_running_loop())
        gate = self.gate

        def connection(protocol: ServerProtocol, *args: Any, **kwargs: Any) -> SecureConnection:
            return SecureConnection(protocol, *args, gate=gate, **kwargs)

        self._server = await serve(
            self._connection,
            self.host or None,  # None: every interface, IPv4 and IPv6
            self.requested_port,
            process_request=self.routes,
            compression=None,  # notes are tiny; deflate would cost CPU and memory per phone
            max_size=limits.max_frame_bytes,
            max_queue=16,
            write_limit=32 * 1024,
            ping_interval=limits.ping_interval,
            ping_timeout=limits.ping_timeout,
            close_timeout=limits.close_timeout,
            open_timeout=limits.open_timeout,
            server_header=None,
            backlog=BACKLOG,
            create_connection=connection,  # type: ignore[arg-type]  # a factory of SecureConnection
            ssl=self.tls,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop cleanly: no new writes, phones told the session paused, connections
        closed. Nothing acknowledged is lost; phones resume later. The journal
        stays open: whoever opened it closes it (`facilitator.app`)."""
        self.handler.stopping = True
        phones = list(self.hub.phones)
        for phone in phones:
            self.hub.send(phone, p.Paused(message=t(phone.language, "server.paused")))
        self.wall.pause()
        if self._server is not None:
            self._server.close()  # closes the connections with 1001 (going away)
            try:
                await asyncio.wait_for(self._server.wait_closed(), self.limits.close_timeout + 1)
            except TimeoutError:
                log.warning("some phones did not close in time")
            self._server = None
        self.session.finish_commit()  # a commit still under way is settled while the loop runs
        self.session.unsubscribe(self.hub.on_events)
        self.wall.close()
