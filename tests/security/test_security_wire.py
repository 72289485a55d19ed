"""Who sees what, checked on the wire: the raw text of every frame each phone
and the projector wall received, searched for what must not be there.
Before a reveal no phone gets another group's notes (nor their proposed
lanes, their ids or their names); the wall shows counts only; names reach
other phones only when the plan shows names; participant ids and secrets
reach no one else, ever."""

from __future__ import annotations

from plans import make_plan
from wire import Tap

from facilitator.core import commands as cmd
from facilitator.server import SessionServer
from tests.support.phones import MODULES, STAR, eventually

GROUPS = ("g1", "g2", "g3")


def text(group: str, what: str) -> str:
    """A note text that names its group, so a leak is found by searching for it."""
    return f"TEKST_{group}_{what}"


async def room(server: SessionServer, *, per_group: int = 2) -> tuple[list[Tap], Tap]:
    phones = []
    for group in GROUPS:
        for i in range(per_group):
            phone = await Tap.open(server.port, f"{group}-{i}")
            await phone.join(server.code, name=f"Navn_{group}_{i}", group_id=group)
            phones.append(phone)
    wall = await Tap.open(server.port, "wall", "/wall-ws")
    await wall.send("wall_hello", secret=server.wall_secret)
    await wall.expect("wall")
    return phones, wall


async def settle(server: SessionServer, phones: list[Tap], wall: Tap) -> None:
    """Everything caused so far has reached every phone and the wall: each
    answered a ping, and the wall's push (gathered for up to 0.2 s) has left."""
    for phone in phones:
        await phone.settle()
    await eventually(lambda: not server.wall.push_waiting, "the wall's gathered push left")
    await wall.settle()


def leaks(tap: Tap, phones: list[Tap], *, own_group: str | None, names_allowed: bool = False) -> list[str]:
    """What of the others is in the frames `tap` received."""
    wire = tap.wire()
    found = []
    for group in GROUPS:
        if group != own_group and f"TEKST_{group}_" in wire:
            found.append(f"a note or lane of {group}")
    for other in phones:
        if other.participant_id == tap.participant_id:
            continue  # the same participant (on another connection)
        for secret in (other.participant_id, other.secret):
            if secret in wire:
                found.append(f"the id or secret of {other.label}")
        if other.name in wire and not names_allowed:
            found.append(f"the name of {other.label}")
    return found


async def write_a_meeting(server: SessionServer, phones: list[Tap]) -> None:
    """Everything phones and the facilitator do with notes, in all three groups."""
    session = server.session
    for phone in phones:
        for k in range(2):
            await phone.send("note", note_id=f"n-{phone.label}-{k}", exercise_id=STAR, lane_id="behov",
                             text=text(phone.group_id, f"{phone.label}_{k}"))
            assert (await phone.answer())["type"] == "ack"
    first, second = phones[0], phones[2]  # in g1 and g2
    await first.send("edit", note_id="n-g1-0-0", text=text("g1", "rettet"))
    assert (await first.answer())["type"] == "ack"
    await second.send("delete", note_id="n-g2-0-1")
    assert (await second.answer())["type"] == "ack"
    session.execute(cmd.ModerateEdit("n-g2-1-0", text("g2", "modereret")))
    session.execute(cmd.MoveNote("n-g3-0-0", "form"))
    session.execute(cmd.HighlightNote("n-g1-1-0"))
    session.execute(cmd.HideNote("n-g3-1-0"))
    session.execute(cmd.HideNote("n-g3-1-0", hidden=False))
    session.execute(cmd.MergeNotes("n-g3-0-1", ("n-g3-1-1",)))
    session.execute(cmd.AddNoteForGroup("paper-g2", STAR, "rammer", "g2", text("g2", "papir")))
    session.execute(cmd.SetTimer(STAR, 300))
    # a g1 phone goes after g2's notes by their ids, and is told nothing about them
    for request, fields in (("edit", {"text": "overtaget"}), ("delete", {}), ("vote", {}),
                            ("note", {"exercise_id": STAR, "lane_id": "behov", "text": "samme id"})):
        await first.send(request, note_id="n-g2-1-0", **fields)
        assert (await first.answer())["type"] == "error"
    # it reconnects and gets its snapshot again
    again = await Tap.open(server.port, first.label)
    await again.send("resume", code=server.code, participant_id=first.participant_id, secret=first.secret)
    await again.expect("welcome")
    again.participant_id, again.secret, again.name, again.group_id = first.participant_id, first.secret, first.name, "g1"
    phones.append(again)
    # the next exercise: a proposed lane, notes on it, and dots
    session.execute(cmd.StartExercise(MODULES))
    await first.send("propose", exercise_id=MODULES, lane_id="lane-g1", title=text("g1", "forslag"))
    assert (await first.answer())["type"] == "ack"
    for phone in phones[1::2]:
        await phone.send("note", note_id=f"m-{phone.label}", exercise_id=MODULES, lane_id="sexisme",
                         text=text(phone.group_id, f"modul_{phone.label}"))
        assert (await phone.answer())["type"] == "ack"
    session.execute(cmd.SetPhase(MODULES, "voting"))
    await second.send("vote", note_id="m-g2-1")
    assert (await second.answer())["type"] == "ack"


async def test_before_the_reveal_no_frame_carries_another_groups_notes_names_ids_or_secrets(make_server):
    server = await make_server(make_plan(groups=len(GROUPS)))
    phones, wall = await room(server)
    await write_a_meeting(server, phones)
    await settle(server, phones, wall)

    for phone in phones:
        assert leaks(phone, phones, own_group=phone.group_id) == [], phone.label
        assert server.wall_secret not in phone.wire()
    assert leaks(wall, phones, own_group=None) == []  # the wall is seen by every group: counts only
    own = phones[1].wire()  # the test sees what it looks for: a group's own notes do arrive
    assert text("g1", "g1-0_1") in own and text("g1", "rettet") in own and text("g1", "forslag") in own

    session = server.session
    session.execute(cmd.Reveal(MODULES))
    session.execute(cmd.SetCurrentExercise(STAR))
    session.execute(cmd.Reveal(STAR))
    await settle(server, phones, wall)
    for phone in phones:
        wire = phone.wire()
        assert all(f"TEKST_{group}_" in wire for group in GROUPS)  # after the reveal: every group's notes ...
        assert [x for x in leaks(phone, phones, own_group=None) if not x.startswith("a note")] == []  # ... nothing more
    wall_wire = wall.wire()
    assert all(f"TEKST_{group}_" in wall_wire for group in GROUPS)
    assert all(phone.name not in wall_wire and phone.participant_id not in wall_wire for phone in phones)
    for phone in [*phones, wall]:
        await phone.close()


async def test_names_reach_other_phones_only_with_show_names_and_only_with_notes_they_may_see(make_server):
    for show_names in (False, True):
        server = await make_server(make_plan(groups=len(GROUPS), show_names=show_names))
        phones, wall = await room(server)
        for phone in phones:
            await phone.send("note", note_id=f"n-{phone.label}", exercise_id=STAR, lane_id="behov",
                             text=text(phone.group_id, phone.label))
            assert (await phone.answer())["type"] == "ack"
        await settle(server, phones, wall)
        for phone in phones:
            wire = phone.wire()
            mates = [p for p in phones if p.group_id == phone.group_id and p is not phone]
            strangers = [p for p in phones if p.group_id != phone.group_id]
            assert all((mate.name in wire) == show_names for mate in mates), (show_names, phone.label)
            assert not any(stranger.name in wire for stranger in strangers)
            assert not any(other.participant_id in wire for other in phones if other is not phone)
        server.session.execute(cmd.Reveal(STAR))
        await settle(server, phones, wall)
        for phone in phones:
            wire = phone.wire()
            others = [p for p in phones if p is not phone]
            assert all((other.name in wire) == show_names for other in others), (show_names, phone.label)
            assert not any(other.participant_id in wire or other.secret in wire for other in others)
        assert not any(phone.name in wall.wire() for phone in phones)  # the wall never shows names
        for phone in [*phones, wall]:
            await phone.close()
