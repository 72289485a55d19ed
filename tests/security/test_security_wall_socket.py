"""The projector wall's socket needs no secret to be opened, so it gets
hostile frames too: it answers them exactly as the phones' socket does —
the same parser, the same error codes — and nothing reaches the log."""

from __future__ import annotations

import logging

import pytest
from wire import Tap

HOSTILE = [
    "[" * 8000 + "]" * 8000,  # nested deeper than Python's recursion limit, inside the 16 kB frame limit
    '{"a":' * 2500 + "1" + "}" * 2500,
    '{"type": "wall_hello", "secret": ' + "[" * 5000 + "]" * 5000 + "}",
    "not json",
    "[]",
    "null",
]


@pytest.mark.parametrize("frame", HOSTILE, ids=["nested-lists", "nested-objects", "nested-field", "text", "list", "null"])
async def test_a_hostile_first_frame_on_the_wall_socket_is_answered_like_on_the_phone_socket(server, frame, caplog):
    caplog.set_level(logging.DEBUG)
    answers = {}
    for path in ("/ws", "/wall-ws"):
        tap = await Tap.open(server.port, path, path)
        await tap.ws.send(frame)
        answers[path] = (await tap.expect("error"))["code"]
        await tap.close()
    assert answers["/wall-ws"] == answers["/ws"] == "bad_json"
    assert not [r for r in caplog.records if r.exc_info or "Recursion" in r.getMessage()], caplog.text[-2000:]
