"""Undo from the console (issue 16): `z` takes back the latest hide, move,
merge or highlight, and the state and every phone (real phones over
loopback) are as before it; `p` hides, renames or merges a group's proposal."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from test_console_moderation import dialog, moderated
from textual.widgets import Input

from facilitator.console.screens.dialogs import ChoicePrompt, MultiChoicePrompt, TextPrompt
from facilitator.core import commands as cmd
from facilitator.server.phone import views
from tests.support.console_phones import MODULES, Phone, Room, running_console, toasts


def phone_notes(room: Room, phone: Phone) -> dict[str, Any]:
    """The notes the server says this phone shows (what its snapshot would hold)."""
    state = room.session.state
    view = views.snapshot(state, state.participants[phone.participant_id], "da")
    return {note["id"]: note for note in view.model_dump(mode="json")["notes"]}


async def drained(phone: Phone, notes: dict[str, Any]) -> dict[str, Any]:
    """`notes` with every frame the phone got until now applied, as the page applies them."""
    notes = dict(notes)
    await phone.send("ping")
    while (frame := await phone.recv())["type"] != "pong":
        if frame["type"] == "note":
            notes[frame["note"]["id"]] = frame["note"]
        elif frame["type"] == "note_removed":
            notes.pop(frame["note_id"], None)
        elif frame["type"] == "snapshot":
            notes = {note["id"]: note for note in frame["notes"]}
    return notes


MODERATIONS = {
    "hide": (("h",), None),
    "highlight": (("f",), None),
    "move": (("m",), (ChoicePrompt, ("down", "down", "enter"))),  # Bidrag, Rammer, [Form]
    "merge": (("u",), (MultiChoicePrompt, ("space", "enter"))),  # n-2 into n-1
}


@pytest.mark.parametrize("action", list(MODERATIONS))
async def test_z_undoes_the_moderation_and_the_state_and_every_phone_are_as_before(tmp_path, action):
    keys, then = MODERATIONS[action]
    async with moderated(tmp_path) as (room, author, watcher):
        phones = (author, watcher)
        seen = {phone: await drained(phone, phone_notes(room, phone)) for phone in phones}
        notes_before = copy.deepcopy(room.session.state.notes)
        await room.press(*keys)
        if then is not None:
            await dialog(room, then[0])
            await room.press(*then[1])
        await room.until(lambda: room.session.state.notes != notes_before, f"the {action} done")
        moderated_seen = {phone: await drained(phone, seen[phone]) for phone in phones}
        assert moderated_seen != seen  # the phones heard of it
        await room.press("z")
        await room.until(lambda: room.session.state.notes == notes_before, f"the {action} undone")
        assert room.session.state.moderations == []
        assert any("Fortrudt" in toast for toast in toasts(room.app))
        for phone in phones:
            after = await drained(phone, moderated_seen[phone])
            assert after == seen[phone] == phone_notes(room, phone)


async def test_z_with_nothing_to_undo_says_so_and_changes_nothing(tmp_path):
    async with moderated(tmp_path) as (room, author, watcher):
        count = room.session.state.event_count
        await room.press("z")
        await room.until(lambda: any("intet at fortryde" in toast for toast in toasts(room.app)), "the notice")
        assert room.session.state.event_count == count


@asynccontextmanager
async def proposed(tmp_path: Path) -> AsyncIterator[tuple[Room, Phone]]:
    """The modules are being written on; a group proposed "asdf test"; the moderation screen is open."""
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(MODULES))
        proposer = await room.phone(name="Mette", group_id="g1")
        await proposer.send("propose", exercise_id=MODULES, lane_id="asdf", title="asdf test", prompt="")
        await proposer.expect("ack")
        await room.press("3")
        await room.until_shown("Kompetenceudviklingsforløbet")
        yield room, proposer


async def test_p_hides_a_proposal_from_the_phones_and_z_brings_it_back(tmp_path):
    async with proposed(tmp_path) as (room, proposer):
        await room.press("p")
        await dialog(room, ChoicePrompt)
        await room.press("enter")  # the one proposal
        await room.until(lambda: "asdf test" in room.text() and "Skjul" in room.text(), "the actions")
        await room.press("enter")  # Skjul
        snapshot = await proposer.expect("snapshot")
        assert "asdf" not in [lane["id"] for lane in snapshot["exercise"]["lanes"]]
        assert room.session.state.exercises[MODULES].proposed_lanes["asdf"].hidden
        await room.press("z")
        snapshot = await proposer.expect("snapshot")
        assert "asdf" in [lane["id"] for lane in snapshot["exercise"]["lanes"]]
        assert not room.session.state.exercises[MODULES].proposed_lanes["asdf"].hidden


async def test_p_renames_a_proposal_and_z_gives_it_its_own_title_back(tmp_path):
    async with proposed(tmp_path) as (room, proposer):
        await room.press("p")
        await dialog(room, ChoicePrompt)
        await room.press("enter", "down", "enter")  # the proposal, [Omdøb]
        await dialog(room, TextPrompt)
        room.app.screen.query_one(Input).value = ""
        await room.type("Trivsel og stress")
        await room.press("enter")
        snapshot = await proposer.expect("snapshot")
        titles = {lane["id"]: lane["title"] for lane in snapshot["exercise"]["lanes"]}
        assert titles["asdf"] == "Trivsel og stress"
        await room.press("z")
        snapshot = await proposer.expect("snapshot")
        assert {lane["id"]: lane["title"] for lane in snapshot["exercise"]["lanes"]}["asdf"] == "asdf test"


async def test_p_merges_a_proposal_into_a_module_with_its_notes_and_z_takes_them_apart(tmp_path):
    async with proposed(tmp_path) as (room, proposer):
        await proposer.note("n-1", "asdf", "Noget om trivsel", exercise_id=MODULES)
        await room.press("p")
        await dialog(room, ChoicePrompt)
        await room.press("enter", "down", "down", "enter")  # the proposal, Skjul, Omdøb, [Slå sammen]
        await room.until(lambda: "sammen ind i" in room.text(), "the lanes to merge into")
        await room.press("enter")  # the first module
        snapshot = await proposer.expect("snapshot")
        assert "asdf" not in [lane["id"] for lane in snapshot["exercise"]["lanes"]]
        (note,) = snapshot["notes"]
        assert (note["lane_id"], note["moved_from"]) == ("amo-i-forandring", "asdf")  # its author is told where it went
        await room.press("z")
        snapshot = await proposer.expect("snapshot")
        assert "asdf" in [lane["id"] for lane in snapshot["exercise"]["lanes"]]
        assert [(n["lane_id"], n["moved_from"]) for n in snapshot["notes"]] == [("asdf", None)]
