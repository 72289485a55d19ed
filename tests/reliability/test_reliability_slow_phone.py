"""A phone that stops reading (a locked screen, a phone out of range that
the laptop cannot yet tell from a slow one) costs the others nothing, and is
dropped after a bounded time even when little is sent to it: the keep-alive
finds it. (The drop by unread bytes, when much is sent, is in
tests/server/test_server_bad_input.py.)"""

from __future__ import annotations

import asyncio
import time

from websockets.asyncio.client import connect

from facilitator.server.transport.limits import Limits
from tests.support.phones import TIMEOUT, Phone

LIMITS = Limits(ping_interval=0.5, ping_timeout=0.5, close_timeout=0.5)
BOUND = LIMITS.ping_interval + LIMITS.ping_timeout + LIMITS.close_timeout + 1.0  # +1 s for a busy machine


async def test_a_phone_that_stops_reading_is_dropped_by_the_keepalive_and_the_others_never_wait(make_server, joined):
    server = await make_server(limits=LIMITS)
    async with asyncio.timeout(TIMEOUT):
        stuck_ws = await connect(f"ws://127.0.0.1:{server.port}/ws", ping_interval=None)
    stuck = Phone(stuck_ws, server)
    await stuck.join(name="Låst skærm", unit="AKM", group_id="g1")
    writer = await joined(server, group_id="g1")  # its notes are pushed to the stuck phone too
    stuck_ws.transport.pause_reading()  # reads nothing more, answers no ping
    stopped = time.monotonic()

    latencies = []
    dropped_after = None
    for i in range(60):
        sent = time.monotonic()
        await writer.note(f"n-{i}", text=f"Note {i}")
        assert (await writer.expect("ack"))["note_id"] == f"n-{i}"
        latencies.append(time.monotonic() - sent)
        if dropped_after is None and stuck.participant_id not in server.hub.by_participant:
            dropped_after = time.monotonic() - stopped
        if dropped_after is not None and i >= 20:
            break
        await asyncio.sleep(0.05)
    assert dropped_after is not None and dropped_after < BOUND, dropped_after
    assert max(latencies) < 1.0, max(latencies)  # the writer never waited for the stuck phone (dropped after 1.5 s)

    # back in range: it resumes and gets everything it missed in one snapshot
    stuck_ws.transport.abort()
    again = Phone(await connect(f"ws://127.0.0.1:{server.port}/ws"), server)
    await again.send("resume", code=server.code, participant_id=stuck.participant_id, secret=stuck.secret)
    snapshot = (await again.expect("welcome"))["snapshot"]
    assert [n["id"] for n in snapshot["notes"]] == [f"n-{j}" for j in range(len(latencies))]
    await again.close()
