"""Dropped Wi-Fi: 30% of the phones lose their connection in the middle of
sending a note, without a close frame (reset, silently half-open, or in the
middle of a frame), and come back a little later. All their notes arrive
exactly once; the other phones keep their connections and their acks keep
coming."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from pathlib import Path

import pytest
from fleet import Fleet, ServerProcess, SimPhone, journal_notes
from wifi import MODES, WifiLink

pytestmark = pytest.mark.slow

PHONES = 30
DROPPING = 9  # 30 %
CUTS_EACH = 3
MAX_ACK_GAP = 3.0  # seconds; a phone's acks usually come every 0.05-0.3 s on the loaded test machine


async def test_phones_cut_off_mid_send_lose_nothing_and_the_others_carry_on(tmp_path: Path) -> None:
    rng = random.Random(30)
    server = ServerProcess(tmp_path / "meeting.sqlite3", cwd=tmp_path)
    fleet = Fleet(server, PHONES)
    links: dict[int, WifiLink] = {}
    try:
        await server.start("--start")
        dropping = fleet.phones[:: PHONES // DROPPING][:DROPPING]  # spread over the groups
        for number, phone in enumerate(dropping):
            link = links[phone.index] = WifiLink(lambda: server.port)
            await link.start()
            phone.url = link.ws_url
            phone.reconnect_after = lambda: rng.uniform(0.3, 1.0)  # back in range a little later

            def maybe_cut(phone: SimPhone, note_id: str, link: WifiLink = link, number: int = number) -> None:
                if link.pending is None and len(link.cuts) < CUTS_EACH and len(phone.acked) >= 5 and rng.random() < 0.2:
                    link.arm(MODES[(number + len(link.cuts)) % len(MODES)], rng.uniform(0, 0.01))

            phone.on_note_sent = maybe_cut
        steady = [phone for phone in fleet.phones if phone.index not in links]
        fleet.start()
        await fleet.until(lambda: all(len(link.cuts) == CUTS_EACH for link in links.values()), "every cut done")
        target = fleet.ack_count() + 300  # and the cut-off phones have been back for a while
        await fleet.until(lambda: fleet.ack_count() >= target, "writing after the cuts")
        await fleet.finish()
        assert await server.terminate() == 0
    finally:
        await fleet.close()
        for link in links.values():
            await link.close()
        server.cleanup()

    _, counts, warnings = journal_notes(server.db)
    assert warnings == []
    written = [note_id for phone in fleet.phones for note_id in phone.written]
    assert Counter(counts) == Counter(dict.fromkeys(written, 1))  # every note, each exactly once
    for phone in fleet.phones:
        assert phone.unexpected == [] and phone.missing_after_welcome == []
    for phone in dropping:
        assert phone.stats.drops >= CUTS_EACH and phone.stats.welcomes >= CUTS_EACH + 1
    cut_modes = Counter(mode for link in links.values() for mode in link.cuts)
    assert set(cut_modes) == set(MODES)

    # the other phones: one connection each, no error, and acks that never stalled
    gaps = []
    for phone in steady:
        assert (phone.stats.connections, phone.stats.drops, sum(phone.stats.errors.values())) == (1, 0, 0)
        times = sorted(phone.acked.values())
        gaps.append(max(b - a for a, b in zip(times, times[1:], strict=False)))
    latencies = [latency for phone in steady for latency in phone.latencies]
    assert max(gaps) < MAX_ACK_GAP, f"a phone waited {max(gaps):.2f} s between two acks"
    print(
        f"\nWi-Fi cuts: {sum(cut_modes.values())} ({dict(cut_modes)}) on {len(dropping)} of {PHONES} phones; "
        f"notes checked: {len(written)}, each stored once; the other phones' acks: median "
        f"{statistics.median(latencies) * 1000:.0f} ms, longest gap {max(gaps):.2f} s; lost: 0"
    )
