"""The exercise's controls reach the phones: timer, reveal; the plenum lines,
moving a participant, and the export."""

from __future__ import annotations

from textual.widgets import Digits

from facilitator.console.screens.confirm import ConfirmDelete
from facilitator.console.screens.dialogs import ChoicePrompt, TextPrompt
from facilitator.console.widgets.timer import TimerDisplay
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, running_console, toasts


async def test_the_timer_counts_down_on_the_phones_and_can_be_extended_and_stopped(tmp_path):
    async with running_console(tmp_path) as room:
        phone = await room.phone()
        await room.press("2", "s", "t")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the timer dialog")
        assert room.app.screen.query_one("Input").value == "15"  # the exercise's writing time
        await room.press("ctrl+a", "ctrl+k", "5", "enter")
        frame = await phone.expect("timer")
        assert frame["exercise_id"] == STAR
        assert 299 <= frame["ends_at"] - frame["server_time"] <= 300
        digits = room.app.screen.query_one(TimerDisplay).query_one(Digits)
        await room.until(lambda: digits.value in ("5:00", "4:59"), "5:00 on the console")
        await room.press("plus")
        extended = await phone.expect("timer")
        assert extended["ends_at"] == frame["ends_at"] + 60
        await room.press("x")
        assert (await phone.expect("timer"))["ends_at"] is None
        await room.until(lambda: digits.value == "-:--", "no countdown on the console")


async def test_a_refused_command_is_a_notification_not_a_crash(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("2", "x")  # stop a countdown that is not running
        await room.until(lambda: "Der kører ingen nedtælling." in toasts(room.app), "the core's message")
        await room.press("t")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the timer dialog")
        await room.press("ctrl+a", "ctrl+k", "n", "u", "enter")
        await room.until_shown("»nu« er ikke en tid")  # the dialog says why (as headless mode does) and stays open
        assert isinstance(room.app.screen, TextPrompt)
        await room.press("escape")
        assert room.session.state.exercises[STAR].timer_ends_at is None


async def test_reveal_shows_every_groups_notes_on_every_phone_and_hides_them_again(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        writer = await room.phone(group_id="g1")
        reader = await room.phone(group_id="g2")
        await writer.note("n-1", "behov", "Fra gruppe 1")
        await room.press("2", "r")
        snapshot = await reader.expect("snapshot")
        assert snapshot["exercise"]["revealed"] is True
        assert [n["text"] for n in snapshot["notes"]] == ["Fra gruppe 1"]
        await room.until_shown("alle grupper ser alle noter")
        await room.press("r")
        snapshot = await reader.expect("snapshot")
        assert snapshot["exercise"]["revealed"] is False and snapshot["notes"] == []


async def test_plenum_lines_are_added_edited_and_removed(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("4", "a")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the line dialog")
        assert room.app.screen.query_one("Input").value == "Det er vigtigt: at "
        await room.press("enter")  # only the opening words: refused, the dialog stays
        await room.until_shown("Skriv hvad der er vigtigt.")
        await room.type("vi deler viden")
        await room.press("enter")
        await room.until_shown("Det er vigtigt: at vi deler viden")
        lines = room.session.state.exercises[STAR].plenum_lines
        assert list(lines.values()) == ["Det er vigtigt: at vi deler viden"]
        await room.press("e")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the edit dialog")
        await room.type(" på tværs")
        await room.press("enter")
        await room.until_shown("Det er vigtigt: at vi deler viden på tværs")
        await room.press("x")  # asks first
        await room.until(lambda: isinstance(room.app.screen, ConfirmDelete), "the question")
        await room.press("y")
        await room.until_shown("Ingen linjer endnu")
        assert room.session.state.exercises[STAR].plenum_lines == {}


async def test_moving_a_participant_to_another_group_reaches_their_phone(tmp_path):
    async with running_console(tmp_path) as room:
        phone = await room.phone(name="Mette", group_id="g1")
        await room.press("5")
        await room.until_shown("Mette", "● forbundet")
        await room.press("m")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt), "the group dialog")
        await room.press("enter")  # the first other group: Gruppe 2
        snapshot = await phone.expect("snapshot")
        assert snapshot["you"]["group_id"] == "g2" and snapshot["you"]["group_label"] == "Gruppe 2"
        await room.until(lambda: "Gruppe 2" in room.text().split("Mette")[1].splitlines()[0], "the new group")


async def test_export_writes_the_appendix_and_names_the_files(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        phone = await room.phone(group_id="g1")
        await phone.note("n-1", "behov", "Sparring med andre")
        await room.press("6", "x")
        await room.until(lambda: any("filer skrevet" in t for t in toasts(room.app)), "the files written")
        out = tmp_path / "out"
        written = sorted(p.suffix for p in out.iterdir())
        assert written == [".docx", ".html", ".md", ".pdf"]  # the exporter's default formats are ticked
        markdown = next(out.glob("*.md")).read_text()
        assert "Sparring med andre" in markdown
        assert str(next(out.glob("*.md"))) in room.app.screen.query_one("#export-result").text  # named on the screen
        assert str(out) in " ".join(toasts(room.app))  # the notice names the folder, in one line
