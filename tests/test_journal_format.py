"""Journals written by earlier code still open: the format is pinned by a
committed file (tests/data/journals/), not by memory.

Each format gets a fixture written by the code of its day and the facts that
code read back from it; today's code must open a copy, replay it to the same
state, carry on writing to it and write every format of the appendix.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from facilitator.core import commands as c
from facilitator.core.rules import writable_lanes
from facilitator.core.state import replay
from facilitator.export import FORMATS, export_journal
from facilitator.journal import SCHEMA_VERSION, read_events
from facilitator.runtime import LiveSession

JOURNALS = Path(__file__).parent / "data" / "journals"
FORMAT_FIXTURES = sorted(JOURNALS.glob("journal-v*.sqlite3"))


def facts_of(session: LiveSession) -> dict[str, object]:
    state = session.state
    notes = state.notes.values()
    return {
        "event_count": state.event_count,
        "code": state.code,
        "participants": len(state.participants),
        "present": sum(1 for p in state.participants.values() if p.present),
        "notes": len(state.notes),
        "live_notes": sum(1 for n in notes if n.live),
        "hidden_notes": sorted(n.id for n in notes if n.hidden),
        "deleted_notes": sorted(n.id for n in notes if n.deleted),
        "highlighted_notes": sorted(n.id for n in notes if n.highlighted),
        "merged": {n.id: n.merged_into for n in sorted(notes, key=lambda n: n.id) if n.merged_into},
        "notes_per_lane": dict(sorted(Counter(f"{n.exercise_id}/{n.lane_id}" for n in notes if n.live).items())),
        "votes": sum(len(v) for v in state.votes.values()),
        "phases": {e: x.phase for e, x in sorted(state.exercises.items())},
        "plenum_lines": {e: list(x.plenum_lines.values()) for e, x in sorted(state.exercises.items())},
        "proposed_lanes": {e: sorted(x.proposed_lanes) for e, x in sorted(state.exercises.items())},
        "current_exercise": state.current_exercise_id,
        "texts": {n.id: n.text for n in sorted(notes, key=lambda n: n.id)},
    }


@pytest.fixture(params=FORMAT_FIXTURES, ids=lambda p: p.stem)
def old_journal(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, dict[str, object]]:
    source: Path = request.param
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    facts = json.loads(source.with_suffix("").with_suffix(".facts.json").read_text(encoding="utf-8"))
    return copy, facts


def test_there_is_a_pinned_journal_for_format_1() -> None:
    assert [p.name for p in FORMAT_FIXTURES][:1] == ["journal-v1.sqlite3"]


def test_there_is_a_pinned_journal_for_every_format_up_to_todays() -> None:
    assert [p.name for p in FORMAT_FIXTURES] == [f"journal-v{v}.sqlite3" for v in range(1, SCHEMA_VERSION + 1)]


def test_each_pinned_journal_is_of_its_own_format(old_journal: tuple[Path, dict[str, object]]) -> None:
    path, _ = old_journal
    with closing(sqlite3.connect(path)) as db:
        assert f"journal-v{db.execute('PRAGMA user_version').fetchone()[0]}.sqlite3" == path.name


def test_resuming_an_old_journal_adds_rows_of_todays_format_and_leaves_its_rows_as_they_were(
    old_journal: tuple[Path, dict[str, object]],
) -> None:
    path, facts = old_journal
    with closing(sqlite3.connect(path)) as db:
        before = db.execute("SELECT seq, type, body, crc FROM events ORDER BY seq").fetchall()
    session = LiveSession.open(path)
    session.execute(c.SetCurrentExercise("netvaerksstjernen"))
    session.close()
    with closing(sqlite3.connect(path)) as db:
        after = db.execute("SELECT seq, type, body, crc FROM events ORDER BY seq").fetchall()
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1 and after[-1][2].startswith(f'{{"v":{SCHEMA_VERSION},')


def test_an_old_journal_replays_to_the_state_its_own_code_read(old_journal: tuple[Path, dict[str, object]]) -> None:
    path, facts = old_journal
    session = LiveSession.open(path)
    try:
        assert session.warnings == []
        assert facts_of(session) == facts
    finally:
        session.close()


def test_the_format_2_journal_keeps_its_follow_ups() -> None:
    events, warnings = read_events(JOURNALS / "journal-v2.sqlite3")  # read-only: the fixture stays as it is
    follow_ups = replay(events).exercises["kompetencemoduler"].follow_ups
    assert warnings == []
    assert [(f.id, f.who, f.due, f.lane_id) for f in follow_ups.values()] == [
        ("v2-follow", "Anders Jacobsen", "1. marts", "amo-i-forandring")
    ]


def test_an_old_journal_takes_new_notes_and_opens_again(old_journal: tuple[Path, dict[str, object]]) -> None:
    path, facts = old_journal
    session = LiveSession.open(path)
    writer = next(p.id for p in session.state.participants.values() if p.present)
    session.execute(c.SetPhase("netvaerksstjernen", "writing"))
    lane = writable_lanes(session.state, "netvaerksstjernen", session.state.participants[writer])[0]
    session.execute(c.AddNote(writer, "after-upgrade", "netvaerksstjernen", lane, "Skrevet efter opgraderingen"))
    session.close()
    again = LiveSession.open(path)
    try:
        assert again.state.notes["after-upgrade"].text == "Skrevet efter opgraderingen"
        assert again.state.event_count == facts["event_count"] + 2  # type: ignore[operator]
    finally:
        again.close()


def test_an_old_journal_writes_every_format_of_the_appendix(old_journal: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    path, facts = old_journal
    written = export_journal(path, tmp_path / "bilag", formats=FORMATS, language="da")
    assert {p.suffix for p in written} >= {f".{f}" for f in FORMATS}
    appendix = json.loads(next(p for p in written if p.suffix == ".json").read_text(encoding="utf-8"))
    written_texts = json.dumps(appendix, ensure_ascii=False)
    texts: dict[str, str] = facts["texts"]  # type: ignore[assignment]
    gone = set(facts["hidden_notes"]) | set(facts["deleted_notes"])  # type: ignore[call-overload]
    shown = [nid for nid in texts if nid not in gone]
    assert len(shown) > 50
    for nid in shown:  # merged notes included: their wording is kept
        assert json.dumps(texts[nid], ensure_ascii=False) in written_texts, nid
    for nid in gone - {"v1-gone", "v2-gone"}:
        assert json.dumps(texts[nid], ensure_ascii=False) not in written_texts, nid
