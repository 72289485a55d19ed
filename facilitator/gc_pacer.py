"""Keep Python's full garbage collections out of the moments that count.

With 500 phones connected the process holds a few million objects, and a
full (generation 2) collection walks all of them: the benchmark measured
pauses of 130-300 ms, long enough to show as a late note on the board or a
key that seems ignored. Almost all of those objects live as long as the
meeting. So every second the server (with the console or headless)
freezes what exists (`gc.freeze`, a constant-time move: frozen objects are
left out of collections), which keeps every automatic collection small;
and it tidies up (unfreeze, one full collection, freeze again) when the
room has been quiet for a few seconds, when nobody is waiting. A cycle
that became garbage in between is freed at the next tidy-up, at the latest
after ten minutes. Reference counting still frees everything else at once.

It changes interpreter-wide state, so it is wired once, by the composition
root (`facilitator.app`), whichever UI runs: the session's changes count as
activity, and so do the console's key presses (`GcPacer.activity`).
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.runtime import LiveSession

QUIET_SECONDS = 3.0  # no change and no key for this long: a pause goes unnoticed
TIDY_EVERY = 60.0  # at most one full collection a minute
TIDY_AT_LEAST = 600.0  # and at least one every ten minutes, quiet or not
FULL_COLLECTION_THRESHOLD = 100  # Python's default is 10


class GcPacer:
    def __init__(self) -> None:
        self._old_threshold: tuple[int, int, int] | None = None
        self._last_activity = time.monotonic()
        self._last_tidy = time.monotonic()
        self.tidied = 0

    def start(self) -> None:
        self._old_threshold = gc.get_threshold()
        first, second, _ = self._old_threshold
        gc.set_threshold(first, second, FULL_COLLECTION_THRESHOLD)
        gc.freeze()

    def activity(self) -> None:
        """Something happened the facilitator may be waiting to see."""
        self._last_activity = time.monotonic()

    def tick(self) -> None:
        """Called once a second: freeze what exists, or tidy up when it is time."""
        if self._old_threshold is None:
            return
        now = time.monotonic()
        quiet = now - self._last_activity >= QUIET_SECONDS
        since = now - self._last_tidy
        if not ((quiet and since >= TIDY_EVERY) or since >= TIDY_AT_LEAST):
            gc.freeze()
            return
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._last_tidy = time.monotonic()
        self.tidied += 1

    def stop(self) -> None:
        if self._old_threshold is None:
            return
        gc.unfreeze()
        gc.set_threshold(*self._old_threshold)
        self._old_threshold = None


async def pace_collections(session: LiveSession, pacer: GcPacer) -> None:
    """Pace collections while the meeting runs: the session's changes count
    as activity (as does whatever else calls `pacer.activity()`), a tick a
    second. Runs until cancelled, then gives Python its own collector back."""

    def busy(_events: object, _origin: object) -> None:
        pacer.activity()

    session.subscribe(busy)
    pacer.start()
    try:
        while True:
            await asyncio.sleep(1.0)
            pacer.tick()
    finally:
        session.unsubscribe(busy)
        pacer.stop()
