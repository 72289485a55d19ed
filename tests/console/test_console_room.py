"""The console runs the room: phones join and show up, keys start the
exercise and reach the phones, notes fill the board."""

from __future__ import annotations

from plans import make_plan

from facilitator.console.widgets.board import Board
from tests.support.console_phones import STAR, running_console, toasts


async def test_phones_that_join_appear_in_the_lobby_by_group_with_a_count(tmp_path):
    async with running_console(tmp_path) as room:
        await room.phone(name="Mette", group_id="g1")
        await room.phone(name="Lars", group_id="g1")
        await room.phone(name="Anne", group_id="g3")
        await room.until_shown("Mette, Lars", "Anne", "3 deltagere, 3 forbundet")
        text = room.text()
        assert "Gruppe 1: 2 (2 forbundet)" in text
        assert "Gruppe 3: 1 (1 forbundet)" in text
        assert "Gruppe 2: 0 (0 forbundet)" in text


async def test_names_are_not_shown_when_the_plan_does_not_ask_for_them(tmp_path):
    async with running_console(tmp_path, make_plan(ask_names=False)) as room:
        await room.phone(name="Hemmelig", group_id="g2")
        await room.until_shown("1 deltager, 1 forbundet")
        assert "Gruppe 2: 1 (1 forbundet)" in room.text()
        assert "Hemmelig" not in room.text()


async def test_the_start_key_opens_writing_and_every_phone_sees_the_phase(tmp_path):
    async with running_console(tmp_path) as room:
        first = await room.phone(group_id="g1")
        second = await room.phone(group_id="g2")
        await room.press("2")
        assert "Ikke startet" in room.text()
        await room.press("s")
        for phone in (first, second):
            frame = await phone.expect("phase")
            assert frame["exercise_id"] == STAR and frame["phase"] == "writing"
        await room.until_shown("Skrivefase")
        await room.press("n")
        assert (await first.expect("phase"))["phase"] == "closed"
        await room.until_shown("Lukket")
        await room.press("b")
        assert (await first.expect("phase"))["phase"] == "writing"


async def test_notes_from_phones_fill_the_board_by_lane_and_group(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("2", "s")
        mette = await room.phone(group_id="g1")
        lars = await room.phone(group_id="g2")
        await mette.note("n-1", "behov", "Sparring")
        await mette.note("n-2", "behov", "Faglig udvikling")
        await lars.note("n-3", "form", "Korte oplæg")
        board = room.app.screen.query_one(Board)
        await room.until(lambda: board.total_shown == 3, "three notes on the board")
        lines = [line.split("│")[0] for line in room.text().splitlines()]  # the board, left of the feed
        behov = next(line for line in lines if line.strip().startswith("Behov"))
        form = next(line for line in lines if line.strip().startswith("Form"))
        assert behov.split()[1:] == ["2", "·", "·", "·", "·", "2"]
        assert form.split()[1:] == ["·", "1", "·", "·", "·", "1"]
        assert "Korte oplæg" in room.text()  # the feed shows the newest notes


async def test_next_and_previous_exercise_move_every_phone_to_it(tmp_path):
    async with running_console(tmp_path) as room:
        phone = await room.phone()
        await room.press("2", "pagedown")
        snapshot = await phone.expect("snapshot")
        assert snapshot["exercise"]["id"] == "kompetencemoduler"
        await room.until_shown("Øvelse 2 af 2")
        await room.press("pagedown")
        await room.until(lambda: any("sidste øvelse" in t for t in toasts(room.app)), "a notification")
        await room.press("pageup")
        assert (await phone.expect("snapshot"))["exercise"]["id"] == STAR
