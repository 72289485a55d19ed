"""Moderation from the console reaches the phones: edit, hide, move, merge,
highlight, and a note added for a group that wrote on paper."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual import events

from facilitator.console.screens.dialogs import ChoicePrompt, MultiChoicePrompt
from facilitator.console.screens.notes import NotePrompt, PaperNotes
from facilitator.console.widgets.notearea import NoteArea
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, Phone, Room, running_console


@asynccontextmanager
async def moderated(tmp_path: Path) -> AsyncIterator[tuple[Room, Phone, Phone]]:
    """Writing has started; the author wrote two notes saying the same; a
    second phone of the same group watches what the facilitator does."""
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        author = await room.phone(name="Mette", group_id="g1")
        watcher = await room.phone(name="Lars", group_id="g1")
        await author.note("n-1", "behov", "Sparing med andre")
        await author.note("n-2", "behov", "Sparring med andre")
        await watcher.expect("note", lambda f: f["note"]["id"] == "n-2")
        await room.press("3")
        await room.until_shown("Sparring med andre")
        yield room, author, watcher


async def dialog(room: Room, kind: type) -> None:
    await room.until(lambda: isinstance(room.app.screen, kind), kind.__name__)


async def test_edit_changes_the_text_on_every_phone(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("e")
        await dialog(room, NotePrompt)
        await room.type(" AMK'ere")
        await room.press("enter")
        for phone in (author, watcher):
            frame = await phone.expect("note", lambda f: f["note"]["id"] == "n-1")
            assert frame["note"]["text"] == "Sparing med andre AMK'ere" and frame["note"]["edited"] is True
        await room.until_shown("Sparing med andre AMK'ere", "rettet")


async def test_a_pasted_escape_sequence_never_reaches_the_journal_or_the_phones(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("e")
        await dialog(room, NotePrompt)
        field = room.app.screen.query_one(NoteArea)
        field.clear()
        room.app.post_message(events.Paste("Sparring\x1b]52;c;aGFjaw==\x07 med\x1b[2J andre\x9b"))  # as a terminal pastes: to the app, which hands it to the focused field
        await room.until(lambda: "andre" in field.text, "the pasted text in the field")
        await room.press("enter")
        frame = await watcher.expect("note", lambda f: f["note"]["id"] == "n-1")
        assert frame["note"]["text"] == "Sparring]52;c;aGFjaw== med[2J andre"
        assert room.session.state.notes["n-1"].text == frame["note"]["text"]


async def test_hide_removes_the_note_from_the_phones_and_shows_it_hidden_here(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("h")
        frame = await watcher.expect("note_removed")
        assert frame["note_id"] == "n-1" and frame["merged_into"] is None
        await room.until_shown("skjult")
        assert room.session.state.notes["n-1"].hidden
        await room.press("h")  # and back
        assert (await watcher.expect("note"))["note"]["id"] == "n-1"


async def test_move_puts_the_note_on_another_lane_for_every_phone(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("m")
        await dialog(room, ChoicePrompt)
        await room.press("down", "down", "enter")  # bidrag, rammer, [form]
        frame = await watcher.expect("note", lambda f: f["note"]["id"] == "n-1")
        assert frame["note"]["lane_id"] == "form"
        await room.until(lambda: room.text().splitlines()[3].split()[1] == "Form", "the row shows its new lane")


async def test_merge_folds_the_duplicate_into_the_selected_note(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("u")
        await dialog(room, MultiChoicePrompt)
        assert "Sparring med andre" in room.text()  # the same lane's notes are offered first
        await room.press("space", "enter")
        frame = await watcher.expect("note_removed")
        assert isinstance(frame.pop("rev"), int)  # the hub's count of events told (docs/protocol.md, `since`)
        assert frame == {"type": "note_removed", "v": 1, "note_id": "n-2", "exercise_id": STAR, "merged_into": "n-1"}
        await room.until_shown("+1")
        assert "Sparring med andre" not in room.text().split("╭")[0]  # the merged row is gone from the list


async def test_highlight_marks_the_note_on_the_phones_and_in_the_plenum(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("f")
        frame = await watcher.expect("note", lambda f: f["note"]["id"] == "n-1")
        assert frame["note"]["highlighted"] is True
        await room.press("4")
        await room.until_shown("★ Behov · Gruppe 1", "Sparing med andre")


async def test_a_note_added_for_a_group_reaches_that_groups_phones(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        other = await room.phone(name="Anne", group_id="g2")
        await room.press("a")
        await dialog(room, PaperNotes)
        await room.press("shift+tab", "shift+tab", "enter", "down", "enter", "tab", "tab")  # Gruppe 2, Behov
        await room.type("Fra papirark")
        await room.press("enter")
        frame = await other.expect("note")
        assert frame["note"]["text"] == "Fra papirark" and frame["note"]["group_id"] == "g2"
        assert frame["note"]["lane_id"] == "behov" and frame["note"]["mine"] is False
        await room.until_shown("Fra papirark")


async def test_notes_that_look_like_markup_are_shown_as_written(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await author.note("n-3", "behov", "[bold]fed[/] og [link=x]")
        await room.until_shown("[bold]fed[/] og [link=x]")
        await room.press("2")
        await room.until_shown("[bold]fed[/] og [link=x]")


async def test_the_selection_stays_on_its_note_while_new_notes_arrive(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("down")  # the second note
        for i in range(3, 30):
            await author.note(f"n-{i}", "form", f"Ny note {i}")
        await room.until_shown("Ny note 29")
        await room.press("h")
        frame = await watcher.expect("note_removed")
        assert frame["note_id"] == "n-2"


async def test_the_list_can_be_narrowed_to_one_lane_or_one_group(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        other = await room.phone(name="Anne", group_id="g2")
        await other.note("n-9", "form", "Fra gruppe 2 om form")
        await room.until_shown("Fra gruppe 2 om form")
        await room.press("l")
        await dialog(room, ChoicePrompt)
        await room.press("down", "down", "down", "down", "enter")  # alle, Behov, Bidrag, Rammer, [Form]
        await room.until_shown("punkt: Form", "gruppe: alle · 1 note")
        assert "1 noter" not in room.text()  # the singular
        assert "Sparring med andre" not in room.text()
        await room.press("l")
        await dialog(room, ChoicePrompt)
        await room.press("home", "enter")  # all lanes again
        await room.press("g")
        await dialog(room, ChoicePrompt)
        await room.press("down", "enter")  # Gruppe 1
        await room.until_shown("gruppe: Gruppe 1", "2 noter")
        assert "Fra gruppe 2 om form" not in room.text()


async def test_less_and_greater_than_look_at_another_exercise_while_the_room_stays(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        await room.press("greater_than_sign")
        await room.until_shown("Kompetenceudviklingsforløbet · punkt: alle")
        assert "Sparring med andre" not in room.text()  # the star's notes belong to the other exercise
        await room.press("greater_than_sign")  # already the last one: stays
        await room.until_shown("Kompetenceudviklingsforløbet · punkt: alle")
        assert room.session.state.current_exercise_id == STAR  # the room did not move
        await room.press("less_than_sign")
        await room.until_shown("Netværksstjernen · punkt: alle", "Sparring med andre")
        await room.press("4")  # the plenum browses the same way
        await room.until_shown("Netværksstjernen")
        assert "Kompetenceudviklingsforløbet" not in room.text()
        await room.press("greater_than_sign")
        await room.until_shown("Kompetenceudviklingsforløbet")
        assert room.session.state.current_exercise_id == STAR
