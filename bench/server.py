"""Our server, as `facilitator run` runs it, in a process of its own.

    python -m bench.server PARTICIPANTS GROUPS JOURNAL [--no-gc-pacer]   (the runner starts it)

The benchmark's "synthetic" shape: the session is built from a plan made
here in Python (one star exercise, writing open, GROUPS groups: N/7, more
than the 100 a plan file allows at 1,000 phones and up), journalled to a real file, and served on
127.0.0.1 port 0 by `SessionServer` with its default limits except the
number of connections, in all and per address (raised to fit the
benchmark's phones, which all come from 127.0.0.1). The console's
part is played by a listener on the live session, the same path the real
console subscribes through; it notes when each note reaches it.

Like `facilitator run` (with its console or `--headless`), the process
paces Python's full garbage collections (`facilitator/gc_pacer.py`: freeze
once a second, collect when quiet), told of activity by the session.
Without it, full collections of 50-230 ms (measured with 2,000 phones) set
the tail of the latencies; `--no-gc-pacer` measures that.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bench.control import ConsoleProbe, obey, say
from bench.load import raise_file_limit
from facilitator.config.models import Exercise, ExerciseKind, ExerciseOptions, Lane, LocalText, ResolvedPlan, Visibility
from facilitator.core import commands as cmd
from facilitator.core import events as ev
from facilitator.gc_pacer import GcPacer, pace_collections
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.server.transport.limits import Limits

EXERCISE = "netvaerksstjernen"
POINTS = (("behov", "Behov"), ("bidrag", "Bidrag"), ("rammer", "Rammer"), ("form", "Form"), ("indhold", "Indhold"))
UNITS = ["AKM", "AHR", "AIT", "AUS", "Aqua", "Compute", "Energi", "Wind"]


def bench_plan(groups: int) -> ResolvedPlan:
    star = Exercise(
        id=EXERCISE,
        kind=ExerciseKind.STAR,
        title=LocalText(da="Netværksstjernen"),
        instructions=LocalText(da="Skriv jeres noter på stjernens fem punkter."),
        options=ExerciseOptions(max_note_length=280, visibility=Visibility.GROUP),
        lanes=[Lane(id=lane_id, title=LocalText(da=title)) for lane_id, title in POINTS],
    )
    return ResolvedPlan(
        title="Belastningsprøve",
        date=dt.date.today(),
        network="Arbejdsmiljøkoordinatornetværket",
        group_count=groups,
        units=UNITS,
        ask_names=True,
        # The bench measures the server, not people: its phones write far
        # faster than anyone, so the per-participant limits (issue 14) are lifted.
        notes_per_minute=None,
        notes_per_exercise=None,
        exercises=[star],
    )


async def run(participants: int, groups: int, journal: Path, gc_pacer: bool) -> None:
    session = LiveSession.open(journal, bench_plan(groups))
    session.execute(cmd.StartExercise(EXERCISE))
    # every phone is 127.0.0.1 here: the per-address caps are raised
    limits = Limits(
        max_connections=participants + 500, sockets_per_address=participants + 500, joins_per_address=participants + 500
    )
    server = SessionServer(session, host="127.0.0.1", port=0, limits=limits)
    probe = ConsoleProbe()

    def console(events: list[ev.Event], origin: object) -> None:
        for event in events:
            if isinstance(event, ev.NoteAdded):
                probe.seen(event.note_id)

    session.subscribe(console)
    await server.start()
    say({"port": server.port, "join_url": server.join_url})

    def journal_size(_: dict[str, Any]) -> dict[str, Any]:
        files = [journal, journal.with_name(journal.name + "-wal")]
        return {"journal_bytes": sum(f.stat().st_size for f in files if f.exists()), "events": session.state.event_count}

    pacing = asyncio.create_task(pace_collections(session, GcPacer())) if gc_pacer else None
    try:
        await obey({"report": probe.report, "journal": journal_size})
    finally:
        if pacing is not None:
            pacing.cancel()
        await server.stop()
        session.close()
    say({"stopped": True})


def main() -> int:
    raise_file_limit()
    asyncio.run(run(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), gc_pacer="--no-gc-pacer" not in sys.argv[4:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
