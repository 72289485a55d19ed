"""Placing newcomers from the counts `apply` keeps: the same groups as
counting every present participant again, after joins, leaves and moves;
and the same groups as the formula every journal so far was written with
(issue 18 made it cheaper: a replay must place people where they were)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from plans import UNITS, make_plan

from facilitator.core import commands as c
from facilitator.core.errors import DomainError
from facilitator.core.rules import place_in_group
from facilitator.core.session import handle
from facilitator.core.state import Group, SessionState, apply

GROUPS = ["g1", "g2", "g3", "g4"]

join = st.builds(lambda unit: ("join", unit), st.sampled_from([*UNITS[:3], None]))
leave = st.builds(lambda i: ("leave", i), st.integers(0, 30))
move = st.builds(lambda i, g: ("move", i, g), st.integers(0, 30), st.sampled_from(GROUPS))


def counted_again(state: SessionState, unit: str | None) -> str:
    """Placement by counting the room, as it was done before the counts were kept."""
    sizes: Counter[str] = Counter()
    same_unit: Counter[str] = Counter()
    for participant in state.participants.values():
        if participant.present:
            sizes[participant.group_id] += 1
            if unit is not None and participant.unit == unit:
                same_unit[participant.group_id] += 1
    return min(state.groups, key=lambda g: (sizes[g.id], same_unit[g.id], g.index)).id


def by_the_old_formula(state: SessionState, unit: str | None) -> str:
    """Placement as `place_in_group` did it before issue 18, from the kept counts."""
    sizes, units = state.group_sizes, state.unit_counts
    if unit is None:
        return min(state.groups, key=lambda g: (sizes[g.id], g.index)).id
    return min(state.groups, key=lambda g: (sizes[g.id], units[(g.id, unit)], g.index)).id


def run(state: SessionState, command: c.Command) -> None:
    try:
        events = handle(state, command, 1000.0)
    except DomainError:
        return
    for event in events:
        apply(state, event)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(join, join, leave, move), max_size=40))
def test_a_newcomer_goes_where_counting_the_present_room_would_put_them(steps):
    state = SessionState()
    run(state, c.CreateSession(plan=make_plan(groups=len(GROUPS), units=UNITS[:3]), code="K7M2QX9D"))
    people: list[str] = []
    for step in steps:
        if step[0] == "join":
            for unit in (*UNITS[:3], None):
                assert place_in_group(state, unit) == counted_again(state, unit)
            pid = f"p{len(people)}"
            run(state, c.Join(pid, "h", "Navn", step[1] or UNITS[0]))
            people.append(pid)
        elif people:
            pid = people[step[1] % len(people)]
            run(state, c.Leave(pid) if step[0] == "leave" else c.MoveParticipant(pid, step[2]))
    present = Counter(p.group_id for p in state.participants.values() if p.present)
    assert +state.group_sizes == present


leave_any = st.builds(lambda i: ("leave", i), st.integers(0, 80))
move_anywhere = st.builds(lambda i, g: ("move", i, g), st.integers(0, 80), st.integers(0, 11))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 12), st.lists(st.one_of(join, join, join, leave_any, move_anywhere), max_size=80))
def test_a_newcomer_goes_where_the_formula_of_the_old_journals_puts_them(group_count, steps):
    groups = [f"g{i + 1}" for i in range(group_count)]
    state = SessionState()
    run(state, c.CreateSession(plan=make_plan(groups=group_count, units=UNITS[:3]), code="K7M2QX9D"))
    people: list[str] = []
    for step in steps:
        if step[0] == "join":
            for unit in (*UNITS[:3], None):
                assert place_in_group(state, unit) == by_the_old_formula(state, unit)
            pid = f"p{len(people)}"
            run(state, c.Join(pid, "h", "Navn", step[1] or UNITS[0]))
            people.append(pid)
        elif people:
            pid = people[step[1] % len(people)]
            if step[0] == "leave":
                run(state, c.Leave(pid))
            else:
                run(state, c.MoveParticipant(pid, groups[step[2] % group_count]))
    for unit in (*UNITS[:3], None):
        assert place_in_group(state, unit) == by_the_old_formula(state, unit)


count = st.integers(0, 3)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(1, 9))
def test_placement_breaks_ties_by_index_as_the_old_formula_whatever_the_lists_order(data, group_count):
    """Counts the room could not reach by joining alone, ties everywhere, and
    a groups list not in index order (it always is, from the plan): the
    choice is still the old formula's."""
    indexes = data.draw(st.permutations(range(group_count)))
    state = SessionState(groups=[Group(id=f"g{i}", index=index, name=None) for i, index in enumerate(indexes)])
    for group in state.groups:
        state.group_sizes[group.id] = data.draw(count)
        for unit in UNITS[:2]:
            state.unit_counts[(group.id, unit)] = data.draw(count)
    for unit in (*UNITS[:3], None):
        assert place_in_group(state, unit) == by_the_old_formula(state, unit)


def test_placement_takes_the_smallest_group_then_the_fewest_of_the_unit_then_the_lowest_index():
    state = SessionState(groups=[Group(id=f"g{i + 1}", index=i, name=None) for i in range(4)])
    state.group_sizes.update({"g1": 2, "g2": 1, "g3": 1, "g4": 1})
    state.unit_counts.update({("g2", "AKM"): 1, ("g3", "AKM"): 0, ("g4", "AKM"): 0, ("g2", "AHR"): 0})
    assert place_in_group(state, "AKM") == "g3"  # g2 has an AKM already; g3 before g4
    assert place_in_group(state, "AHR") == "g2"  # g2, g3, g4 all without AHR: the first
    assert place_in_group(state, None) == "g2"
