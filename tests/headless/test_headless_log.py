"""Headless mode's log says every change of the room (issue 16's leftovers):
locking and opening joining, and a participant taken out, as lines like
"Joined:" and "Left:"; counted words in the singular for one. A real
`facilitator run --headless` process and a real WebSocket phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from tests.support.console_phones import Phone
from tests.support.process import Run

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("en", ("1 participant, 1 connected now, 1 note,", "Joining: locked to newcomers", "Joining: open", "Removed: Mette (notes kept)")),
        ("da", ("1 deltager, 1 forbundet nu, 1 note,", "Tilmelding: lukket for nye deltagere", "Tilmelding: åben", "Taget ud: Mette (noterne bliver)")),
    ],
)
async def test_the_log_says_joining_locked_and_opened_and_a_participant_taken_out(tmp_path: Path, lang, lines) -> None:
    run = await Run.start("--headless", "--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "m.sqlite3"), "--start", "--lang", lang)
    phone = None
    try:
        port, code = re.search(r":(\d+)/j/(\w+)", await run.line_with("/j/")).groups()  # type: ignore[union-attr]
        await run.line_with("help")
        phone = Phone(await connect(f"ws://127.0.0.1:{port}/ws"), code)
        await phone.join(name="Mette", unit="AKM")
        await phone.note("n-1", "behov", "Sparring")
        status, locked, opened, removed = lines
        await run.type("status")
        await run.line_with(status)
        await run.type("lock")
        await run.line_with(locked)
        await run.type("unlock")
        await run.line_with(opened)
        await run.type("remove 1 keep")
        await run.line_with(removed)
    finally:
        if phone is not None:
            await phone.ws.close()
        returncode, _, err = await run.stop()
        assert returncode == 0, err
