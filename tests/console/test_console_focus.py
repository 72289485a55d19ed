"""Picking the wall's focus from the console: `o` on the exercise screen puts
a lane on the wall (grouped as the appendix groups it), `o` in moderation
puts the selected note full-screen; the wall's frame follows."""

from __future__ import annotations

import json

from facilitator.console.screens.dialogs import ChoicePrompt
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, Room, running_console


def wall_frame(room: Room) -> dict:
    """The frame the server would push to a Danish wall now."""
    return json.loads(room.server.wall.frame("da"))


async def _written(room: Room) -> None:
    room.session.execute(cmd.StartExercise(STAR))
    one = await room.phone(group_id="g1")
    two = await room.phone(group_id="g2")
    await one.note("n-1", "behov", "Sparring med andre AMK'ere")
    await two.note("n-2", "behov", "Sparring med andre AMK’ere")
    await two.note("n-3", "behov", "Ergonomi ved skærmarbejde")


async def test_o_on_the_exercise_screen_puts_the_chosen_lane_on_the_wall_and_none_clears_it(tmp_path):
    async with running_console(tmp_path) as room:
        await _written(room)
        room.session.execute(cmd.Reveal(STAR))
        await room.press("2")
        await room.press("o")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt), "the focus dialog")
        await room.press("down", "enter")  # the first lane under "no focus": Behov
        await room.until(lambda: room.session.state.exercises[STAR].focus_lane == "behov", "Behov in focus")
        await room.until_shown("væggen viser Behov i fokus")  # the console says what the room sees
        focus = wall_frame(room)["focus"]
        assert focus["title"] == "Behov" and focus["count"] == 3
        assert [(line["text"], line["groups"]) for line in focus["lines"]] == [
            ("Sparring med andre AMK'ere", 2),  # the appendix's grouping: two groups, one line
            ("Ergonomi ved skærmarbejde", 1),
        ]
        await room.press("o")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt), "the focus dialog")
        await room.press("home", "enter")
        await room.until(lambda: room.session.state.exercises[STAR].focus_lane is None, "no focus")
        assert wall_frame(room)["focus"] is None


async def test_o_before_the_reveal_says_why_nothing_reaches_the_wall(tmp_path):
    async with running_console(tmp_path, language="en") as room:
        await _written(room)
        await room.press("2")
        await room.press("o")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt), "the focus dialog")
        await room.press("down", "enter")
        await room.until_shown("Reveal the notes first")
        assert room.session.state.exercises[STAR].focus_lane is None


async def test_o_in_moderation_shows_the_selected_note_full_screen_and_again_goes_back(tmp_path):
    async with running_console(tmp_path) as room:
        await _written(room)
        room.session.execute(cmd.Reveal(STAR))
        await room.press("3")
        await room.until_shown("Ergonomi ved skærmarbejde")
        await room.press("o")  # the first note is selected
        await room.until(lambda: room.session.state.exercises[STAR].focus_note == "n-1", "the note in focus")
        frame = wall_frame(room)
        assert frame["focus"]["lane_id"] == "behov"
        assert frame["focus"]["note"]["text"] == "Sparring med andre AMK'ere" and frame["focus"]["note"]["groups"] == 2
        await room.press("o")
        await room.until(lambda: room.session.state.exercises[STAR].focus_note is None, "back to the lane")
        assert wall_frame(room)["focus"]["note"] is None
