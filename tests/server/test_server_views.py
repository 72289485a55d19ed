"""The fast snapshot encoder sends exactly what the plain rules allow."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import make_plan
from test_server_delta_resume import MODULE, MODULE_LANES, Room, command

from facilitator.core import commands as c
from facilitator.core.state import Note
from facilitator.runtime import LiveSession
from facilitator.server.phone import protocol as p
from facilitator.server.phone.views import (
    NoteShelf,
    SnapshotEncoder,
    note_ack,
    note_json,
    note_push,
    note_view,
    snapshot,
)

STAR = "netvaerksstjernen"


def busy_room(tmp_path, visibility: str, show_names: bool) -> LiveSession:
    session = LiveSession.open(
        tmp_path / f"{visibility}-{show_names}.sqlite3",
        make_plan(groups=3, show_names=show_names, star_options={"visibility": visibility}),
    )
    session.execute(c.StartExercise(STAR))
    for i in range(9):
        session.execute(c.Join(f"p{i}", "h", f"Navn {i}", "AKM", f"g{i % 3 + 1}"))
    for i in range(27):
        session.execute(c.AddNote(f"p{i % 9}", f"n{i}", STAR, ["behov", "form", "indhold"][i % 3], f"Note {i}"))
    session.execute(c.AddNoteForGroup("paper", STAR, "rammer", "g2", "Fra papir"))
    session.execute(c.HideNote("n1"))
    session.execute(c.DeleteNote("p4", "n4"))
    session.execute(c.MergeNotes("n0", ("n9", "n18")))
    session.execute(c.MoveParticipant("p5", "g1"))  # their old notes stay in g3
    return session


def plain(frame: bytes | str) -> dict:
    data = json.loads(frame)
    data.pop("server_time")
    return data


@pytest.mark.parametrize("visibility", ["group", "all", "hidden"])
@pytest.mark.parametrize("revealed", [False, True])
@pytest.mark.parametrize("show_names", [False, True])
def test_the_encoder_sends_each_phone_exactly_its_visible_notes(tmp_path, visibility, revealed, show_names):
    session = busy_room(tmp_path, visibility, show_names)
    if revealed:
        session.execute(c.Reveal(STAR))
    encoder = SnapshotEncoder(session.state)
    for participant in session.state.participants.values():
        for language in ("da", "en"):
            expected = plain(p.encode(snapshot(session.state, participant, language)))
            assert plain(encoder.snapshot(participant, language)) == expected
            welcome = json.loads(encoder.welcome(participant, language, "s3cret"))
            assert welcome["secret"] == "s3cret" and plain(json.dumps(welcome["snapshot"])) == expected
    session.close()


def test_hidden_deleted_and_merged_notes_reach_no_one_but_their_author_who_sees_them_muted(tmp_path):
    session = busy_room(tmp_path, "all", False)
    encoder = SnapshotEncoder(session.state)
    notes = session.state.notes
    for participant in session.state.participants.values():
        got = {n["id"]: n for n in json.loads(encoder.snapshot(participant, "da"))["notes"]}
        for nid in ("n1", "n4", "n9", "n18"):
            note = notes[nid]
            if note.author_id == participant.id and not note.deleted:
                assert got[nid]["moderation"] == ("merged" if note.merged_into else "hidden")
            else:
                assert nid not in got
        assert all(n["moderation"] is None for nid, n in got.items() if notes[nid].live and not notes[nid].hidden)
        assert "n0" in got and "paper" in got
    session.close()


def test_notes_text_that_looks_like_json_keys_cannot_break_the_frame(tmp_path):
    session = LiveSession.open(tmp_path / "s.sqlite3", make_plan())
    session.execute(c.StartExercise(STAR))
    session.execute(c.Join("p1", "h", '"notes":[]', "AKM", "g1"))
    session.execute(c.AddNote("p1", "n1", STAR, "behov", 'x","notes":[] "notes":[]'))
    frame = SnapshotEncoder(session.state).snapshot(session.state.participants["p1"], "da")
    data = json.loads(frame)
    assert [n["text"] for n in data["notes"]] == ['x","notes":[] "notes":[]']
    assert data["you"]["name"] == '"notes":[]'
    session.close()


def test_a_kept_shelf_sends_what_the_rules_allow_after_every_kind_of_change(tmp_path):
    """The hub keeps one `NoteShelf` for the whole meeting: after edits,
    hiding, highlighting, moving, a mover's new notes and the reveal, each
    phone's snapshot is still exactly what the plain rules build."""
    session = busy_room(tmp_path, "group", True)
    shelf = NoteShelf()
    changes = [
        c.EditNote("p2", "n2", "Rettet tekst"),
        c.HideNote("n3"),
        c.HighlightNote("n5", True),
        c.MoveNote("n6", "rammer"),
        c.AddNote("p5", "n-moved", STAR, "behov", "Skrevet efter flytningen"),
        c.HideNote("n1", False),
        c.MergeNotes("n11", ("n20",)),  # n20's writer is told the kept note's text ...
        c.EditNote("p2", "n11", "Den samlede note, rettet"),  # ... and the new one after an edit
        c.Reveal(STAR),
        c.EditNote("p7", "n7", "Rettet efter afsløringen"),
    ]
    for change in [None, *changes]:
        if change is not None:
            session.execute(change)
        encoder = SnapshotEncoder(session.state, shelf)
        for participant in session.state.participants.values():
            expected = plain(p.encode(snapshot(session.state, participant, "da")))
            assert plain(encoder.snapshot(participant, "da")) == expected, change
    session.close()


def resume_work(tmp_path, other_notes: int) -> tuple[int, int, int, int]:
    """(notes looked at, notes encoded, notes sent) for one resume of a phone
    in group g1, whose group wrote 50 notes while the other groups wrote
    `other_notes`; then (looked at, encoded) again for a second phone of g1."""
    session = LiveSession.open(tmp_path / f"room-{other_notes}.sqlite3", make_plan(groups=20))
    session.execute(c.StartExercise(STAR))
    for i in range(40):
        session.execute(c.Join(f"p{i}", "h", f"Navn {i}", "AKM", f"g{i % 20 + 1}"))
    notes = [c.AddNote("p0", f"mine-{i}", STAR, "behov", f"Gruppens note {i}") for i in range(50)]
    notes += [c.AddNoteForGroup(f"other-{i}", STAR, "behov", f"g{i % 19 + 2}", f"Andres note {i}") for i in range(other_notes)]
    for start in range(0, len(notes), 500):
        assert all(isinstance(o, list) for o in session.execute_many([(n, None) for n in notes[start : start + 500]]))
    shelf = NoteShelf()
    encoder = SnapshotEncoder(session.state, shelf)
    first, second = session.state.participants["p0"], session.state.participants["p20"]  # both in g1
    looked_at = len(shelf.candidates(session.state, first, STAR))
    sent = len(json.loads(encoder.snapshot(first, "da"))["notes"])
    encoded = shelf.encoded
    encoder.snapshot(second, "da")
    session.close()
    return looked_at, encoded, sent, shelf.encoded - encoded


def test_a_resume_after_5000_notes_does_no_more_work_than_one_after_50(tmp_path):
    """Issue 18: what a resuming phone costs depends on what it may see, not on
    how much the other groups wrote (counted in notes looked at and encoded,
    not in time, so a busy machine cannot make it pass or fail)."""
    small = resume_work(tmp_path, other_notes=0)
    big = resume_work(tmp_path, other_notes=4950)
    assert small[2] == big[2] == 50  # the phone gets its group's 50 notes either way
    assert big[0] <= 2 * small[0] and big[1] <= 2 * small[1]
    assert big[3] == 50  # a second phone of the group: its notes are not its own, encoded once for everyone


_any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)  # every plane; lone surrogates are refused at the wire


@settings(max_examples=400, deadline=None)
@given(text=_any_text, name=st.one_of(st.none(), _any_text), ids=st.lists(_any_text, min_size=4, max_size=4),
       edited=st.booleans(), highlighted=st.booleans(), show_names=st.booleans(), mine=st.booleans(),
       moderated=st.sampled_from(["", "hidden", "merged", "moved"]))
def test_a_note_is_encoded_exactly_as_the_model_encodes_it(text, name, ids, edited, highlighted, show_names, mine, moderated):
    """`note_json` writes the fields itself for speed: for any text, name and
    id (quotes, backslashes, control and format characters, emoji), for the
    writer's phone and everyone else's, moderated or not, the bytes a phone
    gets are the model's own, in the note, the push and the ack."""
    note = Note(ids[0], ids[1], ids[2], ids[3], "p1", text, 0.0, 1, edited=edited, highlighted=highlighted,
                hidden=moderated == "hidden", merged_into="n-kept" if moderated == "merged" else None,
                moved_from="behov" if moderated == "moved" else None)
    state = SimpleNamespace(plan=make_plan(show_names=show_names), participants={"p1": SimpleNamespace(name=name)}, notes={})
    expected = note_view(state, note, mine=mine)  # type: ignore[arg-type]
    assert note_json(state, note, mine=mine) == expected.model_dump_json().encode("utf-8")  # type: ignore[arg-type]
    assert note_push(state, note, mine=mine, rev=4711) == p.encode(p.NotePush(note=expected, rev=4711))  # type: ignore[arg-type]
    for request in ("note", "edit"):
        ack = note_ack(request, ids[0], note_json(state, note, mine=mine))  # type: ignore[arg-type]
        assert ack == p.encode(p.Ack(request=request, note_id=ids[0], note=expected))
    assert note_ack("note", ids[0], None) == p.encode(p.Ack(request="note", note_id=ids[0], note=None))


def test_a_shelf_keeps_no_more_than_its_budget_and_still_sends_every_note(tmp_path):
    """Past its budget the shelf drops its oldest pieces (issue 14: the
    server's memory stays what it was with 100,000 notes) and encodes them
    again when a snapshot needs them: the snapshot is still exactly the
    rules' own, every time."""
    session = LiveSession.open(tmp_path / "budget.sqlite3", make_plan(groups=2))
    session.execute(c.StartExercise(STAR))
    for i in range(4):
        session.execute(c.Join(f"p{i}", "h", f"Navn {i}", "AKM", f"g{i % 2 + 1}"))
    notes = [c.AddNote(f"p{i % 4}", f"n{i}", STAR, "behov", f"Note nummer {i} " + "æøå " * 20) for i in range(400)]
    session.execute_many([(n, None) for n in notes])
    session.execute(c.Reveal(STAR))
    shelf = NoteShelf(budget=20_000)
    for round_ in range(2):
        encoder = SnapshotEncoder(session.state, shelf)
        for participant in session.state.participants.values():
            expected = plain(p.encode(snapshot(session.state, participant, "da")))
            assert plain(encoder.snapshot(participant, "da")) == expected, round_
            assert shelf.kept_bytes <= 20_000
    assert 0 < shelf.kept_bytes
    assert shelf.encoded > 400  # dropped pieces were encoded again, not sent stale or left out
    session.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), visibility=st.sampled_from(["group", "all", "hidden"]), steps=st.integers(1, 30))
def test_the_hubs_kept_session_and_exercise_views_are_what_the_model_builds_after_any_change(data, visibility, steps):
    """The hub keeps the session's and the exercise's encoded views from one
    change to the next (a join changes neither, and they were most of a
    welcome's work), keyed by what they show: after any command of a meeting
    — timers, phases, proposals, reveals, moves, the next exercise, lane
    owners — every phone's welcome, in Danish and English, is exactly what
    the plain model encodes now."""
    with tempfile.TemporaryDirectory() as folder:
        room = Room(Path(folder), visibility, show_names=False)
        try:
            for _ in range(steps):
                extra = st.sampled_from([
                    c.SetTimer(MODULE, 300.0), c.ExtendTimer(MODULE, 60.0), c.SetTimer(MODULE, None),
                    c.AssignLaneOwner(MODULE, MODULE_LANES[0], "Ny tovholder"), c.SetTimer(STAR, 120.0),
                    c.ProposeLane("p0", "lane-x", MODULE, "Forslag X"), c.RenameProposal(MODULE, "lane-x", "Omdøbt X"),
                    c.RenameProposal(MODULE, "lane-x", "Omdøbt igen"), c.HideProposal(MODULE, "lane-x", True),
                    c.HideProposal(MODULE, "lane-x", False),
                ])
                room.run(data.draw(st.one_of(st.composite(command)(room), extra)))
                state = room.session.state
                for pid in room.phones():
                    participant = state.participants[pid]
                    for language in ("da", "en"):
                        frame = json.loads(room.hub.welcome(participant, language, None))
                        expected = json.loads(p.encode(p.Welcome(
                            participant_id=pid, secret=None,
                            snapshot=snapshot(state, participant, language, rev=room.hub.rev),
                        )))
                        for whole in (frame, expected):
                            whole["snapshot"].pop("server_time")
                        assert frame == expected, (pid, language)
        finally:
            room.session.close()
