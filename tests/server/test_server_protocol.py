"""The wire contract as docs/protocol.md states it, checked against a real
server on 127.0.0.1: each request's answer, resending, the error-code rule
and the snapshot's shape."""

from __future__ import annotations

from typing import Any

import pytest

from facilitator.core import commands as cmd
from tests.support.phones import MODULES, STAR, Phone


async def answer(phone: Phone) -> list[dict[str, Any]]:
    """The frames up to and including the answer (`ack` or `error`) to the last request."""
    frames = []
    while True:
        frame = await phone.recv()
        frames.append(frame)
        if frame["type"] in ("ack", "error"):
            return frames


def kinds(frames: list[dict[str, Any]]) -> list[str]:
    return [frame.get("code", frame["type"]) for frame in frames]


async def test_a_vote_on_a_note_of_an_exercise_the_room_left_gets_that_exercises_dots_then_the_ack(make_server, joined):
    server = await make_server(start_exercise=MODULES)
    phone = await joined(server, group_id="g1")
    await phone.note("m-1", lane_id="sexisme", text="Mere om sexisme", exercise_id=MODULES)
    await phone.expect("ack")
    server.session.execute(cmd.SetPhase(MODULES, "voting"))
    server.session.execute(cmd.SetCurrentExercise(STAR))  # the vote was still on its way
    await phone.until_pong()
    await phone.send("vote", note_id="m-1")
    votes, ack = await answer(phone)
    assert votes == {"type": "votes", "v": 1, "exercise_id": MODULES, "voted": ["m-1"], "dots_left": 2}
    assert (ack["type"], ack["request"], ack["note_id"]) == ("ack", "vote", "m-1")
    await phone.send("unvote", note_id="m-1")
    votes, ack = await answer(phone)
    assert (votes["exercise_id"], votes["voted"], votes["dots_left"], ack["request"]) == (MODULES, [], 3, "unvote")


async def test_every_request_sent_again_is_acknowledged_again_even_after_its_phase_closed(make_server, joined):
    server = await make_server(start_exercise=MODULES)
    phone = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    requests: list[tuple[str, dict[str, Any]]] = [
        ("note", {"note_id": "m-1", "exercise_id": MODULES, "lane_id": "sexisme", "text": "Udkast"}),
        ("note", {"note_id": "m-2", "exercise_id": MODULES, "lane_id": "sexisme", "text": "Slettes"}),
        ("edit", {"note_id": "m-1", "text": "Rettet"}),
        ("delete", {"note_id": "m-2"}),
        ("propose", {"exercise_id": MODULES, "lane_id": "modul-7", "title": "Modul 7", "prompt": "Hvad?"}),
    ]
    for kind, fields in requests:
        await phone.send(kind, **fields)
        assert kinds(await answer(phone)) == ["ack"], kind
    server.session.execute(cmd.SetPhase(MODULES, "voting"))
    await phone.until_pong()
    await phone.send("vote", note_id="m-1")
    assert kinds(await answer(phone)) == ["votes", "ack"]
    server.session.execute(cmd.SetPhase(MODULES, "closed"))
    await phone.until_pong()
    await mate.until_pong()
    before = server.session.state.event_count
    for kind, fields in [*requests, ("vote", {"note_id": "m-1"})]:
        await phone.send(kind, **fields)
        frames = await answer(phone)
        assert kinds(frames) == (["votes", "ack"] if kind == "vote" else ["ack"]), (kind, frames)
    assert server.session.state.event_count == before  # nothing changed ...
    assert await mate.until_pong() == []  # ... so nobody was told anything
    await phone.send("edit", note_id="m-1", text="Rettet igen")
    assert kinds(await answer(phone)) == ["phase_closed"]
    await phone.send("unvote", note_id="m-1")
    assert kinds(await answer(phone)) == ["voting_closed"]


async def test_an_unvote_of_a_dot_taken_back_already_is_acknowledged_with_the_dots(make_server, joined):
    server = await make_server(start_exercise=MODULES)
    phone = await joined(server, group_id="g1")
    await phone.note("m-1", lane_id="sexisme", text="Input", exercise_id=MODULES)
    await phone.expect("ack")
    server.session.execute(cmd.SetPhase(MODULES, "voting"))
    await phone.until_pong()
    for kind in ("vote", "unvote", "unvote"):
        await phone.send(kind, note_id="m-1")
        votes, ack = await answer(phone)
        assert (votes["type"], ack["type"], ack["request"]) == ("votes", "ack", kind)
    assert votes["voted"] == [] and votes["dots_left"] == 3


async def test_a_note_sent_again_after_it_was_deleted_is_acknowledged_without_it_and_after_it_was_hidden_muted(server, joined):
    phone = await joined(server, group_id="g1")
    for note_id in ("n-gone", "n-hidden"):
        await phone.note(note_id, text="Kort liv")
        assert (await phone.expect("ack"))["note"]["id"] == note_id
    await phone.send("delete", note_id="n-gone")
    await phone.expect("ack")
    server.session.execute(cmd.HideNote("n-hidden", True))
    assert (await phone.expect("note"))["note"]["moderation"] == "hidden"  # its author is told, not left in silence
    await phone.note("n-gone", text="Kort liv")  # the ack was lost: the phone sends it again
    ack = await phone.expect("ack")
    assert (ack["request"], ack["note_id"], ack["note"]) == ("note", "n-gone", None)
    await phone.note("n-hidden", text="Kort liv")
    ack = await phone.expect("ack")
    assert (ack["note_id"], ack["note"]["moderation"]) == ("n-hidden", "hidden")


async def test_a_group_cannot_write_on_a_proposed_lane_it_may_not_see(make_server, joined):
    server = await make_server(start_exercise=MODULES)  # visibility "group" until the reveal
    proposer = await joined(server, group_id="g1")
    outsider = await joined(server, group_id="g2")
    await proposer.send("propose", exercise_id=MODULES, lane_id="modul-7", title="Modul 7")
    await proposer.expect("ack")
    assert await outsider.until_pong() == []  # it never heard of the lane
    await outsider.note("x-1", lane_id="modul-7", exercise_id=MODULES)
    error = await outsider.expect("error")
    assert (error["code"], error["note_id"]) == ("unknown_lane", "x-1")
    assert "x-1" not in server.session.state.notes
    server.session.execute(cmd.Reveal(MODULES, True))
    snapshot = await outsider.expect("snapshot")
    assert _lane(snapshot, "modul-7") == {"id": "modul-7", "writable": True}
    await outsider.note("x-1", lane_id="modul-7", exercise_id=MODULES)
    assert (await outsider.expect("ack"))["note"]["lane_id"] == "modul-7"


def _lane(snapshot: dict[str, Any], lane_id: str) -> dict[str, Any]:
    lane = next(lane for lane in snapshot["exercise"]["lanes"] if lane["id"] == lane_id)
    return {"id": lane["id"], "writable": lane["writable"]}


TOO_LONG = [
    ("join", {"name": "N" * 81}, "name_too_long"),
    ("join", {"name": "N" * 300}, "name_too_long"),
    ("join", {"code": "K" * 300}, "bad_code"),
    ("join", {"unit": "U" * 300}, "unknown_unit"),
    ("note", {"text": "T" * 281}, "note_too_long"),
    ("note", {"text": "T" * 5000}, "note_too_long"),
    ("note", {"note_id": "n" * 65}, "bad_id"),
    ("note", {"note_id": "n" * 300}, "bad_id"),
    ("propose", {"title": "T" * 121}, "title_too_long"),
    ("propose", {"title": "T" * 3000}, "title_too_long"),
    ("propose", {"prompt": "P" * 5000}, "note_too_long"),
]


@pytest.mark.parametrize(("kind", "fields", "code"), TOO_LONG, ids=[f"{k}-{next(iter(f))}-{len(next(iter(f.values())))}-{c}" for k, f, c in TOO_LONG])
async def test_a_field_too_long_gets_the_rules_code_whatever_its_length(make_server, joined, make_phone, kind, fields, code):
    server = await make_server(start_exercise=MODULES)
    if kind == "join":
        phone = await make_phone(server)
        await phone.send("join", **{"code": server.code, "name": "Mette", "unit": "AKM", "group_id": None, **fields})
    else:
        phone = await joined(server, group_id="g1")
        base = {
            "note": {"note_id": "n-1", "exercise_id": MODULES, "lane_id": "sexisme", "text": "Input"},
            "propose": {"exercise_id": MODULES, "lane_id": "modul-7", "title": "Modul 7"},
        }[kind]
        await phone.send(kind, **{**base, **fields})
    error = await phone.expect("error")
    assert error["code"] == code, error
    assert error["request"] == kind
    await phone.send("ping")
    await phone.expect("pong")  # the connection carries on


async def test_an_optional_field_sent_as_null_means_the_same_as_left_out(make_server, make_phone):
    server = await make_server(start_exercise=MODULES)
    phone = await make_phone(server)
    await phone.send("hello", code=server.code, lang=None)
    assert (await phone.expect("session_info"))["language"] == "da"
    await phone.send("join", code=server.code, lang=None, name="Mette", unit="AKM", group_id=None)
    await phone.expect("welcome")
    await phone.send("propose", exercise_id=MODULES, lane_id="modul-7", title="Modul 7", prompt=None)
    ack = await phone.expect("ack")
    assert (ack["lane"]["id"], ack["lane"]["prompt"]) == ("modul-7", None)
    await phone.send("propose", exercise_id=MODULES, lane_id="modul-8", title="Modul 8")
    assert (await phone.expect("ack"))["lane"]["prompt"] is None


async def test_the_snapshot_lists_groups_without_sizes_and_has_votes_only_where_the_exercise_has_dots(make_server, joined):
    server = await make_server(start_exercise=STAR)  # the star has no dots
    phone = await joined(server, group_id="g1")
    snapshot = phone.welcome["snapshot"]
    assert snapshot["session"]["groups"][0] == {"id": "g1", "label": "Gruppe 1"}
    assert snapshot["votes"] is None
    server.session.execute(cmd.StartExercise(MODULES))  # three dots each
    snapshot = await phone.expect("snapshot")
    assert snapshot["votes"] == {"exercise_id": MODULES, "voted": [], "dots_left": 3}
