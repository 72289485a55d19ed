"""What the phone page costs over HTTP: requests and bytes, first load, join and reload.

    .venv/bin/python -m bench.page_load            # prints a Markdown table

Starts the real server (`facilitator.app.build_server`, the bundled plan,
the star exercise open for writing) on 127.0.0.1 in a thread, and Debian's
chromium (headless, at the phone viewport of tests/support/phonepage.py)
opens the join link, joins, and reloads. Chromium's own network log (the
DevTools protocol) counts every HTTP request of each step and the bytes
that came over the wire for it (`encodedDataLength`: headers and the body
as sent, compressed or not); the WebSocket is not counted. Run from another
source tree's folder (`cd /tmp/before && PYTHONPATH=<this tree>
python -m bench.page_load`) it measures that tree's server and page.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@dataclass
class Step:
    """The HTTP requests of one step, as Chromium saw them."""

    urls: dict[str, str] = field(default_factory=dict)  # request id -> path
    status: dict[str, int] = field(default_factory=dict)
    wire: dict[str, int] = field(default_factory=dict)  # request id -> bytes received

    def row(self, name: str) -> list[str]:
        done = len(self.wire)
        not_modified = sum(1 for status in self.status.values() if status == 304)
        return [name, str(len(self.urls)), str(not_modified), f"{sum(self.wire.values()):,}", str(done)]


class Recorder:
    def __init__(self, page: Page) -> None:
        self.step = Step()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        if url.startswith("http"):
            self.step.urls[event["requestId"]] = url.split("/", 3)[-1]

    def _response(self, event: dict[str, Any]) -> None:
        self.step.status[event["requestId"]] = event["response"]["status"]

    def _finished(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.step.urls:
            self.step.wire[event["requestId"]] = int(event["encodedDataLength"])

    def take(self) -> Step:
        step, self.step = self.step, Step()
        return step


def start_server(folder: Path) -> tuple[str, asyncio.AbstractEventLoop]:
    from facilitator.app import build_server
    from facilitator.config.loader import load_plan
    from facilitator.core import commands as cmd
    from facilitator.resources import sample_plan
    from facilitator.runtime import LiveSession

    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()

    async def start() -> str:
        plan = load_plan(sample_plan())
        session = LiveSession.open(folder / "page.sqlite3", plan)
        session.execute(cmd.StartExercise(plan.exercises[0].id))
        server = build_server(session, host="127.0.0.1", port=0)
        await server.start()
        return server.join_url

    return asyncio.run_coroutine_threadsafe(start(), loop).result(30), loop


def measure(join_url: str) -> list[tuple[str, Step]]:
    steps: list[tuple[str, Step]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB", **PHONE)  # type: ignore[arg-type]
        page = context.new_page()
        recorder = Recorder(page)
        page.goto(join_url)
        expect(page.get_by_label("Your name")).to_be_visible()
        page.wait_for_load_state("networkidle")
        steps.append(("first load (to the join form)", recorder.take()))
        page.get_by_label("Your name").fill("Sam")
        page.get_by_label("Your unit").select_option("AIT")
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_label("New note for Needs")).to_be_visible()
        page.wait_for_load_state("networkidle")
        steps.append(("joining (to the writing screen)", recorder.take()))
        page.reload()
        expect(page.get_by_label("New note for Needs")).to_be_visible()
        page.wait_for_load_state("networkidle")
        steps.append(("reload (writing screen again)", recorder.take()))
        browser.close()
    return steps


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="stjernestund-page-") as folder:
        join_url, loop = start_server(Path(folder))
        steps = measure(join_url)
        loop.call_soon_threadsafe(loop.stop)
    print("| step | HTTP requests | of them 304 | bytes over the wire | finished |")
    print("| --- | --- | --- | --- | --- |")
    for name, step in steps:
        print("| " + " | ".join(step.row(name)) + " |")
    total = [step for _, step in steps]
    print(f"\nFirst load and join together: {sum(len(s.urls) for s in total[:2])} requests, "
          f"{sum(sum(s.wire.values()) for s in total[:2]):,} bytes.")
    for name, step in steps:
        listed = sorted(f"{path} {step.status.get(rid, '?')} {step.wire.get(rid, '?')}" for rid, path in step.urls.items())
        print(f"\n{name}: " + ", ".join(listed), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
