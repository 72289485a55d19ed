"""Snapshots of issue 16's dialogs at the small terminals (80x24, 100x30):
a multi-line note being edited, the paper dialog, the vote's results and
the question before a summary line is deleted. Fixed code, URL, clock and
phones, so they change only when the console does; update them with
`--snapshot-update` after a deliberate change, and look at them."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import make_plan

from facilitator.console import ConsoleApp
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession

NOW = 1738670000.0
JOIN_URL = "http://192.168.1.20:8765/j/K7M2QX9D"
MODULES = "kompetencemoduler"
NAMES = ["Mette", "Lars", "Anne", "Jonas", "Sofie", "Peter", "Ida"]
NOTES = [  # (writer, lane, text)
    (0, "sexisme", "Cases om sexisme fra egen arbejdsplads,\nog hvordan AMO tager snakken\nmed ledelsen bagefter"),
    (1, "amo-i-forandring", "Hvem gør hvad i AMO, når organisationen ændres"),
    (2, "neurodiversitet", "Tilpasninger af arbejdspladsen"),
    (3, "balance", "Grænser for arbejdstid og rådighed"),
    (4, "amo-i-forandring", "Roller ved omstrukturering"),
]
VOTES = [(0, 2), (0, 1), (0, 0), (1, 2), (2, 2), (3, 1), (5, 4)]  # (voter, note)


def meeting(tmp_path: Path) -> ConsoleApp:
    """The modules exercise being voted on: seven people, five notes (the first
    three lines long), seven dots from five people, a summary line."""
    session = LiveSession.open(tmp_path / "session.sqlite3", make_plan(groups=3), code="K7M2QX9D")
    for i, name in enumerate(NAMES):
        session.execute(cmd.Join(f"p{i}", "hash", name=name, unit="AKM", group_id=f"g{i % 3 + 1}"), now=NOW)
    session.execute(cmd.StartExercise(MODULES), now=NOW)
    for i, (writer, lane, text) in enumerate(NOTES):
        session.execute(cmd.AddNote(f"p{writer}", f"n{i}", MODULES, lane, text), now=NOW + i)
    session.execute(cmd.Reveal(MODULES), now=NOW)
    session.execute(cmd.SetPhase(MODULES, "voting"), now=NOW)
    for voter, note in VOTES:
        session.execute(cmd.CastVote(f"p{voter}", f"n{note}"), now=NOW)
    session.execute(cmd.SetPlenumLine(MODULES, "l1", "Det er vigtigt: at modulerne bygger på egne cases"), now=NOW)
    connected = frozenset({"p0", "p1", "p2", "p4"})
    return ConsoleApp(session, join_url=JOIN_URL, presence=lambda: connected, clock=lambda: NOW + 135, language="da")


SIZES = [(80, 24), (100, 30)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "100x30"])
@pytest.mark.parametrize(
    ("dialog", "keys"),
    [("edit", ["3", "e"]), ("paper", ["3", "a"]), ("results", ["2", "c"]), ("delete_line", ["4", "x"])],
)
def test_dialog_snapshot(snap_compare, tmp_path, dialog, keys, size):
    assert snap_compare(meeting(tmp_path), press=keys, terminal_size=size)


def test_exercise_screen_while_voting_at_80x24(snap_compare, tmp_path):
    assert snap_compare(meeting(tmp_path), press=["2"], terminal_size=(80, 24))
