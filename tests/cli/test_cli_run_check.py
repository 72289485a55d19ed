"""The reachability check during the meeting: `facilitator run --headless`
prints the check URL, a real Chromium phone opens it, and the headless log
says "Din telefon nåede frem ✓ (… ms)" — the line the console's lobby shows too."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
from cli_runner import FACILITATOR, Lines

pytestmark = pytest.mark.browser


def test_headless_meeting_says_when_the_facilitators_phone_got_through(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("no chromium")
    env = {k: v for k, v in os.environ.items() if k != "STJERNESTUND_LANG"}
    run = subprocess.Popen(
        [str(FACILITATOR), "run", "--headless", "--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "m.sqlite3"),
         "--wifi", 'Lokale;3 "Nord"', "--wifi-password", "kaffe"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        lines = Lines(run)
        assert "Lokale;3 \"Nord\"" in lines.wait_for("Wi-Fi til telefonerne")
        url = re.search(r"http://\S+/check", lines.wait_for("Tjek: åbn")).group(0)
        lines.wait_for("Klar.")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
            page.goto(url)
            expect(page.locator("#check-result")).to_have_text(re.compile(r"^Din telefon nåede frem ✓ \(\d+ ms\)$"), timeout=15000)
            if os.environ.get("STJERNESTUND_SCREENSHOTS") == "1":  # docs/rooms.md shows it
                shots = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
                page.screenshot(path=shots / "check-reached-da.png", full_page=True, scale="css")
            browser.close()
        line = lines.wait_for("nåede frem")
        assert re.search(r"Din telefon nåede frem ✓ \(\d+ ms\) – \S+, 127\.0\.0\.1$", line)
    finally:
        run.send_signal(signal.SIGINT)
        try:
            run.wait(20)
        except subprocess.TimeoutExpired:
            run.kill()
            run.wait()
