"""The two facilitator UIs cannot drift: one scripted meeting (plenary lines,
a highlight, a merge, a countdown of 1:30, follow-ups, a note for a paper
group) run once through the console under Textual's Pilot and once through a
real `facilitator run --headless` process typed on its standard input, with
the same real WebSocket phones, gives byte-identical JSON appendices.

The JSON carries no wall-clock time; the ids of what the facilitator adds
come from the journal's own count (`actions.new_id`), so both runs name them
alike without any help from the test."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from facilitator.config.loader import load_plan
from facilitator.console.screens.notes import PaperNotes
from facilitator.export import export_journal
from facilitator.resources import sample_plan
from tests.support.console_phones import Phone, running_console
from tests.support.process import Run

pytestmark = pytest.mark.slow
STAR = "netvaerksstjernen"
# (note id, lane, text) per phone, in the order written; notes #1, #2, #3 of the session.
NOTES = [
    ("s-sparring-1", "behov", "Sparring med andre AMK'er"),
    ("s-sparring-2", "behov", "Sparring med de andre koordinatorer"),
    ("s-moeder-3", "form", "Korte møder med kaffe"),
]
LINES = ["vi deler erfaringer på tværs", "psykologisk tryghed kommer først"]
PREFIX = "Det er vigtigt: at "  # the console's plenary dialog starts with it (console.plenum.prefix)
FOLLOW_UPS = [("Lav en fælles kalender", "Mette", "1. marts", "1"), ("Send referatet ud", "", "", "")]
PAPER = ("3", "2", "Skriv det på tavlen")  # group 3, lane 2 (Bidrag)


async def phones_write(port: int, code: str) -> list[Phone]:
    """Three phones join and each writes its note (the same in both runs)."""
    phones = []
    for number, (note_id, lane, text) in enumerate(NOTES, start=1):
        ws = await connect(f"ws://127.0.0.1:{port}/ws")
        phone = Phone(ws, code)
        await phone.join(name=f"Deltager {number}", unit="AKM")
        ack = await phone.note(note_id, lane, text)
        assert ack.get("ok", True) and "code" not in ack, ack
        phones.append(phone)
    return phones


async def console_meeting(tmp_path: Path) -> Path:
    plan = load_plan(sample_plan())
    db = tmp_path / "console.sqlite3"
    async with running_console(tmp_path, plan, language="da", db=db) as room:
        session = room.session
        await room.press("2", "s")
        await room.until(lambda: session.state.exercises[STAR].phase == "writing")
        room.phones.extend(await phones_write(room.server.port, room.server.code))
        await room.until(lambda: len(session.state.notes) == 3)

        await room.press("t")
        await room.press(*["backspace"] * 4)
        await room.type("1:30")
        await room.press("enter")
        await room.until(lambda: session.state.exercises[STAR].timer_ends_at is not None, "timer")

        await room.press("3")  # moderation: the first note is selected
        await room.press("f")
        await room.until(lambda: session.state.notes["s-sparring-1"].highlighted, "highlight")
        await room.press("u")  # merge into the selected note: the same lane's notes come first
        await room.press("space", "enter")
        await room.until(lambda: session.state.notes["s-sparring-2"].merged_into == "s-sparring-1", "merge")

        await room.press("a")  # the paper dialog: its group and lane (Tab back from the text), then the text
        await room.until(lambda: isinstance(room.app.screen, PaperNotes), "the paper dialog")
        await room.press("shift+tab", "shift+tab", "enter", *["down"] * (int(PAPER[0]) - 1), "enter")
        await room.press("tab", "enter", *["down"] * (int(PAPER[1]) - 1), "enter", "tab")
        await room.type(PAPER[2])
        await room.press("enter")
        await room.until(lambda: len(session.state.notes) == 4, "paper note")
        await room.press("escape")

        await room.press("4")
        for text in LINES:
            count = len(session.state.exercises[STAR].plenum_lines)
            await room.press("a")
            await room.type(text)
            await room.press("enter")
            await room.until(lambda n=count + 1: len(session.state.exercises[STAR].plenum_lines) == n, "plenary line")
        for what, who, due, lane in FOLLOW_UPS:
            count = len(session.state.exercises[STAR].follow_ups)
            await room.press("o")
            for field in (what, who, due, lane):
                await room.type(field)
                await room.press("tab")
            await room.press("shift+tab", "enter")
            await room.until(lambda n=count + 1: len(session.state.exercises[STAR].follow_ups) == n, "follow-up")
        await room.until_shown("Lav en fælles kalender — Mette, 1. marts (Behov)")
    (written,) = export_journal(db, tmp_path / "console-out", ["json"], "da", by_owner=False)  # as the export screen does
    return written


async def headless_meeting(tmp_path: Path) -> Path:
    db = tmp_path / "headless.sqlite3"
    run = await Run.start("--headless", "--host", "127.0.0.1", "--port", "0", "--db", str(db), "--lang", "da")
    phones: list[Phone] = []
    try:
        join = await run.line_with("Join:")
        port, code = re.search(r":(\d+)/j/(\w+)", join).groups()  # type: ignore[union-attr]
        await run.line_with("Klar.")

        async def say(line: str, answer: str) -> None:
            await run.type(line)
            await run.line_with(answer)

        await say("start", "Startet:")
        phones = await phones_write(int(port), code)
        await say("timer 1:30", "Nedtællingen slutter")
        await say("highlight 1", "Note #1 er fremhævet.")
        await say("merge 1 2", "1 note slået sammen med #1.")
        await say(f"add {PAPER[0]} {PAPER[1]} {PAPER[2]}", "Note #4 tilføjet for Gruppe 3.")
        for number, text in enumerate(LINES, start=1):
            await say(f"plenum add {PREFIX}{text}", f"Linje {number} tilføjet.")
        for number, fields in enumerate(FOLLOW_UPS, start=1):
            await say("followup add " + " | ".join(fields), f"Opfølgning {number} tilføjet.")
        await say("followup", "1. Lav en fælles kalender — Mette, 1. marts (Behov)")
        await say(f"export json da {tmp_path / 'headless-out'}", "1 filer skrevet:")
    finally:
        for phone in phones:
            await phone.ws.close()
        code_, _, err = await run.stop()
        assert code_ == 0, err
    (written,) = (tmp_path / "headless-out").iterdir()
    return written


def test_the_same_meeting_through_console_and_headless_gives_byte_identical_json(tmp_path: Path) -> None:
    console_json = asyncio.run(console_meeting(tmp_path / "console"))
    headless_json = asyncio.run(headless_meeting(tmp_path / "headless"))
    console_bytes, headless_bytes = console_json.read_bytes(), headless_json.read_bytes()
    text = console_bytes.decode()
    for needle in ("Sparring med andre AMK'er", '"highlighted": true', "s-sparring-2", "at " + LINES[1], "Lav en fælles kalender", '"lane_id": "behov"', "Skriv det på tavlen"):
        assert needle in text, needle  # the meeting really happened, in both (they are equal below)
    assert console_json.name == headless_json.name
    assert console_bytes == headless_bytes
