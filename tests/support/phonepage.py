"""Browser tests of the phone page: the real `SessionServer` on 127.0.0.1 with
a real journal file, and Debian's headless chromium driven by Playwright.

The server runs in a background thread with its own event loop; the tests use
Playwright's sync API in the main thread. Facilitator commands go through the
running server's `LiveSession.execute` on the server's loop (the one write
path), exactly as the console does. No browser is ever downloaded: without
/usr/bin/chromium these tests skip, except in CI (`CI` set), where they fail.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from plans import make_plan
from playwright.sync_api import Locator, Page, expect, sync_playwright

from facilitator.app import build_server
from facilitator.config.models import ResolvedPlan
from facilitator.core import commands as cmd
from facilitator.core.events import Event
from facilitator.journal import read_events
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.wifi import WifiNetwork
from tests.support import frames

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TIMEOUT_MS = 10_000  # per action and per expectation: a reconnect waits up to 4 s, on a busy 2-core machine
expect.set_options(timeout=TIMEOUT_MS)

T = TypeVar("T")


class RunningServer:
    """A `SessionServer` on its own event loop in a thread, so the sync
    Playwright API can drive browsers against it from the test's thread."""

    def __init__(self, journal: Path, plan: ResolvedPlan, wifi: WifiNetwork | None = None) -> None:
        self.journal = journal
        self.plan = plan
        self.wifi = wifi
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="session-server", daemon=True)
        self.thread.start()
        self.port = 0
        self.server: SessionServer | None = None
        self.start()

    def _run(self, coro: Any, timeout: float = 15) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def start(self) -> None:
        """Open the journal (replaying it if it has events) and listen; after a
        stop, on the same port, as a restarted laptop would."""

        async def start() -> SessionServer:
            session = LiveSession.open(self.journal, self.plan)
            server = build_server(session, host="127.0.0.1", port=self.port, wifi=self.wifi)
            await server.start()
            return server

        self.server = self._run(start())
        self.port = self.server.port

    def stop(self) -> None:
        if self.server is not None:
            self._run(self.server.stop())
            self.server.session.close()
            self.server = None

    def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the server's loop (where the hub sends its frames)."""

        async def call() -> T:
            return fn()

        return self._run(call())

    def execute(self, command: cmd.Command) -> list[Event]:
        """A facilitator command through the running session's one write path."""
        assert self.server is not None
        session = self.server.session
        return self.call(lambda: session.execute(command))

    @property
    def code(self) -> str:
        assert self.server is not None
        return self.server.code

    @property
    def join_url(self) -> str:
        assert self.server is not None
        return self.server.join_url

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def journal_events(self) -> list[Event]:
        events, _warnings = read_events(self.journal)
        return events

    def close(self) -> None:
        self.stop()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., RunningServer]]:
    servers: list[RunningServer] = []

    def start(
        plan: ResolvedPlan | None = None, *, exercise: str | None = "netvaerksstjernen", wifi: WifiNetwork | None = None
    ) -> RunningServer:
        server = RunningServer(tmp_path / f"session{len(servers)}.sqlite3", plan or make_plan(groups=3), wifi)
        servers.append(server)
        if exercise is not None:
            server.execute(cmd.StartExercise(exercise_id=exercise))
        return server

    yield start
    for server in servers:
        server.close()


def launch_chromium(extra_args: Sequence[str] = ()) -> Iterator[Any]:
    """Debian's chromium, headless, for one test module; in CI a missing
    browser fails the run instead of skipping it."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing (install Debian's chromium: make browser)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert/confirm/prompt any phone opened; the page never opens one."""
    return []


@pytest.fixture
def phone(browser: Any, dialogs: list[str]) -> Iterator[Callable[..., Page]]:
    """New phones (browser contexts: own storage, own connection) at a phone's size."""
    contexts: list[Any] = []

    def new_phone(locale: str = "da-DK", **options: Any) -> Page:
        context = browser.new_context(locale=locale, **{**PHONE, **options})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        frames.watch_page(page)  # every frame the page receives keeps docs/protocol.schema.json

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    yield new_phone
    for context in contexts:
        context.close()
    assert dialogs == [], "the page opened a dialog"


# -- what a participant does, the way they see it ----------------------------------------


def join(page: Page, url: str, *, name: str = "Mette", unit: str = "AKM", group: str | None = None) -> None:
    """Open the join link, fill the form, press the one button, and wait until in."""
    page.goto(url)
    page.get_by_label("Dit navn").fill(name)
    page.get_by_label("Din enhed").select_option(unit)
    if group is not None:
        page.get_by_role("radio", name=re.compile(rf"^{re.escape(group)}\b")).check()
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_role("status")).to_have_text("Forbundet")


def write(page: Page, text: str, lane: str = "Behov") -> None:
    page.get_by_label(f"Ny note til {lane}").fill(text)
    page.get_by_role("button", name="Tilføj note").click()


def note(page: Page, text: str) -> Locator:
    """The note with exactly this text, as a list item."""
    return page.get_by_role("listitem").filter(has=page.get_by_text(text, exact=True))


def stored_texts(server: RunningServer) -> list[str]:
    """Texts of the notes in the journal file, in the order they were added."""
    return [e.text for e in server.journal_events() if e.type == "note_added"]
