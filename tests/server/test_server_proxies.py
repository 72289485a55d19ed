"""Whose address a connection is: the forwarded one only from a trusted proxy,
and then only the entry that proxy added itself (the last)."""

from __future__ import annotations

import asyncio

import pytest

from facilitator.server.transport.limits import Limits
from facilitator.server.transport.proxies import TrustedProxies
from tests.support.phones import TIMEOUT


def test_without_a_trusted_proxy_the_header_is_never_read() -> None:
    assert TrustedProxies().client_address("127.0.0.1", ["203.0.113.9"]) == "127.0.0.1"


def test_from_the_trusted_proxy_the_last_entry_is_the_phone() -> None:
    proxies = TrustedProxies.parse(["127.0.0.1"])
    # The phone wrote "6.6.6.6" itself; the proxy appended what it saw.
    assert proxies.client_address("127.0.0.1", ["6.6.6.6, 192.168.1.23"]) == "192.168.1.23"
    assert proxies.client_address("127.0.0.1", ["6.6.6.6", "192.168.1.23"]) == "192.168.1.23"  # two header lines


def test_from_anyone_else_the_header_is_ignored() -> None:
    proxies = TrustedProxies.parse(["127.0.0.1"])
    assert proxies.client_address("192.168.1.50", ["192.168.1.23"]) == "192.168.1.50"


def test_a_range_and_ipv6_and_ipv4_mapped_peers_are_recognised() -> None:
    proxies = TrustedProxies.parse(["10.0.0.0/8", "::1"])
    assert proxies.client_address("10.88.0.1", ["192.168.1.23"]) == "192.168.1.23"
    assert proxies.client_address("::1", ["[2001:db8::7]:5123"]) == "2001:db8::7"
    assert proxies.client_address("::ffff:10.1.2.3", ["192.168.1.23:40000"]) == "192.168.1.23"
    assert proxies.client_address("11.0.0.1", ["192.168.1.23"]) == "11.0.0.1"


def test_a_last_entry_that_is_no_address_falls_back_to_the_proxy_itself() -> None:
    proxies = TrustedProxies.parse(["127.0.0.1"])
    assert proxies.client_address("127.0.0.1", ["192.168.1.23, unknown"]) == "127.0.0.1"
    assert proxies.client_address("127.0.0.1", []) == "127.0.0.1"


@pytest.mark.parametrize("value", ["1.2.3", "localhost", "10.0.0.0/33", ""])
def test_a_trusted_proxy_that_is_no_address_or_network_is_refused_by_name(value: str) -> None:
    with pytest.raises(ValueError) as refused:
        TrustedProxies.parse([value])
    assert str(refused.value) == value


async def wall_page(port: int, secret: str, forwarded_for: str) -> int:
    """GET the wall's QR code with a secret, as a proxy on this machine would pass it on."""
    async with asyncio.timeout(TIMEOUT):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /w/{secret}/qr.svg HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: {forwarded_for}\r\n\r\n".encode())
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        writer.close()
    return status


async def test_wrong_wall_secrets_count_per_forwarded_address_from_the_trusted_proxy(make_server) -> None:
    """The wall's secret URL shares the wrong-attempt count; behind the proxy
    (here: this test, at 127.0.0.1) it slows the guesser, not everyone, and
    the right secret is never held up."""
    server = await make_server(limits=Limits(failed_attempts_per_minute=3), trusted_proxies=TrustedProxies.parse(["127.0.0.1"]))
    assert [await wall_page(server.port, "wrong", "10.0.0.1") for _ in range(4)] == [404, 404, 404, 404]
    attempts = server.handler.attempts
    assert attempts.slowed("10.0.0.1") and not attempts.slowed("10.0.0.2") and not attempts.slowed("127.0.0.1")
    assert await wall_page(server.port, server.wall_secret, "10.0.0.1") == 200
    assert await wall_page(server.port, server.wall_secret, "10.0.0.2") == 200
