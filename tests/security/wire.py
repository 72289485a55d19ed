"""Phones and a projector wall that keep every frame exactly as it came over
the wire, so a test can search the raw text for what must not be there.
Imported by name from the security tests (tests/ has no packages)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

TIMEOUT = 5.0


class Tap:
    """A WebSocket client that records every raw frame it receives."""

    def __init__(self, ws: ClientConnection, label: str) -> None:
        self.ws = ws
        self.label = label
        self.raw: list[str] = []
        self._frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())
        self.participant_id = ""
        self.secret = ""
        self.name = ""
        self.group_id = ""

    @classmethod
    async def open(cls, port: int, label: str, path: str = "/ws") -> Tap:
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{port}{path}", max_size=None)
        return cls(ws, label)

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                assert isinstance(raw, str)
                self.raw.append(raw)
                await self._frames.put(json.loads(raw))
        except ConnectionClosed:
            pass

    async def send(self, type: str, **fields: Any) -> None:
        async with asyncio.timeout(TIMEOUT):
            await self.ws.send(json.dumps({"type": type, "v": 1, **fields}))

    async def expect(self, type: str, **match: Any) -> dict[str, Any]:
        """The next frame of `type` whose fields equal `match`; others are skipped (but kept in `raw`)."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                frame = await self._frames.get()
                if frame["type"] == type and all(frame.get(k) == v for k, v in match.items()):
                    return frame

    async def answer(self) -> dict[str, Any]:
        """The answer to the last request: ack or error (pushes meanwhile are skipped)."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                frame = await self._frames.get()
                if frame["type"] in ("ack", "error", "welcome", "session_info"):
                    return frame

    async def settle(self) -> None:
        """Wait until everything caused so far has reached this phone: the
        server answers in order, so it has once the answer to a ping is here."""
        await self.send("ping")
        await self.expect("pong")

    async def join(self, code: str, *, name: str, group_id: str, unit: str = "AKM") -> None:
        await self.send("join", code=code, name=name, unit=unit, group_id=group_id)
        welcome = await self.expect("welcome")
        self.participant_id, self.secret = welcome["participant_id"], welcome["secret"]
        self.name, self.group_id = name, group_id

    def wire(self) -> str:
        return "\n".join(self.raw)

    async def close(self) -> None:
        await self.ws.close()
        self._reader.cancel()
