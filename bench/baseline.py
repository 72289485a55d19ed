"""The baselines: a bare websockets server with the same fan-out and nothing else,
and the same server committing every join and note to SQLite.

    python -m bench.baseline GROUPS [--sqlite FILE]   (the runner starts it)

It answers the benchmark phones' frames just well enough for them to work:
`join`/`resume` put a phone in the smallest of N/7 groups, and a `note` is
sent to the writer's group members and to the console probe, then
acknowledged. No validation beyond reading the JSON, no journal, no rate
limit, no session state: what is left is the websockets library's own cost
(handshakes, framing, sockets), which is the ceiling our server is measured
against. It uses the same server settings as `SessionServer` (no
compression, the same frame, queue and write limits) so the difference is
our own work.

With `--sqlite FILE` it is the **bare + SQLite** baseline: the same server
committing each join and each note to a SQLite file (WAL, one transaction
per row) before it answers, in the event loop, as the simplest durable
server would. `--sync normal` (the runner's default) commits to the
operating system without waiting for the disk (WAL's `synchronous =
NORMAL`: a commit survives the program, fsync at checkpoints), `--sync
full` waits for the disk at every commit as our journal does (which our
journal amortises by committing a turn's notes together: one fsync per
note caps this server at 1 / fsync time, ~300 notes a second on the
development machine). README.md says why normal is the reference. The project is compared
against this one (the "÷ baseline" columns): durability is part of the job.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sqlite3
import sys
import time
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast, serve

from bench.control import ConsoleProbe, obey, say
from bench.load import raise_file_limit
from bench.server import EXERCISE, POINTS


class Store:
    """Every join and note on disk before the answer: one commit each."""

    def __init__(self, path: str, sync: str = "NORMAL") -> None:
        if sync not in ("NORMAL", "FULL"):
            raise ValueError(f"synchronous NORMAL or FULL, not {sync!r}")
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute(f"PRAGMA synchronous = {sync}")
        self.db.execute("CREATE TABLE IF NOT EXISTS participant (id TEXT PRIMARY KEY, grp INTEGER, name TEXT, unit TEXT, at REAL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS note (id TEXT PRIMARY KEY, participant TEXT, grp INTEGER, lane TEXT, text TEXT, at REAL)")
        self.events = 0

    def joined(self, participant_id: str, group: int, frame: dict[str, Any]) -> None:
        # autocommit: each INSERT is its own transaction, committed (and fsync'd) before it returns
        self.db.execute("INSERT INTO participant VALUES (?, ?, ?, ?, ?)",
                        (participant_id, group, frame.get("name"), frame.get("unit"), time.time()))
        self.events += 1

    def note(self, note_id: str, participant_id: str, group: int, frame: dict[str, Any]) -> None:
        self.db.execute("INSERT OR IGNORE INTO note VALUES (?, ?, ?, ?, ?, ?)",
                        (note_id, participant_id, group, frame.get("lane_id"), frame.get("text"), time.time()))
        self.events += 1


class Baseline:
    def __init__(self, groups: int, store: Store | None = None) -> None:
        self.members: list[set[ServerConnection]] = [set() for _ in range(groups)]
        self.placed: list[int] = [0] * len(self.members)
        self.groups: dict[str, int] = {}  # participant id -> group index
        self.probe = ConsoleProbe()
        self.store = store

    def _welcome(self, ws: ServerConnection, participant_id: str, secret: str | None, group: int) -> None:
        lanes = [{"id": lane_id, "writable": True} for lane_id, _ in POINTS]
        snapshot = {"you": {"participant_id": participant_id, "group_id": f"g{group + 1}"}, "exercise": {"id": EXERCISE, "lanes": lanes}, "notes": []}
        frame = {"type": "welcome", "v": 1, "participant_id": participant_id, "secret": secret, "snapshot": snapshot}
        broadcast([ws], json.dumps(frame, ensure_ascii=False))

    async def serve(self, ws: ServerConnection) -> None:
        group: int | None = None
        participant_id = ""
        try:
            async for message in ws:
                frame: dict[str, Any] = json.loads(message)
                kind = frame.get("type")
                if kind == "join":
                    group = min(range(len(self.placed)), key=self.placed.__getitem__)
                    self.placed[group] += 1
                    participant_id = "p_" + secrets.token_urlsafe(9)
                    self.groups[participant_id] = group
                    if self.store is not None:
                        self.store.joined(participant_id, group, frame)
                    self.members[group].add(ws)
                    self._welcome(ws, participant_id, secrets.token_urlsafe(24), group)
                elif kind == "resume":
                    participant_id = frame["participant_id"]
                    group = self.groups[participant_id]
                    self.members[group].add(ws)
                    self._welcome(ws, frame["participant_id"], None, group)
                elif kind == "note" and group is not None:
                    if self.store is not None:
                        self.store.note(frame["note_id"], participant_id, group, frame)
                    note = {"id": frame["note_id"], "exercise_id": frame["exercise_id"], "lane_id": frame["lane_id"],
                            "group_id": f"g{group + 1}", "text": frame["text"], "edited": False, "highlighted": False,
                            "mine": False, "author_name": None}
                    push = json.dumps({"type": "note", "v": 1, "note": note}, ensure_ascii=False)
                    broadcast([member for member in self.members[group] if member is not ws], push)
                    self.probe.seen(note["id"])
                    note["mine"] = True
                    ack = {"type": "ack", "v": 1, "request": "note", "note_id": note["id"], "note": note}
                    broadcast([ws], json.dumps(ack, ensure_ascii=False))
                elif kind == "ping":
                    broadcast([ws], '{"type":"pong","v":1}')
        except Exception:  # noqa: BLE001 - a phone going away is normal
            pass
        finally:
            if group is not None:
                self.members[group].discard(ws)


async def run(groups: int, sqlite_path: str | None, sync: str) -> None:
    store = Store(sqlite_path, sync) if sqlite_path else None
    baseline = Baseline(groups, store)

    def journal(_: dict[str, Any]) -> dict[str, Any]:
        if store is None or sqlite_path is None:
            return {"journal_bytes": 0, "events": 0}
        files = [sqlite_path, sqlite_path + "-wal"]
        size = sum(os.path.getsize(f) for f in files if os.path.exists(f))
        return {"journal_bytes": size, "events": store.events}

    async with serve(
        baseline.serve,
        "127.0.0.1",
        0,
        compression=None,
        max_size=16 * 1024,
        max_queue=16,
        write_limit=32 * 1024,
        ping_interval=20,
        ping_timeout=20,
        close_timeout=5,
        server_header=None,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        say({"port": port, "join_url": f"http://127.0.0.1:{port}/j/BASELINE"})
        await obey({"report": baseline.probe.report, "journal": journal})
    say({"stopped": True})


def main() -> int:
    raise_file_limit()
    sqlite_path = sys.argv[sys.argv.index("--sqlite") + 1] if "--sqlite" in sys.argv else None
    sync = sys.argv[sys.argv.index("--sync") + 1].upper() if "--sync" in sys.argv else "NORMAL"
    asyncio.run(run(int(sys.argv[1]), sqlite_path, sync))
    return 0


if __name__ == "__main__":
    sys.exit(main())
