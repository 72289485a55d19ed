"""The console's pure parts: phases in order, the countdown's text, typed
minutes, the board's counts, and the block letters of the session code."""

from __future__ import annotations

import pytest
from plans import make_plan, module_exercise, star_exercise

from facilitator.codes import ALPHABET
from facilitator.console import model
from facilitator.console.screens.exercise import parse_minutes
from facilitator.console.widgets.bigtext import block_lines, pixels
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession


def test_phases_run_writing_voting_closed_and_skip_voting_without_dots():
    modules, star = module_exercise(), star_exercise()
    assert model.next_phase(modules, "writing") == "voting"
    assert model.next_phase(star, "writing") == "closed"
    assert model.next_phase(star, "closed") is None
    assert model.previous_phase(modules, "closed") == "voting"
    assert model.previous_phase(star, "not_started") is None


@pytest.mark.parametrize(("ends_at", "now", "shown"), [(1000.0, 400.0, "10:00"), (1000.0, 999.2, "0:01"), (1000.0, 1200.0, "0:00")])
def test_the_countdown_reads_minutes_and_seconds_and_stops_at_zero(ends_at, now, shown):
    assert model.clock_text(model.remaining_seconds(ends_at, now)) == shown


@pytest.mark.parametrize(("typed", "minutes"), [("10", 10), ("2,5", 2.5), (" 2.5 ", 2.5), ("1:30", 1.5), ("0", None), ("ti", None), ("300", None)])
def test_typed_minutes_accept_danish_decimals_and_minutes_colon_seconds(typed, minutes):
    assert parse_minutes(typed) == minutes


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
