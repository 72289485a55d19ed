"""The real console against the real server: a helper that starts both in the
test's event loop (the server on 127.0.0.1, port 0, a real journal file) and
connects real WebSocket clients as phones.

A plain module (not a conftest.py): tests/ has no packages, so a second
conftest.py would clash with the top-level one by module name.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plans import make_plan
from textual.pilot import Pilot
from textual.widgets._toast import Toast
from websockets.asyncio.client import ClientConnection, connect

from facilitator.app import build_server
from facilitator.config.models import ResolvedPlan
from facilitator.console import ConsoleApp
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.wifi import WifiNetwork

TIMEOUT = 5.0
STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"
SIZE = (120, 40)


class Phone:
    """A WebSocket client speaking the phone protocol (v1)."""

    def __init__(self, ws: ClientConnection, code: str) -> None:
        self.ws = ws
        self.code = code
        self.participant_id = ""
        self.secret = ""
        self.snapshot: dict[str, Any] = {}

    async def send(self, type: str, **fields: Any) -> None:
        async with asyncio.timeout(TIMEOUT):
            await self.ws.send(json.dumps({"type": type, "v": 1, **fields}))

    async def recv(self) -> dict[str, Any]:
        async with asyncio.timeout(TIMEOUT):
            return json.loads(await self.ws.recv())

    async def expect(self, type: str, check: Callable[[dict[str, Any]], bool] = lambda f: True) -> dict[str, Any]:
        """The next frame of `type` that passes `check`; other frames are skipped."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                frame = json.loads(await self.ws.recv())
                if frame["type"] == type and check(frame):
                    return frame

    async def join(self, **fields: Any) -> None:
        await self.send("join", code=self.code, **fields)
        welcome = await self.expect("welcome")
        self.participant_id = welcome["participant_id"]
        self.secret = welcome["secret"]
        self.snapshot = welcome["snapshot"]

    async def note(self, note_id: str, lane_id: str = "behov", text: str = "En note", exercise_id: str = STAR) -> dict[str, Any]:
        await self.send("note", note_id=note_id, exercise_id=exercise_id, lane_id=lane_id, text=text)
        return await self.expect("ack", lambda f: f.get("note_id") == note_id)


@dataclass
class Room:
    app: ConsoleApp
    pilot: Pilot
    server: SessionServer
    phones: list[Phone] = field(default_factory=list)

    @property
    def session(self) -> LiveSession:
        return self.app.session

    async def phone(self, **join: Any) -> Phone:
        """A phone that has joined with `join` (name and unit filled in)."""
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{self.server.port}/ws")
        phone = Phone(ws, self.server.code)
        self.phones.append(phone)
        join.setdefault("name", f"Deltager {len(self.phones)}")
        join.setdefault("unit", "AKM")
        await phone.join(**join)
        return phone

    async def phone_resume(self, participant_id: str, secret: str) -> Phone:
        """A phone coming back (after a reload or a restart) with its secret."""
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{self.server.port}/ws")
        phone = Phone(ws, self.server.code)
        self.phones.append(phone)
        await phone.send("resume", code=self.server.code, participant_id=participant_id, secret=secret)
        phone.snapshot = (await phone.expect("welcome"))["snapshot"]
        phone.participant_id, phone.secret = participant_id, secret
        return phone

    def text(self) -> str:
        return screen_text(self.app)

    async def until(self, condition: Callable[[], bool], what: str = "") -> None:
        await until(self.pilot, condition, what or "condition")

    async def until_shown(self, *texts: str) -> None:
        await until(self.pilot, lambda: all(t in self.text() for t in texts), f"{texts} on screen")

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def screen_text(app: ConsoleApp) -> str:
    """The characters on the screen, line by line, as the facilitator sees them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def toasts(app: ConsoleApp) -> list[str]:
    """The notifications on screen, each as one line of text."""
    return [re.sub(r"\s+", " ", str(toast.render())).strip() for toast in app.screen.query(Toast)]


async def until(pilot: Pilot, condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await pilot.pause(0.05)


def write_client(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text("<!doctype html><title>Stjernestund</title>\n")
    return folder


@asynccontextmanager
async def running_console(
    tmp_path: Path,
    plan: ResolvedPlan | None = None,
    *,
    language: str | None = None,
    port: int = 0,
    db: Path | None = None,
    size: tuple[int, int] = SIZE,
    client_dir: Path | None = None,
    wifi: WifiNetwork | None = None,
    **console: Any,
) -> AsyncIterator[Room]:
    """The console with its server, started the way `facilitator run` starts them
    (with a one-file phone page unless `client_dir` names the real one)."""
    session = LiveSession.open(db or tmp_path / "session.sqlite3", plan or make_plan())
    client = client_dir or write_client(tmp_path / "client")
    server = build_server(session, host="127.0.0.1", port=port, client_dir=client, wifi=wifi)
    # Most tests read names and notes off the screen: projector-safe mode (on by
    # default in the program) is off unless a test asks for it.
    console.setdefault("projector_safe", False)
    app = ConsoleApp(session, server=server, language=language, export_dir=tmp_path / "out", **console)
    room: Room | None = None
    try:
        async with app.run_test(size=size, notifications=True) as pilot:
            room = Room(app, pilot, server)
            await until(pilot, lambda: server.port != 0 or app.server_problem is not None, "server listening")
            yield room
    finally:
        for phone in room.phones if room else []:
            try:
                await phone.ws.close()
            except Exception:  # noqa: BLE001 - gone already is fine at teardown
                pass
        async with asyncio.timeout(TIMEOUT + 10):
            await server.stop()
        session.close()
