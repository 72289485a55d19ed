"""Who sees what, and which lanes a group works on."""

from __future__ import annotations

import pytest
from plans import make_plan, star_exercise

from facilitator.core import commands as c
from facilitator.core.errors import DomainError
from facilitator.core.rules import can_see, lanes_for_group, shown
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"


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
