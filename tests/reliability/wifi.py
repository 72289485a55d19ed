"""A phone's Wi-Fi, as a TCP relay on 127.0.0.1 that a test can cut.

A phone that loses its Wi-Fi notices at once (its network went away), but
the laptop hears nothing: no WebSocket close frame, often not even a TCP
FIN. `WifiLink.cut` does that to the phone's current connection, in one of
three ways:

- `reset`: both sides are cut off abruptly (the server sees the TCP
  connection end, without a close frame);
- `silent`: the server's side is kept open but nothing crosses it any more
  (a half-open connection the server can only find by its keep-alive);
- `mid_frame`: the phone's next bytes are cut in two: the server gets the
  first part of a frame and then silence.

Imported by name from the tests (tests/ has no packages).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

MODES = ("reset", "silent", "mid_frame")


@dataclass(eq=False)
class _Relay:
    phone: asyncio.StreamWriter
    server: asyncio.StreamWriter
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    mode: str | None = None  # how it was cut, once it was
    split_next: bool = False  # mid_frame: cut the phone's next bytes in two


class WifiLink:
    def __init__(self, server_port: Callable[[], int]) -> None:
        self._server_port = server_port
        self._listener: asyncio.Server | None = None
        self.port = 0
        self.current: _Relay | None = None
        self._all: list[_Relay] = []
        self.cuts: list[str] = []  # the cuts that took effect, in order
        self.pending: str | None = None  # a cut on its way (armed, or waiting for the phone's next bytes)

    async def start(self) -> None:
        self._listener = await asyncio.start_server(self._phone_connected, "127.0.0.1", 0)
        self.port = self._listener.sockets[0].getsockname()[1]

    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    async def _phone_connected(self, phone_r: asyncio.StreamReader, phone_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self._server_port())
        except OSError:
            phone_w.transport.abort()
            return
        relay = _Relay(phone_w, server_w, split_next=self.pending == "mid_frame")
        self.current = relay
        self._all.append(relay)
        relay.tasks = [
            asyncio.create_task(self._pump(relay, phone_r, server_w, upstream=True)),
            asyncio.create_task(self._pump(relay, server_r, phone_w, upstream=False)),
        ]

    async def _pump(self, relay: _Relay, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, upstream: bool) -> None:
        try:
            while data := await source.read(65536):
                if relay.mode is not None:
                    return  # cut: nothing crosses any more
                if upstream and relay.split_next:
                    sink.write(data[: max(1, len(data) // 2)])  # half a frame reaches the server ...
                    relay.mode = "mid_frame"  # ... and then nothing more
                    relay.phone.transport.abort()
                    self.cuts.append("mid_frame")
                    self.pending = None
                    return
                sink.write(data)
        except (ConnectionError, OSError):
            pass
        if relay.mode is None:  # an ordinary end on one side: pass it on
            relay.phone.transport.abort()
            relay.server.transport.abort()

    def arm(self, mode: str, delay: float) -> None:
        """Cut the phone's connection `delay` seconds from now (see the module's docstring)."""
        assert self.pending is None
        self.pending = mode
        asyncio.get_running_loop().call_later(delay, self._cut, mode)

    def _cut(self, mode: str) -> None:
        relay = self.current
        if relay is None or relay.mode is not None:
            if mode != "mid_frame":
                self.pending = None  # the connection was gone already: nothing to cut
            return
        if mode == "mid_frame":
            relay.split_next = True  # the pump cuts the phone's next bytes in two
            return
        self.cuts.append(mode)
        self.pending = None
        relay.mode = mode
        relay.phone.transport.abort()  # the phone notices at once: its network is gone
        if mode == "reset":
            relay.server.transport.abort()
        # "silent": the server's side stays open, and nothing is read from or written to it

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
        for relay in self._all:
            for task in relay.tasks:
                task.cancel()
            relay.phone.transport.abort()
            relay.server.transport.abort()
        await asyncio.gather(*(t for relay in self._all for t in relay.tasks), return_exceptions=True)
