"""The door every TCP connection passes before any HTTP is read: open
connections are counted per address and in all, and a connection over
either bound is answered `503` and closed at once.

- Per address (`Limits.sockets_per_address`): one machine on the Wi-Fi
  cannot hold the sockets everyone else needs. A trusted reverse proxy is
  not one machine: its connections are counted under the address it
  forwards, once the request says it (`assign`).
- In all (`budget`): every connection is an open file. Past the budget
  (the system's limit less `SPARE_FILES` for the journal, the page's
  files, the terminal) a new connection is refused instead of taking the
  last files the meeting needs; the process never meets "too many open
  files", so no accept loop or page load fails with a traceback.

Refusals are told in the log at most once a second, with how many there were.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable

from facilitator.server.transport.proxies import TrustedProxies, normal_address

log = logging.getLogger("facilitator.server")

LOG_EVERY = 1.0  # seconds between two log lines about refused connections

REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Connection: close\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 2\r\n"
    b"Content-Length: 40\r\n"
    b"\r\n"
    b"Too many connections; try again shortly\n"
)


class ConnectionGate:
    def __init__(
        self,
        per_address: int,
        proxies: TrustedProxies | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_address = per_address
        self.proxies = proxies or TrustedProxies()
        self.budget: int | None = None  # set by SessionServer.start from the open-file limit
        self.open = 0
        self._by_address: Counter[str] = Counter()
        self._clock = clock
        self._refused: Counter[str] = Counter()  # since the last log line, by reason
        self._last_log = -1e9
        self._last_address = ""

    def open_from(self, address: str) -> int:
        return self._by_address[address]

    def admit(self, peer: str) -> str | None:
        """Count a new connection from `peer` (the TCP peer's address) and
        return its key, or None if it must be refused. A trusted proxy's
        connection has no key until `assign` gives it the phone's address."""
        if self.budget is not None and self.open >= self.budget:
            self._refuse("files")
            return None
        address = normal_address(peer)
        if self.proxies.trusts(address):
            self.open += 1
            return ""
        if self._by_address[address] >= self.per_address:
            self._refuse("address", address)
            return None
        self.open += 1
        self._by_address[address] += 1
        return address

    def assign(self, address: str) -> bool:
        """A trusted proxy's connection named the phone's `address`: count it
        there, unless that address already holds its share."""
        if self._by_address[address] >= self.per_address:
            self._refuse("address", address)
            return False
        self._by_address[address] += 1
        return True

    def release(self, key: str | None, assigned: str | None = None) -> None:
        """A connection admitted with `key` (and perhaps `assign`ed) closed."""
        if key is None:
            return
        self.open -= 1
        for address in (key, assigned):
            if address:
                self._by_address[address] -= 1
                if self._by_address[address] <= 0:
                    del self._by_address[address]

    def _refuse(self, reason: str, address: str = "") -> None:
        self._refused[reason] += 1
        if address:
            self._last_address = address
        now = self._clock()
        if now - self._last_log >= LOG_EVERY:
            self._last_log = now
            self._tell()

    def _tell(self) -> None:
        """One line for everything refused since the last one."""
        files, address = self._refused["files"], self._refused["address"]
        self._refused.clear()
        parts = []
        if files:
            parts.append(f"{files} at the open-file limit ({self.open} open, room for {self.budget})")
        if address:
            parts.append(f"{address} from addresses holding {self.per_address} already (the last: {self._last_address})")
        log.warning("refused new connections: %s", "; ".join(parts))
