"""`facilitator run` without --headless opens the console in a real terminal
(a pseudo-terminal here), with the server in the same process: a phone joins,
the facilitator quits with `q`, confirms, and the phone is told the meeting
paused."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from websockets.sync.client import connect

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[a-zA-Z]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


class Terminal:
    """A child process on a 120×40 pseudo-terminal, and what it has drawn."""

    def __init__(self, argv: list[str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # pragma: no cover - the child
            os.environ["TERM"] = "xterm-256color"
            os.execv(argv[0], argv)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.output = b""

    def plain(self) -> str:
        return ANSI.sub(b"", self.output).decode("utf-8", "replace")

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.plain())
            if match:
                return match
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    break
        raise AssertionError(f"{pattern!r} did not appear; the screen ended with: {self.plain()[-800:]!r}")

    def press(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def exit_code(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    pass
        os.kill(self.pid, 9)
        raise AssertionError("the console did not quit")


@pytest.mark.slow
def test_facilitator_run_opens_the_console_and_quitting_asks_while_a_phone_is_connected(tmp_path: Path):
    db = tmp_path / "meeting.sqlite3"
    terminal = Terminal([sys.executable, "-m", "facilitator", "run", "--db", str(db), "--host", "127.0.0.1", "--port", "0"])
    try:
        match = terminal.wait_for(r"Deltag: http://127\.0\.0\.1:(\d+)/j/([0-9A-Z]{8})")
        port, code = match.group(1), match.group(2)
        terminal.wait_for("Mødekode")
        with connect(f"ws://127.0.0.1:{port}/ws", open_timeout=5) as phone:
            phone.send(json.dumps({"type": "join", "v": 1, "code": code, "name": "Mette", "unit": "AKM"}))
            welcome = json.loads(phone.recv(timeout=5))
            assert welcome["type"] == "welcome", welcome
            terminal.wait_for("1 forbundet")
            terminal.press(b"q")
            terminal.wait_for("Afslut mødet")
            terminal.press(b"y")
            frames = []
            while not frames or frames[-1]["type"] != "paused":
                frames.append(json.loads(phone.recv(timeout=10)))
        assert terminal.exit_code() == 0
    finally:
        try:
            os.kill(terminal.pid, 9)
        except ProcessLookupError:
            pass
        os.close(terminal.fd)
    assert db.exists() and db.stat().st_size > 0
