"""`results`: dot voting's progress and ranking in words, for headless mode
(and the same texts on the console), run against the real core."""

from __future__ import annotations

import pytest
from plans import make_plan

from facilitator import actions
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply

STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"
NOW = 1_738_670_000.0


def run(state: SessionState, command: cmd.Command) -> None:
    for event in handle(state, command, NOW):
        apply(state, event)


@pytest.fixture
def state() -> SessionState:
    """The modules exercise (3 dots each) voting; four participants, three notes."""
    state = SessionState()
    run(state, cmd.CreateSession(plan=make_plan(groups=2), code="K7M2QX9D"))
    for pid, name, group in (("p1", "Mette", "g1"), ("p2", "Jens", "g1"), ("p3", "Anne", "g2"), ("p4", "Lars", "g2")):
        run(state, cmd.Join(pid, "h", name, "AKM", group))
    run(state, cmd.StartExercise(MODULES))
    lanes = [lane.id for lane in state.exercise(MODULES).lanes]  # type: ignore[union-attr]
    run(state, cmd.AddNote("p1", "n1", MODULES, lanes[0], "Mere om APV"))
    run(state, cmd.AddNote("p3", "n2", MODULES, lanes[1], "Cases fra egen arbejdsplads\nog sparring"))
    run(state, cmd.AddNote("p3", "n3", MODULES, lanes[0], "Kortere moduler"))
    run(state, cmd.Reveal(MODULES))
    run(state, cmd.SetPhase(MODULES, "voting"))
    for pid, note_id in (("p1", "n2"), ("p1", "n3"), ("p1", "n1"), ("p3", "n2"), ("p4", "n2")):
        run(state, cmd.CastVote(pid, note_id))
    return state


def results(state: SessionState, text: str = "results", language: str = "da") -> tuple[str, ...]:
    return actions.run_line(text, actions.Context(state, MODULES, language, NOW)).lines


def test_results_says_who_has_voted_the_dots_per_group_and_the_notes_ranked(state) -> None:
    lines = results(state)
    assert lines[0] == "3 af 4 har stemt · 1 har brugt alle 3 prikker · 5 prikker brugt"
    assert lines[1] == "Prikker pr. gruppe: Gruppe 1 3/6 · Gruppe 2 2/6"
    assert lines[2].startswith("1. [3] ") and lines[2].endswith("Gruppe 2: Cases fra egen arbejdsplads ↵ og sparring")
    assert lines[3].startswith("2. [1] ") and lines[3].endswith("Gruppe 1: Mere om APV")
    assert lines[4].startswith("2. [1] ") and lines[4].endswith("Gruppe 2: Kortere moduler")
    assert len(lines) == 5  # every note has a dot: no "without dots" line


def test_results_in_english_sorted_by_group(state) -> None:
    run(state, cmd.RemoveVote("p1", "n1"))
    lines = results(state, "results group", "en")
    assert lines[0] == "3 of 4 have voted · 0 used all 3 dots · 4 dots used"
    assert [line.split(" · ")[1].split(":")[0] for line in lines[2:4]] == ["Group 2", "Group 2"]
    assert lines[-1] == "+ 1 note without dots"


def test_results_by_lane_in_danish_words(state) -> None:
    lines = results(state, "results punkt")
    first_lane = state.exercise(MODULES).lanes[0].title.get("da")  # type: ignore[union-attr]
    assert first_lane in lines[2] and first_lane in lines[3]


def test_results_refuses_an_unknown_order_and_an_exercise_without_voting(state) -> None:
    with pytest.raises(DomainError) as usage:
        results(state, "results alphabet")
    assert usage.value.code == "usage"
    with pytest.raises(DomainError) as no_voting:
        actions.run_line("results", actions.Context(state, STAR, "da", NOW))
    assert no_voting.value.code == "no_voting"
