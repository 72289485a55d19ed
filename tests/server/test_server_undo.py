"""Undoing a merge over real WebSockets (issue 16): the notes come back to the
phones that may see them, and each voter's phone gets its dots back."""

from __future__ import annotations

from facilitator.core import commands as cmd
from tests.support.phones import MODULES


async def test_undoing_a_merge_gives_each_phone_its_notes_and_its_dots_back(make_server, joined):
    server = await make_server(start_exercise=MODULES)
    anna = await joined(server, group_id="g1")
    bo = await joined(server, group_id="g1")
    for phone, note_id, text in ((anna, "m-1", "Mere sparring"), (bo, "m-2", "Sparring, tak")):
        await phone.note(note_id, lane_id="sexisme", text=text, exercise_id=MODULES)
        assert any(f["type"] == "ack" for f in await phone.until_pong())
    server.session.execute(cmd.SetPhase(MODULES, "voting"))
    await anna.until_pong()
    await bo.until_pong()
    await bo.send("vote", note_id="m-2")
    assert any(f["type"] == "ack" for f in await bo.until_pong())
    server.session.execute(cmd.MergeNotes("m-1", ("m-2",)))
    assert server.session.state.votes[bo.participant_id] == {"m-1"}
    await anna.until_pong()
    await bo.until_pong()

    server.session.execute(cmd.UndoModeration(MODULES))
    anna_frames, bo_frames = await anna.until_pong(), await bo.until_pong()
    # the kept note comes again as it is; the merged one is back, as any note of the group (anna) or as bo's own
    assert {f["note"]["id"]: (f["note"]["mine"], f["note"]["moderation"]) for f in anna_frames if f["type"] == "note"} == {
        "m-1": (True, None), "m-2": (False, None)
    }
    assert {f["note"]["id"]: (f["note"]["mine"], f["note"]["moderation"]) for f in bo_frames if f["type"] == "note"} == {
        "m-1": (False, None), "m-2": (True, None)
    }
    votes = [f for f in bo_frames if f["type"] == "votes"]
    assert votes[-1]["voted"] == ["m-2"] and votes[-1]["dots_left"] == 2
    assert server.session.state.votes[bo.participant_id] == {"m-2"}
