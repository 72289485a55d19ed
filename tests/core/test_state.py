"""The state's read helpers: a group found by its id whichever way the
groups came (the plan, a replay, a resume), and notes without a __dict__."""

from __future__ import annotations

import dataclasses

import pytest
from plans import make_plan

from facilitator.core import commands as c
from facilitator.core.session import handle
from facilitator.core.state import Group, Note, SessionState, apply, replay

NOW = 1_738_670_000.0


def created(groups: int | list[str]) -> list:
    return handle(SessionState(), c.CreateSession(plan=make_plan(groups=groups), code="K7M2QX9D"), NOW)


def test_group_finds_each_of_the_plans_groups_by_id_and_none_for_an_unknown_id() -> None:
    state = replay(created(7))
    assert [state.group(f"g{i}") for i in range(1, 8)] == state.groups
    assert state.group("g8") is None
    assert state.group("") is None


def test_group_finds_the_groups_of_a_session_created_after_it_was_asked() -> None:
    state = SessionState()
    assert state.group("g1") is None
    for event in created(3):
        apply(state, event)
    assert state.group("g3") is state.groups[2]


def test_group_finds_the_groups_a_resume_copies_into_the_same_state() -> None:
    """`LiveSession` resumes with `vars(state).update(vars(replay(events)))`."""
    state = replay(created(3))
    assert state.group("g5") is None
    vars(state).update(vars(replay(created(5))))
    assert state.group("g5") is state.groups[4]
    assert state.group("g1") is state.groups[0]


def test_group_finds_the_new_groups_of_a_resume_with_as_many_groups_as_before() -> None:
    state = replay(created(["Bord 1", "Bord 2"]))
    assert state.group("g2") is not None
    vars(state).update(vars(replay(created(["Vinduet", "Døren"]))))
    group = state.group("g2")
    assert group is state.groups[1] and group.name == "Døren"


def test_group_follows_a_groups_list_replaced_or_grown_in_place() -> None:
    state = replay(created(2))
    assert state.group("g2") is not None
    state.groups = [Group(id="g1", index=0, name="Bord 1"), Group(id="g2", index=1, name="Bord 2")]  # as many
    assert state.group("g2") is state.groups[1]
    state.groups = [Group(id="t1", index=0, name="Bord 1")]
    assert state.group("g2") is None
    assert state.group("t1") is state.groups[0]
    state.groups.append(Group(id="t2", index=1, name="Bord 2"))
    assert state.group("t2") is state.groups[1]


def test_group_ids_by_index_follow_the_index_not_the_lists_order() -> None:
    state = SessionState(groups=[Group("b", 1, None), Group("c", 2, None), Group("a", 0, None), Group("a2", 0, None)])
    assert state.group_ids_by_index() == ("a", "a2", "b", "c")


def test_a_note_keeps_only_its_fields_and_has_no_dict() -> None:
    note = Note(id="n1", exercise_id="x", lane_id="behov", group_id="g1", author_id="p1", text="Sparring", at=NOW, seq=0)
    assert not hasattr(note, "__dict__")
    with pytest.raises(AttributeError):
        note.colour = "gul"  # type: ignore[attr-defined]
    assert dataclasses.replace(note, hidden=True).hidden and not note.hidden
