"""Headless mode's moderation commands in a real `facilitator run --headless`
process, watched by real WebSocket phones: what the facilitator types reaches
the phones exactly as the console's keys do (the same core commands)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from facilitator.config.loader import load_plan
from facilitator.resources import sample_plan
from tests.support.console_phones import Phone
from tests.support.process import Run

pytestmark = pytest.mark.slow


async def phone(port: int, code: str, name: str) -> Phone:
    ws = await connect(f"ws://127.0.0.1:{port}/ws")
    joined = Phone(ws, code)
    await joined.join(name=name, unit="AKM")
    return joined


async def meeting(tmp_path: Path) -> None:
    run = await Run.start("--headless", "--host", "127.0.0.1", "--port", "0", "--db", str(tmp_path / "m.sqlite3"), "--lang", "en")
    phones: list[Phone] = []
    try:
        port, code = re.search(r":(\d+)/j/(\w+)", await run.line_with("Join:")).groups()  # type: ignore[union-attr]
        await run.line_with("Ready.")

        async def say(line: str, answer: str) -> str:
            await run.type(line)
            return await run.line_with(answer)

        await say("start", "Started:")
        writer = await phone(int(port), code, "Mette")
        reader = await phone(int(port), code, "Jens")
        phones += [writer, reader]
        await writer.note("n-1", "behov", "Sparring med andre")
        await say("people", "1. Mette (AKM) → Group 1")
        await run.line_with("2. Jens (AKM) → Group 2")

        await say("regroup 2 1", "Jens moved to Group 1.")
        snapshot = await reader.expect("snapshot")  # now in the writer's group: the group's notes come along
        assert [n["text"] for n in snapshot["notes"]] == ["Sparring med andre"]

        await say("hide 1", "Note #1 is hidden.")
        assert (await reader.expect("note_removed"))["note_id"] == "n-1"
        await say("hide 1 off", "Note #1 is shown again.")
        assert (await reader.expect("note"))["note"]["text"] == "Sparring med andre"
        await say("move 1 form", "Note #1 moved to ")
        assert (await reader.expect("note"))["note"]["lane_id"] == "form"
        await say("edit 1 Sparring med de andre AMK'er", "Note #1 changed.")
        assert (await reader.expect("note"))["note"]["text"] == "Sparring med de andre AMK'er"
        line = await say("notes", "#1 ")
        assert line.endswith(" · Group 1: Sparring med de andre AMK'er"), line

        await say("timer", "The countdown ends at")  # the exercise's writing_minutes, as the console's dialog offers
        timer = await reader.expect("timer")
        writing = load_plan(sample_plan()).exercises[0].options.writing_minutes * 60
        assert round(timer["ends_at"] - timer["server_time"]) in (writing - 1, writing)
        await say("timer 1:30", "The countdown ends at")
        timer = await reader.expect("timer")
        assert round(timer["ends_at"] - timer["server_time"]) in (89, 90)
        await say("timer 205", "205 minutes is over two hours. Type 205! if you mean it.")
        await say("highlight 9", "That note does not exist.")
        await say("dance", "Unknown command: dance.")
    finally:
        for joined in phones:
            await joined.ws.close()
        returncode, _, err = await run.stop()
        assert returncode == 0, err


def test_typed_moderation_reaches_the_phones_like_the_consoles_keys(tmp_path: Path) -> None:
    asyncio.run(meeting(tmp_path))
