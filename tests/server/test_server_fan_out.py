"""The hub finds a note's recipients by group, not by asking about every
phone: the phones it reaches must still be exactly those the core's
`can_see` allows, in every visibility, before and after a reveal, and after
a participant moves to another group."""

from __future__ import annotations

import pytest
from plans import make_plan
from websockets.asyncio.client import connect

from facilitator.core import commands as cmd
from facilitator.core.rules import can_see
from tests.support.phones import STAR, TIMEOUT, Phone


async def second_phone(server, first: Phone, make_phone) -> Phone:
    """The same participant on another phone (a tablet beside the phone)."""
    phone = await make_phone(server)
    await phone.send("resume", code=server.code, participant_id=first.participant_id, secret=first.secret)
    await phone.expect("welcome")
    return phone


@pytest.mark.parametrize("visibility", ["group", "all", "hidden"])
@pytest.mark.parametrize("revealed", [False, True])
async def test_a_note_reaches_exactly_the_phones_the_core_lets_see_it(make_server, joined, make_phone, visibility, revealed):
    server = await make_server(make_plan(star_options={"visibility": visibility}))
    if revealed:
        server.session.execute(cmd.Reveal(STAR))
    author = await joined(server, group_id="g1")
    authors_tablet = await second_phone(server, author, make_phone)
    others = [await joined(server, group_id=g) for g in ("g1", "g1", "g2", "g2", "g3")]
    await author.note("n-1", text="Hvem ser mig?")
    await author.expect("ack")
    state = server.session.state
    note = state.notes["n-1"]
    for phone in others:
        pushed = [f["note"]["id"] for f in await phone.until_pong() if f["type"] == "note"]
        allowed = can_see(state, state.participants[phone.participant_id], note)
        assert pushed == (["n-1"] if allowed else []), (visibility, revealed, state.participants[phone.participant_id].group_id)
    [mine] = await authors_tablet.until_pong()  # the writer's other phone: as theirs
    assert mine["note"]["id"] == "n-1" and mine["note"]["mine"] is True
    assert await author.until_pong() == []  # the writing phone got the ack instead


async def test_a_moved_participant_gets_the_new_groups_notes_and_no_longer_the_old(make_server, joined):
    server = await make_server()
    mover = await joined(server, group_id="g1")
    old_mate = await joined(server, group_id="g1")
    new_mate = await joined(server, group_id="g2")
    server.session.execute(cmd.MoveParticipant(mover.participant_id, "g2"))
    assert (await mover.expect("snapshot"))["you"]["group_id"] == "g2"
    for writer, note_id in ((old_mate, "n-old"), (new_mate, "n-new")):
        await writer.note(note_id, text="Efter flytningen")
        await writer.expect("ack")
    assert [f["note"]["id"] for f in await mover.until_pong()] == ["n-new"]
    await mover.note("n-mover", text="Fra den nye gruppe")
    await mover.expect("ack")
    assert [f["note"]["id"] for f in await new_mate.until_pong()] == ["n-mover"]
    assert [f["note"]["id"] for f in await old_mate.until_pong()] == []


async def test_a_phone_that_goes_away_is_no_longer_sent_its_groups_notes(make_server, joined):
    server = await make_server()
    writer = await joined(server, group_id="g1")
    leaving = await joined(server, group_id="g1")
    await leaving.close()
    await writer.until_pong()  # the server has seen the close by now
    assert leaving.participant_id not in server.hub.by_group.get("g1", {})
    await writer.note("n-1", text="Til dem der er her")
    assert (await writer.expect("ack"))["note_id"] == "n-1"
    async with connect(f"ws://127.0.0.1:{server.port}/ws", open_timeout=TIMEOUT) as ws:
        back = Phone(ws, server)
        await back.send("resume", code=server.code, participant_id=leaving.participant_id, secret=leaving.secret)
        welcome = await back.expect("welcome")
        assert [n["id"] for n in welcome["snapshot"]["notes"]] == ["n-1"]  # it gets what it missed on its return
        assert leaving.participant_id in server.hub.by_group["g1"]


async def test_phones_resuming_together_share_a_snapshot_yet_each_sees_every_note_committed_before_it(make_server, joined, make_phone):
    server = await make_server()
    writer = await joined(server, group_id="g1")
    away = [await joined(server, group_id="g1") for _ in range(3)]
    for phone in away:
        await phone.close()
    await writer.note("n-1", text="Før de kom tilbage")
    await writer.expect("ack")

    async def resume(phone) -> list[str]:
        again = await make_phone(server)
        await again.send("resume", code=server.code, participant_id=phone.participant_id, secret=phone.secret)
        return [n["id"] for n in (await again.expect("welcome"))["snapshot"]["notes"]]

    assert await resume(away[0]) == ["n-1"]
    await writer.note("n-2", text="Mens de kom tilbage")
    await writer.expect("ack")
    assert await resume(away[1]) == ["n-1", "n-2"]  # not the snapshot made before n-2
    assert await resume(away[2]) == ["n-1", "n-2"]
