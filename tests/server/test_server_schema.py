"""The published JSON Schema (docs/protocol.schema.json): made from the
models by one command, and kept by every frame a real server sends."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from test_server_wall import welcomed
from websockets.asyncio.client import connect

from facilitator.core import commands as cmd
from facilitator.server.schema import field_tables, messages, render
from tests.support import frames
from tests.support.phones import MODULES, STAR

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "protocol.schema.json"
COMMAND = "python -m facilitator.server.schema > docs/protocol.schema.json"


def test_the_committed_schema_is_what_the_models_make() -> None:
    made = subprocess.run(
        [sys.executable, "-m", "facilitator.server.schema"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert made == render()
    assert SCHEMA.read_text(encoding="utf-8") == made, f"docs/protocol.schema.json is stale: run `{COMMAND}`"


def test_the_schema_is_valid_and_describes_every_message_both_ways() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    mapping = {name: set(messages(schema, name)) for name in frames.EVERY_CHANNEL}
    assert mapping == {
        "PhoneToServer": {"hello", "join", "resume", "note", "edit", "delete", "vote", "unvote", "propose", "leave", "ping"},
        "ServerToPhone": {"session_info", "welcome", "snapshot", "ack", "note", "note_removed", "lane", "phase",
                          "timer", "votes", "pong", "paused", "error"},
        "WallToServer": {"wall_hello", "ping"},
        "ServerToWall": {"wall", "pong", "paused", "error"},
        "CheckToServer": {"probe"},
        "ServerToCheck": {"probe", "reached"},
    }
    docs = (SCHEMA.parent / "protocol.md").read_text(encoding="utf-8")
    assert COMMAND in docs  # the page names the one command that makes the file


def test_the_frame_check_names_a_frame_that_breaks_the_contract() -> None:
    """The suite's check can fail: a frame from before this contract (group
    sizes in the snapshot, a phase no exercise has) is caught and named."""
    check = frames.FrameCheck()
    good = {"type": "votes", "v": 1, "exercise_id": MODULES, "voted": ["n-1"], "dots_left": 2}
    assert check.check("ServerToPhone", json.dumps(good)) is None
    cases = {
        "dots_left": {**good, "dots_left": None},
        "(the frame)": {key: value for key, value in good.items() if key != "voted"},
        "size": {"type": "session_info", "v": 1, "title": "t", "network": "", "date": "2025-02-04", "language": "da",
                 "ask_names": True, "show_names": False, "units": [], "groups": [{"id": "g1", "label": "G", "size": None}],
                 "table_group": None, "group_fixed": False, "group_choice": False},
        "phase": {"type": "phase", "v": 1, "exercise_id": STAR, "phase": "paused", "timer_ends_at": None, "server_time": 1.0},
    }
    for named, frame in cases.items():
        bad = check.check("ServerToPhone", json.dumps(frame))
        assert bad is not None and named in bad.problem, (named, bad)
    assert check.bad_count == len(cases)
    assert check.check("ServerToWall", json.dumps(good)) is not None  # a phone's frame is no wall frame


async def test_one_meeting_sends_every_kind_of_frame_and_each_keeps_the_schema(make_server, joined, make_phone):
    """Each kind of frame both sockets carry, from a real server, through the
    suite's check (frames.py): none can be left out of it unseen."""
    check = frames.CHECK
    before, bad_before = check.seen.copy(), check.bad_count
    server = await make_server(start_exercise=MODULES)
    wall, _ = await welcomed(server)
    stranger = await make_phone(server)
    await stranger.send("hello", code=server.code)  # session_info
    await stranger.expect("session_info")
    phone = await joined(server, group_id="g1")  # welcome
    mate = await joined(server, group_id="g1")
    await phone.note("m-1", lane_id="sexisme", text="Input", exercise_id=MODULES)  # ack; note to the mate
    await phone.expect("ack")
    await phone.send("propose", exercise_id=MODULES, lane_id="modul-7", title="Modul 7")  # lane to the mate
    await phone.expect("ack")
    await phone.send("delete", note_id="m-0-unknown")  # error
    await phone.expect("error")
    server.session.execute(cmd.SetTimer(MODULES, 600))  # timer
    server.session.execute(cmd.SetPhase(MODULES, "voting"))  # phase
    await phone.until_pong()  # pong
    await phone.send("vote", note_id="m-1")  # votes
    await phone.expect("votes")
    await phone.expect("ack")
    server.session.execute(cmd.HideNote("m-1", True))  # note_removed
    server.session.execute(cmd.Reveal(MODULES, True))  # snapshot
    await mate.until_pong()
    await wall.send("note", note_id="m-1")  # the wall's error (read_only)
    await wall.send("ping")  # the wall's pong
    await wall.frames_until_pong()
    async with connect(f"ws://127.0.0.1:{server.port}/check-ws") as checker:  # the reachability check
        while (frame := json.loads(await checker.recv()))["type"] == "probe":  # probe, ..., reached
            await checker.send(json.dumps(frame))
    await server.stop()  # paused, to phones and walls
    for listener in (mate, wall):
        while (await listener.recv())["type"] != "paused":
            pass
    new = check.seen - before
    for channel, expected in frames.EVERY_TYPE.items():
        assert expected <= check.types(channel, new), (channel, expected - check.types(channel, new))
    assert check.bad_count == bad_before, [str(bad) for bad in check.bad]


def test_the_field_tables_in_the_protocol_page_are_what_the_models_make() -> None:
    """docs/protocol.md says for every field whether it may be left out or be
    null; those tables are the models' own, so they cannot drift."""
    docs = (SCHEMA.parent / "protocol.md").read_text(encoding="utf-8")
    block = docs.split("<!-- fields:begin -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert block == field_tables(), "docs/protocol.md's field tables are stale: paste `python -m facilitator.server.schema --fields`"


DIRECTIONS = {"## Phone → server": "PhoneToServer", "## Server → phone": "ServerToPhone",
              "### Wall → server": "WallToServer", "### Server → wall": "ServerToWall",
              "## The reachability check (`/check-ws`)": "ServerToCheck"}


def _examples(docs: str) -> list[tuple[str, dict[str, Any]]]:
    """Each JSON object in a ```json block of the page, with the channel its section is about."""
    found: list[tuple[str, dict[str, Any]]] = []
    channel: str | None = None
    blocks = re.split(r"^```json\n(.*?)^```$", docs, flags=re.S | re.M)
    for i, part in enumerate(blocks):
        if i % 2 == 0:
            for line in part.splitlines():
                if line.startswith("## ") or line in DIRECTIONS:
                    channel = DIRECTIONS.get(line)
            continue
        decoder, text, at = json.JSONDecoder(), part.strip(), 0
        while at < len(text):
            value, at = decoder.raw_decode(text, at)
            at = len(text) - len(text[at:].lstrip())
            if channel is not None:
                found.append((channel, value))
    return found


def test_every_example_in_the_protocol_page_keeps_the_schema() -> None:
    """A client written from the page's examples writes and reads what the server does."""
    docs = (SCHEMA.parent / "protocol.md").read_text(encoding="utf-8")
    examples = _examples(docs)
    snapshot = next(value for channel, value in examples if value["type"] == "snapshot")
    check = frames.FrameCheck()
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    to_server = {
        name: Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})
        for name in ("PhoneToServer", "WallToServer")
    }
    for channel, value in examples:
        if value.get("snapshot") == {"...": "see snapshot"}:
            value = {**value, "snapshot": snapshot}  # the welcome's snapshot is the one shown below it
        if channel in to_server:
            problems = [error.message for error in to_server[channel].iter_errors(value)]
        else:
            bad = check.check(channel, json.dumps(value))
            problems = [bad.problem] if bad else []
        assert problems == [], (channel, value)
    shown = {(channel, value["type"]) for channel, value in examples}
    every = {(name, kind) for name in frames.EVERY_CHANNEL for kind in messages(schema, name)}
    as_for_phones = {("ServerToWall", "pong"), ("ServerToWall", "paused"), ("ServerToWall", "error")}
    sent_back = {("CheckToServer", "probe")}  # the page echoes the server's probe
    assert shown == every - as_for_phones - sent_back  # every other message has its example
