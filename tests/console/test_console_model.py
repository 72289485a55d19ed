"""The console's pure parts: the board's counts and the block letters of the
session code (phases, the countdown and typed minutes: tests/test_actions.py)."""

from __future__ import annotations

from plans import make_plan

from facilitator.codes import ALPHABET
from facilitator.console import model
from facilitator.console.widgets.bigtext import block_lines, pixels
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession


def test_the_board_counts_shown_notes_per_lane_and_group(tmp_path):
    session = LiveSession.open(tmp_path / "s.sqlite3", make_plan())
    session.execute(cmd.Join("p1", "h", name="A", unit="AKM", group_id="g1"))
    session.execute(cmd.StartExercise("netvaerksstjernen"))
    for i, lane in enumerate(["behov", "behov", "form"]):
        session.execute(cmd.AddNote("p1", f"n{i}", "netvaerksstjernen", lane, f"Note {i}"))
    session.execute(cmd.HideNote("n1"))
    session.execute(cmd.MergeNotes("n0", ("n2",)))
    counts = model.board_counts(session.state, "netvaerksstjernen")
    assert counts == {("behov", "g1"): 1}  # hidden and merged notes are not counted
    assert [n.id for n in model.newest_notes(session.state, "netvaerksstjernen", 5)] == ["n0"]


def test_every_code_character_has_its_own_block_letter():
    glyphs = {}
    for char in ALPHABET + "-":
        rows = pixels(char)
        glyphs.setdefault(tuple(map(tuple, rows)), []).append(char)
        assert any(any(row) for row in rows) or char == " "
    assert all(len(chars) == 1 for chars in glyphs.values())
    lines = block_lines("K7M2-QX9D")
    assert len(lines) == 4 and len({len(line) for line in lines}) == 1
    assert set("".join(lines)) <= set(" ▀▄█")


def test_the_code_is_shown_in_two_halves():
    assert model.formatted_code("K7M2QX9D") == "K7M2-QX9D"
