"""The project as a meeting runs it: `facilitator run --headless` on a plan file.

The runner writes a real plan (TOML, at most 100 groups, checked by the
same loader `facilitator check` uses) to its working folder and starts the
real command line in a process of its own, as a facilitator would:

    python -m facilitator run PLAN --headless --start --host 127.0.0.1 --port 0 --db JOURNAL
        --sockets-per-address N --joins-per-address N [--max-phones N]

Its output (the join URL, one log line per join and note) goes to a file;
the runner reads the join URL from it. There is no console probe in this
process (nothing of the benchmark runs inside it), so the "note → console"
figures are left out for these rows; the headless log's lines are still
written, as in a real meeting. It is stopped with SIGTERM, as Ctrl-C would.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

from bench.child import Child, ChildFailed
from bench.phone import UNITS

EXERCISE_FILE = "netvaerksstjernen.toml"  # bundled: the star of the AMK meeting (the bench's phones write on its points)
START_TIMEOUT = 60.0


def plan_text(groups: int, participants: int) -> str:
    """A plan a facilitator could write: `groups` groups (1-100), the bundled
    star exercise, and the per-participant limits raised to the highest the
    plan allows (the bench's phones write far faster than people)."""
    if not 1 <= groups <= 100:
        raise ValueError(f"a plan has 1 to 100 groups, not {groups}")
    units = ", ".join(f'"{unit}"' for unit in UNITS)
    return "\n".join([
        'title = "Belastningsprøve"',
        "date = 2025-02-04",
        'network = "Arbejdsmiljøkoordinatornetværket"',
        'language = "da"',
        f"groups = {groups}",
        f"units = [{units}]",
        "ask_names = true",
        f"joins_per_address_per_minute = {min(10_000, participants + 500)}",
        f"participants_per_address = {min(10_000, participants + 500)}",
        "notes_per_minute = 600",  # the plan's highest: 10 a second per phone (the bench writes at most 9)
        "notes_per_exercise = 2000",  # the plan's highest
        f'exercises = [{{ file = "{EXERCISE_FILE}" }}]',
        "",
    ])


def write_plan(folder: Path, tag: str, groups: int, participants: int) -> Path:
    """Write the plan and load it as `facilitator run` will (a bad plan stops the bench here)."""
    from facilitator.config.loader import load_plan

    path = folder / f"{tag}.toml"
    path.write_text(plan_text(groups, participants), encoding="utf-8")
    plan = load_plan(path)
    assert plan.group_count == groups, (plan.group_count, groups)
    return path


@cache
def supports_max_phones(tree: Path | None = None) -> bool:
    """Whether this `facilitator run` has `--max-phones` (issue 18 adds it); without
    it the server's own limit of 3,000 connections stays."""
    done = subprocess.run([sys.executable, "-m", "facilitator", "run", "--help"], capture_output=True, text=True, timeout=60,
                          cwd=tree)
    return "--max-phones" in done.stdout


class CliServer:
    """`facilitator run --headless` as one of the runner's servers."""

    def __init__(self, child: Child, output: Path, journal: Path) -> None:
        self.child = child
        self.output = output
        self.journal_path = journal

    @classmethod
    async def start(cls, tag: str, folder: Path, participants: int, groups: int, cpu: int | None,
                    tree: Path | None = None) -> tuple[CliServer, dict[str, Any]]:
        """Start it; with `tree`, the `facilitator` of that source tree (an older
        commit's, for a before-and-after run) instead of this one's."""
        plan = write_plan(folder, tag, groups, participants)
        journal, output = folder / f"{tag}.sqlite3", folder / f"{tag}.out"
        allowed = str(participants + 500)
        args = ["run", str(plan), "--headless", "--start", "--host", "127.0.0.1", "--port", "0", "--db", str(journal),
                "--lang", "da", "--sockets-per-address", allowed, "--joins-per-address", allowed]
        if supports_max_phones(tree):
            args += ["--max-phones", allowed]
        child = await Child.start(tag, "facilitator", args, folder / f"{tag}.log", cpu, output=output,
                                  env={"PYTHONUNBUFFERED": "1"}, cwd=tree)
        server = cls(child, output, journal)
        return server, {"join_url": await server._join_url(), "argv": ["python", "-m", "facilitator", *args]}

    async def _join_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.child.process.returncode is not None:
                raise ChildFailed(f"{self.child.name} stopped: {self.child._last_words()}")
            for line in self.output.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("Join: "):
                    return line.removeprefix("Join: ").strip()
            await asyncio.sleep(0.1)
        raise ChildFailed(f"{self.child.name} printed no join URL within {START_TIMEOUT:.0f} s: {self.child._last_words()}")

    async def report(self, phase: str) -> dict[str, Any] | None:
        return None  # no console probe inside the real command

    async def journal(self) -> dict[str, Any]:
        files = [self.journal_path, self.journal_path.with_name(self.journal_path.name + "-wal")]
        return {"journal_bytes": sum(f.stat().st_size for f in files if f.exists()), "events": None}

    async def stop(self) -> None:
        process = self.child.process
        if process.returncode is not None:
            return
        process.send_signal(signal.SIGINT)  # as Ctrl-C: phones told, journal closed
        try:
            async with asyncio.timeout(60):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()
