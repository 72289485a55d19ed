"""`SessionServer`: one port for the phone page, the WebSocket and the health check.

The headless mode and the console both run this class in their own event
loop; it owns no terminal. It is the only place with network I/O: the
session core stays pure, and every change still goes through
`LiveSession.execute`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from websockets.asyncio.server import Server, serve

from facilitator.resources import client_dir as bundled_client_dir
from facilitator.runtime import LiveSession
from facilitator.server import protocol as p
from facilitator.server.address import join_url
from facilitator.server.handler import PhoneHandler
from facilitator.server.http import HttpRoutes
from facilitator.server.hub import Hub
from facilitator.server.limits import Limits
from facilitator.texts import t

log = logging.getLogger("facilitator.server")

DEFAULT_PORT = 8765


class SessionServer:
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
    ) -> None:
        self.session = session
        self.host = host
        self.requested_port = port
        self.public_url = public_url
        self.limits = limits or Limits()
        self.hub = Hub(session, self.limits)
        self.handler = PhoneHandler(self.hub, self.limits, on_problem=on_problem)
        public_host = urlsplit(public_url).netloc if public_url else None
        self.routes = HttpRoutes(
            client_dir or bundled_client_dir(),
            connections=lambda: len(self.hub.phones),
            max_connections=self.limits.max_connections,
            public_host=public_host,
        )
        self._server: Server | None = None
        self.port: int = port

    @property
    def code(self) -> str:
        return self.session.state.code

    @property
    def join_url(self) -> str:
        return join_url(self.code, port=self.port, host=self.host, public_url=self.public_url)

    async def start(self) -> None:
        """Bind and start serving. Raises OSError if the port is taken."""
        limits = self.limits
        self._server = await serve(
            self.handler.serve,
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
            open_timeout=10,
            server_header=None,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop cleanly: no new writes, phones told the session paused, connections
        closed, the journal closed. Nothing acknowledged is lost; phones resume later."""
        self.handler.stopping = True
        phones = list(self.hub.phones)
        for phone in phones:
            self.hub.send(phone, p.Paused(message=t(phone.language, "server.paused")))
        if self._server is not None:
            self._server.close()  # closes the connections with 1001 (going away)
            try:
                await asyncio.wait_for(self._server.wait_closed(), self.limits.close_timeout + 1)
            except TimeoutError:
                log.warning("some phones did not close in time")
            self._server = None
        self.session.unsubscribe(self.hub.on_events)
        self.session.close()

    async def serve_forever(self, stop: asyncio.Event) -> None:
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()
