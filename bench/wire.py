"""One phone's WebSocket connection, light enough for thousands per process.

It is the websockets library's own client protocol (`ClientProtocol`: the
real handshake, framing and masking) driven straight from asyncio's socket
callbacks, without the asyncio client's task, queue and future per message.
The benchmark's phones receive seven frames for each note written, so the
load generator's cost per frame decides how high a rate it can offer the
server before it becomes the bottleneck itself (see README.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from urllib.parse import urlsplit

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.uri import parse_uri


class Wire(asyncio.Protocol):
    def __init__(self, url: str, receive: Callable[[bytes], None], lost: Callable[[Wire], None]) -> None:
        self.url = url
        self.protocol = ClientProtocol(parse_uri(url), max_size=None)
        self.receive = receive
        self.lost = lost
        self.transport: asyncio.Transport | None = None
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        self._parts: list[bytes] = []

    @classmethod
    async def open(cls, url: str, receive: Callable[[bytes], None], lost: Callable[[Wire], None], timeout: float) -> Wire:
        """Connect and finish the opening handshake, or raise."""
        parts = urlsplit(url)
        wire = cls(url, receive, lost)
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(timeout):
            await loop.create_connection(lambda: wire, parts.hostname, parts.port)
            try:
                await wire.opened
            except BaseException:
                wire.abort()
                raise
        return wire

    # -- asyncio's callbacks ------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.protocol.send_request(self.protocol.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        self.protocol.receive_data(data)
        for event in self.protocol.events_received():
            if isinstance(event, Response):
                if self.opened.done():
                    continue
                if self.protocol.handshake_exc is not None:
                    self.opened.set_exception(self.protocol.handshake_exc)
                else:
                    self.opened.set_result(None)
            elif isinstance(event, Frame) and event.opcode in (Opcode.TEXT, Opcode.CONT):
                self._parts.append(event.data)
                if event.fin:
                    message, self._parts = b"".join(self._parts), []
                    self.receive(message)
        self._flush()  # pongs, and the answer to a close

    def eof_received(self) -> bool | None:
        self.protocol.receive_eof()
        self._flush()
        return None  # let the transport close

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("the connection closed during the handshake"))
        if not self.closed.done():
            self.closed.set_result(None)
        self.lost(self)

    # -- using it -----------------------------------------------------------------------
    def _flush(self) -> None:
        if self.transport is None:
            return
        for data in self.protocol.data_to_send():
            if data:
                self.transport.write(data)
            elif self.transport.can_write_eof():
                self.transport.write_eof()

    def send(self, text: str) -> bool:
        """Send one text frame; False when the connection is not open."""
        if self.transport is None or self.protocol.state is not State.OPEN:
            return False
        self.protocol.send_text(text.encode("utf-8"))
        self._flush()
        return True

    def abort(self) -> None:
        """Drop the connection without a closing handshake (a phone leaving the Wi-Fi)."""
        if self.transport is not None:
            self.transport.abort()

    async def close(self, timeout: float = 5.0) -> None:
        """The closing handshake; abort if it does not finish in time."""
        if self.transport is not None and self.protocol.state is State.OPEN:
            self.protocol.send_close(1000)
            self._flush()
        try:
            async with asyncio.timeout(timeout):
                await self.closed
        except TimeoutError:
            self.abort()
