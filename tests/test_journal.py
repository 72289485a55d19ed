"""The journal on a real SQLite file: durable order, versions, damage."""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from pathlib import Path

import pytest
from plans import make_plan

from facilitator.core import commands as c
from facilitator.journal import Journal, JournalError, JournalWriteError, read_events
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"


def fill(path: Path, notes: int = 5) -> LiveSession:
    session = LiveSession.open(path, make_plan())
    session.execute(c.Join("p1", "h", "Katrine", "AKM"))
    session.execute(c.StartExercise(STAR))
    for i in range(notes):
        session.execute(c.AddNote("p1", f"n{i}", STAR, "behov", f"Note nummer {i}"))
    return session


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_reopened_journal_continues_the_session_where_it_stopped(journal_path: Path) -> None:
    session = fill(journal_path)
    code = session.state.code
    session.close()
    again = LiveSession.open(journal_path)
    assert again.state.code == code
    assert [n.text for n in again.state.notes.values()] == [f"Note nummer {i}" for i in range(5)]
    again.execute(c.AddNote("p1", "n5", STAR, "behov", "Efter genstart"))
    again.close()
    events, warnings = read_events(journal_path)
    assert warnings == []
    assert events[-1].text == "Efter genstart"  # type: ignore[union-attr]


def test_the_journal_is_a_wal_sqlite_file_with_its_schema_version(journal_path: Path) -> None:
    fill(journal_path).close()
    db = sqlite3.connect(journal_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    db.close()


def test_a_journal_from_a_newer_version_is_refused_and_left_unchanged(journal_path: Path) -> None:
    fill(journal_path).close()
    db = sqlite3.connect(journal_path)
    db.execute("PRAGMA user_version = 7")
    db.close()
    before = digest(journal_path)
    with pytest.raises(JournalError, match="newer"):
        LiveSession.open(journal_path)
    with pytest.raises(JournalError, match="newer"):
        read_events(journal_path)
    assert digest(journal_path) == before


def test_a_file_that_is_not_a_journal_is_refused_clearly(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.sqlite3"
    garbage.write_bytes(b"Dette er ikke en database\n" * 200)
    with pytest.raises(JournalError, match="not a Stjernestund journal"):
        LiveSession.open(garbage)
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("PRAGMA application_id = 42")
    db.execute("CREATE TABLE t (x)")
    db.close()
    with pytest.raises(JournalError, match="another program"):
        LiveSession.open(other)


def test_a_half_written_last_record_is_dropped_with_a_warning(journal_path: Path) -> None:
    fill(journal_path).close()
    db = sqlite3.connect(journal_path)
    seq, body = db.execute("SELECT seq, body FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    db.execute("UPDATE events SET body = ? WHERE seq = ?", (body[: len(body) // 2], seq))
    db.commit()
    db.close()

    session = LiveSession.open(journal_path)
    assert len(session.warnings) == 1
    assert "half-written" in session.warnings[0]
    assert [n.id for n in session.state.notes.values()] == ["n0", "n1", "n2", "n3"]
    # the damaged file is kept beside it, and the session carries on writing
    assert any(p.name.startswith(journal_path.name + ".damaged-") for p in journal_path.parent.iterdir())
    session.execute(c.AddNote("p1", "n4", STAR, "behov", "Skrevet igen"))
    session.close()
    reopened = LiveSession.open(journal_path)
    assert reopened.warnings == []
    assert reopened.state.notes["n4"].text == "Skrevet igen"
    reopened.close()


def test_damage_in_the_middle_is_refused_not_papered_over(journal_path: Path) -> None:
    fill(journal_path).close()
    db = sqlite3.connect(journal_path)
    db.execute("UPDATE events SET crc = crc + 1 WHERE seq = 3")
    db.commit()
    db.close()
    before = digest(journal_path)
    with pytest.raises(JournalError, match="damaged in the middle"):
        LiveSession.open(journal_path)
    assert digest(journal_path) == before


def test_a_whole_event_this_version_does_not_know_is_refused_not_repaired(journal_path: Path) -> None:
    fill(journal_path).close()
    body = '{"v":2,"type":"lights_dimmed","level":3}'  # as a newer version might write it
    db = sqlite3.connect(journal_path)
    db.execute("INSERT INTO events (type, body, crc) VALUES (?, ?, ?)", ("lights_dimmed", body, zlib.crc32(body.encode())))
    db.commit()
    db.close()
    before = digest(journal_path)
    with pytest.raises(JournalError, match="newer version"):
        LiveSession.open(journal_path)
    with pytest.raises(JournalError, match="newer version"):
        read_events(journal_path)
    assert digest(journal_path) == before
    assert sorted(p.name for p in journal_path.parent.iterdir() if "damaged" in p.name) == []


def test_a_truncated_file_resumes_from_the_last_whole_event(journal_path: Path) -> None:
    session = fill(journal_path, notes=400)
    session.close()
    size = journal_path.stat().st_size
    with open(journal_path, "r+b") as f:
        f.truncate(size - 4096 * 2)
    reopened = LiveSession.open(journal_path)
    assert reopened.warnings and "damaged" in reopened.warnings[0]
    kept = len(reopened.state.notes)
    assert 0 < kept < 400
    assert list(reopened.state.notes) == [f"n{i}" for i in range(kept)]
    reopened.close()


def test_a_failed_write_changes_nothing_and_raises(journal_path: Path) -> None:
    session = fill(journal_path, notes=1)
    before = len(session.state.notes)
    # A second connection holds the write lock: the append cannot commit.
    blocker = sqlite3.connect(journal_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    session.journal._db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(JournalWriteError, match="Nothing was acknowledged"):
            session.execute(c.AddNote("p1", "n9", STAR, "behov", "Går tabt?"))
        assert len(session.state.notes) == before
        assert "n9" not in session.state.notes
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    session.execute(c.AddNote("p1", "n9", STAR, "behov", "Nu gemt"))
    assert session.state.notes["n9"].text == "Nu gemt"
    session.close()


def test_reading_for_export_does_not_change_the_file(journal_path: Path) -> None:
    fill(journal_path).close()
    before = digest(journal_path)
    events, warnings = read_events(journal_path)
    # created, joined, writing phase opened, five notes
    assert [e.type for e in events] == ["session_created", "participant_joined", "phase_set"] + ["note_added"] * 5
    assert warnings == []
    assert digest(journal_path) == before


def test_reading_a_cleanly_closed_journal_leaves_nothing_beside_it(journal_path: Path) -> None:
    fill(journal_path).close()
    folder = sorted(p.name for p in journal_path.parent.iterdir())
    assert folder == [journal_path.name]  # closing removed -wal and -shm
    events, _ = read_events(journal_path)
    assert len(events) == 8
    assert sorted(p.name for p in journal_path.parent.iterdir()) == folder


def test_reading_a_journal_in_use_sees_its_latest_events_and_leaves_its_files_to_it(journal_path: Path) -> None:
    session = fill(journal_path)  # the meeting is on: -wal holds the latest commits
    try:
        folder = sorted(p.name for p in journal_path.parent.iterdir())
        events, _ = read_events(journal_path)
        assert len(events) == 8
        session.execute(c.AddNote("p1", "n-after", STAR, "behov", "Efter eksporten"))
        assert sorted(p.name for p in journal_path.parent.iterdir()) == folder
    finally:
        session.close()
    assert sorted(p.name for p in journal_path.parent.iterdir()) == [journal_path.name]
    assert read_events(journal_path)[0][-1].text == "Efter eksporten"  # type: ignore[union-attr]


def test_a_missing_journal_is_a_clear_error_for_export(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="no such journal"):
        read_events(tmp_path / "missing.sqlite3")


def test_an_empty_journal_without_a_plan_is_refused(journal_path: Path) -> None:
    with pytest.raises(JournalError, match="no plan"):
        LiveSession.open(journal_path)


def test_a_new_journal_starts_empty(journal_path: Path) -> None:
    opened = Journal.open(journal_path)
    assert opened.events == [] and opened.warnings == []
    opened.journal.close()
