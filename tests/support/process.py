"""`facilitator run ...` as a real process, for the tests of `run` and of
headless mode: its standard input typed line by line, its output read line
by line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

TIMEOUT = 15.0


class Run:
    """`facilitator run ...` in a subprocess, its output read line by line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []

    @classmethod
    async def start(cls, *args: str, env: dict[str, str] | None = None) -> Run:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "facilitator", "run", *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        return cls(process)

    async def line_with(self, text: str) -> str:
        async with asyncio.timeout(TIMEOUT):
            while True:
                raw = await self.process.stdout.readline()
                if not raw:
                    raise AssertionError(f"output ended before {text!r}; got {self.lines}")
                line = raw.decode().rstrip("\n")
                self.lines.append(line)
                if text in line:
                    return line

    async def type(self, line: str) -> None:
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def stop(self, signal_sent: bool = False, sig: int = signal.SIGTERM) -> tuple[int, str, str]:
        if not signal_sent:
            self.process.send_signal(sig)
        async with asyncio.timeout(TIMEOUT):
            out, err = await self.process.communicate()
        return self.process.returncode, out.decode(), err.decode()

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
