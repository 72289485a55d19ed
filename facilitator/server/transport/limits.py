"""Limits that keep one phone (or one guesser) from spoiling the meeting for the rest."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The server's limits; tests set small ones to reach them quickly."""

    max_frame_bytes: int = 16 * 1024
    messages_per_second: float = 20.0
    message_burst: int = 40
    max_connections: int = 3000
    failed_attempts_per_minute: int = 10
    failed_attempts_everywhere_per_minute: int = 600
    guess_delay: float = 2.0
    sockets_per_address: int = 500
    hello_timeout: float = 10.0
    ping_interval: float = 20.0
    ping_timeout: float = 20.0
    close_timeout: float = 5.0
    open_timeout: float = 10.0  # to send a whole request: a client that dribbles it (slowloris) is cut off
    max_waiting_bytes: int = 4 * 1024 * 1024  # unread output per phone before it is dropped (a reveal of 2,000 notes is ~0.5 MB)
    # New participants a minute from one address; None: the plan's
    # `joins_per_address_per_minute` (`facilitator run --joins-per-address`).
    joins_per_address: int | None = None


class RecentJoins:
    """Joins per address over a sliding minute (issue 14, attack 2: one
    address made 1,950 participants in 20 s). A join takes a place before it
    is committed and gives it back if it is refused, so joins racing in one
    turn of the loop cannot pass the limit together."""

    WINDOW = 60.0
    SWEEP_AT = 4096

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._joins: dict[str, deque[float]] = {}

    def take(self, address: str, limit: int) -> float | None:
        """A place for one join from `address` (its time, to give back), or
        None when `limit` joins from there came within the last minute."""
        now = self._clock()
        joins = self._joins.get(address)
        if joins is None:
            if len(self._joins) >= self.SWEEP_AT:
                self._sweep(now)
            joins = self._joins[address] = deque()
        while joins and joins[0] <= now - self.WINDOW:
            joins.popleft()
        if len(joins) >= limit:
            return None
        joins.append(now)
        return now

    def give_back(self, address: str, taken: float) -> None:
        joins = self._joins.get(address)
        if joins is not None and taken in joins:
            joins.remove(taken)

    def _sweep(self, now: float) -> None:
        for address in [a for a, joins in self._joins.items() if not joins or joins[-1] <= now - self.WINDOW]:
            del self._joins[address]


class TokenBucket:
    """`rate` messages a second on average, `burst` at once; a phone typing
    notes never comes near it, a loop sending frames does."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self._clock = clock
        self._last = clock()

    def take(self) -> bool:
        now = self._clock()
        self.tokens = min(self.burst, self.tokens + (now - self._last) * self.rate)
        self._last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class FailedAttempts:
    """Wrong session codes, resume secrets, wall secrets and card tokens,
    counted per address and for the whole room over a sliding minute.

    Nothing is ever blocked: past its allowance an address is *slowed* —
    each of its code checks waits `guess_delay` before it is looked at,
    right or wrong, so the answer comes no sooner for a guess than for the
    right code, and each connection checks one at a time. A phone behind the
    same NAT as a guesser gets in a few seconds later instead of never. Past
    the room-wide allowance (someone guessing from many addresses) every
    address is slowed. The arithmetic that keeps the 40-bit code safe is in
    docs/reliability.md."""

    WINDOW = 60.0
    EVERYWHERE = "*"  # the key of the room-wide count
    SWEEP_AT = 4096  # addresses kept before the ones with nothing in the last minute are forgotten

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        *,
        everywhere_per_minute: int | None = None,
        delay: float = 2.0,
    ) -> None:
        self.per_minute = per_minute
        self.everywhere_per_minute = everywhere_per_minute if everywhere_per_minute is not None else per_minute * 60
        self.delay = delay
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._last_sweep = -1e9

    @property
    def kept(self) -> int:
        """Addresses (and the room-wide count) the table holds now."""
        return len(self._failures)

    @classmethod
    def from_limits(cls, limits: Limits) -> FailedAttempts:
        return cls(
            limits.failed_attempts_per_minute,
            everywhere_per_minute=limits.failed_attempts_everywhere_per_minute,
            delay=limits.guess_delay,
        )

    def _count(self, key: str) -> int:
        failures = self._failures.get(key)
        if failures is None:
            return 0
        cutoff = self._clock() - self.WINDOW
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self._failures[key]  # keep the table small
            return 0
        return len(failures)

    def slowed(self, address: str) -> bool:
        """Whether code checks from `address` wait `delay` first."""
        return self._count(address) >= self.per_minute or self._count(self.EVERYWHERE) >= self.everywhere_per_minute

    def wait(self, address: str) -> float:
        """Seconds a code check from `address` waits before it is looked at."""
        return self.delay if self.slowed(address) else 0.0

    def record(self, address: str) -> None:
        now = self._clock()
        if len(self._failures) >= self.SWEEP_AT and now - self._last_sweep >= 1.0:  # at most once a second
            self._last_sweep = now  # a guesser with many addresses cannot grow the table past a minute's worth
            for key in list(self._failures):
                self._count(key)
        for key, cap in ((address, self.per_minute), (self.EVERYWHERE, self.everywhere_per_minute)):
            self._count(key)
            failures = self._failures.setdefault(key, deque())
            failures.append(now)
            while len(failures) > cap + 1:  # enough to know it is over; a flood cannot grow the table
                failures.popleft()
