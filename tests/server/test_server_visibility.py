"""Who is sent what: per group before a reveal, everyone after; names and ids never leak."""

from __future__ import annotations

import json

from plans import make_plan

from facilitator.core import commands as cmd
from tests.support.phones import STAR


def as_text(frames: list[dict]) -> str:
    return json.dumps(frames, ensure_ascii=False)


async def test_a_note_reaches_its_own_group_live_and_no_other_group(server, joined):
    author = await joined(server, name="Mette Hemmelig", group_id="g1")
    mate = await joined(server, name="Bo", group_id="g1")
    stranger = await joined(server, name="Ida", group_id="g2")
    await author.note("n-1", text="Kun for gruppe 1")
    await author.expect("ack")
    mate_frames = await mate.until_pong()
    assert [f["type"] for f in mate_frames] == ["note"]
    note = mate_frames[0]["note"]
    assert note["text"] == "Kun for gruppe 1" and note["mine"] is False and note["author_name"] is None
    assert await stranger.until_pong() == []
    leaks = as_text(mate_frames)
    assert author.participant_id not in leaks and "Mette" not in leaks


async def test_after_a_reveal_every_phone_gets_every_groups_notes_without_names(server, joined):
    author = await joined(server, name="Mette Hemmelig", group_id="g1")
    stranger = await joined(server, name="Ida", group_id="g2")
    await author.note("n-1", text="Fra gruppe 1")
    await author.expect("ack")
    await stranger.note("n-2", lane_id="form", text="Fra gruppe 2")
    await stranger.expect("ack")
    server.session.execute(cmd.Reveal(STAR))
    snapshot = await stranger.expect("snapshot")
    assert snapshot["exercise"]["revealed"] is True
    assert [(n["id"], n["group_id"], n["mine"]) for n in snapshot["notes"]] == [("n-1", "g1", False), ("n-2", "g2", True)]
    assert "Mette" not in as_text([snapshot]) and author.participant_id not in as_text([snapshot])
    assert (await author.expect("snapshot"))["exercise"]["revealed"] is True
    # notes written after the reveal reach other groups live
    await author.note("n-3", text="Efter afsløringen")
    await author.expect("ack")
    assert await author.until_pong() == []
    assert [f["note"]["id"] for f in await stranger.until_pong()] == ["n-3"]


async def test_names_reach_other_phones_only_when_the_plan_shows_names(make_server, joined):
    server = await make_server(make_plan(show_names=True))
    author = await joined(server, name="Mette", group_id="g1")
    mate = await joined(server, name="Bo", group_id="g1")
    await author.note("n-1", text="Med navn")
    assert (await author.expect("ack"))["note"]["author_name"] == "Mette"
    [push] = await mate.until_pong()
    assert push["note"]["author_name"] == "Mette"
    assert author.participant_id not in as_text([push])


async def test_hidden_visibility_shows_a_note_only_to_its_writer(make_server, joined):
    server = await make_server(make_plan(star_options={"visibility": "hidden"}))
    author = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    await author.note("n-1")
    await author.expect("ack")
    assert await mate.until_pong() == []
    server.session.execute(cmd.AddNoteForGroup("paper-1", STAR, "form", "g1", "Fra papir"))
    assert [f["note"]["text"] for f in await mate.until_pong()] == ["Fra papir"]


async def test_visibility_all_shows_notes_to_every_group_live(make_server, joined):
    server = await make_server(make_plan(star_options={"visibility": "all"}))
    author = await joined(server, group_id="g1")
    stranger = await joined(server, group_id="g2")
    await author.note("n-1")
    await author.expect("ack")
    assert [f["note"]["id"] for f in await stranger.until_pong()] == ["n-1"]


async def test_moderation_is_pushed_to_the_phones_that_can_see_the_note_only(server, joined):
    author = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    stranger = await joined(server, group_id="g2")
    for note_id, text in (("n-1", "Første"), ("n-2", "Anden"), ("n-3", "Tredje")):
        await author.note(note_id, text=text)
        await author.expect("ack")
    await mate.until_pong()
    session = server.session
    session.execute(cmd.ModerateEdit("n-1", "Første, rettet"))
    session.execute(cmd.MoveNote("n-1", "form"))
    session.execute(cmd.HighlightNote("n-1"))
    session.execute(cmd.HideNote("n-2"))
    session.execute(cmd.HideNote("n-2", hidden=False))
    session.execute(cmd.MergeNotes("n-1", ("n-3",)))
    expected = [
        ("note", "n-1", "Første, rettet", "behov"),
        ("note", "n-1", "Første, rettet", "form"),
        ("note", "n-1", "Første, rettet", "form"),
        ("note_removed", "n-2", None, None),
        ("note", "n-2", "Anden", "behov"),
        ("note_removed", "n-3", None, None),
    ]

    def summary(frames: list[dict]) -> list[tuple]:
        out = []
        for f in frames:
            if f["type"] == "note":
                out.append(("note", f["note"]["id"], f["note"]["text"], f["note"]["lane_id"]))
            else:
                out.append((f["type"], f["note_id"], None, None))
        return out

    mate_frames = await mate.until_pong()
    assert summary(mate_frames) == expected
    assert mate_frames[2]["note"]["highlighted"] is True
    assert mate_frames[-1]["merged_into"] == "n-1"
    author_frames = await author.until_pong()
    # the author is told, not left in silence: the hidden and the merged note come muted
    assert summary(author_frames) == [
        ("note", "n-2", "Anden", "behov") if kind == "note_removed" and nid == "n-2"
        else ("note", "n-3", "Tredje", "behov") if kind == "note_removed"
        else (kind, nid, text, lane)
        for kind, nid, text, lane in expected
    ]
    assert all(f["note"]["mine"] for f in author_frames if f["type"] == "note")
    assert [f["note"]["moved_from"] for f in author_frames[:3]] == [None, "behov", "behov"]
    assert (author_frames[3]["note"]["moderation"], author_frames[4]["note"]["moderation"]) == ("hidden", None)
    assert (author_frames[5]["note"]["moderation"], author_frames[5]["note"]["merged_with"]) == ("merged", "Første, rettet")
    assert all(f["note"]["moved_from"] is None for f in mate_frames if f["type"] == "note")  # only the author's phone
    assert await stranger.until_pong() == []


async def test_phase_and_timer_changes_reach_every_phone_as_an_end_time(server, joined):
    phones = [await joined(server, group_id=g) for g in ("g1", "g2")]
    server.session.execute(cmd.SetTimer(STAR, 600), now=1_000_000.0)
    server.session.execute(cmd.SetPhase(STAR, "closed"))
    for phone in phones:
        timer, phase = await phone.until_pong()
        assert timer["type"] == "timer" and timer["ends_at"] == 1_000_600.0 and timer["server_time"] > 0
        assert phase["type"] == "phase" and phase["phase"] == "closed" and phase["timer_ends_at"] is None


async def test_moving_to_the_next_exercise_sends_every_phone_a_fresh_snapshot(server, joined):
    phone = await joined(server, group_id="g1", lang="en")
    await phone.note("n-1")
    await phone.expect("ack")
    server.session.execute(cmd.StartExercise("kompetencemoduler"))
    [snapshot] = await phone.until_pong()
    assert snapshot["type"] == "snapshot"
    assert snapshot["exercise"]["id"] == "kompetencemoduler"
    assert snapshot["exercise"]["title"] == "The competence programme"
    assert snapshot["exercise"]["phase"] == "writing"
    assert snapshot["notes"] == []  # only the current exercise's notes
    assert snapshot["votes"] == {"exercise_id": "kompetencemoduler", "voted": [], "dots_left": 3}
    owners = {lane["id"]: lane["owner"] for lane in snapshot["exercise"]["lanes"]}
    assert owners["neurodiversitet"] == "Tina Messerschmidt Nielsen"


async def test_a_participant_moved_to_another_group_gets_that_groups_notes(server, joined):
    writer = await joined(server, group_id="g2")
    moved = await joined(server, group_id="g1")
    await writer.note("n-1", text="Gruppe 2's note")
    await writer.expect("ack")
    assert await moved.until_pong() == []
    server.session.execute(cmd.MoveParticipant(moved.participant_id, "g2"))
    [snapshot] = await moved.until_pong()
    assert snapshot["you"]["group_id"] == "g2"
    assert [n["text"] for n in snapshot["notes"]] == ["Gruppe 2's note"]


async def test_shared_out_lanes_are_marked_writable_only_for_their_group(make_server, joined):
    server = await make_server(make_plan(groups=5, star_options={"lane_assignment": "round_robin"}))
    phone = await joined(server, group_id="g2")
    lanes = phone.welcome["snapshot"]["exercise"]["lanes"]
    assert [lane["id"] for lane in lanes if lane["writable"]] == ["bidrag"]
    assert len(lanes) == 5  # all shown (for after the reveal), one writable
