"""Notes: acknowledged only once on disk, stored once however often they are sent."""

from __future__ import annotations

import asyncio
import sqlite3

from facilitator.journal import read_events
from tests.support.phones import TIMEOUT


def stored_notes(server) -> list[str]:
    """The note ids in the journal file, read as the export would read it."""
    events, _ = read_events(server.session.journal.path)
    return [e.note_id for e in events if e.type == "note_added"]


async def test_a_note_is_acknowledged_with_the_stored_note_and_is_in_the_journal(server, joined):
    phone = await joined(server, group_id="g1")
    await phone.note("n-1", text="  Sparring med andre  ")
    ack = await phone.expect("ack")
    assert ack["request"] == "note" and ack["note_id"] == "n-1"
    assert ack["note"]["text"] == "Sparring med andre"
    assert ack["note"]["mine"] is True and ack["note"]["group_id"] == "g1"
    assert stored_notes(server) == ["n-1"]


async def test_no_ack_when_the_journal_cannot_store_the_note(server, joined):
    phone = await joined(server)
    other = await joined(server)
    server.session.journal.close()  # the journal fails, as on a pulled-out disk
    await phone.note("n-lost", text="Går tabt")
    error = await phone.expect("error")
    assert error["code"] == "not_stored" and error["note_id"] == "n-lost"
    assert error["message"] == "Det blev ikke gemt. Telefonen prøver igen om lidt."
    assert await phone.until_pong() == []  # no ack follows
    assert await other.until_pong() == []  # and nobody was shown it
    assert "n-lost" not in server.session.state.notes
    assert stored_notes(server) == []


async def test_a_locked_journal_refuses_the_note_and_a_resend_after_it_is_stored_once(server, joined):
    phone = await joined(server)
    locker = sqlite3.connect(server.session.journal.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another program holds the file: every write waits, then fails
    try:
        await phone.note("n-1", text="Vigtigt")
        async with asyncio.timeout(TIMEOUT):
            error = await phone.expect("error")
        assert error["code"] == "not_stored"
        assert await phone.until_pong() == []
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert stored_notes(server) == []
    await phone.note("n-1", text="Vigtigt")  # the phone sends it again, same id
    assert (await phone.expect("ack"))["note_id"] == "n-1"
    assert stored_notes(server) == ["n-1"]


async def test_a_note_sent_twice_is_stored_once_and_acknowledged_twice(server, joined):
    phone = await joined(server)
    await phone.note("n-1", text="Én gang")
    first = await phone.expect("ack")
    await phone.note("n-1", text="Én gang")
    second = await phone.expect("ack")
    assert first["note"] == second["note"]
    assert stored_notes(server) == ["n-1"]


async def test_after_a_reconnect_the_phone_resends_and_nothing_is_doubled(server, joined, make_phone):
    phone = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    await phone.note("n-1", text="Første")
    await phone.expect("ack")
    await phone.close()  # the connection drops before the phone saw any ack for n-2
    again = await make_phone(server)
    await again.send("resume", code=server.code, participant_id=phone.participant_id, secret=phone.secret)
    snapshot = (await again.expect("welcome"))["snapshot"]
    assert [n["id"] for n in snapshot["notes"]] == ["n-1"]
    for note_id, text in (("n-1", "Første"), ("n-2", "Anden")):
        await again.note(note_id, text=text)
        assert (await again.expect("ack"))["note_id"] == note_id
    assert stored_notes(server) == ["n-1", "n-2"]
    pushed = [f["note"]["id"] for f in await mate.until_pong() if f["type"] == "note"]
    assert pushed == ["n-1", "n-2"]  # the mate saw each note once


async def test_edit_and_delete_of_ones_own_note_are_acknowledged_and_pushed(server, joined):
    phone = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    await phone.note("n-1", text="Udkast")
    await phone.expect("ack")
    await phone.send("edit", note_id="n-1", text="Rettet")
    ack = await phone.expect("ack")
    assert ack["request"] == "edit" and ack["note"]["text"] == "Rettet" and ack["note"]["edited"] is True
    await phone.send("delete", note_id="n-1")
    assert (await phone.expect("ack"))["request"] == "delete"
    await phone.send("delete", note_id="n-1")  # resent: acknowledged again
    assert (await phone.expect("ack"))["request"] == "delete"
    frames = await mate.until_pong()
    assert [(f["type"], f.get("note", {}).get("text")) for f in frames] == [
        ("note", "Udkast"),
        ("note", "Rettet"),
        ("note_removed", None),
    ]


async def test_votes_are_acknowledged_and_the_dots_left_are_pushed(make_server, joined):
    from facilitator.core import commands as cmd

    server = await make_server(start_exercise="kompetencemoduler")
    phone = await joined(server)
    await phone.note("n-1", lane_id="sexisme", text="Mere om sexisme", exercise_id="kompetencemoduler")
    await phone.expect("ack")
    server.session.execute(cmd.SetPhase("kompetencemoduler", "voting"))
    phase = await phone.expect("phase")
    assert phase["phase"] == "voting"
    await phone.send("vote", note_id="n-1")
    votes = await phone.expect("votes")
    assert votes["voted"] == ["n-1"] and votes["dots_left"] == 2
    assert (await phone.expect("ack"))["request"] == "vote"
    await phone.send("vote", note_id="n-1")  # one dot per note: the same vote again changes nothing
    assert (await phone.expect("votes"))["dots_left"] == 2
    assert (await phone.expect("ack"))["request"] == "vote"
    await phone.send("unvote", note_id="n-1")
    assert (await phone.expect("votes"))["dots_left"] == 3
    assert (await phone.expect("ack"))["request"] == "unvote"


async def test_a_proposed_lane_is_acknowledged_and_writable(make_server, joined):
    server = await make_server(start_exercise="kompetencemoduler")
    phone = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    await phone.send("propose", exercise_id="kompetencemoduler", lane_id="modul-7", title="Psykisk arbejdsmiljø")
    ack = await phone.expect("ack")
    assert ack["lane"] == {
        "id": "modul-7",
        "title": "Psykisk arbejdsmiljø",
        "prompt": None,
        "owner": None,
        "writable": True,
        "proposed": True,
    }
    assert [f["lane"]["id"] for f in await mate.until_pong() if f["type"] == "lane"] == ["modul-7"]
    await mate.note("n-7", lane_id="modul-7", text="Godt forslag", exercise_id="kompetencemoduler")
    assert (await mate.expect("ack"))["note_id"] == "n-7"
