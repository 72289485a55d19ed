"""The participants screen keeps the room in the facilitator's hands (issue
14): how many participants each address holds, flagged above the plan's
limit; `k` locks joining (and opens it again) from any screen; `x` takes the
selected participant out, their notes kept or deleted as chosen."""

from __future__ import annotations

import asyncio

from plans import make_plan
from websockets.asyncio.client import connect

from facilitator.console.screens.dialogs import ChoicePrompt
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, TIMEOUT, Phone, running_console


async def test_the_participants_screen_counts_participants_per_address_and_flags_one_above_the_plan(tmp_path):
    plan = make_plan().model_copy(update={"participants_per_address": 2})
    async with running_console(tmp_path, plan) as room:
        for name in ("Mette", "Lars", "Anne"):
            await room.phone(name=name, group_id="g1")
        await room.press("5")
        await room.until_shown("127.0.0.1: 3 deltagere  [flere end planens 2]")


async def test_k_locks_joining_so_a_new_phone_is_refused_while_a_participant_resumes(tmp_path):
    async with running_console(tmp_path) as room:
        member = await room.phone(name="Mette", group_id="g1")
        await room.press("5", "k")
        await room.until_shown("tilmeldingen er lukket")
        assert room.session.state.joining_locked
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{room.server.port}/ws")
        newcomer = Phone(ws, room.server.code)
        await newcomer.send("join", code=room.server.code, name="Ny", unit="AKM")
        refused = await newcomer.expect("error")
        assert refused["code"] == "joining_locked"
        back = await room.phone_resume(member.participant_id, member.secret)
        assert back.participant_id == member.participant_id
        await room.press("k")
        await room.until(lambda: not room.session.state.joining_locked, "joining open again")


async def test_x_takes_the_selected_participant_out_with_their_notes_when_asked(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        bot = await room.phone(name="Bot", group_id="g1")
        await bot.note("n-bot", "behov", "Spam")
        await room.press("5")
        await room.until_shown("Bot", "● forbundet")
        await room.press("x")
        await room.until(lambda: isinstance(room.app.screen, ChoicePrompt), "the notes dialog")
        await room.press("down", "enter")  # delete their notes too
        told = await bot.expect("error")
        assert told["code"] == "participant_removed"
        await room.until_shown("taget ud af mødet")
        assert room.session.state.notes["n-bot"].deleted
        assert room.session.state.participants[bot.participant_id].removed
