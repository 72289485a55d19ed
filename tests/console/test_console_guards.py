"""Keys that move the whole room ask first (issue 16): leaving an exercise the
phones are writing or voting in, reopening a closed one, and a vote on notes
each group sees only its own of. The same key again confirms."""

from __future__ import annotations

from facilitator.core import commands as cmd
from tests.support.console_phones import MODULES, STAR, Room, running_console, toasts


async def asked(room: Room, text: str) -> None:
    await room.until(lambda: any(text in toast for toast in toasts(room.app)), f"the question {text!r}")


async def test_pgdn_while_phones_write_asks_first_and_says_how_many_phones(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        await room.phone()
        await room.phone()
        await room.until(lambda: len(room.app.connected()) == 2, "two phones connected")
        await room.press("2", "pagedown")
        await asked(room, "(2 telefoner forbundet)")
        assert room.session.state.current_exercise_id == STAR
        await room.press("pagedown")
        await room.until(lambda: room.session.state.current_exercise_id == MODULES, "the room moved")


async def test_s_on_a_closed_exercise_asks_before_reopening_it(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        room.session.execute(cmd.SetPhase(STAR, "closed"))
        await room.phone()
        await room.until(lambda: len(room.app.connected()) == 1, "a phone connected")
        await room.press("2", "s")
        await asked(room, "Øvelsen er lukket")
        assert room.session.state.exercises[STAR].phase == "closed"
        await room.press("s")
        await room.until(lambda: room.session.state.exercises[STAR].phase == "writing", "writing again")


async def test_a_vote_before_the_reveal_warns_that_each_group_votes_on_its_own_notes(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(MODULES))
        await room.press("2", "n")
        await asked(room, "hver gruppe stemmer kun på sine egne noter")
        assert room.session.state.exercises[MODULES].phase == "writing"
        await room.press("n")
        await room.until(lambda: room.session.state.exercises[MODULES].phase == "voting", "voting")


async def test_with_no_phone_connected_the_room_moves_at_once(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        await room.press("2", "pagedown")
        await room.until(lambda: room.session.state.current_exercise_id == MODULES, "the room moved")
