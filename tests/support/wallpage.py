"""The projector wall in a browser, and phones as plain WebSocket clients, for
the wall's browser tests. The server, the browser and the facilitator's
commands come from `phonepage` (the phone page's fixtures).

With STJERNESTUND_SCREENSHOTS=1 the walk through a session also writes the
wall's screenshots in docs/screenshots/ (checked in, linked from the README).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from websockets.sync.client import ClientConnection, connect

from tests.support import frames
from tests.support.phonepage import TIMEOUT_MS, RunningServer

SIZES = {"1920x1080": {"width": 1920, "height": 1080}, "1366x768": {"width": 1366, "height": 768}, "1024x768": {"width": 1024, "height": 768}}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"

# On what the browser drew: text that is too small for the back of the room
# (under 1.9 % of the screen's height: 20 px at 1080, 15 px at 768), that
# reaches outside the screen, or that is cut off by the box it is in (a note
# clamped to a few lines clips itself, which is fine). SVG text scales with
# its drawing and is left out.
LAYOUT_JS = """
() => {
  const problems = [];
  const minimum = 0.019 * innerHeight;
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg")) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const rects = el.getClientRects();
    if (!rects.length || getComputedStyle(el).visibility === "hidden") continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const name = el.textContent.trim().slice(0, 30);
    if (size < minimum) problems.push(`${name}: ${size.toFixed(1)} px`);
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1) problems.push(`${name}: off screen`);
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflow === "visible") continue;
      const b = box.getBoundingClientRect();
      if (r.right > b.right + 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.top < b.top - 1) problems.push(`${name}: cut off`);
      break;
    }
  }
  return problems;
}
"""


class Phone:
    """A participant's phone as the server sees it (the phone page has tests of its own)."""

    def __init__(self, ws: ClientConnection, server: RunningServer, name: str, unit: str, group_id: str) -> None:
        self.ws = ws
        self.send("join", code=server.code, name=name, unit=unit, group_id=group_id)
        self.participant_id = self.until("welcome")["participant_id"]

    def send(self, type: str, **fields: Any) -> None:
        self.ws.send(json.dumps({"type": type, "v": 1, **fields}))

    def until(self, wanted: str) -> dict[str, Any]:
        while True:
            frame = json.loads(self.ws.recv(timeout=10))
            if frame["type"] == wanted:
                return frame
            assert frame["type"] != "error", frame

    def note(self, note_id: str, lane_id: str, text: str, exercise_id: str = STAR) -> None:
        self.send("note", note_id=note_id, exercise_id=exercise_id, lane_id=lane_id, text=text)
        assert self.until("ack")["note_id"] == note_id


@pytest.fixture
def phones() -> Iterator[Callable[..., Phone]]:
    with ExitStack() as sockets:  # every phone's socket is closed after the test

        def join(server: RunningServer, name: str, unit: str, group_id: str) -> Phone:
            ws = sockets.enter_context(connect(f"ws://127.0.0.1:{server.port}/ws", open_timeout=10))
            return Phone(ws, server, name, unit, group_id)

        yield join


@dataclass
class WallPage:
    page: Page
    frames: list[str] = field(default_factory=list)  # every frame the wall's socket received
    sockets: list[str] = field(default_factory=list)  # every socket the page opened
    console: list[str] = field(default_factory=list)  # what the browser said about the page

    def layout_problems(self) -> list[str]:
        return self.page.evaluate(LAYOUT_JS)

    def screenshot(self, name: str) -> None:
        if os.environ.get("STJERNESTUND_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=SCREENSHOTS / f"{name}.png")


@pytest.fixture
def wall(browser: Any) -> Iterator[Callable[..., WallPage]]:
    """The wall at a projector's size, opened at the server's wall URL."""
    contexts: list[Any] = []
    pages: list[WallPage] = []

    def open_wall(
        server: RunningServer, size: str = "1920x1080", *, lang: str | None = None, url: str | None = None,
        fake_clock: bool = False, **options: Any,
    ) -> WallPage:
        """`fake_clock`: the page's timers run on Playwright's clock, which a test
        can move on (`page.clock.run_for`) instead of waiting in real time."""
        context = browser.new_context(viewport=SIZES[size], locale="da-DK", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        frames.watch_page(page)  # every frame the wall receives keeps docs/protocol.schema.json
        wall_page = WallPage(page)

        def on_socket(ws: Any) -> None:
            wall_page.sockets.append(ws.url)
            ws.on("framereceived", lambda payload: wall_page.frames.append(payload if isinstance(payload, str) else payload.decode()))

        page.on("websocket", on_socket)
        page.on("console", lambda message: wall_page.console.append(message.text))
        pages.append(wall_page)
        if fake_clock:
            page.clock.install()
        assert server.server is not None
        target = url or server.base + "/w/" + server.server.wall_secret + (f"?lang={lang}" if lang else "")
        page.goto(target)
        return wall_page

    yield open_wall
    for context in contexts:
        context.close()
    for wall_page in pages:  # no inline script or style, nothing from elsewhere: the CSP never had to refuse
        assert [text for text in wall_page.console if "Content Security Policy" in text] == []
