"""Where the server's time goes, path by path: CPU per join, per note, per resume.

    .venv/bin/python -m bench.profile --participants 1000 [--rate 300] [--seconds 10]
                                      [--drop 0.1] [--wall] [--cprofile DIR]

Runs our server (`bench/server.py`: the load benchmark's synthetic shape, groups of 7) and the
benchmark's load processes through four phases: every phone joins; notes at
a fixed rate (`--rate` a second for `--seconds`); the same again (the state
now holds more notes); `--drop` of the phones lose their connection and
resume. For each phase it prints the **server's own CPU seconds** (read in
the server process with `time.process_time()`, so other programs on a busy
machine do not count) divided by the operations of the phase: CPU ms per
join, per note, per resume. Wall-clock figures on a shared machine are
noise; these are not (much).

`--wall` connects one projector wall for the whole run (it is sent a frame
up to five times a second). `--cprofile DIR` also runs the server under
`cProfile` and writes one `DIR/<phase>.prof` per phase (read with
`python -m pstats`, or `--top N` prints the heaviest functions); cProfile
roughly doubles the CPU figures, so compare runs made the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WALL_SECRET = "bench-profile-wall-secret-0123456789abcdef"
PHASE_FILE = "STJERNESTUND_PROFILE_PHASE"  # environment: the file the driver names the next phase in


# -- in the server process ----------------------------------------------------------------


def serve(argv: list[str]) -> int:
    """The server of `bench/server.py`, measured phase by phase: on SIGUSR1
    it closes the current phase (CPU seconds, and a cProfile dump if asked)
    and opens the one named in the phase file."""
    import bench.server as bs

    SessionServer = bs.SessionServer  # wherever this version of the server keeps it

    phase_file = Path(os.environ[PHASE_FILE])
    prof_dir = os.environ.get("STJERNESTUND_PROFILE_DIR")
    current: dict[str, Any] = {"name": None, "cpu": 0.0, "profile": None}

    class WallServer(SessionServer):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, wall_secret=WALL_SECRET, **kwargs)

    bs.SessionServer = WallServer  # type: ignore[misc]  # the driver knows the wall's secret

    def switch() -> None:
        now = time.process_time()
        if current["profile"] is not None:
            current["profile"].disable()
        if current["name"] is not None:
            result = {"phase": current["name"], "cpu_seconds": round(now - current["cpu"], 4)}
            if current["profile"] is not None and prof_dir:
                current["profile"].dump_stats(str(Path(prof_dir) / f"{current['name']}.prof"))
            (phase_file.parent / f"{current['name']}.cpu.json").write_text(json.dumps(result))
        name = phase_file.read_text().strip() or None
        current.update(name=name, cpu=time.process_time(), profile=None)
        if name is not None and prof_dir:
            current["profile"] = cProfile.Profile()
            current["profile"].enable()
        (phase_file.parent / "switched").write_text(name or "")

    original_run = bs.run

    async def run(*args: Any) -> None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, switch)
        await original_run(*args)

    from bench.load import raise_file_limit

    raise_file_limit()
    gc_pacer = "--no-gc-pacer" not in argv
    if len(argv) >= 3 and argv[1].isdigit():  # today's bench.server: PARTICIPANTS GROUPS JOURNAL
        asyncio.run(run(int(argv[0]), int(argv[1]), Path(argv[2]), gc_pacer))  # type: ignore[call-arg]
    else:  # the bench of older trees (before issue 18): PARTICIPANTS JOURNAL
        asyncio.run(run(int(argv[0]), Path(argv[1]), gc_pacer))  # type: ignore[call-arg]
    return 0


# -- the driver ---------------------------------------------------------------------------


async def _phase(run: Any, folder: Path, name: str | None) -> dict[str, Any] | None:
    """Close the running phase, open `name`; the closed one's CPU seconds."""
    previous = (folder / "switched").read_text() if (folder / "switched").exists() else ""
    (folder / "phase").write_text(name or "")
    (folder / "switched").unlink(missing_ok=True)
    os.kill(run.server.process.pid, signal.SIGUSR1)
    for _ in range(600):
        if (folder / "switched").exists():
            break
        await asyncio.sleep(0.05)
    if not previous:
        return None
    return json.loads((folder / f"{previous}.cpu.json").read_text())


async def _wall(port: int, frames: list[int], stop: asyncio.Event) -> None:
    from websockets.asyncio.client import connect

    async with connect(f"ws://127.0.0.1:{port}/wall-ws", max_size=None) as ws:
        await ws.send(json.dumps({"v": 1, "type": "wall_hello", "secret": WALL_SECRET}))
        while not stop.is_set():
            try:
                frame = await asyncio.wait_for(ws.recv(), 0.5)
            except TimeoutError:
                continue
            frames.append(len(frame))


async def drive(args: argparse.Namespace) -> list[dict[str, Any]]:
    from dataclasses import replace

    import bench.runner as runner

    folder = Path(tempfile.mkdtemp(prefix="stjernestund-profile-"))
    os.environ[PHASE_FILE] = str(folder / "phase")
    if args.cprofile:
        args.cprofile.mkdir(parents=True, exist_ok=True)
        os.environ["STJERNESTUND_PROFILE_DIR"] = str(args.cprofile.absolute())
    settings = replace(runner.Settings(), drop_fraction=args.drop, pin=not args.no_pin)
    if hasattr(runner, "SERVER_MODULES"):  # the bench of older trees (before issue 18)
        runner.SERVER_MODULES["stjernestund"] = "bench.profile"
        run = runner.SizeRun("stjernestund", args.participants, settings, folder)
    else:  # today's: the synthetic shape runs bench.server in-process; this module wraps it
        import bench.servers as servers

        started = servers.ProbeServer.start.__func__  # type: ignore[attr-defined]

        async def start(cls: Any, tag: str, module: str, *rest: Any, **kwargs: Any) -> Any:
            return await started(cls, tag, "bench.profile" if module == "bench.server" else module, *rest, **kwargs)

        servers.ProbeServer.start = classmethod(start)  # type: ignore[method-assign,assignment]
        run = runner.SizeRun("stjernestund", args.participants, "synthetic", settings, folder, f"stjernestund-{args.participants}")
    results: list[dict[str, Any]] = []
    stop = asyncio.Event()
    frames: list[int] = []
    wall = None
    try:
        await run.start()
        port = int(run.info["join_url"].split(":")[2].split("/")[0])
        if args.wall:
            wall = asyncio.create_task(_wall(port, frames, stop))
        await _phase(run, folder, "join")
        joined = await run.join()
        cpu = await _phase(run, folder, "notes1")
        results.append({**(cpu or {}), "ops": joined["joined"], "what": "join"})
        for name, after in (("notes1", "notes2"), ("notes2", "resume")):
            figures = await run.notes(name, args.rate, args.seconds)
            await asyncio.sleep(settings.drain_seconds)
            cpu = await _phase(run, folder, after)
            results.append({**(cpu or {}), "ops": figures["sent"], "what": "note",
                            "ack_p99_ms": figures["ack"]["p99_ms"], "delivered": figures["delivered"]})
        back = await run.reconnect()
        cpu = await _phase(run, folder, None)
        # a resume also sends and acks one offline note: count it as a resume
        results.append({**(cpu or {}), "ops": back["resumed"], "what": "resume", "resume_p50_ms": back["resume"]["p50_ms"],
                        "all_back_s": back.get("all_back_s"), "load_cpu_seconds": back.get("load_cpu_seconds")})
        await run.finish()
    finally:
        stop.set()
        if wall is not None:
            wall.cancel()
        await run.close()
    for result in results:
        result["cpu_ms_per_op"] = round(result["cpu_seconds"] * 1000 / max(1, result["ops"]), 3)
    if args.wall:
        results.append({"wall_frames": len(frames), "wall_bytes_last": frames[-1] if frames else 0})
    return results


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1].isdigit():
        return serve(sys.argv[1:])  # started by the runner as the server
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=300.0, help="notes a second in the two note phases")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--drop", type=float, default=0.1, help="share of phones that drop and resume")
    parser.add_argument("--wall", action="store_true", help="one projector wall connected throughout")
    parser.add_argument("--cprofile", type=Path, help="folder for one cProfile dump per phase")
    parser.add_argument("--top", type=int, default=0, help="with --cprofile: print the N heaviest functions per phase")
    parser.add_argument("--no-pin", action="store_true")
    args = parser.parse_args()
    results = asyncio.run(drive(args))
    print(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "load_average": os.getloadavg(),
                      "results": results}, indent=1))
    if args.cprofile and args.top:
        for name in ("join", "notes1", "notes2", "resume"):
            path = args.cprofile / f"{name}.prof"
            if path.exists():
                print(f"\n==== {name}")
                pstats.Stats(str(path)).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
