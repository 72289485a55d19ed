"""Memory a note costs the server, and what 100 resuming phones add.

    .venv/bin/python -m bench.note_memory [NOTES]     (default 100,000)

Builds the load benchmark's synthetic room in process (1,000 participants in
143 groups, the star exercise), writes NOTES notes of 80–230 characters
through the live session (journalled to a temporary file), then encodes the
snapshots of 100 participants spread over the groups — what a tenth of the
room resuming asks of the server — with the snapshot encoder and note shelf
the hub keeps. Prints the resident memory after each step. Runs in any
source tree of the project (before issue 18 it had no shelf), so a before /
after comparison is two commands.
"""

from __future__ import annotations

import gc
import inspect
import sys
import tempfile
from pathlib import Path

from bench.server import EXERCISE, bench_plan
from facilitator.codes import hash_secret
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession

PARTICIPANTS = 1000
LANES = ("behov", "bidrag", "rammer", "form", "indhold")
TEXT = "Vi har brug for et netværk hvor vi kan dele erfaringer om arbejdsmiljø og trivsel på tværs af enheder, æøå. "


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    notes = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    # today's bench.server takes the groups; an older tree's the participants (groups of 7): 143 groups either way
    plan = bench_plan(143 if "groups" in inspect.signature(bench_plan).parameters else PARTICIPANTS)
    try:
        from facilitator.server.phone import views
    except ImportError:  # pragma: no cover - an older tree
        from facilitator.server import views  # type: ignore[no-redef,attr-defined]
    session = LiveSession.open(Path(tempfile.mkdtemp()) / "journal.sqlite3", plan)
    session.execute(cmd.StartExercise(EXERCISE))
    pids = [f"p_{i}" for i in range(PARTICIPANTS)]
    for pid in pids:
        session.execute(cmd.Join(pid, secret_hash=hash_secret(pid), name=f"Navn {pid}", unit="AKM"))
    gc.collect()
    joined = rss_mb()
    batch = []
    for i in range(notes):
        batch.append((cmd.AddNote(pids[i % PARTICIPANTS], f"n{i}", EXERCISE, LANES[i % 5], TEXT[: 80 + i % 150] + str(i)), None))
        if len(batch) == 256 or i == notes - 1:
            session.execute_many(batch)
            batch = []
    gc.collect()
    with_notes = rss_mb()
    state = session.state
    shelf = views.NoteShelf() if hasattr(views, "NoteShelf") else None
    encoder = views.SnapshotEncoder(state, shelf) if shelf is not None else views.SnapshotEncoder(state)
    sizes = [len(encoder.snapshot(state.participants[pid], "da")) for pid in pids[::10]]
    gc.collect()
    resumed = rss_mb()
    print(f"{notes:,} notes: RSS {joined:.0f} MB with the room joined; notes +{with_notes - joined:.1f} MB "
          f"({(with_notes - joined) * 1e6 / max(1, notes):.0f} bytes a note); 100 snapshots +{resumed - with_notes:.1f} MB "
          f"(kept by the encoder and shelf; {sum(sizes) / len(sizes) / 1024:.0f} KiB a snapshot)")
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
