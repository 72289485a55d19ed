"""Limits and logs behind a real reverse proxy (Caddy on loopback, as in
test_behind_caddy.py): wrong codes count per phone — the address the trusted
proxy forwards — not per proxy, and the log names that phone, while an
X-Forwarded-For sent by anyone but the proxy, or made up by a phone and
passed on by it, changes nothing.

Clients bind to different loopback addresses (127.0.0.2, .3, ...) so that
each is a different phone to Caddy and to the server.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from tests.support.processes import (
    PUBLIC_NAME,
    Certificate,
    behind_proxy_args,
    caddy,
    facilitator,
    free_port,
    make_certificate,
)

pytestmark = pytest.mark.slow

WRONG = "ZZZZZZZZ"
ATTEMPTS = 10  # wrong codes a minute per address (Limits.failed_attempts_per_minute)


async def wrong_codes(url: str, count: int, *, source: str, certificate: Certificate | None = None,
                      forwarded_for: str | None = None, host: str = "127.0.0.1") -> list[str]:
    """Send `count` hellos with a wrong code over one connection from the
    loopback address `source`; the error code of each answer."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
    ssl = certificate.client_context() if certificate else None
    async with asyncio.timeout(20):
        async with connect(url, host=host, local_addr=(source, 0), ssl=ssl, additional_headers=headers) as ws:
            codes = []
            for _ in range(count):
                await ws.send(json.dumps({"type": "hello", "v": 1, "code": WRONG}))
                codes.append(json.loads(await ws.recv())["code"])
            return codes


async def right_code(url: str, code: str, *, source: str, certificate: Certificate | None = None,
                     forwarded_for: str | None = None) -> str:
    """A hello with the right code: `session_info`, or the error code."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
    ssl = certificate.client_context() if certificate else None
    async with asyncio.timeout(20):
        async with connect(url, host="127.0.0.1", local_addr=(source, 0), ssl=ssl, additional_headers=headers) as ws:
            await ws.send(json.dumps({"type": "hello", "v": 1, "code": code}))
            answer = json.loads(await ws.recv())
            return answer["type"] if answer["type"] != "error" else answer["code"]


async def test_wrong_codes_count_per_forwarded_address_only_when_the_trusted_proxy_forwards_them(tmp_path: Path) -> None:
    certificate = make_certificate(tmp_path / "tls", PUBLIC_NAME)
    server_port, proxy_port = free_port(), free_port()
    with caddy(tmp_path / "caddy", certificate, port=proxy_port, upstream=server_port) as public_url:
        with facilitator(*behind_proxy_args(tmp_path, server_port, public_url), cwd=tmp_path) as run:
            code = run.line_with("Join: ").rsplit("/", 1)[1]
            via_proxy = f"wss://{PUBLIC_NAME}:{proxy_port}/ws"
            direct = f"ws://127.0.0.1:{server_port}/ws"

            # Through Caddy: the guesser at 127.0.0.2 is slowed (its answers say so) ...
            answers = await wrong_codes(via_proxy, ATTEMPTS + 1, source="127.0.0.2", certificate=certificate)
            assert answers == ["bad_code"] * ATTEMPTS + ["too_many_attempts"]
            assert await right_code(via_proxy, code, source="127.0.0.2", certificate=certificate) == "session_info"  # never shut out
            # ... and the phone at 127.0.0.3, also through Caddy, is not: the
            # count is keyed by the forwarded address, not by the proxy's.
            assert await wrong_codes(via_proxy, 1, source="127.0.0.3", certificate=certificate) == ["bad_code"]

            # Straight to the server from 127.0.0.4 (not the proxy): its own
            # X-Forwarded-For is ignored, so a fresh made-up address per try
            # does not reset the count.
            for attempt in range(ATTEMPTS):
                answers = await wrong_codes(direct, 1, source="127.0.0.4", forwarded_for=f"10.9.8.{attempt}")
                assert answers == ["bad_code"]
            assert await wrong_codes(direct, 1, source="127.0.0.4", forwarded_for="10.9.8.200") == ["too_many_attempts"]
            # Nor can it pose as a neighbour that is not slowed, or pin its count on 127.0.0.2.
            assert await wrong_codes(direct, 1, source="127.0.0.4", forwarded_for="127.0.0.3") == ["too_many_attempts"]
            assert await wrong_codes(direct, 1, source="127.0.0.5", forwarded_for="127.0.0.2") == ["bad_code"]

            # Through Caddy with a made-up header: Caddy puts the real peer
            # last, so 127.0.0.6 is counted as itself, whatever it claims.
            for attempt in range(ATTEMPTS):
                answers = await wrong_codes(via_proxy, 1, source="127.0.0.6", certificate=certificate, forwarded_for=f"10.9.7.{attempt}")
                assert answers == ["bad_code"]
            assert await wrong_codes(via_proxy, 1, source="127.0.0.6", certificate=certificate, forwarded_for="10.9.7.99") == ["too_many_attempts"]
            code_, err = run.stop()
            assert code_ == 0 and "Traceback" not in err


async def check_round_trip(url: str, *, source: str, certificate: Certificate | None = None, forwarded_for: str | None = None) -> int:
    """The reachability check as its page does it: echo each probe; the ms it reports."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
    ssl = certificate.client_context() if certificate else None
    async with asyncio.timeout(20):
        async with connect(url, host="127.0.0.1", local_addr=(source, 0), ssl=ssl, additional_headers=headers) as ws:
            while True:
                message = json.loads(await ws.recv())
                if message["type"] == "reached":
                    return message["ms"]
                await ws.send(json.dumps(message))


async def test_the_log_names_the_forwarded_address_from_the_trusted_proxy_and_the_peer_otherwise(tmp_path: Path) -> None:
    certificate = make_certificate(tmp_path / "tls", PUBLIC_NAME)
    server_port, proxy_port = free_port(), free_port()
    with caddy(tmp_path / "caddy", certificate, port=proxy_port, upstream=server_port) as public_url:
        with facilitator(*behind_proxy_args(tmp_path, server_port, public_url), cwd=tmp_path) as run:
            run.line_with("Join: ")
            await check_round_trip(f"wss://{PUBLIC_NAME}:{proxy_port}/check-ws", source="127.0.0.3", certificate=certificate)
            assert run.line_with("✓").endswith(", 127.0.0.3")  # the phone, not Caddy at 127.0.0.1
            await check_round_trip(f"ws://127.0.0.1:{server_port}/check-ws", source="127.0.0.4", forwarded_for="10.9.8.7")
            assert run.line_with("✓").endswith(", 127.0.0.4")  # a header from a non-proxy is not believed
            returncode, err = run.stop()
            assert returncode == 0 and "Traceback" not in err
