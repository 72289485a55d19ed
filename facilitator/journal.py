"""The journal: every event of a session, appended to one SQLite file.

An event is committed here before anyone is told it happened. Opening an
existing file hands back its events so the session continues where it
stopped. Each row carries a CRC of its body so a damaged tail is found
rather than trusted; the file records its format (`user_version`: the
newest event format in it, see `core/event_format.py`) and is never altered
by a version that does not know it. A whole row (checksum holds) with an
event this code cannot read was written by a newer version: the file is
refused unchanged, never "repaired". Rows of older formats are upcast as they
are read and never rewritten; resuming adds rows of today's format after them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import struct
import tempfile
import urllib.parse
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from facilitator.core.event_format import EVENT_FORMAT, event_from_json, event_to_json
from facilitator.core.events import Event

# The newest event format this code writes (core/event_format.py says what
# each format means and how older rows are read).
SCHEMA_VERSION = EVENT_FORMAT
APPLICATION_ID = 0x53544A52  # "STJR": tells our journals from other SQLite files

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq  INTEGER PRIMARY KEY,
    type TEXT    NOT NULL,
    body TEXT    NOT NULL,
    crc  INTEGER NOT NULL
);
"""


class JournalError(Exception):
    """The journal cannot be opened or written; the message says why and what to do."""


class JournalWriteError(JournalError):
    """An append failed: nothing of it was stored, so nothing may be acknowledged."""


@dataclass
class OpenedJournal:
    journal: Journal
    events: list[Event]
    warnings: list[str] = field(default_factory=list)


def _make_private(path: Path) -> None:
    """The journal holds names and every note: readable by the facilitator's
    own user only (0600), like the wall's secret. Created so before SQLite
    opens it, since SQLite gives its `-wal` and `-shm` the mode of the
    database file; one left by an earlier version is made private too. Where
    that is not possible (another owner, a read-only disk), SQLite's own
    error says what is wrong."""
    if os.name != "posix":
        return  # Windows: the user's profile folder is private already
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)  # never truncates; new: private from its first byte
        try:
            if os.fstat(fd).st_mode & 0o077:
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists() and side.stat().st_mode & 0o077:
                side.chmod(0o600)
    except OSError:
        pass


Row = tuple[str, str, int]  # (type, body, crc): one event as stored


def _crc(body: str) -> int:
    return zlib.crc32(body.encode("utf-8"))


class Journal:
    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        self.closed = False

    # -- opening ----------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> OpenedJournal:
        """Open (or create) the journal at `path` and read back its events."""
        path = Path(path)
        warnings: list[str] = []
        existed = path.exists() and path.stat().st_size > 0
        if not existed:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise JournalError(f"{path}: cannot create the folder: {exc.strerror}") from exc
        if existed:
            cls._check_header(path)
            cls._check_wal(path)
        db = cls._connect(path)
        try:
            events, damaged = cls._read_events(path, db)
        except JournalError:
            db.close()
            raise
        if damaged is not None and existed:
            salvaged = cls._salvage(path)
            if len(salvaged) > len(events):
                events = salvaged
        if damaged is not None:
            db.close()
            backup = cls._rebuild(path, events)
            warnings.append(
                f"{path}: {damaged}; the session resumes from event {len(events)}, the last whole one. "
                f"The damaged file was kept as {backup.name}."
            )
            db = cls._connect(path)
        try:
            cls._init_schema(db)
        except sqlite3.Error as exc:
            db.close()
            raise JournalError(f"{path}: cannot write the journal: {exc}") from exc
        if existed:
            cls._checkpoint(db)
        return OpenedJournal(cls(path, db), events, warnings)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        _make_private(path)
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA busy_timeout = 2000")
        except sqlite3.Error as exc:
            raise JournalError(f"{path}: cannot open the journal: {exc}") from exc
        return db

    @staticmethod
    def _check_header(path: Path) -> None:
        """Read the version from the file's own header bytes, which stay
        readable even when the rest of the file is damaged."""
        try:
            with open(path, "rb") as f:
                header = f.read(100)
        except OSError as exc:
            raise JournalError(f"{path}: cannot read the journal: {exc.strerror}") from exc
        if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
            raise JournalError(f"{path}: not a Stjernestund journal (not an SQLite file)")
        version, app_id = struct.unpack(">I", header[60:64])[0], struct.unpack(">I", header[68:72])[0]
        if app_id not in (0, APPLICATION_ID):
            raise JournalError(f"{path}: not a Stjernestund journal (another program's SQLite file)")
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{path}: journal format {version} is newer than this version of Stjernestund "
                f"understands ({SCHEMA_VERSION}); upgrade Stjernestund to open it. The file was not changed."
            )

    @staticmethod
    def _check_wal(path: Path) -> None:
        """Refuse a journal whose -wal file went missing after a crash.

        A commit lives in NAME-wal until SQLite copies it into NAME, and the
        index NAME-shm records how far the copying got. If the -wal file is
        gone while the index says it held commits not yet copied, opening
        would quietly start from older events, and the first new write would
        make the lost file useless even if it turned up again."""
        wal = path.with_name(path.name + "-wal")
        shm = path.with_name(path.name + "-shm")
        if wal.exists() or not shm.exists():
            return
        try:
            with open(shm, "rb") as f:
                index = f.read(136)
        except OSError:
            return
        if len(index) < 136:
            return
        # https://www.sqlite.org/walformat.html: the header's mxFrame (byte 16) and
        # the checkpoint's nBackfill (byte 96), in the machine's byte order
        frames, copied = struct.unpack_from("=I", index, 16)[0], struct.unpack_from("=I", index, 96)[0]
        if frames > copied:
            raise JournalError(
                f"{path}: {wal.name} is missing. The server was not stopped cleanly, and that file held the "
                f"latest changes of the meeting, not yet in {path.name}. Put it back beside the journal and "
                f"start again. To carry on without those changes, move {shm.name} away first. "
                "Nothing was changed."
            )

    @staticmethod
    def _checkpoint(db: sqlite3.Connection) -> None:
        """Copy what a crash left in the -wal file into the journal file itself,
        so the file alone holds every event up to this start."""
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error:
            pass  # another reader holds it (an export); the automatic checkpoints carry on

    @classmethod
    def _salvage(cls, path: Path) -> list[Event]:
        """The whole events of a file cut short (a crash while the disk was
        writing): read a copy whose header is told the file's real length."""
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / path.name
            data = bytearray(path.read_bytes())
            page_size = struct.unpack(">H", data[16:18])[0]
            page_size = 65536 if page_size == 1 else page_size
            data[28:32] = struct.pack(">I", len(data) // page_size)
            copy.write_bytes(data)
            wal = path.with_name(path.name + "-wal")
            if wal.exists():
                shutil.copy(wal, copy.with_name(copy.name + "-wal"))
            db = cls._connect(copy)
            try:
                events, _ = cls._read_events(copy, db)
            except JournalError:
                events = []
            finally:
                db.close()
        return events

    @staticmethod
    def _init_schema(db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")  # a commit is on disk before we acknowledge
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.executescript(_SCHEMA)

    @staticmethod
    def _read_events(path: Path, db: sqlite3.Connection) -> tuple[list[Event], str | None]:
        """The whole events in order, and a description of damage if the tail is not whole."""
        events: list[Event] = []
        try:
            has_table = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
            ).fetchone()
            if not has_table:
                return events, None
            rows = db.execute("SELECT seq, body, crc FROM events ORDER BY seq")
            pending: str | None = None
            for seq, body, crc in rows:
                if pending is not None:
                    raise JournalError(
                        f"{path}: {pending}, and whole events follow it; the journal is damaged in the "
                        "middle and was not changed. Keep a copy and report it."
                    )
                if not isinstance(body, str) or _crc(body) != crc:
                    pending = f"event {seq} is half-written or damaged"
                    continue
                try:
                    events.append(event_from_json(body))
                except (ValueError, ValidationError) as exc:
                    # Stored whole (its checksum holds) yet not an event this code
                    # knows: a newer version wrote it. Never "repair" that away.
                    raise JournalError(
                        f"{path}: event {seq} is not one this version of Stjernestund knows ({exc.__class__.__name__}); "
                        "a newer version probably wrote it. Upgrade Stjernestund to open it. The file was not changed."
                    ) from exc
            return events, pending
        except sqlite3.DatabaseError as exc:
            return events, f"the file is damaged after event {len(events)} ({exc})"

    @classmethod
    def _rebuild(cls, path: Path, events: list[Event]) -> Path:
        """Move the damaged file aside (never delete it) and write the whole events anew."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.name}.damaged-{stamp}")
        shutil.move(path, backup)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                shutil.move(side, backup.with_name(backup.name + suffix))
        db = cls._connect(path)
        try:
            cls._init_schema(db)
            cls._insert(db, events)
        finally:
            db.close()
        return backup

    # -- writing ----------------------------------------------------------------------
    @staticmethod
    def rows(events: Iterable[Event]) -> list[Row]:
        """The rows `append_rows` stores for `events`: encoding them is
        Python work, done by the caller's thread (the event loop), so the
        journal's thread holds the interpreter only briefly."""
        rows: list[Row] = []
        for event in events:
            body = event_to_json(event)
            rows.append((event.type, body, _crc(body)))
        return rows

    @classmethod
    def _insert(cls, db: sqlite3.Connection, events: Iterable[Event]) -> None:
        cls._insert_rows(db, cls.rows(events))

    @staticmethod
    def _insert_rows(db: sqlite3.Connection, rows: list[Row]) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT INTO events (type, body, crc) VALUES (?, ?, ?)", rows)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def append(self, events: list[Event]) -> None:
        """Store `events` in one transaction, durably, or raise and store none."""
        if events:
            self.append_rows(self.rows(events))

    def append_rows(self, rows: list[Row]) -> None:
        """Store the rows of `rows(events)` in one transaction, durably, or
        raise and store none. Safe on another thread than the one that
        opened the journal, one caller at a time (`LiveSession`'s writer)."""
        if not rows:
            return
        if self.closed:
            raise JournalWriteError(f"{self.path}: the journal is closed")
        try:
            self._insert_rows(self._db, rows)
        except sqlite3.Error as exc:
            raise JournalWriteError(
                f"{self.path}: could not store the last change ({exc}). Nothing was acknowledged. "
                "Check the disk (space, permissions), then carry on."
            ) from exc

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._db.close()


def read_events(path: str | Path) -> tuple[list[Event], list[str]]:
    """All whole events of a journal, read without changing the file (for export)."""
    path = Path(path)
    if not path.exists():
        raise JournalError(f"{path}: no such journal")
    # Without a -wal file nobody has the journal open (a running server keeps
    # one), and the file alone holds every event: read it as immutable, so
    # SQLite makes no -wal or -shm for the reader and leaves none behind.
    # With one, read through it to see the latest commits, and leave it.
    in_use = path.with_name(path.name + "-wal").exists()
    uri = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro" + ("" if in_use else "&immutable=1")
    try:
        db = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise JournalError(f"{path}: cannot open the journal: {exc}") from exc
    try:
        Journal._check_header(path)
        Journal._check_wal(path)
        events, damaged = Journal._read_events(path, db)
    finally:
        db.close()
    if damaged is not None:
        salvaged = Journal._salvage(path)
        if len(salvaged) > len(events):
            events = salvaged
    warnings = [f"{path}: {damaged}; using the {len(events)} whole events before it"] if damaged else []
    return events, warnings
