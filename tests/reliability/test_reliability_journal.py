"""A damaged journal, with the real `facilitator run`: garbage after a crash,
a file cut short, a missing -wal file, a read-only journal and a full disk.
The server says what happened, acknowledges nothing it could not store,
and loses nothing that was stored."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fleet import Fleet, ServerProcess, journal_notes

pytestmark = pytest.mark.slow


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side(db: Path, suffix: str) -> Path:
    return db.with_name(db.name + suffix)


def assert_each_note_once(db: Path, fleet: Fleet) -> int:
    """Every note the phones wrote is in the journal exactly once; returns how many."""
    _, counts, warnings = journal_notes(db)
    assert warnings == []
    written = [note_id for phone in fleet.phones for note_id in phone.written]
    assert Counter(counts) == Counter(dict.fromkeys(written, 1))
    for phone in fleet.phones:
        assert phone.unexpected == [] and phone.outbox == {}
    return len(written)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "meeting.sqlite3", cwd=tmp_path)
    yield process
    process.cleanup()


@pytest.mark.parametrize("damaged", ["journal file", "-wal file"])
async def test_garbage_after_a_crash_loses_no_acknowledged_note(server: ServerProcess, damaged: str) -> None:
    fleet = Fleet(server, 10)
    try:
        await server.start("--start")
        await fleet.write(100)
        await server.kill()
        acked = fleet.acked()
        target = server.db if damaged == "journal file" else side(server.db, "-wal")
        assert target.stat().st_size > 0
        with open(target, "ab") as f:  # a torn last write: random bytes after the last whole one
            f.write(random.Random(1).randbytes(5000))
        await server.start()
        assert not any("damaged" in line for line in server.err)
        _, counts, _ = journal_notes(server.db)
        assert acked <= counts.keys()
        await fleet.write(50)
        await fleet.finish()
        assert await server.terminate() == 0
    finally:
        await fleet.close()
    assert assert_each_note_once(server.db, fleet) >= 150


async def test_a_journal_cut_short_is_said_plainly_and_kept_byte_for_byte(server: ServerProcess) -> None:
    fleet = Fleet(server, 5)
    try:
        await server.start("--start")
        await fleet.write(300)
        await fleet.finish()
        assert await server.terminate() == 0
        _, before, _ = journal_notes(server.db)
        with open(server.db, "r+b") as f:  # a copy cut short, a disk that lost its last pages
            f.truncate(server.db.stat().st_size - 3 * 4096)
        cut = digest(server.db)
        await server.start()
    finally:
        await fleet.close()
    [warning] = [line for line in server.err if "damaged" in line]
    assert str(server.db) in warning and "the session resumes from event" in warning
    [backup] = [p for p in server.db.parent.iterdir() if p.name.startswith("meeting.sqlite3.damaged-")]
    assert backup.name in warning
    assert digest(backup) == cut  # the damaged file is kept as it was, for whoever can recover more
    _, after, _ = journal_notes(server.db)
    assert 0 < len(after) < len(before) and after.keys() <= before.keys()
    resumed = next(line for line in server.out if "continues from the journal" in line)
    assert "events" in resumed
    assert await server.terminate() == 0


async def test_a_missing_wal_after_a_crash_is_refused_with_what_to_do_and_changes_nothing(server: ServerProcess) -> None:
    fleet = Fleet(server, 5)
    try:
        await server.start("--start")
        await fleet.write(60)
        await server.kill()
        _, at_crash, _ = journal_notes(server.db)  # in the journal file and its -wal
        assert fleet.acked() <= at_crash.keys()
        await server.start()  # which copies what the crash left in the -wal file into the file itself
        await fleet.write(60)
        await server.kill()
        await fleet.close()
        later = fleet.acked() - at_crash.keys()  # only in the -wal file so far
        wal, shm = side(server.db, "-wal"), side(server.db, "-shm")
        wal.unlink()  # a clean-up tool, or a copy without it
        before = (digest(server.db), digest(shm))

        await server.spawn()
        assert await server.wait_exit() == 1
        message = " ".join(server.err)
        assert "meeting.sqlite3-wal is missing" in message
        assert "Put it back beside the journal" in message and "move meeting.sqlite3-shm away" in message
        assert "Traceback" not in message
        assert (digest(server.db), digest(shm)) == before and not wal.exists()

        shm.rename(shm.with_name("moved-away.shm"))  # the facilitator chooses to carry on without them
        await server.start()
        _, counts, _ = journal_notes(server.db)
        assert at_crash.keys() <= counts.keys()  # everything from before the last start is in the file itself
        assert later - counts.keys()  # what only the lost -wal held is gone, which is why it was refused
        assert await server.terminate() == 0
    finally:
        await fleet.close()


# -- read-only and full disks -------------------------------------------------------------


def refused_again(fleet: Fleet) -> Callable[[], bool]:
    """Whether every phone has had a note refused (`not_stored`) since this
    call: the server has answered each of them while it could not store, so
    an acknowledgement would have come by now if one were coming."""
    before = [phone.stats.errors["not_stored"] for phone in fleet.phones]
    return lambda: all(phone.stats.errors["not_stored"] > n for phone, n in zip(fleet.phones, before, strict=True))


def chattr(flag: str, *paths: Path) -> bool:
    """Set or clear the immutable flag (binds root too); False where it is not supported."""
    try:
        result = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


@contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    if not chattr("+i", *paths):
        pytest.skip("chattr +i is not possible here (needs root and a file system that has the flag)")
    try:
        yield
    finally:
        chattr("-i", *paths)


async def test_a_read_only_journal_at_start_is_refused_clearly_and_left_unchanged(server: ServerProcess) -> None:
    await server.start()
    assert await server.terminate() == 0
    before = digest(server.db)
    with immutable(server.db):
        await server.spawn()
        assert await server.wait_exit() == 1
    assert server.err[-1].startswith(f"{server.db}: cannot write the journal: ")
    assert "readonly" in server.err[-1] and "Traceback" not in " ".join(server.err)
    assert digest(server.db) == before


async def test_a_journal_that_turns_read_only_acknowledges_nothing_until_it_is_writable_again(server: ServerProcess) -> None:
    fleet = Fleet(server, 5)
    try:
        await server.start("--start")
        await fleet.write(50)
        stored_before = fleet.acked()
        with immutable(server.db, side(server.db, "-wal")):
            acks = fleet.ack_count()
            await fleet.until(lambda: sum(p.stats.errors["not_stored"] for p in fleet.phones) >= 10, "not_stored")
            await fleet.until(refused_again(fleet), "every phone refused again")  # the server's own answers
            assert fleet.ack_count() <= acks + len(fleet.phones)  # at most the commits already under way
            waiting = fleet.unacked()
            assert waiting  # the phones hold them as not yet sent
        await fleet.write(50)  # writable again: the phones' resends are stored
        await fleet.finish()
        assert await server.terminate() == 0
    finally:
        await fleet.close()
    problems = [line for line in server.err if line.startswith("ERROR: ")]
    assert problems and "could not store the last change (disk I/O error). Nothing was acknowledged." in problems[0]
    _, counts, _ = journal_notes(server.db)
    assert stored_before | waiting <= counts.keys()
    assert assert_each_note_once(server.db, fleet) >= 100


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real, small file system (tmpfs) that can run full."""
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        mounted = None
    if mounted is None or mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root); tests/reliability/test_reliability_disk_full.py covers it in-process")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=10)


def fill_up(folder: Path) -> Path:
    """Take every free byte of the file system, as a video recording would."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 1 << 12, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


async def test_a_full_disk_acknowledges_nothing_and_the_resends_are_stored_once_space_is_free(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "8m") as disk:
        server = ServerProcess(disk / "meeting.sqlite3", cwd=tmp_path)
        fleet = Fleet(server, 5)
        try:
            await server.start("--start")
            await fleet.write(50)
            stored_before = fleet.acked()
            filler = fill_up(disk)
            await fleet.until(lambda: sum(p.stats.errors["not_stored"] for p in fleet.phones) >= 10, "not_stored")
            acks = fleet.ack_count()
            await fleet.until(refused_again(fleet), "every phone refused again")  # the server's own answers
            assert fleet.ack_count() <= acks + len(fleet.phones)
            waiting = fleet.unacked()
            assert waiting
            _, counts, _ = journal_notes(server.db)
            assert stored_before <= counts.keys()  # nothing stored was lost to the full disk
            filler.unlink()  # space again
            await fleet.write(50)
            await fleet.finish()
            assert await server.terminate() == 0
        finally:
            await fleet.close()
            server.cleanup()
        problems = [line for line in server.err if line.startswith("ERROR: ")]
        assert problems and "(database or disk is full). Nothing was acknowledged." in problems[0]
        _, counts, _ = journal_notes(server.db)
        assert waiting <= counts.keys()
        assert assert_each_note_once(server.db, fleet) >= 100
        shutil.copy(server.db, tmp_path / "copy.sqlite3")  # the journal is whole after the stop
