"""Issue 14, attack 3: a participant who joins a second time, naming
another group, must not land in that group and read its notes before the
reveal. A `join` names its group only when the plan lets participants
choose (`free_group_change`) or with a table card the session signed;
otherwise the server places the newcomer."""

from __future__ import annotations

from plans import make_plan
from wire import Tap

from tests.support.phones import STAR


async def test_a_second_join_naming_another_group_is_placed_by_the_server_and_reads_nothing_of_that_group(make_server):
    server = await make_server(make_plan(groups=3, free_group_change=False))
    victim = await Tap.open(server.port, "victim")
    await victim.join(server.code, name="Vera", group_id="g1")
    await victim.send("note", note_id="n_victim", exercise_id=STAR, lane_id="behov", text="HEMMELIGT_g1")
    assert (await victim.answer())["type"] == "ack"

    attacker = await Tap.open(server.port, "attacker")
    await attacker.join(server.code, name="Mallory", group_id="g2")
    again = await Tap.open(server.port, "attacker again")
    victim_group = server.session.state.participants[victim.participant_id].group_id
    await again.join(server.code, name="Mallory", group_id=victim_group)

    placed = server.session.state.participants[again.participant_id].group_id
    assert placed != victim_group
    await again.settle()
    assert "HEMMELIGT_g1" not in again.wire()


async def test_a_plan_with_free_group_change_lets_the_join_name_its_group(make_server):
    server = await make_server(make_plan(groups=3, free_group_change=True))
    phone = await Tap.open(server.port, "chooser")
    await phone.join(server.code, name="Vera", group_id="g3")
    assert server.session.state.participants[phone.participant_id].group_id == "g3"
