"""Voting you can follow (issue 16): the exercise screen counts who has voted
while real phones place their dots; `c` shows the dots per group and the
notes ranked by dots, sortable by dots, lane and group, and follows new dots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from facilitator.console.screens.results import VoteResults
from facilitator.console.widgets.keys import KeyFooter
from facilitator.core import commands as cmd
from tests.support.console_phones import MODULES, Phone, Room, running_console, toasts

# (note id, lane, writer's index, text): written by the phones, then voted on
NOTES = [
    ("m-1", "sexisme", 0, "Cases om sexisme fra egen arbejdsplads"),
    ("m-2", "amo-i-forandring", 3, "Hvem gør hvad i AMO"),
    ("m-3", "neurodiversitet", 5, "Tilpasninger af arbejdspladsen"),
    ("m-4", "amo-i-forandring", 1, "Roller ved omstrukturering"),
]


@asynccontextmanager
async def voting(tmp_path: Path, language: str | None = None) -> AsyncIterator[tuple[Room, list[Phone]]]:
    """Seven phones in three groups (3, 2, 2); four notes; revealed; voting open;
    the console on the exercise screen at 80x24."""
    async with running_console(tmp_path, size=(80, 24), language=language) as room:
        groups = ["g1", "g1", "g1", "g2", "g2", "g3", "g3"]
        phones = [await room.phone(name=f"Deltager {i + 1}", group_id=group) for i, group in enumerate(groups)]
        room.session.execute(cmd.StartExercise(MODULES))
        for note_id, lane, writer, text in NOTES:
            await phones[writer].note(note_id, lane, text, exercise_id=MODULES)
        room.session.execute(cmd.Reveal(MODULES))
        room.session.execute(cmd.SetPhase(MODULES, "voting"))
        await room.press("2")
        yield room, phones


async def vote(phone: Phone, *note_ids: str) -> None:
    for note_id in note_ids:
        await phone.send("vote", note_id=note_id)
        await phone.expect("ack", lambda f: f.get("request") == "vote")


def results(room: Room) -> VoteResults:
    screen = room.app.screen
    assert isinstance(screen, VoteResults)
    return screen


async def test_the_exercise_screen_counts_who_has_voted_as_the_phones_vote(tmp_path):
    async with voting(tmp_path) as (room, phones):
        await room.until_shown("0 af 7 har stemt · 0 har brugt alle 3 prikker · 0 prikker brugt")
        assert ("c", "Resultat", "c") in room.app.screen.query_one(KeyFooter).keys_shown
        await vote(phones[0], "m-1", "m-2", "m-3")
        await vote(phones[3], "m-1")
        await vote(phones[6], "m-1", "m-3")
        await room.until_shown("3 af 7 har stemt · 1 har brugt alle 3 prikker · 6 prikker brugt")
        await phones[0].send("unvote", note_id="m-2")
        await room.until_shown("3 af 7 har stemt · 0 har brugt alle 3 prikker · 5 prikker brugt")


async def test_results_show_the_dots_per_group_and_the_notes_ranked_by_dots(tmp_path):
    async with voting(tmp_path) as (room, phones):
        await vote(phones[0], "m-3", "m-2")
        await vote(phones[1], "m-3")
        await vote(phones[3], "m-4", "m-3")
        await vote(phones[5], "m-4")
        await room.until_shown("4 af 7 har stemt")
        await room.press("c")
        await room.until(lambda: isinstance(room.app.screen, VoteResults), "the results")
        await room.until_shown("Prikker pr. gruppe: Gruppe 1 3/9 · Gruppe 2 2/6 · Gruppe 3 1/6", "Flest prikker først")
        assert results(room).rows_shown == ["m-3", "m-4", "m-2", "m-1"]
        lines = room.text().splitlines()
        first = next(line for line in lines if "Tilpasninger" in line)
        assert first.split()[:2] == ["1.", "3"]  # rank 1, three dots
        last = next(line for line in lines if "Cases om sexisme" in line)
        assert last.split()[:2] == ["4.", "0"]
        footer = {key for key, _, _ in room.app.screen.query_one(KeyFooter).keys_shown}
        assert {"p", "l", "g", "Esc"} <= footer


async def test_results_sort_by_lane_and_by_group_and_back_by_dots(tmp_path):
    async with voting(tmp_path, language="en") as (room, phones):
        await vote(phones[0], "m-1")
        await vote(phones[2], "m-1", "m-3")
        await room.until_shown("2 of 7 have voted · 0 used all 3 dots · 3 dots used")
        await room.press("c")
        await room.until_shown("Dots per group: Group 1 3/9 · Group 2 0/6 · Group 3 0/6", "Most dots first")
        assert results(room).rows_shown == ["m-1", "m-3", "m-2", "m-4"]
        await room.press("l")  # the plan's lane order: AMO (m-2, m-4), neurodiversitet (m-3), sexisme (m-1)
        await room.until_shown("By lane, most dots first on each")
        assert results(room).rows_shown == ["m-2", "m-4", "m-3", "m-1"]
        await room.press("g")  # group 1 wrote m-1 and m-4, group 2 m-2, group 3 m-3
        await room.until_shown("By group, most dots first in each")
        assert results(room).rows_shown == ["m-1", "m-4", "m-2", "m-3"]
        await room.press("p")
        await room.until(lambda: results(room).rows_shown == ["m-1", "m-3", "m-2", "m-4"], "by dots again")


async def test_the_results_follow_new_dots_while_open(tmp_path):
    async with voting(tmp_path) as (room, phones):
        await room.press("c")
        await room.until_shown("0 af 7 har stemt")
        await vote(phones[4], "m-4")
        await vote(phones[5], "m-4")
        await room.until_shown("2 af 7 har stemt", "Gruppe 2 1/6 · Gruppe 3 1/6")
        assert results(room).rows_shown[0] == "m-4"
        await room.press("escape")
        await room.until(lambda: not isinstance(room.app.screen, VoteResults), "closed")


async def test_results_of_an_exercise_without_voting_say_so(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("2", "c")  # the star: no dots in this plan
        await room.until(lambda: "Denne øvelse har ingen afstemning." in toasts(room.app), "the refusal")
        assert not isinstance(room.app.screen, VoteResults)
