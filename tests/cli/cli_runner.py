"""Run the installed `facilitator` console script as a user would: a real
subprocess, in a folder of the test's choosing, with a clean language setting."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

FACILITATOR = Path(sys.executable).parent / "facilitator"


def facilitator(
    *args: str, cwd: Path, env: dict[str, str] | None = None, exe: Path = FACILITATOR
) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "STJERNESTUND_LANG"}
    environment.update(env or {})
    return subprocess.run([str(exe), *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lines:
    """A subprocess's standard output, line by line, waited for with a deadline."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never came; got:\n" + "\n".join(self.seen))
