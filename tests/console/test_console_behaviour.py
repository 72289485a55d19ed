"""Never a crash: a taken port, a journal that cannot be written, quitting
with phones connected, reopening the same journal; themes, help, language."""

from __future__ import annotations

import socket

from screen_image import screen_image

from facilitator.console.screens.confirm import ConfirmQuit
from facilitator.console.screens.help import HelpScreen
from facilitator.console.widgets.keys import KeyFooter
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, running_console, toasts


async def test_quitting_with_phones_connected_asks_first(tmp_path):
    async with running_console(tmp_path) as room:
        await room.phone()
        await room.until_shown("1 forbundet")
        await room.press("q")
        await room.until(lambda: isinstance(room.app.screen, ConfirmQuit), "the question")
        assert "1 telefoner er forbundet" in room.text()
        await room.press("n")
        assert not isinstance(room.app.screen, ConfirmQuit) and room.app.is_running
        await room.press("q")
        await room.until(lambda: isinstance(room.app.screen, ConfirmQuit), "the question")
        await room.press("y")
        await room.until(lambda: room.app._exit, "the console quits")


async def test_quitting_without_phones_needs_no_question(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("q")
        await room.until(lambda: room.app._exit, "the console quits")


async def test_reopening_the_same_journal_continues_where_it_stopped(tmp_path):
    db = tmp_path / "meeting.sqlite3"
    async with running_console(tmp_path / "first", db=db) as room:
        phone = await room.phone(name="Mette", group_id="g2")
        await room.press("2", "s")
        await phone.note("n-1", "behov", "Sparring")
        code = room.server.code
        participant_id, secret = phone.participant_id, phone.secret
    async with running_console(tmp_path / "second", db=db) as room:
        assert room.server.code == code
        await room.until_shown("1 deltager,", "Mette", "(Skrivefase)")
        await room.press("2")
        await room.until_shown("1 note ·")
        phone = await room.phone_resume(participant_id, secret)
        assert phone.snapshot["you"]["group_id"] == "g2"
        assert [n["text"] for n in phone.snapshot["notes"]] == ["Sparring"]


async def test_a_journal_that_cannot_be_written_is_reported_and_the_console_keeps_running(tmp_path):
    async with running_console(tmp_path) as room:
        phone = await room.phone()
        room.session.journal.close()  # as when the disk is pulled out
        await room.press("2", "s")
        await room.until(lambda: any("Journalen kunne ikke gemme" in t for t in toasts(room.app)), "the problem")
        assert room.session.state.exercises[STAR].phase == "not_started"
        assert room.app.is_running
        await room.press("n")  # the next key works too (and is refused the same way)
        assert room.session.state.exercises[STAR].phase == "not_started"
        await phone.send("ping")
        assert (await phone.recv())["type"] == "pong"  # no phase was pushed: nothing happened


def _free_port_pair() -> tuple[socket.socket, int]:
    """A listening socket on 127.0.0.1:P, with P+1 free (checked)."""
    for _ in range(20):
        taken = socket.socket()
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        probe = socket.socket()
        try:
            probe.bind(("127.0.0.1", port + 1))
        except OSError:
            taken.close()
            continue
        finally:
            probe.close()
        return taken, port
    raise RuntimeError("no two free ports in a row")


async def test_a_taken_port_is_explained_and_the_next_port_can_be_tried(tmp_path):
    taken, port = _free_port_pair()
    try:
        async with running_console(tmp_path, port=port) as room:
            await room.until_shown(f"Serveren kunne ikke starte på port {port}", f"Tryk p for at prøve port {port + 1}")
            assert room.app.is_running
            await room.press("p")
            await room.until(lambda: room.app.server_problem is None, "the server on the next port")
            assert room.server.port == port + 1
            await room.until_shown(f"http://127.0.0.1:{port + 1}/j/{room.server.code}")
            phone = await room.phone(name="Sent")
            assert phone.participant_id
    finally:
        taken.close()


async def test_d_switches_between_the_light_and_the_dark_theme(tmp_path):
    async with running_console(tmp_path) as room:
        assert room.app.theme == "stjernestund-light"
        await room.press("d")
        assert room.app.theme == "stjernestund-dark"
        await room.press("d")
        assert room.app.theme == "stjernestund-light"


async def test_the_theme_chosen_on_one_screen_is_the_one_drawn_on_every_screen(tmp_path):
    """Screens coming back skip Textual's restyle when nothing changed
    (`ConsoleScreen.on_screen_resume`); a new theme must still reach them."""

    def mostly_dark() -> bool:
        image = screen_image(room.app, scale=1)
        _, (red, green, blue) = max(image.getcolors(image.width * image.height))  # the colour of most cells
        return red + green + blue < 150

    async with running_console(tmp_path) as room:
        for key in ("2", "3", "4", "5", "6", "1"):  # every screen seen once, in light
            await room.press(key)
            assert not mostly_dark()
        await room.press("d")
        for key in ("2", "3", "4", "5", "6", "1"):
            await room.press(key)
            await room.until(mostly_dark, f"screen {key} drawn in the dark theme")
        await room.press("d", "3")
        await room.until(lambda: not mostly_dark(), "the moderation screen back in light")


async def test_the_help_screen_lists_every_screens_keys(tmp_path):
    async with running_console(tmp_path, size=(120, 80)) as room:
        await room.press("question_mark")
        await room.until(lambda: isinstance(room.app.screen, HelpScreen), "the help screen")
        text = room.text()
        for words in ("Næste fase", "Slå sammen", "Ny linje", "Flyt til gruppe", "Eksportér", "Lys/mørk", "Afslut"):
            assert words in text
        await room.press("escape")
        assert not isinstance(room.app.screen, HelpScreen)


async def test_every_key_of_the_exercise_screen_is_in_its_footer(tmp_path):
    async with running_console(tmp_path, size=(100, 40)) as room:
        await room.press("2")
        shown = {key for key, _, _ in room.app.screen.query_one(KeyFooter).keys_shown}
        assert {"s", "n", "b", "r", "t", "+", "x", "PgDn", "PgUp", "?", "d", "q"} <= shown
        footer = room.text().splitlines()[-2:]  # two lines at 100 columns: nothing scrolled away
        assert "PgUp Forrige øvelse" in " ".join(footer) and "q Afslut" in footer[-1]


async def test_english_when_the_console_is_asked_for_english(tmp_path):
    async with running_console(tmp_path, language="en") as room:
        await room.until_shown("Scan the code with your phone", "Meeting code", "1 Lobby", "2 Exercise")
        await room.press("2")
        await room.until_shown("Not started", "n Next phase", "r Reveal/hide")
        await room.press("x")
        await room.until(lambda: "No countdown is running." in toasts(room.app), "the core's message in English")


async def test_a_phones_note_the_journal_cannot_store_is_reported_on_the_console(tmp_path):
    async with running_console(tmp_path) as room:
        room.session.execute(cmd.StartExercise(STAR))
        phone = await room.phone()
        room.session.journal.close()
        await phone.send("note", note_id="n-1", exercise_id=STAR, lane_id="behov", text="Går tabt")
        assert (await phone.expect("error"))["code"] == "not_stored"
        await room.until(lambda: any("En telefons ændring kunne ikke gemmes" in t for t in toasts(room.app)), "the problem")
        assert "n-1" not in room.session.state.notes and room.app.is_running
