"""The load benchmark: thousands of phones at once, against bare websockets baselines.

    .venv/bin/python -m bench --markdown bench/results.md   # the full run (about an hour), or: make bench
    .venv/bin/python -m bench --quick --markdown bench/results.md   # one round: about 30 minutes
    .venv/bin/python -m bench --smoke            # 50 phones, a few seconds per phase (CI)
    .venv/bin/python -m bench --sizes 200 --shapes 7 --rounds 1 --join-sizes ""   # one size, quickly

Prints the tables on standard output and writes every figure, the machine
and the command to a JSON file (`--out`, default bench/results.json);
`--markdown FILE` also writes the tables there (bench/results.md is made
that way). bench/README.md explains how to read them. Linux only: it pins
processes to cores and reads /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shlex
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from bench.child import ChildFailed
from bench.report import header, machine, tables
from bench.runner import Settings, cores, run_size
from bench.servers import BEFORE, PROJECT, REFERENCE, SERVERS, check_shape, groups_for

HERE = Path(__file__).parent


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"a comma-separated list of numbers of participants, not {text!r}") from None
    if any(size < 2 for size in sizes):
        raise argparse.ArgumentTypeError("at least 2 participants")
    return sizes


def _servers(text: str) -> tuple[str, ...]:
    servers = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [s for s in servers if s not in (*SERVERS, BEFORE)]
    if unknown or not servers:
        raise argparse.ArgumentTypeError(", ".join((*SERVERS, BEFORE)) + ", or some of them")
    return servers


def _shapes(text: str) -> tuple[str, ...]:
    try:
        return tuple(check_shape(part.strip()) for part in text.split(",") if part.strip())
    except ValueError as bad:
        raise argparse.ArgumentTypeError(str(bad)) from None


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    default = Settings()
    parser.add_argument("--smoke", action="store_true", help="50 phones, a few seconds per phase: checks that the benchmark works")
    parser.add_argument("--quick", action="store_true",
                        help="one round, shorter phases (10 s steady, 4 s steps): about 30 minutes for the default sizes")
    parser.add_argument("--sizes", type=_sizes, default=default.sizes, help="participants, every figure (default 1000,2000)")
    parser.add_argument("--join-sizes", type=_sizes, default=default.join_sizes, help="participants, joining and memory only (default 5000)")
    parser.add_argument("--servers", type=_servers, default=default.servers,
                        help="stjernestund,baseline,baseline-sqlite (default all three)")
    parser.add_argument("--shapes", type=_shapes, default=default.shapes,
                        help="group sizes (at most 100 groups), plan (5 groups) or synthetic (default 7,20,plan)")
    parser.add_argument("--join-shapes", type=_shapes, default=default.join_shapes, help="the shapes of --join-sizes (default 20)")
    parser.add_argument("--rounds", type=int, default=default.rounds, help="every run this many times, interleaved (default 2)")
    parser.add_argument("--steady-rate", type=float, default=default.steady_rate,
                        help="notes a second of the steady phase (default 200; 0: 1 per participant per 10 s)")
    parser.add_argument("--before", type=Path, metavar="TREE",
                        help="also run the project of this source tree (stjernestund-before), interleaved with the rest")
    parser.add_argument("--baseline-sync", choices=("normal", "full"), default=default.baseline_sync,
                        help="the bare + SQLite baseline's commits: normal (WAL, no fsync per commit; default) or full (fsync each)")
    parser.add_argument("--moderate-seconds", type=float, default=default.moderate_seconds)
    parser.add_argument("--step-seconds", type=float, default=default.step_seconds)
    parser.add_argument("--first-step", type=float, default=default.first_step, help="notes a second of the first step")
    parser.add_argument("--max-steps", type=int, default=default.max_steps)
    parser.add_argument("--list", action="store_true", help="print the runs this command would make, in order, and stop")
    parser.add_argument("--no-pin", action="store_true", help="let the processes run on any core")
    parser.add_argument("--no-gc-pacer", action="store_true",
                        help="our server without the console's pacing of full garbage collections (as --headless runs today)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="the JSON results file")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (journals, the processes' logs)")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    settings = Settings(
        sizes=args.sizes, join_sizes=args.join_sizes, servers=args.servers, shapes=args.shapes, join_shapes=args.join_shapes,
        rounds=max(1, args.rounds), baseline_sync=args.baseline_sync, before=str(args.before.resolve()) if args.before else None,
        steady_rate=args.steady_rate or None, moderate_seconds=args.moderate_seconds,
        step_seconds=args.step_seconds, first_step=args.first_step, max_steps=args.max_steps, pin=not args.no_pin,
        gc_pacer=not args.no_gc_pacer,
    )
    if args.quick:
        settings = replace(settings, rounds=1, moderate_seconds=10.0, step_seconds=4.0)
    if args.before and BEFORE not in settings.servers:
        settings = replace(settings, servers=(settings.servers[0], BEFORE, *settings.servers[1:]))
    if args.smoke:
        settings = replace(settings, sizes=(50,), join_sizes=(), shapes=("7",), rounds=1, steady_rate=50.0, moderate_seconds=4.0,
                           step_seconds=1.5, drain_seconds=1.0, first_step=50.0, max_steps=2)
    return settings


def _speed(ours: float | None, base: float | None, *, higher_is_better: bool) -> float | None:
    """Ours as a share of the baseline's speed: ≥ 1 is as fast or faster."""
    if not ours or not base:
        return None
    return round(ours / base if higher_is_better else base / ours, 3)


def ratio_of(ours: dict[str, Any], base: dict[str, Any]) -> dict[str, float | None]:
    """Every path of one run of ours against the reference baseline's run of the
    same round, size and shape: rates divided ours ÷ baseline, times baseline ÷ ours."""
    found: dict[str, float | None] = {"join": _speed(ours["join"]["seconds"], base["join"]["seconds"], higher_is_better=False)}
    if "moderate" in ours and "moderate" in base:
        found["steady_p99"] = _speed(ours["moderate"]["ack"]["p99_ms"], base["moderate"]["ack"]["p99_ms"], higher_is_better=False)
        a, b = ours["step_up"]["sustained"], base["step_up"]["sustained"]
        found["sustained"] = _speed(a and a["acked_per_s"], b and b["acked_per_s"], higher_is_better=True)
        found["all_back"] = _speed(ours["reconnect"]["all_back_s"], base["reconnect"]["all_back_s"], higher_is_better=False)
    return found


def ratios(runs: list[dict[str, Any]]) -> dict[str, float | None]:
    """Fill each run of ours with its ratios to the reference baseline (`run["ratio"]`);
    return the sustained-rate ratio per size (the first round's, the first shape's)."""
    by_size: dict[str, float | None] = {}
    for ours in (r for r in runs if r["server"] in PROJECT):
        base = next((r for r in runs if r["server"] == REFERENCE and all(r[k] == ours[k] for k in ("participants", "shape", "round"))), None)
        if base is None:
            continue
        ours["ratio"] = ratio_of(ours, base)
        if ours["server"] == "stjernestund":
            by_size.setdefault(str(ours["participants"]), ours["ratio"].get("sustained"))
    return by_size


def schedule(settings: Settings) -> list[tuple[int, int, bool, str, str]]:
    """(round, participants, full, shape, server) in the order they run: the servers
    interleaved (ours, baseline, baseline+SQLite, ours, …), rounds outermost. A shape
    that gives a size the same groups as an earlier one (groups of 7 and of 20 are
    both 100 groups at 2,000) runs once."""
    order = []
    for round_number in range(1, settings.rounds + 1):
        for participants, full, shapes in [(n, True, settings.shapes) for n in settings.sizes] + \
                                          [(n, False, settings.join_shapes) for n in settings.join_sizes]:
            seen: set[tuple[int, bool]] = set()
            for shape in shapes:
                key = (groups_for(shape, participants), shape == "synthetic")
                if key in seen:
                    continue
                seen.add(key)
                order += [(round_number, participants, full, shape, server) for server in settings.servers]
    return order


async def run(settings: Settings, folder: Path, command: str) -> dict[str, Any]:
    results: dict[str, Any] = {
        "command": command,
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(folder),
        "settings": asdict(settings),
        "load_average_before": list(os.getloadavg()),
        "runs": [],
    }
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)  # stop the children on the way out
    began = time.monotonic()
    order = schedule(settings)
    for number, (round_number, participants, full, shape, server) in enumerate(order, 1):
        print(f"… {number}/{len(order)}: round {round_number}, {server}, {participants:,} participants, shape {shape} "
              f"({groups_for(shape, participants)} groups), load average {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)
        results["runs"].append(await run_size(server, participants, settings, folder, full=full, shape=shape,
                                              round_number=round_number))
    results["ratios"] = ratios(results["runs"])
    results["load_average_after"] = list(os.getloadavg())
    results["seconds"] = round(time.monotonic() - began, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = settings_from(args)
    if args.list:
        for number, (round_number, participants, full, shape, server) in enumerate(schedule(settings), 1):
            what = "every phase" if full else "join and memory"
            print(f"{number:3}. round {round_number}: {server}, {participants:,} participants, shape {shape} "
                  f"({groups_for(shape, participants)} groups), {what}")
        return 0
    command = shlex.join(["python", "-m", "bench", *(sys.argv[1:] if argv is None else argv)])
    _, load_core = cores(settings)
    if load_core is not None:
        os.sched_setaffinity(0, {load_core})  # the runner stays off the server's core too
    folder = Path(tempfile.mkdtemp(prefix="stjernestund-bench-"))
    try:
        results = asyncio.run(run(settings, folder, command))
    except ChildFailed as failure:
        print(f"The benchmark stopped: {failure}. Logs and journals are in {folder}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, asyncio.CancelledError):
        print(f"Interrupted. Logs and journals are in {folder}", file=sys.stderr)
        return 130
    text = header(results) + tables(results)
    print("\n".join(text))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.markdown:
        intro = ["# Load benchmark: latest results", "", "How to read them: [README.md](README.md). Raw figures: "
                 f"[{args.out.name}]({args.out.name}).", ""]
        args.markdown.write_text("\n".join(intro + text) + "\n", encoding="utf-8")
    if args.keep:
        print(f"Journals and logs kept in {folder}", file=sys.stderr)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
