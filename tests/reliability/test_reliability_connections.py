"""Many phones on a laptop with a low limit of open files. Every phone is an
open file for the server; macOS lets a program open 256 by default and many
Linux desktops 1,024, far fewer than the 3,000 connections the server
promises. The server raises its own limit as far as the system allows, so
the phones beyond the default are let in instead of timing out."""

from __future__ import annotations

import asyncio
import json
import resource
from pathlib import Path

import pytest
from fleet import ServerProcess
from websockets.asyncio.client import ClientConnection, connect

pytestmark = pytest.mark.slow

LOW = 256  # macOS's default
PHONES = 400


def low_file_limit() -> None:
    """In the server's process, before it starts: the soft limit of a fresh macOS shell."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (LOW, hard))


async def test_more_phones_than_the_default_file_limit_all_get_in(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < PHONES + 100:
        pytest.skip(f"this system allows only {hard} open files")
    if soft < PHONES + 100:  # the phones are open files of this process too
        resource.setrlimit(resource.RLIMIT_NOFILE, (PHONES + 100, hard))
    server = ServerProcess(tmp_path / "meeting.sqlite3", cwd=tmp_path)
    phones: list[ClientConnection] = []

    async def phone() -> bool:
        try:
            async with asyncio.timeout(10):
                ws = await connect(server.ws_url(), ping_interval=None)
                phones.append(ws)
                await ws.send(json.dumps({"type": "ping", "v": 1}))
                return json.loads(await ws.recv())["type"] == "pong"
        except (OSError, TimeoutError):
            return False

    try:
        await server.start(preexec_fn=low_file_limit)
        answered = await asyncio.gather(*(phone() for _ in range(PHONES)))
        assert sum(answered) == PHONES
        assert await server.terminate() == 0
    finally:
        for ws in phones:
            ws.transport.abort()
        server.cleanup()
    assert not any("Traceback" in line for line in server.err), server.err[-5:]
