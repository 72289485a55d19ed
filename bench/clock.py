"""One clock for every process of the benchmark, and note ids that carry it.

Latencies are measured across processes: a phone (in the load process)
stamps a note when it sends it, the server's console subscriber and the
other phones compare that stamp with their own clock when the note reaches
them. That is only valid with one clock for all of them, so the benchmark
reads Linux's CLOCK_MONOTONIC explicitly: it is one kernel clock for every
process on the machine (unlike `time.perf_counter`, which promises nothing
across processes), and, unlike the wall clock, it never jumps when NTP sets
the time.

The stamp travels inside the note id (`<phase>-<phone>-<n>-<µs>`, within the
protocol's 1-64 characters of `A-Za-z0-9_-`), so a receiver needs nothing
but the note itself to know how long it took and which phase it belongs to.
"""

from __future__ import annotations

import time


def now() -> float:
    """Seconds on CLOCK_MONOTONIC, comparable between the benchmark's processes."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def note_id(phase: str, phone: int, number: int, sent_at: float) -> str:
    return f"{phase}-{phone}-{number}-{round(sent_at * 1_000_000)}"


def parse_note_id(note_id: str) -> tuple[str, float] | None:
    """(phase, sent_at) from a benchmark note id; None for any other id."""
    parts = note_id.split("-")
    if len(parts) != 4 or not parts[3].isdigit():
        return None
    return parts[0], int(parts[3]) / 1_000_000
