"""The join URL: the address phones in the room can reach, plus the session code.

Found from the machine's network interfaces (psutil), never by sending a
packet: the laptop may be on a hotspot with no internet at all. A private
IPv4 address of a real interface is preferred; loopback, container and VPN
interfaces are skipped, because a phone on the room's Wi-Fi cannot reach them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Mapping

import psutil

UNSPECIFIED = frozenset(["", "0.0.0.0", "::", "*"])
# Interfaces no phone in the room can reach: containers, bridges, tunnels, VPNs.
VIRTUAL_PREFIXES = (
    "lo", "docker", "veth", "br-", "virbr", "vmnet", "vboxnet", "tun", "tap", "wg", "zt",
    "tailscale", "utun", "llw", "awdl", "ifb", "cni", "flannel", "kube", "podman", "lxc", "lxd",
)
_RFC1918 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def choose_lan_address(interfaces: Mapping[str, Iterable[str]], up: Iterable[str]) -> str | None:
    """The best IPv4 address for phones among `interfaces` (name -> addresses),
    considering only interfaces that are up; None if there is none."""
    up_names = set(up)
    candidates: list[tuple[int, int, str]] = []
    for order, (name, addresses) in enumerate(interfaces.items()):
        if name not in up_names or name.lower().startswith(VIRTUAL_PREFIXES):
            continue
        for text in addresses:
            try:
                address = ipaddress.ip_address(text)
            except ValueError:
                continue
            if address.version != 4 or address.is_loopback or address.is_link_local or address.is_unspecified:
                continue
            private = any(address in net for net in _RFC1918)
            candidates.append((0 if private else 1, order, text))
    return min(candidates)[2] if candidates else None


def lan_address() -> str | None:
    """This machine's address on the local network, from its interfaces."""
    try:
        addrs = psutil.net_if_addrs()
        stats = psutil.net_if_stats()
    except (OSError, RuntimeError):
        return None
    interfaces = {
        name: [a.address for a in entries if a.family == socket.AF_INET] for name, entries in addrs.items()
    }
    up = [name for name, stat in stats.items() if stat.isup]
    return choose_lan_address(interfaces, up)


def _host_for_url(host: str) -> str:
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


def join_url(code: str, *, port: int, host: str | None = None, public_url: str | None = None) -> str:
    """Where phones go: `--public-url` if given, else `--host` when it names an
    address, else this machine's LAN address (127.0.0.1 if it has none)."""
    if public_url:
        return f"{public_url.rstrip('/')}/j/{code}"
    if host is not None and host not in UNSPECIFIED:
        address = host
    else:
        address = lan_address() or "127.0.0.1"
    return f"http://{_host_for_url(address)}:{port}/j/{code}"
