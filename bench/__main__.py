"""The load benchmark: hundreds of phones at once, against a bare websockets baseline.

    .venv/bin/python -m bench                    # the full run (about 12 minutes), or: make bench
    .venv/bin/python -m bench --smoke            # 50 phones, a few seconds per phase (CI)
    .venv/bin/python -m bench --sizes 100 --join-sizes ""   # one size, quickly

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
    unknown = [s for s in servers if s not in ("stjernestund", "baseline")]
    if unknown or not servers:
        raise argparse.ArgumentTypeError("stjernestund, baseline or both")
    return servers


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    default = Settings()
    parser.add_argument("--smoke", action="store_true", help="50 phones, a few seconds per phase: checks that the benchmark works")
    parser.add_argument("--sizes", type=_sizes, default=default.sizes, help="participants, every figure (default 100,500,1000,2000)")
    parser.add_argument("--join-sizes", type=_sizes, default=default.join_sizes, help="participants, joining and memory only (default 5000)")
    parser.add_argument("--servers", type=_servers, default=default.servers, help="stjernestund,baseline (default both)")
    parser.add_argument("--moderate-seconds", type=float, default=default.moderate_seconds)
    parser.add_argument("--step-seconds", type=float, default=default.step_seconds)
    parser.add_argument("--first-step", type=float, default=default.first_step, help="notes a second of the first step")
    parser.add_argument("--max-steps", type=int, default=default.max_steps)
    parser.add_argument("--no-pin", action="store_true", help="let the processes run on any core")
    parser.add_argument("--no-gc-pacer", action="store_true",
                        help="our server without the console's pacing of full garbage collections (as --headless runs today)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="the JSON results file")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (journals, the processes' logs)")
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    settings = Settings(
        sizes=args.sizes, join_sizes=args.join_sizes, servers=args.servers, moderate_seconds=args.moderate_seconds,
        step_seconds=args.step_seconds, first_step=args.first_step, max_steps=args.max_steps, pin=not args.no_pin,
        gc_pacer=not args.no_gc_pacer,
    )
    if args.smoke:
        settings = replace(settings, sizes=(50,), join_sizes=(), moderate_seconds=5.0, step_seconds=1.5, drain_seconds=1.0,
                           first_step=50.0, max_steps=2, drop_fraction=0.1)
    return settings


def ratios(runs: list[dict[str, Any]]) -> dict[str, float | None]:
    """Our sustained notes a second as a share of the baseline's, per size."""
    found: dict[str, float | None] = {}
    for ours in (r for r in runs if r["server"] == "stjernestund" and "step_up" in r):
        base = next((r for r in runs if r["server"] == "baseline" and r["participants"] == ours["participants"] and "step_up" in r), None)
        if base is None:
            continue
        a, b = ours["step_up"]["sustained"], base["step_up"]["sustained"]
        found[str(ours["participants"])] = round(a["acked_per_s"] / b["acked_per_s"], 3) if a and b and b["acked_per_s"] else None
    return found


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
    plan = [(n, True) for n in settings.sizes] + [(n, False) for n in settings.join_sizes]
    for participants, full in plan:
        for server in settings.servers:  # ours and the baseline back to back: the same conditions
            print(f"… {server}, {participants:,} participants", file=sys.stderr, flush=True)
            results["runs"].append(await run_size(server, participants, settings, folder, full=full))
    results["ratios"] = ratios(results["runs"])
    results["load_average_after"] = list(os.getloadavg())
    results["seconds"] = round(time.monotonic() - began, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = settings_from(args)
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
