"""How responsive the console stays with 500 phones and 2,000 notes.

    python -m bench.console_bench [--phones 500] [--notes 2000] [--rate 40] [--keys 200]

The console and the server run in this process and event loop, as with
`facilitator run`; the phones run in a second process (real WebSocket
clients on 127.0.0.1) at the lowest priority: in a room they are other
devices, so their work should not take the console's core. Once every
phone has joined, the bench presses `2` and `s` (start writing); the phones
post their notes at `--rate` notes a second while the bench presses keys
under `App.run_test()`: screen switches (exercise, moderation, lobby) and
`+` (extend the countdown).

Two figures, both from the screen's point of view (the moment Textual
renders the frame that shows the change; headless, so without the
terminal's own drawing time):

* key press → updated screen: from the key's arrival at the app to the first
  rendered frame showing its effect;
* note arrival → board: from the note's commit (the moment its ack may
  leave) to the first rendered frame of the board that counts it.

A benchmark, not a test: it reports, it does not assert.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

from facilitator.config.loader import load_plan
from facilitator.console import ConsoleApp
from facilitator.console.screens.exercise import ExerciseScreen
from facilitator.console.screens.lobby import LobbyScreen
from facilitator.console.screens.moderation import ModerationScreen
from facilitator.console.widgets.board import Board
from facilitator.console.widgets.timer import TimerDisplay
from facilitator.core import events as ev
from facilitator.gc_pacer import GcPacer, pace_collections
from facilitator.resources import sample_plan
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.server.transport.limits import Limits

KEY_CYCLE = ("3", "2", "plus", "1", "2", "plus")  # phase 2: screens, and the countdown


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def report(name: str, values_s: list[float]) -> str:
    ms = [v * 1000 for v in values_s]
    if not ms:
        return f"{name}: no samples"
    return (
        f"{name}: n={len(ms)}  median {statistics.median(ms):.1f} ms  "
        f"p99 {percentile(ms, 0.99):.1f} ms  max {max(ms):.1f} ms"
    )


class Probe:
    """Timestamps from inside the app: commits, board paints, every frame."""

    def __init__(self, app: ConsoleApp) -> None:
        self.app = app
        self.arrivals: list[float] = []  # commit time of the k-th note
        self.board_paints: list[tuple[float, int]] = []  # (time, notes the board showed)
        self.waiting: list[tuple[float, object]] = []  # (key time, witness) not yet seen on screen
        self.key_latencies: list[float] = []
        original_display = app._display

        def display(screen, renderable):
            original_display(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            board = self._board()
            if board is not None:
                self.board_paints.append((now, board.total_shown))
            still = []
            for started, witness in self.waiting:
                if witness():  # type: ignore[operator]
                    self.key_latencies.append(now - started)
                else:
                    still.append((started, witness))
            self.waiting = still

        app._display = display  # type: ignore[method-assign]

    def _board(self) -> Board | None:
        screen = self.app.screen
        if isinstance(screen, ExerciseScreen) and screen.is_mounted:
            return screen.query_one(Board)
        return None

    def on_events(self, events: list[ev.Event]) -> None:
        now = time.perf_counter()
        self.arrivals.extend(now for event in events if isinstance(event, ev.NoteAdded))

    def note_latencies(self) -> list[float]:
        """For each note, its commit to the first board frame counting it (only
        while the exercise screen was up: on the other screens the board is not
        on the screen at all)."""
        latencies = []
        paints = iter(self.board_paints)
        paint = next(paints, None)
        for count, arrived in enumerate(self.arrivals, start=1):
            while paint is not None and (paint[0] < arrived or paint[1] < count):
                paint = next(paints, None)
            if paint is None:
                break
            latencies.append(paint[0] - arrived)
        return latencies


def witness_for(app: ConsoleApp, key: str):
    """Whether the frame being rendered shows the key's effect: the screen it
    switches to, up to date with the session as it was when the key was pressed."""
    version = app.version
    if key in ("1", "2", "3"):
        target = {"1": LobbyScreen, "2": ExerciseScreen, "3": ModerationScreen}[key]
        return lambda: isinstance(app.screen, target) and app.screen._shown_version >= version
    timer = app.screen.query_one(TimerDisplay)
    before = timer.remaining
    return lambda: timer.remaining is not None and before is not None and timer.remaining > before + 30


async def press_measured(pilot, app: ConsoleApp, probe: Probe, key: str, results: dict[str, list[float]]) -> None:
    """Press `key` and file its key-to-screen time under the key's name."""
    witness = witness_for(app, key)
    before = len(probe.key_latencies)
    probe.waiting.append((time.perf_counter(), witness))
    await pilot.press(key)
    for _ in range(100):  # until its frame was rendered (or 5 s)
        if len(probe.key_latencies) > before:
            results.setdefault(key, []).append(probe.key_latencies[-1])
            return
        await pilot.pause(0.05)


async def bench(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="console-bench-"))
    # the bench's phones write faster than people: the per-participant limits are lifted
    plan = load_plan(sample_plan()).model_copy(update={"notes_per_minute": None, "notes_per_exercise": None})
    session = LiveSession.open(folder / "bench.sqlite3", plan)
    probe_events: list = []
    session.subscribe(lambda events, origin: probe_events and probe_events[0](events))  # first listener: commit time
    server = SessionServer(session, host="127.0.0.1", port=0, limits=Limits(sockets_per_address=args.phones + 100, joins_per_address=args.phones + 100))  # all phones at 127.0.0.1
    pacer = GcPacer()  # as `facilitator run` wires it (facilitator/app.py)
    app = ConsoleApp(session, server=server, language="da", pacer=pacer)
    probe = Probe(app)
    probe_events.append(probe.on_events)
    by_key: dict[str, list[float]] = {}
    commits: list[float] = []
    append = session.journal.append

    def timed_append(events):
        began = time.perf_counter()
        append(events)
        commits.append(time.perf_counter() - began)

    session.journal.append = timed_append  # type: ignore[method-assign]
    lags: list[float] = []
    starved: list[float] = []

    async def watch_loop() -> None:
        """How late a 10 ms sleep wakes up: the time the loop was busy elsewhere;
        and how much of that lateness this process did not even run (the
        machine busy with other processes, or waiting for the disk)."""
        while True:
            began, cpu = time.perf_counter(), time.process_time()
            await asyncio.sleep(0.01)
            late = time.perf_counter() - began - 0.01
            lags.append(late)
            if late > 0.02:
                starved.append(max(0.0, late - (time.process_time() - cpu)))

    watcher = asyncio.get_running_loop().create_task(watch_loop())
    pacing = asyncio.get_running_loop().create_task(pace_collections(session, pacer))
    collections: list[float] = []
    gc_started = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        elif info.get("generation") == 2:
            collections.append(time.perf_counter() - gc_started[0])

    gc.callbacks.append(on_gc)
    async with app.run_test(size=(120, 40)) as pilot:
        while server.port == 0:
            await pilot.pause(0.05)
        print(f"server on port {server.port}; starting {args.phones} phones in a second process", flush=True)
        # The phones are other devices in a real room: niced, so the machine's
        # second core goes to them without taking the console's.
        phones = await asyncio.create_subprocess_exec(
            "nice", "-n", "19", sys.executable, "-m", "bench.console_phones", str(server.port), server.code,
            str(args.phones), str(args.notes), str(args.rate),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        assert phones.stdout is not None and phones.stdin is not None
        print((await phones.stdout.readline()).decode().strip(), flush=True)
        await pilot.press("2", "s", "t", "ctrl+a", "ctrl+k", "9", "0", "enter")  # writing, a 90-minute countdown
        await pilot.pause(0.5)
        # phase 1: the notes arrive; the board is on screen; the facilitator extends the countdown
        phones.stdin.write(b"go\n")
        await phones.stdin.drain()
        started, cpu_started = time.perf_counter(), time.process_time()
        while len(probe.arrivals) < args.notes and time.perf_counter() - started < args.max_seconds:
            await press_measured(pilot, app, probe, "plus", by_key)
            await pilot.pause(args.key_gap)
        print((await phones.stdout.readline()).decode().strip(), flush=True)
        writing = time.perf_counter() - started
        writing_cpu = time.process_time() - cpu_started
        moving = time.perf_counter()
        # phase 2: 2,000 notes on the board, the phones keep editing theirs; the facilitator moves around
        phones.stdin.write(b"go\n")
        await phones.stdin.drain()
        for presses in range(args.keys):
            await press_measured(pilot, app, probe, KEY_CYCLE[presses % len(KEY_CYCLE)], by_key)
            await pilot.pause(args.key_gap)
        moving = time.perf_counter() - moving
        out, _ = await phones.communicate(b"")
        print(out.decode().strip(), flush=True)
    watcher.cancel()
    pacing.cancel()
    gc.callbacks.remove(on_gc)
    await server.stop()
    session.close()
    print(f"{len(probe.arrivals)} notes committed in {writing:.1f} s from {args.phones} phones; "
          f"console and server used {writing_cpu / writing:.0%} of one core meanwhile; {args.keys} key presses took {moving:.0f} s")
    names = {"plus": "+ (extend countdown, board on screen, notes arriving)", "1": "1 (lobby)", "2": "2 (exercise board)", "3": "3 (moderation, 2,000 rows)"}
    for key in ("plus", "1", "2", "3"):
        print(report(f"  key {names[key]}", by_key.get(key, [])))
    print(report("key press -> updated screen, all keys", [v for values in by_key.values() for v in values]))
    print(report("note arrival -> board", probe.note_latencies()))
    print("where the time went:")
    print(report("  journal commit (SQLite, synchronous=FULL)", commits))
    print(report("  event loop busy elsewhere (lateness of a 10 ms sleep)", lags))
    print(report("  of stalls over 20 ms, the part this process did not run", starved))
    print(report("  Python's full garbage collections", collections))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.console_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=40.0, help="notes a second from all phones together")
    parser.add_argument("--keys", type=int, default=120, help="key presses in the second phase")
    parser.add_argument("--key-gap", type=float, default=0.2, help="seconds between key presses")
    parser.add_argument("--max-seconds", type=float, default=240.0)
    args = parser.parse_args(argv)
    asyncio.run(bench(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
