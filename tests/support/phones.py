"""A real server on 127.0.0.1 (port 0) and real WebSocket clients acting as phones.

The fixtures live here rather than in a conftest.py: a second conftest.py
would take the module name `conftest` from the top-level one (no packages
in tests/), so test modules import these fixtures by name instead."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from plans import make_plan
from websockets.asyncio.client import ClientConnection, connect

from facilitator.app import build_server
from facilitator.config.models import ResolvedPlan
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.server.transport.limits import Limits
from facilitator.server.transport.proxies import TrustedProxies

TIMEOUT = 5.0
STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"


async def eventually(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Wait until `condition` holds (checked every 10 ms), or fail saying what never happened."""
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"never happened: {what}") from None


class Phone:
    """A phone as the server sees it: a WebSocket client speaking protocol v1."""

    def __init__(self, ws: ClientConnection, server: SessionServer) -> None:
        self.ws = ws
        self.server = server
        self.participant_id: str | None = None
        self.secret: str | None = None
        self.welcome: dict[str, Any] | None = None

    async def send(self, type: str, **fields: Any) -> None:
        await self.send_raw(json.dumps({"type": type, "v": 1, **fields}))

    async def send_raw(self, frame: str | bytes) -> None:
        async with asyncio.timeout(TIMEOUT):
            await self.ws.send(frame)

    async def recv(self) -> dict[str, Any]:
        async with asyncio.timeout(TIMEOUT):
            return json.loads(await self.ws.recv())

    async def expect(self, type: str) -> dict[str, Any]:
        frame = await self.recv()
        assert frame["type"] == type, frame
        return frame

    async def until_pong(self) -> list[dict[str, Any]]:
        """Every frame that reaches the phone before the answer to a ping.

        The server handles things in order and pushes synchronously, so once a
        change has been acknowledged to its sender, any push it caused to this
        phone arrives before this pong: an empty list proves nothing came."""
        await self.send("ping")
        frames = []
        while True:
            frame = await self.recv()
            if frame["type"] == "pong":
                return frames
            frames.append(frame)

    async def join(self, **fields: Any) -> dict[str, Any]:
        fields.setdefault("code", self.server.code)
        await self.send("join", **fields)
        welcome = await self.expect("welcome")
        self.participant_id = welcome["participant_id"]
        self.secret = welcome["secret"]
        self.welcome = welcome
        return welcome

    async def note(self, note_id: str, lane_id: str = "behov", text: str = "En note", exercise_id: str = STAR) -> None:
        await self.send("note", note_id=note_id, exercise_id=exercise_id, lane_id=lane_id, text=text)

    async def close(self) -> None:
        async with asyncio.timeout(TIMEOUT):
            await self.ws.close()


def write_client(folder: Path) -> Path:
    """A small phone page, standing in for `client/` so these tests do not
    depend on the page's own content."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text('<!doctype html><title>Stjernestund</title><script src="/app.js"></script>\n')
    (folder / "app.js").write_text("console.log('phone');\n")
    (folder / "style.css").write_text("body { margin: 0 }\n")
    (folder / "img").mkdir(exist_ok=True)
    (folder / "img" / "star.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    (folder / ".secret").write_text("hidden file\n")
    return folder


ServerFactory = Callable[..., Awaitable[SessionServer]]
PhoneFactory = Callable[..., Awaitable[Phone]]


@pytest.fixture
def client_dir(tmp_path: Path) -> Path:
    (tmp_path / "outside.txt").write_text("not for phones\n")
    return write_client(tmp_path / "client")


@pytest.fixture
async def make_server(tmp_path: Path, client_dir: Path) -> AsyncIterator[ServerFactory]:
    """Start servers on 127.0.0.1 port 0; every one is stopped after the test."""
    servers: list[SessionServer] = []

    async def factory(
        plan: ResolvedPlan | None = None,
        *,
        limits: Limits | None = None,
        start_exercise: str | None = STAR,
        db: Path | None = None,
        public_url: str | None = None,
        trusted_proxies: TrustedProxies | None = None,
    ) -> SessionServer:
        path = db or tmp_path / f"session-{len(servers)}.sqlite3"
        session = LiveSession.open(path, plan or make_plan())
        if start_exercise:
            session.execute(cmd.StartExercise(start_exercise))
        server = build_server(
            session,
            host="127.0.0.1",
            port=0,
            client_dir=client_dir,
            limits=limits,
            public_url=public_url,
            trusted_proxies=trusted_proxies,
        )
        async with asyncio.timeout(TIMEOUT):
            await server.start()
        servers.append(server)
        return server

    yield factory
    for server in servers:
        async with asyncio.timeout(TIMEOUT + 10):
            await server.stop()
        server.session.close()


@pytest.fixture
async def server(make_server: ServerFactory) -> SessionServer:
    return await make_server()


@pytest.fixture
async def make_phone() -> AsyncIterator[PhoneFactory]:
    phones: list[Phone] = []

    async def factory(server: SessionServer, **connect_args: Any) -> Phone:
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{server.port}/ws", **connect_args)
        phone = Phone(ws, server)
        phones.append(phone)
        return phone

    yield factory
    for phone in phones:
        try:
            await phone.close()
        except Exception:  # noqa: BLE001 - already gone is fine at teardown
            pass


@pytest.fixture
async def joined(make_phone: PhoneFactory) -> Callable[..., Awaitable[Phone]]:
    """A phone that has joined `server` with the given fields."""

    async def factory(server: SessionServer, **fields: Any) -> Phone:
        phone = await make_phone(server)
        fields.setdefault("name", "Deltager")
        fields.setdefault("unit", "AKM")
        await phone.join(**fields)
        return phone

    return factory
