"""Bad input and limits: a clear error (code + message), the connection stays
open where that is safe, and nobody else is affected."""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
from plans import make_plan
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from facilitator.core import commands as cmd
from facilitator.server.transport.limits import Limits
from tests.support.phones import STAR, TIMEOUT, Phone, eventually

NOTE = {"note_id": "n-ok", "exercise_id": STAR, "lane_id": "behov", "text": "Virker stadig"}


async def still_works(phone: Phone, bystander: Phone, note_id: str) -> None:
    """The phone's connection is open and usable, and the other participant carries on."""
    await phone.note(f"{note_id}-a")
    assert (await phone.expect("ack"))["note_id"] == f"{note_id}-a"
    await bystander.note(f"{note_id}-b")
    assert (await bystander.expect("ack"))["note_id"] == f"{note_id}-b"


BAD_FRAMES = [
    ("not json", "bad_json", "Beskeden kunne ikke læses"),
    ("[1, 2]", "bad_json", "Beskeden kunne ikke læses"),
    ('{"type": "shout", "v": 1}', "unknown_type", "Ukendt beskedtype: shout."),
    ('{"v": 1}', "bad_message", "type"),
    ('{"type": "note", "v": 1, "note_id": "n", "exercise_id": "netvaerksstjernen", "lane_id": "behov", "text": 42}', "bad_message", "text"),
    ('{"type": "note", "v": 1, "note_id": ["n"], "exercise_id": "x", "lane_id": "behov", "text": "t"}', "bad_message", "note_id"),
    ('{"type": "note", "v": 1, "exercise_id": "netvaerksstjernen", "lane_id": "behov", "text": "t"}', "bad_message", "note_id"),
    ('{"type": "vote", "v": 1, "note_id": null}', "bad_message", "note_id"),
    ('{"type": 5, "v": 1}', "bad_message", "type"),
    ('{"type": null, "v": 1}', "bad_message", "type"),
    ('{"type": "ping"}', "bad_message", "v"),
    ('{"type": "ping", "v": "1"}', "bad_message", "v"),
    ('{"type": "ping", "v": true}', "bad_message", "v"),
    ('{"type": "ping", "v": 2}', "unsupported_version", "version"),
    ('{"type": "shout", "v": 2}', "unsupported_version", "version"),
    ('{"type": "propose", "v": 1, "exercise_id": "netvaerksstjernen", "lane_id": "l-1", "title": null}', "bad_message", "title"),
]


@pytest.mark.parametrize(("frame", "code", "in_message"), BAD_FRAMES)
async def test_a_malformed_frame_gets_an_error_and_the_connection_stays_open(server, joined, frame, code, in_message):
    phone = await joined(server)
    bystander = await joined(server)
    await phone.send_raw(frame)
    error = await phone.expect("error")
    assert error["code"] == code
    assert in_message in error["message"] or code == "unsupported_version"
    assert error["message"]
    await still_works(phone, bystander, "after")


async def test_a_binary_frame_gets_an_error_and_the_connection_stays_open(server, joined):
    phone = await joined(server)
    bystander = await joined(server)
    await phone.send_raw(json.dumps({"type": "ping", "v": 1}).encode())
    error = await phone.expect("error")
    assert error["code"] == "binary_frame" and error["message"] == "Kun tekstbeskeder kan læses."
    await still_works(phone, bystander, "after")


async def test_errors_come_in_the_phones_language(server, joined):
    phone = await joined(server, lang="en")
    await phone.send_raw("{")
    assert (await phone.expect("error"))["message"] == "The message could not be read (it is not a JSON object)."
    await phone.note("n-long", text="x" * 281)
    assert (await phone.expect("error"))["message"] == "The note is too long: 281 characters, at most 280."


async def test_a_note_over_the_exercises_limit_is_refused_with_its_length(server, joined):
    phone = await joined(server)
    bystander = await joined(server)
    await phone.note("n-long", text="x" * 281)
    error = await phone.expect("error")
    assert error == {
        "v": 1,
        "type": "error",
        "code": "note_too_long",
        "message": "Noten er for lang: 281 tegn, højst 280.",
        "request": "note",
        "note_id": "n-long",
    }
    assert "n-long" not in server.session.state.notes
    await still_works(phone, bystander, "after")


async def test_a_note_into_a_closed_phase_is_refused(server, joined):
    phone = await joined(server)
    bystander = await joined(server)
    server.session.execute(cmd.SetPhase(STAR, "closed"))
    await phone.expect("phase")
    await bystander.expect("phase")
    await phone.note("n-late")
    error = await phone.expect("error")
    assert error["code"] == "phase_closed" and error["note_id"] == "n-late"
    assert error["message"] == "Der kan ikke skrives lige nu: øvelsen er ikke i skrivefasen."
    server.session.execute(cmd.SetPhase(STAR, "writing"))
    await phone.expect("phase")
    await bystander.expect("phase")
    await still_works(phone, bystander, "after")


async def test_a_note_into_an_unknown_lane_or_another_groups_lane_is_refused(make_server, joined):
    server = await make_server(make_plan(star_options={"lane_assignment": "round_robin"}))
    phone = await joined(server, group_id="g1")  # g1 writes on "behov" only
    await phone.note("n-1", lane_id="nowhere")
    assert (await phone.expect("error"))["code"] == "unknown_lane"
    await phone.note("n-2", lane_id="bidrag")
    error = await phone.expect("error")
    assert error["code"] == "lane_not_for_group" and error["message"] == "Din gruppe arbejder ikke med dette punkt."
    await phone.note("n-3", lane_id="behov")
    assert (await phone.expect("ack"))["note_id"] == "n-3"


async def test_editing_or_deleting_someone_elses_note_is_refused(server, joined):
    author = await joined(server, group_id="g1")
    other = await joined(server, group_id="g1")
    await author.note("n-1", text="Min note")
    await author.expect("ack")
    await other.expect("note")
    await other.send("edit", note_id="n-1", text="Overskrevet")
    error = await other.expect("error")
    assert error["code"] == "not_your_note" and error["message"] == "Du kan kun ændre dine egne noter."
    await other.send("delete", note_id="n-1")
    assert (await other.expect("error"))["code"] == "not_your_note"
    await other.note("n-1", text="Samme id, anden forfatter")
    assert (await other.expect("error"))["code"] == "note_exists"
    assert server.session.state.notes["n-1"].text == "Min note"
    assert await author.until_pong() == []
    await other.note("n-2", text="Min egen")
    assert (await other.expect("ack"))["note_id"] == "n-2"


async def test_notes_before_joining_are_refused(server, make_phone):
    phone = await make_phone(server)
    await phone.send("note", **NOTE)
    error = await phone.expect("error")
    assert error["code"] == "not_joined" and error["message"] == "Tilmeld dig mødet først."
    await phone.join(name="Sen", unit="AKM")
    await phone.send("note", **NOTE)
    assert (await phone.expect("ack"))["note_id"] == "n-ok"


async def test_a_frame_over_the_size_limit_closes_only_that_connection(server, joined):
    phone = await joined(server)
    bystander = await joined(server)
    await phone.send_raw(json.dumps({"type": "note", "v": 1, **NOTE, "text": "x" * 20_000}))
    with pytest.raises(ConnectionClosed) as closed:
        await phone.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
    await bystander.note("n-b")
    assert (await bystander.expect("ack"))["note_id"] == "n-b"


async def test_a_flood_is_rate_limited_and_nobody_else_notices(server, joined):
    flooder = await joined(server)
    bystander = await joined(server)
    for _ in range(150):
        await flooder.send("ping")
    answers = []
    try:
        while True:
            async with asyncio.timeout(0.5):  # until the server has nothing more to say
                answers.append(json.loads(await flooder.ws.recv()))
    except TimeoutError:
        pass
    pongs = [a for a in answers if a["type"] == "pong"]
    errors = [a for a in answers if a["type"] == "error"]
    assert 35 <= len(pongs) <= 60  # the burst of 40 (less the join), and what refilled meanwhile
    assert len(errors) >= 1 and len(pongs) + len(errors) == len(answers)
    assert errors[0]["code"] == "rate_limited"
    assert errors[0]["message"] == "For mange beskeder på kort tid. Vent et øjeblik."
    await bystander.note("n-b")
    assert (await bystander.expect("ack"))["note_id"] == "n-b"
    await flooder.note("n-f")  # the bucket has refilled: the phone works again
    assert (await flooder.expect("ack"))["note_id"] == "n-f"


async def test_too_many_connections_are_refused_with_503(make_server, make_phone):
    server = await make_server(limits=Limits(max_connections=2))
    first = await make_phone(server)
    await make_phone(server)
    with pytest.raises(InvalidStatus) as refused:
        async with asyncio.timeout(TIMEOUT):
            await connect(f"ws://127.0.0.1:{server.port}/ws")
    assert refused.value.response.status_code == 503
    await first.send("hello", code=server.code)
    assert (await first.expect("session_info"))["title"]  # those inside carry on
    await first.close()
    await eventually(lambda: len(server.hub.phones) < 2, "the server noticed the closed connection")
    async with asyncio.timeout(TIMEOUT):
        third = await connect(f"ws://127.0.0.1:{server.port}/ws")
    await third.close()


async def test_a_phone_that_stops_reading_is_dropped_and_does_not_hold_up_the_others(make_server, joined):
    server = await make_server(limits=Limits(max_waiting_bytes=64 * 1024))
    for i in range(300):  # enough notes that snapshots outgrow the kernel's socket buffers
        server.session.execute(cmd.AddNoteForGroup(f"n-{i}", STAR, "behov", "g1", f"Note nummer {i} " + "x" * 200))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    async with asyncio.timeout(TIMEOUT):
        stuck_ws = await connect(f"ws://127.0.0.1:{server.port}/ws", sock=sock, max_queue=1)
    stuck = Phone(stuck_ws, server)
    await stuck.join(name="Langsom", unit="AKM", group_id="g1")
    stuck_ws.transport.pause_reading()  # the phone stops reading altogether
    reader = await joined(server, group_id="g1")
    async with asyncio.timeout(TIMEOUT * 3):
        for i in range(80):
            server.session.execute(cmd.Reveal(STAR, revealed=i % 2 == 0))
            snapshot = await reader.expect("snapshot")
            assert len(snapshot["notes"]) == 300
    assert server.hub.dropped_slow == 1
    assert all(phone.participant_id != stuck.participant_id for phone in server.hub.phones)
    stuck_ws.transport.abort()
