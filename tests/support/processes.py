"""What the deployment tests (tests/deploy/) and `bench.https_ack` run for
real, on loopback only: a self-signed certificate (the `openssl` command),
Debian's Caddy as the reverse proxy and `facilitator run --headless` as a
process. (The Chromium phones: tests/deploy/conftest.py.)

Caddy and openssl are installed by `make test` (its `proxy` target) like
chromium; without them these tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.certificates import Certificate, make_certificate  # noqa: F401 - the tests and bench.https_ack take both from here

TIMEOUT = 20.0
PUBLIC_NAME = "moede.localhost"  # Chromium sends *.localhost to loopback itself; no DNS needed


def need(program: str) -> str:
    """The path of `program`, or skip (fail in CI) with how to install it."""
    found = shutil.which(program)
    if found is None:
        message = f"{program} is missing (install it with: make proxy)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def free_port() -> int:
    """A port nothing listens on now, to start (and restart) a server on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = TIMEOUT) -> None:
    """Until `process` listens on 127.0.0.1:`port`; its log if it stops first."""
    host = "127.0.0.1"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AssertionError(f"{process.args[0]} stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing listens on {host}:{port} after {timeout} s") from None
            time.sleep(0.05)


@contextmanager
def caddy(folder: Path, certificate: Certificate, *, port: int, upstream: int, name: str = PUBLIC_NAME) -> Iterator[str]:
    """Caddy serving https://<name>:<port> with the certificate and passing
    everything (WebSockets too) to 127.0.0.1:<upstream>. Yields the public URL."""
    program = need("caddy")
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "Caddyfile"
    config.write_text(
        "{\n"
        "\tadmin off\n"
        "\tauto_https off\n"  # no port 80, no ACME: the certificate is given below
        f"\tstorage file_system {folder / 'data'}\n"
        "}\n"
        f"https://{name}:{port} {{\n"
        "\tbind 127.0.0.1\n"
        f"\ttls {certificate.cert} {certificate.key}\n"
        f"\treverse_proxy 127.0.0.1:{upstream}\n"
        "}\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    log_path = folder / "caddy.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [program, "run", "--config", str(config), "--adapter", "caddyfile"],
        stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=folder,
    )
    try:
        wait_for_port(port, process, log_path)
        yield f"https://{name}:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()


class Facilitator:
    """`facilitator run --headless ...` as a process, its output read line by line."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.args = args
        self.cwd = cwd
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        environment = {key: value for key, value in os.environ.items() if key != "STJERNESTUND_LANG"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "run", "--headless", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=cwd, env={**environment, "PYTHONUNBUFFERED": "1"}, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def line_with(self, text: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} within {timeout} s; got {self.lines}") from None
            if line is None:
                raise AssertionError(f"output ended before {text!r}; got {self.lines}; stderr: {self.stderr()}")
            self.lines.append(line)
            if text in line:
                return line

    def stderr(self) -> str:
        if self.process.poll() is None or self.process.stderr is None:
            return "(still running)"
        return self.process.stderr.read()

    def stop(self) -> tuple[int, str]:
        """SIGTERM, as systemd or Ctrl-C would: a clean stop. Returns (exit code, stderr)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            _out, err = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate(timeout=5)
        return self.process.returncode, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=5)


@contextmanager
def facilitator(*args: str, cwd: Path) -> Iterator[Facilitator]:
    run = Facilitator(*args, cwd=cwd)
    try:
        yield run
    finally:
        run.kill()


def behind_proxy_args(folder: Path, server_port: int, public_url: str) -> tuple[str, ...]:
    """`facilitator run` behind the proxy on this machine: loopback only, the
    proxy trusted, the public URL in the QR code."""
    return (
        "--host", "127.0.0.1", "--port", str(server_port), "--db", str(folder / "meeting.sqlite3"),
        "--public-url", public_url, "--trusted-proxy", "127.0.0.1",
    )
