"""The reachability check's endpoint on the meeting's own server: the page at
/check, the round trip at /check-ws measured by the server, the listeners told."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from facilitator.resources import client_dir as bundled_client_dir
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.server.transport.check import Reached


async def test_a_round_trip_at_check_ws_tells_the_listeners_how_fast_and_from_where(server) -> None:
    told: list[Reached] = []
    server.reach.listeners.append(told.append)
    events_before = server.session.state.event_count
    url = f"ws://127.0.0.1:{server.port}/check-ws"
    async with connect(url, user_agent_header="Mozilla/5.0 (Linux; Android 14)") as ws:
        for n in range(3):
            probe = json.loads(await ws.recv())
            assert probe == {"type": "probe", "n": n}
            await ws.send("not json")  # ignored: only the echo counts
            await ws.send(json.dumps({"type": "probe", "n": n}))
        reached = json.loads(await ws.recv())
    assert reached["type"] == "reached" and isinstance(reached["ms"], int) and reached["ms"] >= 1
    assert told == [Reached(reached["ms"], "127.0.0.1", "Android")]
    assert server.reach.last == told[0]
    assert server.session.state.event_count == events_before  # nothing in the meeting changed


async def test_the_check_page_is_served_and_another_site_cannot_open_the_check_socket(tmp_path, plan) -> None:
    session = LiveSession.open(tmp_path / "m.sqlite3", plan)
    server = SessionServer(session, host="127.0.0.1", port=0, client_dir=bundled_client_dir())
    await server.start()
    try:
        assert server.check_url == f"http://127.0.0.1:{server.port}/check"
        answer = await asyncio.to_thread(urllib.request.urlopen, server.check_url, timeout=5)
        body = answer.read().decode()
        assert answer.status == 200 and '<script type="module" src="/check.js">' in body
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
        with pytest.raises(InvalidStatus) as refused:
            async with connect(f"ws://127.0.0.1:{server.port}/check-ws", origin="http://evil.example"):
                pass
        assert refused.value.response.status_code == 403
    finally:
        await server.stop()
        session.close()
