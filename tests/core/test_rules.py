"""Who sees what, and which lanes a group works on (and so may write on)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plans import MODULES, STAR_POINTS, make_plan, star_exercise

from facilitator.core import commands as c
from facilitator.core import events as ev
from facilitator.core.errors import DomainError
from facilitator.core.rules import can_see, can_write, lanes_for_group, shown, writable_lanes
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"
MODULE_EXERCISE = "kompetencemoduler"


def room(tmp_path, **star_options: object) -> LiveSession:
    session = LiveSession.open(tmp_path / "s.sqlite3", make_plan(star_options=star_options))
    for pid, group in (("a", "g1"), ("b", "g1"), ("x", "g2")):
        session.execute(c.Join(pid, "h", pid.upper(), "AKM", group))
    session.execute(c.StartExercise(STAR))
    session.execute(c.AddNote("a", "n1", STAR, "behov", "Sparring"))
    session.execute(c.AddNoteForGroup("paper", STAR, "form", "g1", "Fra papir"))
    return session


def seen_by(session: LiveSession, pid: str) -> set[str]:
    viewer = session.state.participants[pid]
    return {n.id for n in session.state.notes.values() if can_see(session.state, viewer, n)}


def test_by_default_a_group_sees_its_own_notes_and_others_only_after_a_reveal(tmp_path) -> None:
    session = room(tmp_path)
    assert seen_by(session, "b") == {"n1", "paper"}
    assert seen_by(session, "x") == set()
    session.execute(c.Reveal(STAR))
    assert seen_by(session, "x") == {"n1", "paper"}


def test_visibility_all_shows_every_note_live(tmp_path) -> None:
    session = room(tmp_path, visibility="all")
    assert seen_by(session, "x") == {"n1", "paper"}


def test_visibility_hidden_shows_only_the_writers_own_notes_until_a_reveal(tmp_path) -> None:
    session = room(tmp_path, visibility="hidden")
    assert seen_by(session, "a") == {"n1", "paper"}
    assert seen_by(session, "b") == {"paper"}
    session.execute(c.Reveal(STAR))
    assert seen_by(session, "b") == {"n1", "paper"}


def test_hidden_and_deleted_notes_reach_no_phone(tmp_path) -> None:
    session = room(tmp_path, visibility="all")
    session.execute(c.HideNote("paper"))
    session.execute(c.Reveal(STAR))
    assert seen_by(session, "a") == {"n1"}
    session.execute(c.DeleteNote("a", "n1"))
    assert seen_by(session, "a") == set()
    assert seen_by(session, "x") == set()


def test_a_note_merged_into_another_is_shown_nowhere_and_takes_no_votes(tmp_path) -> None:
    session = room(tmp_path, visibility="all", dots_per_participant=3)
    session.execute(c.MergeNotes("paper", ("n1",)))
    merged = session.state.notes["n1"]
    assert not shown(merged) and shown(session.state.notes["paper"])  # the console's board and the wall ask this
    assert seen_by(session, "a") == {"paper"} and seen_by(session, "x") == {"paper"}  # the writer too
    session.execute(c.SetPhase(STAR, "voting"))
    with pytest.raises(DomainError) as refused:
        session.execute(c.CastVote("x", "n1"))
    assert refused.value.code == "note_not_visible"
    session.execute(c.CastVote("x", "paper"))


def test_round_robin_shares_lanes_and_covers_each_lane() -> None:
    star = star_exercise(lane_assignment="round_robin")
    two_groups = [lanes_for_group(star, g, 2) for g in range(2)]
    assert two_groups == [["behov", "rammer", "indhold"], ["bidrag", "form"]]
    seven_groups = [lanes_for_group(star, g, 7) for g in range(7)]
    assert seven_groups == [["behov"], ["bidrag"], ["rammer"], ["form"], ["indhold"], ["behov"], ["bidrag"]]


def test_every_group_gets_every_lane_by_default() -> None:
    star = star_exercise()
    assert lanes_for_group(star, 3, 5) == ["behov", "bidrag", "rammer", "form", "indhold"]


PROPOSED = ["x1", "x2", "x3", "behov"]  # "behov": an id a plan lane has too (handle refuses it; events may carry it)
proposal = st.tuples(
    st.sampled_from(PROPOSED),
    st.integers(0, 7),  # the proposing group (g8 does not exist)
    st.one_of(st.none(), st.integers(0, 5)),  # the author: a participant, or None (the facilitator)
    st.booleans(),  # hidden
    st.booleans(),  # merged into another proposal
)


@settings(max_examples=200, deadline=None)
@given(
    exercise_id=st.sampled_from([STAR, MODULE_EXERCISE]),
    group_count=st.integers(1, 7),
    round_robin=st.booleans(),
    visibility=st.sampled_from(["group", "all", "hidden"]),
    revealed=st.booleans(),
    people=st.lists(st.integers(0, 7), min_size=1, max_size=6),  # each participant's group (g8: none)
    proposed=st.lists(proposal, max_size=6),
)
def test_a_writer_may_write_on_exactly_the_lanes_writable_lanes_lists(
    exercise_id, group_count, round_robin, visibility, revealed, people, proposed
) -> None:
    """`can_write` answers `lane in writable_lanes(...)` for one lane, once
    per note: every plan, group, visibility and proposal gets the same answer."""
    options = {"lane_assignment": "round_robin" if round_robin else "all", "visibility": visibility}
    plan = make_plan(groups=group_count, star_options=options, module_options=options)
    state = SessionState()
    for event in handle(state, c.CreateSession(plan=plan, code="K7M2QX9D"), 1.0):
        apply(state, event)
    for i, group in enumerate(people):
        apply(state, ev.ParticipantJoined(participant_id=f"p{i}", name=None, unit=None, group_id=f"g{group + 1}", secret_hash="h", at=1.0))
    for lane_id, group, author, hidden, merged in proposed:
        author_id = None if author is None else f"p{author % len(people)}"
        apply(state, ev.LaneProposed(exercise_id=exercise_id, lane_id=lane_id, title=lane_id, prompt="", group_id=f"g{group + 1}", author_id=author_id, at=1.0))
        if hidden:
            apply(state, ev.ProposalHidden(exercise_id=exercise_id, lane_id=lane_id, hidden=True))
        if merged and lane_id != "x1":
            apply(state, ev.ProposalsMerged(exercise_id=exercise_id, lane_id="x1", merged_ids=[lane_id]))
    if revealed:
        apply(state, ev.NotesRevealed(exercise_id=exercise_id, revealed=True))
    lanes = [p[0] for p in STAR_POINTS] + [m[0] for m in MODULES] + PROPOSED + ["ukendt"]
    for writer in state.participants.values():
        listed = writable_lanes(state, exercise_id, writer)
        assert [lane for lane in lanes if can_write(state, exercise_id, writer, lane)] == [lane for lane in lanes if lane in listed]


def test_a_writer_may_not_write_on_another_groups_round_robin_lane_or_an_unseen_proposal() -> None:
    state = SessionState()
    for event in handle(state, c.CreateSession(plan=make_plan(groups=2, star_options={"lane_assignment": "round_robin"}), code="K7M2QX9D"), 1.0):
        apply(state, event)
    for pid, group in (("a", "g1"), ("b", "g2")):
        apply(state, ev.ParticipantJoined(participant_id=pid, name=None, unit=None, group_id=group, secret_hash="h", at=1.0))
    apply(state, ev.LaneProposed(exercise_id=STAR, lane_id="x1", title="Trivsel", prompt="", group_id="g2", author_id="b", at=1.0))
    a, b = state.participants["a"], state.participants["b"]
    assert can_write(state, STAR, a, "behov") and not can_write(state, STAR, a, "bidrag")
    assert can_write(state, STAR, b, "bidrag") and not can_write(state, STAR, b, "behov")
    assert can_write(state, STAR, b, "x1") and not can_write(state, STAR, a, "x1")  # visibility "group": g2's own
    apply(state, ev.NotesRevealed(exercise_id=STAR, revealed=True))
    assert can_write(state, STAR, a, "x1")
    apply(state, ev.ProposalHidden(exercise_id=STAR, lane_id="x1", hidden=True))
    assert not can_write(state, STAR, a, "x1") and not can_write(state, STAR, b, "x1")
