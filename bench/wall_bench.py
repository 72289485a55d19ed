"""What one projector-wall frame costs the event loop with 2,000 notes.

    python -m bench.wall_bench [--notes 2000] [--runs 50] [--focus]

`--focus` puts the first point in focus (issue 16): the frame then carries
that lane grouped as the appendix groups it (a fifth of the notes).

The server builds the wall's whole view and encodes it once per language
after each change, at most five times a second (facilitator/server/wall/connections.py),
so this number times five is the wall's share of the event loop at worst.
The session is real (a journal in a temporary folder); the join URL is
read from the network interfaces each time, as the server does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from facilitator.config.models import Exercise, ExerciseKind, Lane, LocalText, ResolvedPlan
from facilitator.core import commands as cmd
from facilitator.export.model import lane_report
from facilitator.runtime import LiveSession
from facilitator.server.transport.address import join_url
from facilitator.server.wall import view as wv
from facilitator.server.wall.focus import CachedReporter, LaneReporter

POINTS = ["behov", "bidrag", "rammer", "form", "indhold"]


def plan() -> ResolvedPlan:
    star = Exercise(
        id="stjernen",
        kind=ExerciseKind.STAR,
        title=LocalText(da="Netværksstjernen"),
        instructions=LocalText(da="Skriv på stjernens fem punkter."),
        lanes=[Lane(id=point, title=LocalText(da=point.capitalize())) for point in POINTS],
    )
    return ResolvedPlan(title="Bench", date=dt.date(2025, 2, 4), network="Bench", language="da", group_count=5, exercises=[star])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--focus", action="store_true", help="the first point in focus, grouped as the appendix groups it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        session = LiveSession.open(Path(folder) / "bench.sqlite3", plan())
        session.execute(cmd.StartExercise("stjernen"))
        for i in range(args.notes):
            text = f"Note nummer {i} om netværket"
            session.execute(cmd.AddNoteForGroup(f"n{i}", "stjernen", POINTS[i % 5], f"g{i % 5 + 1}", text))
        session.execute(cmd.Reveal("stjernen"))
        reporter: LaneReporter | None = None
        if args.focus:
            session.execute(cmd.FocusLane("stjernen", POINTS[0]))
            reporter = CachedReporter(lane_report)  # as the wall's hub holds it
            wv.wall_frame(session.state, "da", join_url="", reporter=reporter)  # the lemmatiser loads once per run
        spent = 0.0
        for run in range(args.runs):
            if args.focus:  # a phone writes on another point between two frames, as in a busy room
                session.execute(cmd.AddNoteForGroup(f"x{run}", "stjernen", POINTS[1], "g2", f"Ny note {run}"))
            start = time.perf_counter()
            built = wv.wall_frame(session.state, "da", join_url=join_url(session.state.code, port=8765), reporter=reporter)
            frame = wv.encode(built)
            spent += time.perf_counter() - start
        took = spent / args.runs
        session.close()
    print(f"{args.notes} notes: {took * 1000:.2f} ms per wall frame ({len(frame)} bytes), "
          f"{took * 5 * 100:.2f} % of the event loop at five frames a second")


if __name__ == "__main__":
    main()
