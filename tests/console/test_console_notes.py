"""The note dialogs (issue 16): a multi-line note is edited whole, and a
paper group's notes are typed in one dialog that keeps the group and lane."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.widgets import Select

from facilitator.console.screens.notes import NotePrompt, PaperNotes
from facilitator.console.widgets.notearea import NoteArea
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, Phone, Room, running_console, toasts

LONG = "Første linje om sparring\nAnden linje om tid\nTredje linje: møder hver måned i netværket med kollegerne fra de andre enheder"


@asynccontextmanager
async def moderating(tmp_path: Path, size: tuple[int, int] = (80, 24), language: str | None = None) -> AsyncIterator[tuple[Room, Phone]]:
    """Writing has started, a phone of group 1 wrote a three-line note, and
    the console shows it on the moderation screen."""
    async with running_console(tmp_path, size=size, language=language) as room:
        room.session.execute(cmd.StartExercise(STAR))
        phone = await room.phone(name="Mette", group_id="g1")
        await phone.note("n-1", "behov", LONG)
        await room.press("3")
        await room.until_shown("Første linje")
        yield room, phone


def dialog_text(room: Room, kind: type) -> str:
    """The characters inside the open dialog's box, line by line."""
    box = room.app.screen.query_one(".dialog").region
    lines = room.text().splitlines()[box.y : box.bottom]
    return "\n".join(line[box.x : box.right] for line in lines)


async def test_editing_a_multi_line_note_shows_every_line_inside_the_dialog_and_saves_them(tmp_path):
    async with moderating(tmp_path) as (room, phone):
        await room.press("e")
        await room.until(lambda: isinstance(room.app.screen, NotePrompt), "the edit dialog")
        inside = dialog_text(room, NotePrompt)
        for part in ("Første linje om sparring", "Anden linje om tid", "Tredje linje: møder", "andre enheder"):
            assert part in inside
        await room.press("ctrl+n")  # a fourth line
        await room.type("Fjerde linje")
        await room.press("enter")
        frame = await phone.expect("note", lambda f: f["note"]["id"] == "n-1")
        assert frame["note"]["text"] == LONG + "\nFjerde linje"
        assert room.session.state.notes["n-1"].text == LONG + "\nFjerde linje"
        assert not isinstance(room.app.screen, NotePrompt)


async def test_an_edit_the_core_refuses_keeps_the_dialog_open_with_the_text(tmp_path):
    async with moderating(tmp_path) as (room, phone):
        await room.press("e")
        await room.until(lambda: isinstance(room.app.screen, NotePrompt), "the edit dialog")
        area = room.app.screen.query_one(NoteArea)
        area.insert("x" * 600)  # past the plan's note length
        await room.press("enter")
        await room.until(lambda: any("Noten er for lang" in toast for toast in toasts(room.app)), "the refusal")
        assert isinstance(room.app.screen, NotePrompt) and area.text.endswith("x" * 600)
        assert room.session.state.notes["n-1"].text == LONG
        await room.press("escape")
        await room.until(lambda: not isinstance(room.app.screen, NotePrompt), "the dialog closed")


async def test_a_paper_groups_notes_go_in_one_dialog_that_keeps_the_group_and_the_lane(tmp_path):
    async with moderating(tmp_path) as (room, phone):
        other = await room.phone(name="Anne", group_id="g3")
        await room.press("a")
        await room.until(lambda: isinstance(room.app.screen, PaperNotes), "the paper dialog")
        paper = room.app.screen
        await room.press("shift+tab", "shift+tab")  # from the text to the lane, to the group
        assert room.app.focused is paper.query_one("#paper-group", Select)
        await room.press("enter", "down", "down", "enter")  # Gruppe 3
        await room.press("tab", "enter", "down", "down", "down", "enter")  # Form
        await room.press("tab")  # back to the text
        assert isinstance(room.app.focused, NoteArea)
        for text in ("Fra papir 1", "Fra papir 2", "Fra papir 3"):
            await room.type(text)
            await room.press("enter")
            frame = await other.expect("note")
            assert (frame["note"]["text"], frame["note"]["group_id"], frame["note"]["lane_id"]) == (text, "g3", "form")
        await room.until_shown("3 noter tilføjet · sidst: Gruppe 3 · Form: Fra papir 3")
        assert isinstance(room.app.screen, PaperNotes)  # still open for the next one
        await room.press("escape")
        await room.until_shown("Fra papir 3")  # on the list behind it
        await room.press("a")  # the next time it starts where it was left
        await room.until(lambda: isinstance(room.app.screen, PaperNotes), "the paper dialog again")
        again = room.app.screen
        assert (again.query_one("#paper-group", Select).value, again.query_one("#paper-lane", Select).value) == ("g3", "form")
        await room.type("Fra papir 4")
        await room.press("enter")
        frame = await other.expect("note")
        assert frame["note"]["text"] == "Fra papir 4"


async def test_an_empty_paper_note_is_refused_in_the_dialog_and_nothing_is_added(tmp_path):
    async with moderating(tmp_path, language="en") as (room, phone):
        await room.press("a")
        await room.until(lambda: isinstance(room.app.screen, PaperNotes), "the paper dialog")
        before = len(room.session.state.notes)
        await room.type("   ")
        await room.press("enter")
        await room.until_shown("The note is empty.")
        assert len(room.session.state.notes) == before
