"""Issue 14, attack 5: one participant stored 13,346 notes in 45 s over 20
connections and proposed 300 lanes; every phone then got a 5.9 MB snapshot.
The limits now count per participant, across all their connections: notes
a minute, notes per exercise, proposals per group and exercise (the plan's
keys); each refusal is an error code the phone shows in its language."""

from __future__ import annotations

from plans import make_plan
from wire import Tap

from tests.support.phones import STAR


def limited(**limits: object):
    return make_plan(star_options={"allow_proposals": True}).model_copy(update=limits)


async def connections(server, count: int) -> tuple[Tap, list[Tap]]:
    """One participant with `count` connections (the first joins, the rest resume)."""
    first = await Tap.open(server.port, "first")
    await first.join(server.code, name="Flod", group_id="g1")
    others = []
    for i in range(count - 1):
        tap = await Tap.open(server.port, f"again {i}")
        await tap.send("resume", code=server.code, participant_id=first.participant_id, secret=first.secret)
        assert (await tap.answer())["type"] == "welcome"
        others.append(tap)
    return first, [first, *others]


async def send_notes(taps: list[Tap], count: int, prefix: str) -> list[dict]:
    answers = []
    for i in range(count):
        tap = taps[i % len(taps)]
        await tap.send("note", note_id=f"{prefix}{i}", exercise_id=STAR, lane_id="behov", text=f"Note {i}")
        answers.append(await tap.answer())
    return answers


async def test_notes_a_minute_count_per_participant_across_all_their_connections(make_server):
    server = await make_server(limited(notes_per_minute=6, notes_per_exercise=100))
    _, taps = await connections(server, 3)
    answers = await send_notes(taps, 12, "n_fast")
    assert [a["type"] for a in answers] == ["ack"] * 6 + ["error"] * 6
    assert {a["code"] for a in answers[6:]} == {"notes_too_fast"}
    assert "6 noter inden for et minut" in answers[6]["message"] and answers[6]["note_id"] == "n_fast6"
    assert len(server.session.state.notes) == 6

    neighbour = await Tap.open(server.port, "neighbour")
    await neighbour.join(server.code, name="Nabo", group_id="g1")
    assert [a["type"] for a in await send_notes([neighbour], 2, "n_nabo")] == ["ack", "ack"]  # others carry on


async def test_notes_per_exercise_are_capped_per_participant_and_a_deleted_note_frees_a_place(make_server):
    server = await make_server(limited(notes_per_minute=600, notes_per_exercise=5))
    first, taps = await connections(server, 2)
    answers = await send_notes(taps, 7, "n_many")
    assert [a["type"] for a in answers] == ["ack"] * 5 + ["error"] * 2
    assert answers[5]["code"] == "notes_per_exercise_reached" and "5 noter i denne øvelse" in answers[5]["message"]
    await first.send("delete", note_id="n_many0")
    assert (await first.answer())["type"] == "ack"
    assert [a["type"] for a in await send_notes([first], 1, "n_after")] == ["ack"]


async def test_proposals_are_capped_per_group_and_exercise_whoever_in_the_group_proposes(make_server):
    server = await make_server(limited(proposals_per_group=3))
    one, _ = await connections(server, 1)
    two = await Tap.open(server.port, "two")
    await two.join(server.code, name="To", group_id="g1")
    answers = []
    for i, tap in enumerate([one, two, one, two, one]):
        await tap.send("propose", exercise_id=STAR, lane_id=f"l_prop{i}", title=f"Modul {7 + i}")
        answers.append(await tap.answer())
    assert [a["type"] for a in answers] == ["ack"] * 3 + ["error"] * 2
    assert "3 nye punkter" in answers[4]["message"]
    assert {a["code"] for a in answers[3:]} == {"proposals_used_up"}
    other_group = await Tap.open(server.port, "other group")
    await other_group.join(server.code, name="Tre", group_id="g2")
    await other_group.send("propose", exercise_id=STAR, lane_id="l_other", title="Modul 12")
    assert (await other_group.answer())["type"] == "ack"
