"""Things every screen shares, the mouse, and the export's choices."""

from __future__ import annotations

from textual.widgets import ProgressBar

from facilitator.console.screens.dialogs import TextPrompt
from facilitator.console.screens.moderation import ModerationScreen
from facilitator.console.widgets.bars import NavBar
from facilitator.console.widgets.keys import KeyFooter
from facilitator.core import commands as cmd
from tests.support.console_phones import STAR, running_console, toasts, until


async def test_the_join_url_and_code_stay_on_every_screen(tmp_path):
    async with running_console(tmp_path) as room:
        code = room.server.code
        for key in ("1", "2", "3", "4", "5", "6"):
            await room.press(key)
            footer = room.app.screen.query_one(KeyFooter)
            bar = room.text().splitlines()[footer.region.y - 1]  # just above the keys, however many lines they take
            assert f"Deltag: http://127.0.0.1:{room.server.port}/j/{code}" in bar, key
            assert f"Kode: {code[:4]}-{code[4:]}" in bar, key


async def test_the_mouse_switches_screens_and_presses_footer_keys(tmp_path):
    async with running_console(tmp_path) as room:
        nav = room.text().splitlines()[0]
        await room.pilot.click(NavBar, offset=(nav.index("3 Moderation") + 2, 0))
        await room.until(lambda: isinstance(room.app.screen, ModerationScreen), "the moderation screen")
        await room.press("2")
        footer = room.app.screen.query_one(KeyFooter)
        first_line = room.text().splitlines()[footer.region.y]
        await room.pilot.click(KeyFooter, offset=(first_line.index("s Start") + 3 - footer.region.x, 0))
        await room.until(lambda: room.session.state.exercises[STAR].phase == "writing", "started by a click")


async def test_export_in_english_into_another_folder(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("6", "o")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the folder dialog")
        await room.press("ctrl+a", "ctrl+k")
        await room.type(str(tmp_path / "bilag"))
        await room.press("enter")
        await room.until_shown(f"Mappe: {tmp_path / 'bilag'}")
        await room.pilot.click("#lang-en")
        await room.press("x")
        await room.until(lambda: any("filer skrevet" in t for t in toasts(room.app)), "the files written")
        markdown = next((tmp_path / "bilag").glob("*.md")).read_text()
        assert "Appendix: Summary of the group discussions" in markdown  # English, though the plan is Danish


async def test_start_opens_writing_as_soon_as_the_console_is_up(tmp_path):
    written = []
    async with running_console(tmp_path, start=True, after_start=lambda: written.append(True)) as room:
        await room.until(lambda: room.session.state.exercises[STAR].phase == "writing", "writing")
        assert written == [True]  # --qr-out's hook ran once the server listened


async def test_the_export_shows_its_progress_until_the_files_are_written(tmp_path):
    async with running_console(tmp_path) as room:
        session = room.session
        for i in range(30):
            session.execute(cmd.Join(f"p{i}", "hash", name=f"P{i}", unit="AKM"))
        session.execute(cmd.StartExercise(STAR))
        lanes = ["behov", "bidrag", "rammer", "form", "indhold"]
        for i in range(500):  # enough for the appendix to take a moment
            session.execute(cmd.AddNote(f"p{i % 30}", f"n{i}", STAR, lanes[i % 5], f"Note {i} om emne {i * 7 % 113}"))
        await room.press("6")
        bar = room.app.screen.query_one(ProgressBar)
        assert not bar.display
        room.app.simulate_key("x")  # not pilot.press: it waits for an idle process, i.e. for the export
        await room.until(lambda: bar.display and "Skriver bilaget" in room.text(), "the progress bar")
        # four formats of 500 notes, the PDF laid out by WeasyPrint: seconds on a busy machine
        await until(room.pilot, lambda: any("filer skrevet" in t for t in toasts(room.app)), "the files written", timeout=120)
        await room.until(lambda: not bar.display, "the progress bar gone")
        assert "4 filer skrevet" in room.text()
