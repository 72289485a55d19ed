"""The plenary's summary lines (issue 16): deleting one asks first, and the
line picked stays picked when lines are added, edited or deleted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.widgets import OptionList

from facilitator import actions
from facilitator.console.screens.confirm import ConfirmDelete
from facilitator.console.screens.dialogs import TextPrompt
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, Room, running_console

LINES = ["Det er vigtigt: at vi deler viden", "Det er vigtigt: at vi mødes", "Det er vigtigt: at lederne er med"]


@asynccontextmanager
async def plenum(tmp_path: Path, language: str | None = None) -> AsyncIterator[Room]:
    """Three summary lines written; the plenum screen shows them."""
    async with running_console(tmp_path, size=(80, 24), language=language) as room:
        session = room.session
        for text in LINES:
            session.execute(actions.add_plenum_line(session.state, STAR, text))
        await room.press("4")
        await room.until_shown("lederne er med")
        yield room


def picked(room: Room) -> str:
    options = room.app.screen.query_one("#lines", OptionList)
    assert options.highlighted is not None
    option = options.get_option_at_index(options.highlighted)
    return str(option.prompt)


def lines_of(room: Room) -> list[str]:
    return list(room.session.state.exercises[STAR].plenum_lines.values())


async def test_the_arrows_pick_a_line_at_once_and_edit_keeps_it_picked(tmp_path):
    async with plenum(tmp_path) as room:
        await room.press("down")
        assert picked(room) == LINES[1]
        await room.press("e")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the edit dialog")
        await room.type(" hver måned")
        await room.press("enter")
        await room.until_shown("vi mødes hver måned")
        assert picked(room) == LINES[1] + " hver måned"


async def test_a_new_line_is_picked_once_added(tmp_path):
    async with plenum(tmp_path) as room:
        await room.press("down")
        await room.press("a")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the add dialog")
        await room.type("vi har en kalender")
        await room.press("enter")
        await room.until_shown("vi har en kalender")
        assert picked(room) == "Det er vigtigt: at vi har en kalender"  # not line 1


async def test_deleting_a_line_asks_first_and_no_keeps_it(tmp_path):
    async with plenum(tmp_path) as room:
        await room.press("down", "x")
        await room.until(lambda: isinstance(room.app.screen, ConfirmDelete), "the question")
        await room.until_shown("Slet linjen fra opsamlingen?", LINES[1], "Slet (y)", "Behold (n)")
        await room.press("n")
        await room.until(lambda: not isinstance(room.app.screen, ConfirmDelete), "the question answered")
        assert lines_of(room) == LINES
        assert picked(room) == LINES[1]
        await room.press("delete")
        await room.until(lambda: isinstance(room.app.screen, ConfirmDelete), "the question again")
        await room.press("escape")
        await room.until(lambda: not isinstance(room.app.screen, ConfirmDelete), "escape keeps it too")
        assert lines_of(room) == LINES


async def test_yes_deletes_the_line_and_the_one_in_its_place_is_picked(tmp_path):
    async with plenum(tmp_path, language="en") as room:
        await room.press("down", "x")
        await room.until_shown("Delete this line from the summary?", "Delete (y)", "Keep (n)")
        await room.press("y")
        await room.until(lambda: lines_of(room) == [LINES[0], LINES[2]], "the line deleted")
        await room.until(lambda: picked(room) == LINES[2], "the next line picked, not the first")
        await room.press("x", "y")  # the last line: the one before it is picked
        await room.until(lambda: lines_of(room) == [LINES[0]], "the last line deleted")
        assert picked(room) == LINES[0]


async def test_a_line_added_on_another_screen_leaves_the_pick_where_it_was(tmp_path):
    async with plenum(tmp_path) as room:
        await room.press("down", "down")
        session = room.session
        session.execute(cmd.SetPlenumLine(STAR, "p-other", "Det er vigtigt: at headless skrev også"))
        await room.until_shown("headless skrev også")
        assert picked(room) == LINES[2]
