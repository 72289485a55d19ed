"""Placing newcomers from the counts `apply` keeps: the same groups as
counting every present participant again, after joins, leaves and moves."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from plans import UNITS, make_plan

from facilitator.core import commands as c
from facilitator.core.errors import DomainError
from facilitator.core.rules import place_in_group
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply

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
