"""The console runs the one table of facilitator actions: its command line
(`:`) takes headless mode's commands, its help screen shows the same help
text, its keys and dialogs use the same rules (countdowns, follow-ups)."""

from __future__ import annotations

from textual.widgets import Static

from facilitator import actions
from facilitator.console.screens.dialogs import FollowUpPrompt, TextPrompt
from facilitator.console.screens.help import HelpScreen
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, Room, running_console, toasts


async def command(room: Room, line: str) -> None:
    await room.press("colon")
    await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the command line")
    await room.type(line)
    await room.press("enter")


async def test_the_command_line_runs_headless_commands_on_the_phones(tmp_path):
    async with running_console(tmp_path) as room:
        phone = await room.phone()
        await room.press("2")
        await command(room, "start")
        await room.until(lambda: room.session.state.exercises[STAR].phase == "writing", "writing")
        await command(room, "timer 1:30")
        frame = await phone.expect("timer")
        assert round(frame["ends_at"] - frame["server_time"]) in (89, 90)
        await room.phone()
        await command(room, "people")
        await room.until(lambda: any("1. Deltager 1 (AKM)" in toast for toast in toasts(room.app)), "the listing")
        await command(room, "dance")
        await room.until(lambda: any("Ukendt kommando: dance." in toast for toast in toasts(room.app)), "the refusal")


async def test_the_command_line_acts_on_the_exercise_the_screen_shows(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("4", "greater_than_sign")  # the plenum screen looks at the second exercise; the room stays
        await command(room, "plenum add at vi mødes igen")
        await room.until(lambda: bool(room.session.state.exercises["kompetencemoduler"].plenum_lines), "the line")
        assert room.session.state.exercises[STAR].plenum_lines == {}


async def test_look_on_the_command_line_is_the_screens_own_exercise_switch(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("4")
        await command(room, "look 2")
        await room.until_shown("Øvelse 2 af 2")
        assert room.session.state.current_exercise_id == STAR  # the room stays
        await command(room, "look")
        await room.until_shown("Øvelse 1 af 2")
        await room.press("2")
        await command(room, "look 2")
        await room.until(lambda: any("Skift til Moderation (3)" in toast for toast in toasts(room.app)), "where to look")


async def test_the_help_screen_shows_the_one_help_text(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("question_mark")
        await room.until(lambda: isinstance(room.app.screen, HelpScreen), "help")
        shown = room.app.screen.query_one("#help-commands", Static)
        assert str(shown.render()) == actions.help_text("da")


async def test_a_follow_up_is_added_with_who_when_and_lane_and_listed_on_the_plenum_screen(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("4", "o")
        await room.until(lambda: isinstance(room.app.screen, FollowUpPrompt), "the follow-up dialog")
        await room.press("enter")  # nothing typed: the dialog says what is missing and stays
        assert isinstance(room.app.screen, FollowUpPrompt)
        for field in ("Lav en fælles kalender", "Mette", "1. marts", "nowhere"):
            await room.type(field)
            await room.press("tab")
        await room.press("shift+tab", "enter")
        await room.until_shown("Det punkt findes ikke i øvelsen.")  # the lane is read as headless mode reads it
        await room.press(*["backspace"] * len("nowhere"))
        await room.type("Form")
        await room.press("enter")
        await room.until_shown("1. Lav en fælles kalender — Mette, 1. marts (Form)")
        (follow_up,) = room.session.state.exercises[STAR].follow_ups.values()
        assert (follow_up.what, follow_up.who, follow_up.due, follow_up.lane_id) == ("Lav en fælles kalender", "Mette", "1. marts", "form")
        await command(room, "followup remove 1")
        await room.until_shown("Ingen opfølgninger endnu.")


async def test_the_timer_dialog_asks_for_a_bang_above_two_hours(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        await room.press("2", "t")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the timer dialog")
        await room.type("155")
        await room.press("enter")
        await room.until_shown("Skriv 155! hvis det er meningen.")
        assert room.session.state.exercises[STAR].timer_ends_at is None
        await room.press("!", "enter")
        await room.until(lambda: room.session.state.exercises[STAR].timer_ends_at is not None, "the countdown")


async def test_the_timer_dialog_opens_with_its_value_selected_so_typing_replaces_it(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        phone = await room.phone()
        last: dict[str, float] = {}
        for typed, seconds, extend in (("5", 300, False), ("2,5", 150, False), ("1:30", 90, False), ("+2", 120, True)):
            await room.press("2", "t")
            await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the timer dialog")
            assert room.app.screen.query_one("Input").value == "15"  # the exercise's writing time, selected
            await room.type(typed)
            await room.press("enter")
            frame = await phone.expect("timer")
            if extend:
                assert frame["ends_at"] == last["ends_at"] + seconds
            else:
                assert round(frame["ends_at"] - frame["server_time"]) in (seconds - 1, seconds)
            last = frame


async def test_the_moderation_list_shows_the_numbers_the_command_line_takes(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        phone = await room.phone()
        await phone.note("n-1", "behov", "Sparring med andre")
        await phone.note("n-2", "form", "Korte møder")
        await room.press("3")
        await room.until_shown("#2")
        await command(room, "highlight 2")
        await room.until(lambda: room.session.state.notes["n-2"].highlighted, "note #2 highlighted")
        assert not room.session.state.notes["n-1"].highlighted
