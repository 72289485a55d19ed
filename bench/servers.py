"""The servers the benchmark compares, and the shapes of the room they serve.

Servers: **stjernestund** (the project: `facilitator run --headless` on a
plan file, `bench/cli_server.py`; for the synthetic shape, the in-process
`bench/server.py`), **baseline** (bare websockets, same fan-out) and
**baseline-sqlite** (the same, committing every join and note to SQLite
before answering): the "÷ baseline" columns divide by the last.

With `--before TREE`, **stjernestund-before** is the project of another
source tree (an older commit's `facilitator/`, `client/` and `exercises/`),
run the same way in the same rounds.

Shapes: a group size ("7", "20": as many groups of that size as the
participants fill, at most the 100 a plan allows), "plan" (the bundled
plan's 5 groups), or "synthetic" (groups of 7 at any size, built in Python:
a plan no facilitator can write past 700 participants, kept as an extra row).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from bench.child import Child
from bench.cli_server import CliServer

SERVERS = ("stjernestund", "baseline", "baseline-sqlite")
BEFORE = "stjernestund-before"  # the project from another source tree (--before TREE): before and after in one run
PROJECT = ("stjernestund", BEFORE)
ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "baseline-sqlite"  # what the ÷ baseline columns divide by
MAX_GROUPS = 100  # a plan's limit (facilitator/config/models.py)
PLAN_GROUPS = 5  # exercises/amk-netvaerksmoede.toml
SHAPE_NAMES = {"plan": "the bundled plan's shape (5 groups)", "synthetic": "synthetic: groups of 7 built in Python, no plan limit"}


def check_shape(shape: str) -> str:
    if shape in ("plan", "synthetic") or (shape.isdigit() and int(shape) >= 1):
        return shape
    raise ValueError(f"a group size (7, 20, …), plan or synthetic, not {shape!r}")


def groups_for(shape: str, participants: int) -> int:
    """How many groups `participants` fill in this shape."""
    if shape == "plan":
        return PLAN_GROUPS
    if shape == "synthetic":
        return max(1, round(participants / 7))
    return min(MAX_GROUPS, max(1, round(participants / int(shape))))


def shape_title(shape: str) -> str:
    return SHAPE_NAMES.get(shape, f"groups of {shape} (at most {MAX_GROUPS} groups)")


class Server(Protocol):
    child: Child

    async def report(self, phase: str) -> dict[str, Any] | None: ...
    async def journal(self) -> dict[str, Any]: ...
    async def stop(self) -> None: ...


class ProbeServer:
    """A server process of the benchmark's own (bench.server, bench.baseline):
    JSON commands on its standard input, answers on its output."""

    def __init__(self, child: Child) -> None:
        self.child = child

    @classmethod
    async def start(cls, tag: str, module: str, args: list[str], folder: Path, cpu: int | None, *, cwd: Path | None = None,
                    env: dict[str, str] | None = None) -> tuple[ProbeServer, dict[str, Any]]:
        child = await Child.start(tag, module, args, folder / f"{tag}.log", cpu, cwd=cwd, env=env)
        info = await child.read(timeout=60)
        info["argv"] = ["python", "-m", module, *args]
        return cls(child), info

    async def report(self, phase: str) -> dict[str, Any] | None:
        return await self.child.ask({"cmd": "report", "phase": phase}, timeout=60)

    async def journal(self) -> dict[str, Any]:
        return await self.child.ask({"cmd": "journal"}, timeout=60)

    async def stop(self) -> None:
        await self.child.stop({"cmd": "stop"}, timeout=60)


async def start_server(kind: str, shape: str, participants: int, folder: Path, tag: str, cpu: int | None,
                       gc_pacer: bool, baseline_sync: str = "normal", before: Path | None = None) -> tuple[Server, dict[str, Any]]:
    """Start one server for `participants` phones in `shape`; (server, what it said: join_url, argv)."""
    if kind == BEFORE:
        if before is None:
            raise ValueError("stjernestund-before needs --before TREE")
        if shape != "synthetic":
            return await CliServer.start(tag, folder, participants, groups_for(shape, participants), cpu, tree=before)
    server, info = await _start(kind, shape, participants, folder, tag, cpu, gc_pacer, baseline_sync, before)
    info["argv"] = [arg.replace(f"{folder}/", "") for arg in info["argv"]]  # the working folder is a temporary one
    return server, info


async def _start(kind: str, shape: str, participants: int, folder: Path, tag: str, cpu: int | None,
                 gc_pacer: bool, baseline_sync: str, before: Path | None) -> tuple[Server, dict[str, Any]]:
    groups = groups_for(shape, participants)
    if kind == "stjernestund" and shape != "synthetic":
        return await CliServer.start(tag, folder, participants, groups, cpu)
    if kind in PROJECT:
        args = [str(participants), str(groups), str(folder / f"{tag}.sqlite3")] + ([] if gc_pacer else ["--no-gc-pacer"])
        if kind == BEFORE:  # that tree's facilitator and its bench.server (first on the path, as the working folder)
            if before is not None and "PARTICIPANTS GROUPS" not in (before / "bench" / "server.py").read_text(encoding="utf-8"):
                del args[1]  # a tree from before issue 18: PARTICIPANTS JOURNAL, its groups N/7 as the synthetic shape's
            return await ProbeServer.start(tag, "bench.server", args, folder, cpu, cwd=before, env={"PYTHONPATH": str(ROOT)})
        return await ProbeServer.start(tag, "bench.server", args, folder, cpu)
    if kind == "baseline":
        return await ProbeServer.start(tag, "bench.baseline", [str(groups)], folder, cpu)
    if kind == "baseline-sqlite":
        return await ProbeServer.start(tag, "bench.baseline", [str(groups), "--sqlite", str(folder / f"{tag}.sqlite3"), "--sync", baseline_sync], folder, cpu)
    raise ValueError(f"unknown server {kind!r}")
