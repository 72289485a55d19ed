"""The facilitator's data for the appendix: a lane's owner (a proposal gets
one), a group's head-count, and notes kept out of the automatic grouping."""

from __future__ import annotations

from test_session import MODULES, STAR, joined, new_session, refused, run, writing

from facilitator.core import commands as c
from facilitator.core import events as ev
from facilitator.core.event_format import event_from_json, event_to_json


def test_a_proposal_gets_an_owner_and_can_be_given_back() -> None:
    state = new_session()
    joined(state, "p1")
    writing(state, MODULES)
    run(state, c.ProposeLane(participant_id="p1", lane_id="modul-7", exercise_id=MODULES, title="Fra viden til praksis"))
    events = run(state, c.AssignLaneOwner(MODULES, "modul-7", "  Anders   Jacobsen, Koncern HR "))
    assert events == [ev.LaneOwnerAssigned(exercise_id=MODULES, lane_id="modul-7", owner="Anders Jacobsen, Koncern HR")]
    assert state.exercises[MODULES].lane_owners == {"modul-7": "Anders Jacobsen, Koncern HR"}
    assert run(state, c.AssignLaneOwner(MODULES, "modul-7", "Anders Jacobsen, Koncern HR")) == []  # nothing new
    run(state, c.AssignLaneOwner(MODULES, "modul-7", ""))
    assert state.exercises[MODULES].lane_owners == {}


def test_an_owner_for_a_lane_that_does_not_exist_or_too_long_a_name_is_refused() -> None:
    state = new_session()
    assert refused(state, c.AssignLaneOwner(MODULES, "modul-99", "Anders")).code == "unknown_lane"
    assert refused(state, c.AssignLaneOwner("nope", "behov", "Anders")).code == "unknown_exercise"
    assert refused(state, c.AssignLaneOwner(STAR, "behov", "x" * 121)).code == "owner_too_long"


def test_a_groups_head_count_is_set_cleared_and_checked() -> None:
    state = new_session()
    run(state, c.SetGroupHeadcount("g2", 4))
    assert state.headcounts == {"g2": 4}
    run(state, c.SetGroupHeadcount("g2", None))
    assert state.headcounts == {}
    assert refused(state, c.SetGroupHeadcount("g9", 4)).code == "unknown_group"
    assert refused(state, c.SetGroupHeadcount("g1", 0)).code == "bad_headcount"


def test_notes_kept_apart_are_marked_and_can_be_let_go_again() -> None:
    state = new_session()
    joined(state, "p1", "g1")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    run(state, c.AddNote("p1", "n2", STAR, "behov", "sparring!"))
    assert run(state, c.KeepNotesApart(("n1", "n2", "n1"))) == [ev.NotesKeptApart(note_ids=["n1", "n2"], apart=True)]
    assert state.notes["n1"].kept_apart and state.notes["n2"].kept_apart
    assert run(state, c.KeepNotesApart(("n1",))) == []
    run(state, c.KeepNotesApart(("n2",), apart=False))
    assert not state.notes["n2"].kept_apart
    assert refused(state, c.KeepNotesApart(("n9",))).code == "unknown_note"


def test_the_new_events_are_plain_data_in_the_journal() -> None:
    for event in (
        ev.LaneOwnerAssigned(exercise_id=MODULES, lane_id="modul-7", owner="Anders"),
        ev.GroupHeadcountSet(group_id="g1", people=None),
        ev.NotesKeptApart(note_ids=["n1"], apart=True),
    ):
        assert event_from_json(event_to_json(event)) == event
