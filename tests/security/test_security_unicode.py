"""Any text a phone can send reaches every format of the appendix, or is
refused with a clear error: the property behind attack 1 of issue 14.

Hypothesis writes names, notes, proposed lane titles and prompts from every
plane of Unicode (control and format characters, combining marks, emoji and
their joiners, bidi controls, non-characters, line breaks, the maximum
lengths and beyond) and a phone sends them over a real WebSocket to a real
server. Every refusal must be one of the protocol's codes with the
connection still open. The room is written out every few dozen examples in
every format, the figures included: nothing may fail, every stored note's
text is in the JSON and the CSV exactly as stored, the Word file and the PDF
open. (Writing every example's own appendix would take the PDF writer an
hour; a room of a few dozen examples is what a meeting's appendix holds.)
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import make_plan
from websockets.asyncio.client import connect

from facilitator.app import build_server
from facilitator.core import commands as cmd
from facilitator.export import FORMATS, export_state
from facilitator.export.model import clean_text
from facilitator.runtime import LiveSession
from facilitator.server.transport.limits import Limits
from tests.support.phones import MODULES

EXAMPLES = int(os.environ.get("STJERNESTUND_UNICODE_EXAMPLES", "2000"))
ROOM = 100  # examples written out together: 50 groups, two proposals each at most
REFUSALS = {"name_required", "name_too_long", "note_empty", "note_too_long", "title_empty", "title_too_long", "bad_json", "bad_message"}
HOSTILE = [
    "\n", "\r", "\r\n", "\t", "\x00", "\x1b[2J", "\x85", "\u2028", "\u2029", "\u202e", "\u2066", "\u2069", "\u200b",
    "\u200c", "\u200d", "\u2060", "\ufeff", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\ufdd0", "A\u030a", "\u0301",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f3f3\ufe0f\u200d\U0001f308", "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627", "\ud800", "\udfff", "=cmd|' /C calc'!A0", "+SUM(1)", "@x", "<script>", "**", "#",
]
CHARACTER = st.one_of(
    st.characters(codec="utf-8"),
    st.characters(categories=["Cc", "Cf", "Co", "Cn", "Mn", "Me", "Zl", "Zp", "So", "Cs"]),
    st.sampled_from(HOSTILE),
)
TEXT = st.lists(CHARACTER, max_size=40).map("".join)
LONG = st.one_of(TEXT, st.integers(60, 2100).map(lambda n: ("æøå " * n)[:n]))
EXAMPLE = st.fixed_dictionaries({"name": st.one_of(TEXT, st.integers(75, 90).map(lambda n: "Å" * n)), "notes": st.lists(LONG, min_size=1, max_size=3), "title": TEXT, "prompt": st.one_of(st.none(), TEXT)})


def frame(type_: str, **fields: Any) -> str:
    # ensure_ascii: a lone surrogate travels as \ud800, the way a script sends one
    return json.dumps({"type": type_, "v": 1, **fields}, ensure_ascii=True)


class Room:
    """A real server on 127.0.0.1 with a fresh journal for every ROOM examples."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.loop = asyncio.new_event_loop()
        self.rooms = 0
        self.examples = 0
        self.refused: dict[str, int] = {}
        self.notes_checked = 0
        self.server: Any = None

    def open(self) -> None:
        self.rooms += 1
        plan = make_plan(groups=50).model_copy(update={"names_in_appendix": True})
        session = LiveSession.open(self.folder / f"room-{self.rooms}.sqlite3", plan)
        session.execute(cmd.StartExercise(MODULES))
        self.server = build_server(session, host="127.0.0.1", port=0, limits=Limits(sockets_per_address=10_000))
        self.loop.run_until_complete(asyncio.wait_for(self.server.start(), 10))

    def drive(self, example: dict[str, Any]) -> None:
        if self.server is None:
            self.open()
        self.loop.run_until_complete(asyncio.wait_for(self._drive(example), 30))
        self.examples += 1
        if self.examples % ROOM == 0:
            self.write_out()

    async def _answer(self, ws: Any) -> dict[str, Any]:
        while True:
            answer = json.loads(await ws.recv())
            if answer["type"] in ("ack", "error", "welcome"):
                return answer

    async def _drive(self, example: dict[str, Any]) -> None:
        n = self.examples
        async with connect(f"ws://127.0.0.1:{self.server.port}/ws", max_size=2**24) as ws:
            await ws.send(frame("join", code=self.server.code, name=example["name"], unit="AKM"))
            answer = await self._answer(ws)
            if answer["type"] == "error":
                self._refused(answer)
                await ws.send(frame("join", code=self.server.code, name=f"Deltager {n}", unit="AKM"))
                answer = await self._answer(ws)
            assert answer["type"] == "welcome", answer
            lanes = [lane["id"] for lane in answer["snapshot"]["exercise"]["lanes"]]
            await ws.send(frame("propose", exercise_id=MODULES, lane_id=f"l-{n}", title=example["title"], prompt=example["prompt"]))
            self._check(await self._answer(ws))
            for i, text in enumerate(example["notes"]):
                await ws.send(frame("note", note_id=f"n-{n}-{i}", exercise_id=MODULES, lane_id=lanes[i % len(lanes)], text=text))
                self._check(await self._answer(ws))
            await ws.send(frame("ping"))
            while json.loads(await ws.recv())["type"] != "pong":  # still open and answering
                pass

    def _check(self, answer: dict[str, Any]) -> None:
        if answer["type"] == "error":
            self._refused(answer)
        else:
            assert answer["type"] == "ack", answer

    def _refused(self, answer: dict[str, Any]) -> None:
        assert answer["code"] in REFUSALS, answer
        assert answer["message"]  # a person reads why
        self.refused[answer["code"]] = self.refused.get(answer["code"], 0) + 1

    def write_out(self) -> None:
        """Every format of this room's appendix, then a fresh room."""
        server, self.server = self.server, None
        self.loop.run_until_complete(asyncio.wait_for(server.stop(), 20))
        state = server.session.state
        out = self.folder / f"bilag-{self.rooms}"
        written = {path.suffix: path for path in export_state(state, out, FORMATS)}  # raises if any format fails
        server.session.close()
        assert set(written) == {f".{fmt}" for fmt in FORMATS}
        stored = [note.text for note in state.notes.values() if note.live and not note.hidden]
        in_json = json.dumps(json.loads(written[".json"].read_text(encoding="utf-8")), ensure_ascii=False)
        with open(written[".csv"], encoding="utf-8-sig", newline="") as handle:
            cells = {cell for row in csv.reader(handle, delimiter=";") for cell in row}
        for text in stored:
            shown = clean_text(text)  # as the appendix prints a note: lines trimmed, no empty line
            assert json.dumps(shown, ensure_ascii=False) in in_json, text
            assert {text, shown, f"'{text}", f"'{shown}"} & cells, text  # a formula-looking cell is made inert with '
        self.notes_checked += len(stored)
        document = docx.Document(str(written[".docx"]))
        assert document.paragraphs
        pages = subprocess.run(["pdfinfo", str(written[".pdf"])], capture_output=True, text=True, timeout=60, check=True)
        assert "Pages:" in pages.stdout

    def close(self) -> None:
        if self.server is not None:
            self.loop.run_until_complete(self.server.stop())
            self.server.session.close()
        self.loop.close()


def test_any_text_a_phone_sends_is_stored_clean_or_refused_and_every_format_is_written(tmp_path: Path) -> None:
    room = Room(tmp_path)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(example=EXAMPLE)
    def through_the_wire(example: dict[str, Any]) -> None:
        room.drive(example)

    try:
        through_the_wire()
        if room.server is not None:
            room.write_out()
    finally:
        room.close()
    assert room.examples >= EXAMPLES
    assert room.notes_checked > EXAMPLES // 2  # the rooms were written out, not skipped
    assert room.refused  # the limits were reached too, and answered
