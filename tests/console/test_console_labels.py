"""The console's small labels say what is true: one participant is singular,
the exercise's line says who sees which notes, the dots column fits its title."""

from __future__ import annotations

from facilitator.core import commands as cmd
from tests.plans import make_plan
from tests.support.console_phones import STAR, running_console


async def test_one_participant_is_counted_in_the_singular(tmp_path):
    async with running_console(tmp_path) as room:
        await room.phone()
        await room.until_shown("1 deltager, 1 forbundet")
        assert "1 deltagere" not in room.text()
        await room.press("5")
        await room.until_shown("1 deltager, 1 forbundet nu")


async def test_one_note_is_counted_in_the_singular_on_the_exercise_screen(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        phone = await room.phone()
        await phone.note("n-1", "behov", "Sparring med andre")
        await room.press("2")
        await room.until_shown("1 note ·")
        assert "1 noter" not in room.text()


async def test_the_exercise_line_says_every_group_sees_every_note_when_visibility_is_all(tmp_path):
    async with running_console(tmp_path, make_plan(star_options={"visibility": "all"})) as room:
        await room.press("2")
        await room.until_shown("alle grupper ser alle noter")
        assert "grupperne ser kun deres egne noter" not in room.text()


async def test_the_exercise_line_says_groups_see_their_own_notes_when_visibility_is_group(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("2")
        await room.until_shown("grupperne ser kun deres egne noter")


async def test_the_dots_column_header_is_not_cut(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("3", "greater_than_sign")  # the modules exercise has dots
        await room.until_shown("Prikker")
        assert "Prikk…" not in room.text()
