"""The join URL: the address phones in the room can reach, plus the session code.

Found from the machine's network interfaces (psutil), never by sending a
packet: the laptop may be on a hotspot with no internet at all. A private
IPv4 address of a real interface is preferred; loopback, container and VPN
interfaces are skipped, because a phone on the room's Wi-Fi cannot reach them.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import psutil

UNSPECIFIED = frozenset(["", "0.0.0.0", "::", "*"])
_RFC1918 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


# Interfaces no phone in the room can reach (containers, bridges, tunnels,
# VPNs), by kind, for the doctor's report: Linux, macOS and Windows names.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("loopback", ("loopback",)),
    ("container", ("docker", "veth", "br-", "cni", "flannel", "kube", "podman", "lxc", "lxd", "vethernet", "wsl")),
    ("virtual_machine", ("virbr", "vmnet", "vboxnet", "virtualbox", "vmware", "hyper-v")),
    ("vpn", ("tun", "tap", "wg", "zt", "tailscale", "utun", "ipsec", "ppp", "wireguard", "openvpn", "zerotier", "nordlynx")),
    ("apple_direct", ("llw", "awdl", "ifb")),
)


def interface_kind(name: str) -> str | None:
    """`loopback`, `container`, `virtual_machine`, `vpn`, `apple_direct`, or None for
    an interface that may be a real network (Wi-Fi, Ethernet, a hotspot)."""
    lower = name.lower()
    if re.fullmatch(r"lo\d*", lower):  # not "Local Area Connection* 12": Windows' own hotspot
        return "loopback"
    for kind, marks in _KINDS:
        for mark in marks:
            if lower.startswith(mark) or (len(mark) > 4 and mark in lower):
                return kind
    return None


@dataclass(frozen=True)
class AddressNote:
    """One address of one interface, and whether phones could use it (and why not)."""

    interface: str
    address: str
    verdict: str  # chosen | usable | skipped
    reason: str  # private | public | loopback | container | virtual_machine | vpn | apple_direct | link_local | down | ipv6


def survey(interfaces: Mapping[str, Iterable[str]], up: Iterable[str]) -> list[AddressNote]:
    """Every address with the verdict the join URL's choice gives it: the doctor's
    report. The chosen one is the address `choose_lan_address` returns."""
    up_names = set(up)
    notes: list[AddressNote] = []
    for name, addresses in interfaces.items():
        kind = interface_kind(name)
        for text in addresses:
            try:
                address = ipaddress.ip_address(text.split("%", 1)[0])
            except ValueError:
                continue
            if address.is_loopback:
                reason = "loopback"
            elif kind is not None:
                reason = kind
            elif name not in up_names:
                reason = "down"
            elif address.version != 4:
                reason = "ipv6"
            elif address.is_link_local:
                reason = "link_local"
            elif address.is_unspecified:
                continue
            else:
                reason = "private" if any(address in net for net in _RFC1918) else "public"
            usable = reason in ("private", "public")
            notes.append(AddressNote(name, text, "usable" if usable else "skipped", reason))
    chosen = choose_lan_address(interfaces, up)
    return [
        AddressNote(n.interface, n.address, "chosen", n.reason) if n.verdict == "usable" and n.address == chosen else n
        for n in notes
    ]


def interface_data() -> tuple[dict[str, list[str]], list[str]]:
    """This machine's interfaces (name -> IPv4 and IPv6 addresses) and the names of those up."""
    try:
        addrs = psutil.net_if_addrs()
        stats = psutil.net_if_stats()
    except (OSError, RuntimeError):
        return {}, []
    families = (socket.AF_INET, socket.AF_INET6)
    interfaces = {name: [a.address for a in entries if a.family in families] for name, entries in addrs.items()}
    return interfaces, [name for name, stat in stats.items() if stat.isup]


def choose_lan_address(interfaces: Mapping[str, Iterable[str]], up: Iterable[str]) -> str | None:
    """The best IPv4 address for phones among `interfaces` (name -> addresses),
    considering only interfaces that are up; None if there is none."""
    up_names = set(up)
    candidates: list[tuple[int, int, str]] = []
    for order, (name, addresses) in enumerate(interfaces.items()):
        if name not in up_names or interface_kind(name) is not None:
            continue
        for text in addresses:
            try:
                address = ipaddress.ip_address(text.split("%", 1)[0])
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


def join_url(code: str, *, port: int, host: str | None = None, public_url: str | None = None, secure: bool = False) -> str:
    """Where phones go: `--public-url` if given, else `--host` when it names an
    address, else this machine's LAN address (127.0.0.1 if it has none);
    `https` when the server itself speaks TLS (`secure`)."""
    if public_url:
        return f"{public_url.rstrip('/')}/j/{code}"
    if host is not None and host not in UNSPECIFIED:
        address = host
    else:
        address = lan_address() or "127.0.0.1"
    scheme = "https" if secure else "http"
    return f"{scheme}://{_host_for_url(address)}:{port}/j/{code}"
