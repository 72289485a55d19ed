"""A process of the benchmark, seen from the runner: started, pinned to a
core, asked questions one JSON line at a time, measured, and stopped."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import psutil

ANSWER_LIMIT = 64 * 1024 * 1024  # latency lists of a busy phase run to a few MB


class ChildFailed(Exception):
    """A benchmark process stopped or answered with an error; the message has its last words."""


class Child:
    def __init__(self, name: str, process: asyncio.subprocess.Process, log: Path) -> None:
        self.name = name
        self.process = process
        self.log = log
        self.ps = psutil.Process(process.pid)

    @classmethod
    async def start(cls, name: str, module: str, args: list[str], log: Path, cpu: int | None, *,
                    output: Path | None = None, env: dict[str, str] | None = None, cwd: Path | None = None) -> Child:
        """Start `python -m module args`; with `cpu`, only on that core; with
        `output`, its standard output goes to that file instead of a pipe
        (a program that is not the runner's, such as `facilitator run`)."""
        with open(log, "wb") as stderr, open(output or os.devnull, "wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", module, *args,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE if output is None else out, stderr=stderr,
                limit=ANSWER_LIMIT, env=None if env is None else {**os.environ, **env}, cwd=cwd,
            )
        if cpu is not None:
            os.sched_setaffinity(process.pid, {cpu})
        return cls(name, process, log)

    def _last_words(self) -> str:
        try:
            lines = self.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            lines = []
        return " | ".join(lines[-5:]) or "(nothing on stderr)"

    async def read(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        try:
            async with asyncio.timeout(timeout):
                line = await self.process.stdout.readline()
        except TimeoutError:
            raise ChildFailed(f"{self.name} did not answer within {timeout:.0f} s: {self._last_words()}") from None
        if not line:
            raise ChildFailed(f"{self.name} stopped: {self._last_words()}")
        answer = json.loads(line)
        if "error" in answer:
            raise ChildFailed(f"{self.name}: {answer['error']}")
        return answer

    async def ask(self, command: dict[str, Any], timeout: float) -> dict[str, Any]:
        self.send(command)
        return await self.read(timeout)

    def send(self, command: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())

    def cpu_seconds(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system

    def waited_seconds(self) -> float:
        """How long the process was ready to run but waited for a core (the
        kernel's schedstat run delay): on a shared machine, the share of a
        phase spent waiting tells whether its figures measure us or the neighbours."""
        total = 0
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue  # a thread that just ended
        return total / 1e9

    def rss(self) -> int:
        return self.ps.memory_info().rss

    def peak_rss(self) -> int:
        """The most memory the process ever held (the kernel's VmHWM), in bytes."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return self.rss()

    async def stop(self, command: dict[str, Any] | None = None, timeout: float = 30) -> None:
        """Ask it to stop (closing its input); end it by its pid if it does not."""
        if self.process.returncode is not None:
            return
        try:
            if command is not None:
                self.send(command)
            assert self.process.stdin is not None
            self.process.stdin.close()
            async with asyncio.timeout(timeout):
                await self.process.wait()
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.process.kill()
            await self.process.wait()
