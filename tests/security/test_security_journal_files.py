"""The journal holds names and every note: its file and SQLite's `-wal` and
`-shm` beside it are readable by the facilitator's own user only (0600), like
the wall's secret, whatever the umask — on a shared university machine other
accounts must not read the meeting."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from plans import make_plan

from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The most open umask a facilitator's shell could have."""
    before = os.umask(0o000)
    yield
    os.umask(before)


def test_a_new_journal_and_its_wal_and_shm_are_created_0600(tmp_path: Path, open_umask) -> None:
    path = tmp_path / "meeting.sqlite3"
    session = LiveSession.open(path, make_plan())
    session.execute(cmd.StartExercise("netvaerksstjernen"))
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    try:
        assert all(f.exists() for f in files), [f.name for f in files if not f.exists()]
        assert {f.name: oct(mode(f)) for f in files} == {f.name: "0o600" for f in files}
    finally:
        session.close()


def test_a_journal_left_readable_by_others_is_made_private_when_it_is_opened(tmp_path: Path, open_umask) -> None:
    path = tmp_path / "meeting.sqlite3"
    LiveSession.open(path, make_plan()).close()
    os.chmod(path, 0o644)  # written by an earlier version
    session = LiveSession.open(path, make_plan())
    session.execute(cmd.StartExercise("netvaerksstjernen"))
    try:
        for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert mode(f) == 0o600, (f.name, oct(mode(f)))
    finally:
        session.close()
