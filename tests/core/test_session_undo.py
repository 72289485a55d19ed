"""Moderation the facilitator can undo, and proposals moderated like notes
(issue 16), through `handle` and `apply` alone."""

from __future__ import annotations

import copy

from test_session import MODULES, STAR, joined, new_session, refused, run, writing

from facilitator.core import commands as c
from facilitator.core import events as ev
from facilitator.core.counting import lane_counts
from facilitator.core.rules import can_see, proposals, writable_lanes
from facilitator.core.state import SessionState, apply, replay


def _star_with_notes(dots: int = 0) -> SessionState:
    state = new_session(star_options={"dots_per_participant": dots})
    for pid, group in [("p1", "g1"), ("p2", "g2"), ("p3", "g3")]:
        joined(state, pid, group)
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    run(state, c.AddNote("p2", "n2", STAR, "bidrag", "Sparring med andre"))
    run(state, c.AddNote("p3", "n3", STAR, "rammer", "Tid til møder"))
    return state


def _undo(state: SessionState, exercise_id: str = STAR) -> list[ev.Event]:
    return run(state, c.UndoModeration(exercise_id))


def test_undo_of_a_hide_shows_the_note_again_and_leaves_the_state_as_before() -> None:
    state = _star_with_notes()
    before = copy.deepcopy(state)
    run(state, c.HideNote("n1"))
    assert state.notes["n1"].hidden
    _undo(state)
    assert state.notes == before.notes and state.moderations == []


def test_undo_of_a_move_puts_the_note_back_on_the_lane_it_was_written_on() -> None:
    state = _star_with_notes()
    run(state, c.MoveNote("n1", "form"))
    assert (state.notes["n1"].lane_id, state.notes["n1"].moved_from) == ("form", "behov")
    run(state, c.MoveNote("n1", "indhold"))
    assert state.notes["n1"].moved_from == "behov"  # where the author wrote it, whatever came between
    _undo(state)
    assert (state.notes["n1"].lane_id, state.notes["n1"].moved_from) == ("form", "behov")
    _undo(state)
    assert (state.notes["n1"].lane_id, state.notes["n1"].moved_from) == ("behov", None)


def test_undo_of_a_highlight_takes_the_highlight_away() -> None:
    state = _star_with_notes()
    run(state, c.HighlightNote("n3"))
    _undo(state)
    assert not state.notes["n3"].highlighted


def test_undo_goes_back_one_step_at_a_time_latest_first() -> None:
    state = _star_with_notes()
    before = copy.deepcopy(state.notes)
    run(state, c.HideNote("n1"))
    run(state, c.HighlightNote("n2"))
    run(state, c.MergeNotes("n2", ("n3",)))
    kinds = [_undo(state)[0] for _ in range(3)]
    assert [k.kind for k in kinds if isinstance(k, ev.ModerationUndone)] == ["merge", "highlight", "hide"]
    assert state.notes == before
    assert refused(state, c.UndoModeration(STAR)).code == "nothing_to_undo"


def test_undo_only_takes_back_steps_of_the_exercise_it_names() -> None:
    state = _star_with_notes()
    run(state, c.HideNote("n1"))
    assert refused(state, c.UndoModeration(MODULES)).code == "nothing_to_undo"
    assert refused(state, c.UndoModeration("ukendt")).code == "unknown_exercise"
    assert state.notes["n1"].hidden


def test_undo_of_a_merge_gives_the_merged_notes_and_their_dots_back() -> None:
    state = _star_with_notes(dots=3)
    run(state, c.SetPhase(STAR, "voting"))
    run(state, c.Reveal(STAR))
    run(state, c.CastVote("p1", "n1"))
    run(state, c.CastVote("p2", "n2"))
    run(state, c.CastVote("p2", "n1"))  # p2 has dots on both: the merge leaves one
    votes = copy.deepcopy(state.votes)
    run(state, c.MergeNotes("n1", ("n2",)))
    assert state.votes["p2"] == {"n1"} and state.notes["n2"].merged_into == "n1"
    events = _undo(state)
    assert isinstance(events[0], ev.ModerationUndone) and events[0].note_ids == ["n1", "n2"]
    assert state.votes == votes
    assert state.notes["n2"].merged_into is None


def test_undo_of_a_merge_leaves_a_dot_taken_back_since_where_it_is() -> None:
    state = _star_with_notes(dots=3)
    run(state, c.SetPhase(STAR, "voting"))
    run(state, c.Reveal(STAR))
    run(state, c.CastVote("p2", "n2"))
    run(state, c.MergeNotes("n1", ("n2",)))
    run(state, c.RemoveVote("p2", "n1"))
    _undo(state)
    assert state.votes["p2"] == set()


def test_undo_of_a_merge_into_a_merged_note_returns_each_note_to_where_it_was() -> None:
    state = _star_with_notes()
    run(state, c.MergeNotes("n2", ("n3",)))
    run(state, c.MergeNotes("n1", ("n2",)))  # n3 follows n2 into n1
    assert state.notes["n3"].merged_into == "n1"
    _undo(state)
    assert (state.notes["n2"].merged_into, state.notes["n3"].merged_into) == (None, "n2")


def test_the_undo_list_replays_from_the_journal() -> None:
    state = _star_with_notes()
    journal: list[ev.Event] = []
    for command in [c.HideNote("n1"), c.MoveNote("n2", "form"), c.MergeNotes("n2", ("n3",)), c.UndoModeration(STAR)]:
        journal += run(state, command)
    rebuilt = _star_with_notes()
    for event in journal:
        ev.EVENT_ADAPTER.validate_json(ev.EVENT_ADAPTER.dump_json(event))  # plain data, as the journal stores it
    for event in journal:
        apply(rebuilt, event)
    assert rebuilt.moderations == state.moderations and rebuilt.notes == state.notes
    assert replay([]).moderations == []


# -- proposals ----------------------------------------------------------------------


def _modules_with_proposals() -> SessionState:
    state = new_session()
    joined(state, "p1", "g1")
    joined(state, "p2", "g2")
    writing(state, MODULES)
    run(state, c.ProposeLane("p1", "asdf", MODULES, "asdf test"))
    run(state, c.ProposeLane("p1", "trivsel", MODULES, "Trivsel"))
    run(state, c.ProposeLane("p2", "trivsel-2", MODULES, "trivsel og stress"))
    run(state, c.AddNote("p2", "n1", MODULES, "trivsel-2", "Stress i projekter"))
    return state


def test_a_hidden_proposal_is_no_lane_for_anyone_until_the_hide_is_undone() -> None:
    state = _modules_with_proposals()
    run(state, c.HideProposal(MODULES, "asdf"))
    assert [lane.id for lane in proposals(state, MODULES)] == ["trivsel", "trivsel-2"]
    assert "asdf" not in writable_lanes(state, MODULES, state.participants["p1"])
    assert refused(state, c.AddNote("p1", "n9", MODULES, "asdf", "x")).code == "unknown_lane"
    _undo(state, MODULES)
    assert "asdf" in writable_lanes(state, MODULES, state.participants["p1"])


def test_the_notes_on_a_hidden_proposal_reach_no_phone_and_take_no_dot_until_the_hide_is_undone() -> None:
    """A hidden proposal leaves the phones with its notes, not only its lane:
    a phone's snapshot had them still (the page drew no lane for them), so a
    crafted `vote` could put a dot on an offensive note the facilitator hid."""
    state = new_session(module_options={"dots_per_participant": 3, "visibility": "all"})
    joined(state, "p1", "g1")
    joined(state, "p2", "g2")
    writing(state, MODULES)
    run(state, c.ProposeLane("p2", "asdf", MODULES, "asdf test"))
    run(state, c.AddNote("p2", "n1", MODULES, "asdf", "Noget ingen skal se"))
    run(state, c.HideProposal(MODULES, "asdf"))
    run(state, c.SetPhase(MODULES, "voting"))
    note = state.notes["n1"]
    assert not can_see(state, state.participants["p1"], note)
    assert not can_see(state, state.participants["p2"], note)  # its writer's phone drops it too
    assert refused(state, c.CastVote("p1", "n1")).code == "note_not_visible"
    _undo(state, MODULES)
    assert can_see(state, state.participants["p1"], note)
    run(state, c.CastVote("p1", "n1"))


def test_a_renamed_proposal_keeps_its_id_and_the_undo_brings_its_title_back() -> None:
    state = _modules_with_proposals()
    run(state, c.RenameProposal(MODULES, "trivsel", "  Trivsel   og stress "))
    assert state.exercises[MODULES].proposed_lanes["trivsel"].title == "Trivsel og stress"
    assert refused(state, c.RenameProposal(MODULES, "trivsel", " ")).code == "title_empty"
    _undo(state, MODULES)
    assert state.exercises[MODULES].proposed_lanes["trivsel"].title == "Trivsel"


def test_merging_proposals_moves_their_notes_and_the_undo_moves_them_back() -> None:
    state = _modules_with_proposals()
    run(state, c.MergeProposals(MODULES, "trivsel", ("trivsel-2",)))
    assert [lane.id for lane in proposals(state, MODULES)] == ["asdf", "trivsel"]
    assert (state.notes["n1"].lane_id, state.notes["n1"].moved_from) == ("trivsel", "trivsel-2")
    events = _undo(state, MODULES)
    assert isinstance(events[0], ev.ModerationUndone) and events[0].lane_ids == ["trivsel", "trivsel-2"]
    assert (state.notes["n1"].lane_id, state.notes["n1"].moved_from) == ("trivsel-2", None)
    assert [lane.id for lane in proposals(state, MODULES)] == ["asdf", "trivsel", "trivsel-2"]


def test_a_proposal_may_be_merged_into_a_plan_lane_but_a_plan_lane_is_no_proposal() -> None:
    state = _modules_with_proposals()
    run(state, c.MergeProposals(MODULES, "balance", ("trivsel-2",)))
    assert state.notes["n1"].lane_id == "balance"
    assert refused(state, c.HideProposal(MODULES, "balance")).code == "not_a_proposal"
    assert refused(state, c.RenameProposal(MODULES, "balance", "x")).code == "not_a_proposal"
    assert refused(state, c.MergeProposals(MODULES, "trivsel", ("trivsel",))).code == "merge_invalid"
    assert refused(state, c.MergeProposals(MODULES, "trivsel", ("trivsel-2",))).code == "unknown_lane"  # merged away


def test_notes_on_a_hidden_proposal_count_nowhere_until_it_is_shown_again() -> None:
    state = _modules_with_proposals()
    run(state, c.HideProposal(MODULES, "trivsel-2"))
    assert lane_counts(state, MODULES)["trivsel-2"] == 0 and sum(lane_counts(state, MODULES).values()) == 0
    _undo(state, MODULES)
    assert lane_counts(state, MODULES)["trivsel-2"] == 1
