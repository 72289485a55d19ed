"""Moderation the author can see (issue 16), in a real browser against the
real server: a hidden, merged or moved note says so on its author's phone,
in place of the note, and is as before on every phone after the undo."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from facilitator.core import commands as cmd
from tests.support.phonepage import join, note, write

pytestmark = pytest.mark.browser

STAR = "netvaerksstjernen"


def _note_id(server, text: str) -> str:  # type: ignore[no-untyped-def]
    return server.call(lambda: next(n.id for n in server.server.session.state.notes.values() if n.text == text))


def test_the_author_sees_a_hidden_merged_or_moved_note_marked_and_the_undo_puts_it_back(start_server, phone) -> None:
    server = start_server()
    anna, bo = phone(), phone()
    join(anna, server.join_url, name="Anna", group="Gruppe 1")
    join(bo, server.join_url, name="Bo", group="Gruppe 1")
    write(anna, "Sparring")
    write(bo, "Sparring med andre")
    expect(note(anna, "Sparring med andre")).to_be_visible()
    expect(note(bo, "Sparring")).to_be_visible()
    mine, other = _note_id(server, "Sparring"), _note_id(server, "Sparring med andre")

    server.execute(cmd.HideNote(mine))
    expect(note(anna, "Sparring")).to_contain_text("Skjult af facilitator")
    expect(note(anna, "Sparring").get_by_role("button")).to_have_count(0)  # no edit or delete on it
    expect(note(bo, "Sparring")).to_have_count(0)
    server.execute(cmd.UndoModeration(STAR))
    expect(note(anna, "Sparring").get_by_role("button", name="Ret")).to_be_visible()
    expect(note(anna, "Sparring")).not_to_contain_text("Skjult")
    expect(note(bo, "Sparring")).to_be_visible()

    server.execute(cmd.MergeNotes(other, (mine,)))
    expect(note(anna, "Sparring")).to_contain_text("Samlet med: »Sparring med andre«")
    expect(note(bo, "Sparring")).to_have_count(0)
    expect(anna.get_by_role("radio", name="Behov")).to_be_checked()
    expect(anna.locator(".chip.on .n")).to_have_text("1")  # the merged note does not count
    server.execute(cmd.UndoModeration(STAR))
    expect(note(bo, "Sparring")).to_be_visible()
    expect(note(anna, "Sparring")).not_to_contain_text("Samlet")
    expect(anna.locator(".chip.on .n")).to_have_text("2")

    server.execute(cmd.MoveNote(mine, "form"))
    expect(note(anna, "Sparring")).to_contain_text("Flyttet til Form af facilitator")
    server.execute(cmd.UndoModeration(STAR))
    expect(note(anna, "Sparring")).not_to_contain_text("Flyttet")
    expect(note(anna, "Sparring")).to_have_count(1)


def test_an_english_phone_says_it_in_english(start_server, phone) -> None:
    server = start_server()
    anna = phone(locale="en-GB")
    anna.goto(server.join_url)
    anna.get_by_label("Your name").fill("Anna")
    anna.get_by_label("Your unit").select_option("AKM")
    anna.get_by_role("button", name="Join").click()
    anna.get_by_label("New note for Needs").fill("Sparring")
    anna.get_by_role("button", name="Add note").click()
    expect(note(anna, "Sparring")).to_be_visible()
    server.execute(cmd.HideNote(_note_id(server, "Sparring")))
    expect(note(anna, "Sparring")).to_contain_text("Hidden by the facilitator")
