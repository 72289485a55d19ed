"""Issue 14, attack 2: one address made 1,950 participants in 20 s, and one
person put 21 dots on one note where the plan allows 3 (each identity gets
its 3 dots). Now joins from one address are limited per minute, the
facilitator sees how many participants each address holds, can close the
door to newcomers, and can remove a participant with their dots (and, if
they choose, their notes)."""

from __future__ import annotations

import asyncio

import pytest
from plans import make_plan
from websockets.asyncio.client import connect
from wire import Tap

from facilitator.core import commands as cmd
from facilitator.journal import read_events
from tests.support.phones import STAR, TIMEOUT


def limited(**limits: object):
    return make_plan(star_options={"dots_per_participant": 3}).model_copy(update=limits)


async def tap_from(port: int, address: str, label: str) -> Tap:
    try:
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{port}/ws", local_addr=(address, 0), max_size=None)
    except OSError as error:
        pytest.skip(f"{address} is not a loopback address here ({error.strerror})")
    return Tap(ws, label)


async def test_one_address_makes_no_more_participants_a_minute_than_the_plan_allows_and_others_still_join(make_server):
    server = await make_server(limited(joins_per_address_per_minute=10))
    script = await Tap.open(server.port, "script")
    answers = []
    for i in range(30):
        await script.send("join", code=server.code, name=f"Bot {i}", unit="AKM", group_id="g1")
        answers.append(await script.answer())
        if answers[-1]["type"] == "welcome":  # one socket, one identity: a new socket per join, as the script did
            script = await Tap.open(server.port, f"script {i}")
    refused = [a for a in answers if a["type"] == "error"]
    assert sum(a["type"] == "welcome" for a in answers) == 10
    assert {a["code"] for a in refused} == {"too_many_joins"} and "10 i minuttet" in refused[0]["message"]
    assert len(server.session.state.participants) == 10

    neighbour = await tap_from(server.port, "127.0.0.2", "neighbour")
    await neighbour.join(server.code, name="Nabo", group_id="g2")
    assert server.participants_per_address() == {"127.0.0.1": 10, "127.0.0.2": 1}


async def test_facilitator_run_can_raise_the_per_address_join_limit_for_a_classroom_behind_one_nat(make_server):
    from facilitator.server.transport.limits import Limits

    server = await make_server(limited(joins_per_address_per_minute=2), limits=Limits(joins_per_address=5))
    for i in range(5):
        phone = await Tap.open(server.port, f"elev {i}")
        await phone.join(server.code, name=f"Elev {i}", group_id="g1")
    late = await Tap.open(server.port, "elev 6")
    await late.send("join", code=server.code, name="Elev 6", unit="AKM", group_id="g1")
    assert (await late.answer())["code"] == "too_many_joins"


async def test_a_locked_meeting_refuses_newcomers_clearly_but_lets_participants_resume(make_server):
    server = await make_server(limited())
    member = await Tap.open(server.port, "member")
    await member.join(server.code, name="Mette", group_id="g1")
    server.session.execute(cmd.LockJoining(True))

    newcomer = await Tap.open(server.port, "newcomer")
    await newcomer.send("join", code=server.code, name="Ny", unit="AKM", lang="en")
    refused = await newcomer.answer()
    assert refused["code"] == "joining_locked" and "closed to new participants" in refused["message"]
    await newcomer.send("join", code=server.code, name="Ny", unit="AKM", lang="da")
    assert "lukket for nye deltagere" in (await newcomer.answer())["message"]

    again = await Tap.open(server.port, "member again")
    await again.send("resume", code=server.code, participant_id=member.participant_id, secret=member.secret)
    assert (await again.answer())["type"] == "welcome"

    server.session.execute(cmd.LockJoining(False))
    await newcomer.join(server.code, name="Ny", group_id="g1")
    assert len(server.session.state.participants) == 2
    assert [e.locked for e in read_events(server.session.journal.path)[0] if e.type == "joining_locked"] == [True, False]


async def test_removing_a_participant_takes_their_dots_and_their_notes_when_the_facilitator_says_so(make_server):
    server = await make_server(limited())
    writer = await Tap.open(server.port, "writer")
    await writer.join(server.code, name="Vera", group_id="g1")
    await writer.send("note", note_id="n_real", exercise_id=STAR, lane_id="behov", text="En rigtig note")
    assert (await writer.answer())["type"] == "ack"
    bots = []
    for i in range(3):
        bot = await Tap.open(server.port, f"bot {i}")
        await bot.join(server.code, name=f"Bot {i}", group_id="g1")
        await bot.send("note", note_id=f"n_bot{i}", exercise_id=STAR, lane_id="behov", text=f"Spam {i}")
        assert (await bot.answer())["type"] == "ack"
        bots.append(bot)
    server.session.execute(cmd.SetPhase(STAR, "voting"))
    for bot in bots:
        await bot.send("vote", note_id="n_real")
        assert (await bot.answer())["type"] == "ack"
    assert server.session.state.votes_on("n_real") == 3

    server.session.execute(cmd.RemoveParticipant(bots[0].participant_id, keep_notes=True))
    server.session.execute(cmd.RemoveParticipant(bots[1].participant_id, keep_notes=False))
    state = server.session.state
    assert state.votes_on("n_real") == 1
    assert not state.notes["n_bot0"].deleted and state.notes["n_bot1"].deleted
    told = await bots[1].expect("error", code="participant_removed")
    assert "taget dig ud" in told["message"]
    await bots[1].send("note", note_id="n_more", exercise_id=STAR, lane_id="behov", text="Mere spam")
    assert (await bots[1].answer())["code"] == "not_joined"
    back = await Tap.open(server.port, "bot back")
    await back.send("resume", code=server.code, participant_id=bots[1].participant_id, secret=bots[1].secret)
    assert (await back.answer())["code"] == "participant_removed"
    removed = [e for e in read_events(server.session.journal.path)[0] if e.type == "participant_removed"]
    assert [(e.participant_id, e.notes_kept) for e in removed] == [
        (bots[0].participant_id, True), (bots[1].participant_id, False)
    ]
