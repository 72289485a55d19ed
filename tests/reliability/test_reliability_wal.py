"""The journal's -wal file: after a crash it holds the latest commits. If it
goes missing, neither the meeting nor the appendix may quietly carry on
without them; after a clean stop there is no -wal file to lose. (The same
with the real `facilitator run` and SIGKILL: test_reliability_journal.py.)"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from plans import make_plan

from facilitator.core import commands as c
from facilitator.journal import JournalError, read_events
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"


def crashed_copy(session: LiveSession, folder: Path) -> Path:
    """The journal's files as a crash leaves them: copied while the session
    still has them open (nothing is written meanwhile)."""
    folder.mkdir()
    source = session.journal.path
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(source.with_name(source.name + suffix), folder / (source.name + suffix))
    return folder / source.name


def digests(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


@pytest.fixture
def crashed(tmp_path: Path) -> Path:
    session = LiveSession.open(tmp_path / "live.sqlite3", make_plan())
    session.execute(c.Join("p1", "h", "Katrine", "AKM"))
    session.execute(c.StartExercise(STAR))
    for i in range(20):
        session.execute(c.AddNote("p1", f"n{i}", STAR, "behov", f"Note {i}"))
    try:
        return crashed_copy(session, tmp_path / "crashed")
    finally:
        session.close()


def test_a_crash_leaves_the_latest_notes_in_the_wal_and_they_are_read_back(crashed: Path) -> None:
    events, warnings = read_events(crashed)
    assert warnings == [] and sum(e.type == "note_added" for e in events) == 20
    session = LiveSession.open(crashed)
    assert len(session.state.notes) == 20
    session.close()


def test_a_missing_wal_after_a_crash_is_refused_by_the_meeting_and_the_export(crashed: Path) -> None:
    wal, shm = crashed.with_name(crashed.name + "-wal"), crashed.with_name(crashed.name + "-shm")
    wal.unlink()
    before = digests(crashed, shm)
    for opening in (LiveSession.open, read_events):
        with pytest.raises(JournalError) as refused:
            opening(crashed)
        assert str(refused.value) == (
            f"{crashed}: live.sqlite3-wal is missing. The server was not stopped cleanly, and that file held "
            "the latest changes of the meeting, not yet in live.sqlite3. Put it back beside the journal and "
            "start again. To carry on without those changes, move live.sqlite3-shm away first. Nothing was changed."
        )
    assert digests(crashed, shm) == before and not wal.exists()


def test_a_restart_copies_the_wal_into_the_file_so_the_file_alone_is_whole(crashed: Path, tmp_path: Path) -> None:
    LiveSession.open(crashed).close()  # the restart after the crash (and a clean stop)
    assert not crashed.with_name(crashed.name + "-wal").exists()
    alone = tmp_path / "copied" / "alone.sqlite3"  # e.g. mailed to whoever writes the minutes
    alone.parent.mkdir()
    shutil.copy(crashed, alone)
    events, warnings = read_events(alone)
    assert warnings == [] and sum(e.type == "note_added" for e in events) == 20


def test_a_running_meetings_file_alone_holds_every_event_up_to_its_start(crashed: Path, tmp_path: Path) -> None:
    session = LiveSession.open(crashed)  # restarted after the crash, and still running
    try:
        alone = tmp_path / "alone.sqlite3"
        shutil.copy(crashed, alone)  # the file without its -wal, while the meeting goes on
        events, _ = read_events(alone)
        assert sum(e.type == "note_added" for e in events) == 20
    finally:
        session.close()
