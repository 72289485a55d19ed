"""Whose address a connection is: the TCP peer, or — only when that peer is
a reverse proxy the facilitator named with `--trusted-proxy` — the address
the proxy put last in `X-Forwarded-For`.

The limits (wrong codes per address) and the log lines key on this address.
Behind a proxy every phone's TCP peer is the proxy, so without it one
guesser would lock the whole room out; believing the header from anyone
else would let a guesser pick a fresh address for every try. Only the LAST
entry is read: it is the one the trusted proxy itself added (Caddy and
nginx's `$proxy_add_x_forwarded_for` both append the peer they saw);
anything before it came from the phone and could be made up.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable
from typing import Any, Protocol

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_network(text: str) -> Network:
    """`127.0.0.1`, `::1`, `10.0.0.0/8`: one address or a CIDR range. Raises ValueError."""
    return ipaddress.ip_network(text.strip(), strict=False)


def _address(text: str) -> Address | None:
    """An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
    `[2001:db8::1]:5678`; an IPv4 address mapped into IPv6 as IPv4."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class TrustedProxies:
    """The reverse proxies whose `X-Forwarded-For` is believed; none by default."""

    def __init__(self, networks: Iterable[Network] = ()) -> None:
        self.networks = tuple(networks)

    @classmethod
    def parse(cls, texts: Iterable[str]) -> TrustedProxies:
        """From `--trusted-proxy` values. Raises ValueError naming the bad one."""
        networks = []
        for text in texts:
            try:
                networks.append(parse_network(text))
            except ValueError as error:
                raise ValueError(text) from error
        return cls(networks)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, peer: str) -> bool:
        if not self.networks:
            return False  # the usual case: asked for every connection, answered without parsing
        address = _address(peer)
        return address is not None and any(address in network for network in self.networks)

    def client_address(self, peer: str, forwarded_for: list[str]) -> str:
        """The address to count and log: the proxy's last `X-Forwarded-For`
        entry if `peer` is a trusted proxy and that entry is an address,
        else the peer itself. `forwarded_for`: every X-Forwarded-For line."""
        if not self.networks or not forwarded_for or not self.trusts(peer):
            return _normal(peer)
        last = ",".join(forwarded_for).rsplit(",", 1)[-1]
        address = _address(last)
        return str(address) if address is not None else _normal(peer)


@functools.lru_cache(maxsize=4096)
def _normal(peer: str) -> str:
    """The peer's address as the limits key it (asked three times per
    connection; a room has a few hundred addresses at most, so remembered)."""
    address = _address(peer)
    return str(address) if address is not None else peer


normal_address = _normal  # the TCP peer as the limits and the log name it


class _Connection(Protocol):
    @property
    def remote_address(self) -> Any: ...

    @property
    def request(self) -> Any: ...


def address_of(proxies: TrustedProxies, connection: _Connection, request: Any = None) -> str:
    """The address of a websockets connection (during its HTTP request, pass
    `request`; after the upgrade, its own request is used)."""
    remote = connection.remote_address
    peer = str(remote[0]) if remote else "?"
    request = request if request is not None else connection.request
    forwarded = request.headers.get_all("X-Forwarded-For") if request is not None else []
    return proxies.client_address(peer, forwarded)
