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


class CountingOut:
    """A terminal stand-in that counts its flushes (each one a system call on a real terminal)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pending = ""
        self.flushes = 0

    def write(self, text: str) -> int:
        self.pending += text
        return len(text)

    def flush(self) -> None:
        self.flushes += 1
        self.lines += self.pending.splitlines()
        self.pending = ""


async def test_a_burst_of_log_lines_reaches_the_terminal_in_one_write_by_the_end_of_the_turn() -> None:
    import asyncio

    from facilitator.headless.shell import Printer

    out = CountingOut()
    say = Printer(out)  # type: ignore[arg-type]
    for number in range(40):  # a group commit of forty joins: a line each
        say(f"Tilmeldt: Deltager {number}")
    assert out.lines == []  # still in this turn of the loop
    await asyncio.sleep(0)
    assert out.flushes == 1 and out.lines == [f"Tilmeldt: Deltager {number}" for number in range(40)]


def test_a_log_line_written_off_the_event_loop_is_flushed_at_once() -> None:
    from facilitator.headless.shell import Printer

    out = CountingOut()
    Printer(out)("Join: http://127.0.0.1:8765/j/K7M2QX9D")  # type: ignore[arg-type]
    assert out.lines == ["Join: http://127.0.0.1:8765/j/K7M2QX9D"]
