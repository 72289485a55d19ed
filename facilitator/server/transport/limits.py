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
    ping_interval: float = 20.0
    ping_timeout: float = 20.0
    close_timeout: float = 5.0
    open_timeout: float = 10.0  # to send a whole request: a client that dribbles it (slowloris) is cut off
    max_waiting_bytes: int = 4 * 1024 * 1024  # unread output per phone before it is dropped (a reveal of 2,000 notes is ~0.5 MB)


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
    """Wrong session codes and resume secrets, counted per address over a
    sliding minute. 10 a minute makes guessing a 40-bit code hopeless."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _prune(self, address: str) -> deque[float] | None:
        failures = self._failures.get(address)
        if failures is None:
            return None
        cutoff = self._clock() - self.WINDOW
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self._failures[address]  # keep the table small
            return None
        return failures

    def blocked(self, address: str) -> bool:
        failures = self._prune(address)
        return failures is not None and len(failures) >= self.per_minute

    def record(self, address: str) -> None:
        self._prune(address)
        self._failures.setdefault(address, deque()).append(self._clock())
