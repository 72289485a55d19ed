"""Before the export, in the console: the automatic groups are shown and can be
accepted (a facilitator's merge) or split (notes kept apart); a proposal gets
an owner; a group that shares a phone gets its head-count. Each is a journaled
command, seen in the appendix written afterwards."""

from __future__ import annotations

from facilitator.console.screens.dialogs import ChoicePrompt, TextPrompt
from facilitator.core import commands as cmd
from facilitator.export.model import automatic_groups, build_appendix
from tests.support.console_phones import MODULES, STAR, Room, running_console


async def dialog(room: Room, kind: type) -> None:
    await room.until(lambda: isinstance(room.app.screen, kind), kind.__name__)


async def _two_groups_said_the_same(room: Room) -> None:
    room.session.execute(cmd.StartExercise(STAR))
    one = await room.phone(name="Mette", group_id="g1")
    two = await room.phone(name="Lars", group_id="g2")
    await one.note("n-1", "behov", "Sparring med andre AMK'ere")
    await two.note("n-2", "behov", "sparring med andre AMK'er.")
    await room.press("6")
    await room.until_shown("1 automatiske grupper")


async def test_splitting_an_automatic_group_keeps_its_notes_apart_in_the_appendix(tmp_path):
    async with running_console(tmp_path) as room:
        await _two_groups_said_the_same(room)
        await room.press("g")
        await dialog(room, ChoicePrompt)
        assert "Behov: Sparring med andre AMK'ere" in room.text()
        await room.press("enter")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt) and "godkend eller del op" in room.text(), "what to do")
        await room.press("down", "enter")  # [accept], split
        await room.until(lambda: room.session.state.notes["n-1"].kept_apart, "the notes kept apart")
        assert room.session.state.notes["n-2"].kept_apart
        await room.until_shown("0 automatiske grupper")
        entries = build_appendix(room.session.state).exercises[0].lanes[0].entries
        assert [e.text for e in entries] == ["Sparring med andre AMK'ere", "sparring med andre AMK'er."]


async def test_accepting_an_automatic_group_makes_it_the_facilitators_merge(tmp_path):
    async with running_console(tmp_path) as room:
        await _two_groups_said_the_same(room)
        await room.press("g")
        await dialog(room, ChoicePrompt)
        await room.press("enter")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt) and "godkend eller del op" in room.text(), "what to do")
        await room.press("enter")
        await room.until(lambda: room.session.state.notes["n-2"].merged_into == "n-1", "the merge")
        assert automatic_groups(room.session.state) == []
        (entry,) = build_appendix(room.session.state).exercises[0].lanes[0].entries
        assert entry.merged_by_facilitator and entry.variants == ("sparring med andre AMK'er.",)


async def test_a_proposal_gets_an_owner_and_a_group_its_head_count(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(MODULES))
        phone = await room.phone(name="Mette", group_id="g3")
        await phone.send("propose", lane_id="modul-7", exercise_id=MODULES, title="Fra viden til praksis", prompt="")
        await room.until(lambda: "modul-7" in room.session.state.exercises[MODULES].proposed_lanes, "the proposal")
        await room.press("6", "t")
        await dialog(room, ChoicePrompt)
        await room.press("enter")
        await dialog(room, TextPrompt)
        await room.type("Anders Jacobsen, Koncern HR")
        await room.press("enter")
        await room.until(lambda: room.session.state.exercises[MODULES].lane_owners.get("modul-7") == "Anders Jacobsen, Koncern HR", "the owner")
        appendix = build_appendix(room.session.state)
        assert appendix.owners() == [*appendix.owners()[:-1], "Anders Jacobsen, Koncern HR"]
        await room.press("n")
        await dialog(room, ChoicePrompt)
        await room.press("down", "down", "enter")  # Gruppe 3
        await dialog(room, TextPrompt)
        await room.type("nul")
        await room.press("enter")
        await room.until_shown("Skriv et helt tal fra 1 til 100")
        await room.press(*["backspace"] * 3)
        await room.type("4")
        await room.press("enter")
        await room.until(lambda: room.session.state.headcounts == {"g3": 4}, "the head-count")
        assert build_appendix(room.session.state).people_count == 4
