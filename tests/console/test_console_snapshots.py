"""Snapshots of the four screens the room sees most, at a fixed terminal size,
with a fixed session code, join URL, clock and connected phones, so the
pictures only change when the console does. Update them after a deliberate
change with `pytest tests/console/test_console_snapshots.py --snapshot-update`
and look at the report before committing."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import make_plan

from facilitator.console import ConsoleApp
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession

SIZE = (120, 36)
NOW = 1738670000.0  # 4 February 2025, 12:53:20 UTC
JOIN_URL = "http://192.168.1.20:8765/j/K7M2QX9D"
STAR = "netvaerksstjernen"
NOTES = [
    ("g1", "behov", "Sparring med de andre koordinatorer"),
    ("g1", "bidrag", "Erfaringer fra APV-arbejdet"),
    ("g2", "behov", "Sparing med de andre koordinatorer"),
    ("g2", "rammer", "Faste møder fire gange om året"),
    ("g3", "form", "Korte oplæg og tid til snak"),
    ("g4", "indhold", "Psykisk arbejdsmiljø i praksis"),
    ("g5", "behov", "Et sted at dele skabeloner"),
    ("g1", "form", "Walk and talk"),
]
NAMES = ["Mette", "Lars", "Anne", "Jonas", "Sofie", "Peter", "Ida"]


def meeting(tmp_path: Path) -> ConsoleApp:
    """A meeting in the middle of the network star: seven people, eight notes,
    one merged, one hidden, one highlighted, a summary line, a countdown."""
    session = LiveSession.open(tmp_path / "session.sqlite3", make_plan(), code="K7M2QX9D")
    for i, name in enumerate(NAMES):
        session.execute(cmd.Join(f"p{i}", "hash", name=name, unit="AKM", group_id=f"g{i % 5 + 1}"), now=NOW)
    session.execute(cmd.StartExercise(STAR), now=NOW)
    session.execute(cmd.SetTimer(STAR, 600), now=NOW)
    for i, (group, lane, text) in enumerate(NOTES):
        author = next(f"p{j}" for j in range(len(NAMES)) if f"g{j % 5 + 1}" == group)
        session.execute(cmd.AddNote(author, f"n{i}", STAR, lane, text), now=NOW + i)
    session.execute(cmd.MergeNotes("n0", ("n2",)), now=NOW)
    session.execute(cmd.HideNote("n7"), now=NOW)
    session.execute(cmd.HighlightNote("n3"), now=NOW)
    session.execute(cmd.SetPlenumLine(STAR, "l1", "Det er vigtigt: at vi mødes fast og deler skabeloner"), now=NOW)
    connected = frozenset({"p0", "p1", "p2", "p4"})
    return ConsoleApp(session, join_url=JOIN_URL, presence=lambda: connected, clock=lambda: NOW + 135, language="da")


@pytest.mark.parametrize(
    ("screen", "keys"),
    [("lobby", []), ("exercise", ["2"]), ("moderation", ["3"]), ("plenum", ["4"])],
)
def test_screen_snapshot(snap_compare, tmp_path, screen, keys):
    assert snap_compare(meeting(tmp_path), press=keys, terminal_size=SIZE)


def test_exercise_screen_snapshot_in_the_dark_theme(snap_compare, tmp_path):
    assert snap_compare(meeting(tmp_path), press=["2", "d"], terminal_size=SIZE)
