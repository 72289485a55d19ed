"""The console at 80×24 and 100×30 with the bundled plan (six long module
titles with owners, five groups, notes, a proposal): every screen and
dialog as a snapshot, and what the facilitator must be able to read there
checked in the rendered text, since a snapshot only proves "unchanged".

Update the pictures after a deliberate change with
`pytest tests/console/test_console_small_terminals.py --snapshot-update`
and look at them before committing."""

from __future__ import annotations

import asyncio
import os
import re

import pytest
import zxingcpp
from screen_image import screen_image
from textual.widgets import SelectionList

from facilitator.console.screens.export import NOTICE_SECONDS
from facilitator.console.widgets.bigtext import block_lines
from facilitator.texts import t
from tests.support.console_meeting import MODULES, STAR, WALL_URL, bundled_meeting
from tests.support.console_phones import running_console, screen_text, toasts
from tests.support.phonepage import launch_chromium
from tests.support.wallpage import SCREENSHOTS

SIZES = [(80, 24), (100, 30)]
SCREENS = [
    ("lobby", STAR, []),
    ("exercise", STAR, ["2"]),
    ("exercise-modules", MODULES, ["2"]),
    ("moderation", STAR, ["3"]),
    ("moderation-modules", MODULES, ["3"]),
    ("plenum", STAR, ["4"]),
    ("participants", STAR, ["5"]),
    ("export", STAR, ["6"]),
    ("help", STAR, ["question_mark"]),
    ("timer-dialog", STAR, ["2", "t"]),
    ("quit-dialog", STAR, ["q"]),
    ("wall-dialog", STAR, ["w"]),
    ("lobby-projector-safe", STAR, ["v"]),
    ("vote-results", MODULES, ["2", "c"]),
    ("edit-note-dialog", STAR, ["3", "e"]),
    ("paper-notes-dialog", MODULES, ["3", "a"]),
    ("lane-filter-dialog", MODULES, ["3", "l"]),
    ("delete-line-dialog", STAR, ["4", "delete"]),
    ("follow-up-dialog", STAR, ["4", "o"]),
    ("command-line", STAR, ["colon"]),
]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize(("screen", "exercise", "keys"), SCREENS, ids=[name for name, _, _ in SCREENS])
def test_screen_snapshot_at_a_small_size(snap_compare, tmp_path, screen, exercise, keys, size):
    assert snap_compare(bundled_meeting(tmp_path, exercise=exercise), press=keys, terminal_size=size)


async def shown(tmp_path, size, keys, exercise=STAR) -> str:
    """The screen's text after pressing `keys`, at `size`."""
    app = bundled_meeting(tmp_path, exercise=exercise)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        return screen_text(app)


def board_line(text: str, first_word: str) -> str:
    """The board's line that starts with `first_word`, without the note feed beside it."""
    return next(line for line in text.splitlines() if line.strip().startswith(first_word)).split("│")[0].rstrip()


def flat(text: str) -> str:
    """The text with dialog borders and line breaks gone: one line of words."""
    return " ".join(re.sub(r"[█▀▄▌▐▊▎▔▁]", " ", text).split())


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_board_shows_every_group_the_totals_and_the_module_titles(tmp_path, size):
    text = await shown(tmp_path, size, ["2"], exercise=MODULES)
    header = board_line(text, "Punkt")
    for group in range(1, 6):
        assert re.search(rf"\bG(ruppe )?{group}\b", header), (group, header)
    assert header.endswith("I alt")
    totals = board_line(text, "I alt")
    assert totals.split()[-6:] == ["2", "2", "1", "2", "1", "8"]  # five groups and the sum
    assert "AMO i forandring: Roller og ansvar" in text  # not "AMO i fora…"
    assert "Ergonomi ved skærmarbejde" in text  # the participants' proposal
    assert "Neurodiversitet (viden og værktøjer)" in text


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_star_board_shows_every_group_and_the_totals(tmp_path, size):
    text = await shown(tmp_path, size, ["2"])
    totals = board_line(text, "I alt")
    assert totals.split()[-6:] == ["3", "2", "3", "3", "3", "14"]
    for lane in ("Behov", "Bidrag", "Rammer", "Form", "Indhold"):
        assert re.search(rf"^ {lane} ", text, re.MULTILINE), lane


async def test_the_lobby_shows_the_whole_code_at_80x24_in_two_rows_and_in_one_at_100x30(tmp_path):
    small = await shown(tmp_path / "small", (80, 24), [])
    for half in ("K7M2", "QX9D"):
        for line in block_lines(half):
            assert line in small, half
    assert "http://192.168.1.20:8765/j/K7M2QX9D" in small
    assert "1. Netværksstjernen" in small and "2. Kompetenceudviklingsforløbet" in small  # the programme
    large = await shown(tmp_path / "large", (100, 30), [])
    for line in block_lines("K7M2-QX9D"):
        assert line in large


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_wall_dialog_shows_the_whole_qr_code_and_the_url(tmp_path, size):
    app = bundled_meeting(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert app.screen.query_one("#wall-qr").display
        assert [result.text for result in zxingcpp.read_barcodes(screen_image(app))] == [WALL_URL]
        url = app.screen.query_one("#wall-url").region  # the URL beside the code, wrapped at 80 columns
        lines = screen_text(app).splitlines()[url.y : url.bottom]
        assert "".join(line[url.x : url.right].strip() for line in lines) == WALL_URL


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_quit_dialog_shows_its_whole_text(tmp_path, size):
    text = flat(await shown(tmp_path, size, ["q"]))
    assert flat(t("da", "console.quit.body", count=15)) in text


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_participants_list_shows_every_column(tmp_path, size):
    text = await shown(tmp_path, size, ["5"])
    assert "○ ikke forbundet" in text and "● forbundet" in text
    assert "Katrine Østergaard" in text or "Mette Kjær" in text
    assert "Koncern HR" in text


DOCS_SCREENSHOTS = [("console-80x24-exercise", MODULES, ["2"]), ("console-80x24-lobby", STAR, [])]


@pytest.mark.parametrize(("name", "exercise", "keys"), DOCS_SCREENSHOTS, ids=[name for name, _, _ in DOCS_SCREENSHOTS])
def test_the_docs_screenshot_at_80x24(tmp_path, name, exercise, keys):
    """docs/screenshots/console-80x24-*.png: the console's own SVG picture of
    the bundled plan at 80×24, drawn to PNG by Chromium. Written with
    STJERNESTUND_SCREENSHOTS=1 (as the wall's and the phone's are)."""

    async def picture() -> str:
        app = bundled_meeting(tmp_path, exercise=exercise)
        async with app.run_test(size=(80, 24)) as pilot:
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            return app.export_screenshot(title="Stjernestund 80×24")

    svg = asyncio.run(picture())
    assert "K7M2-QX9D" in svg  # the join bar: the picture is of the meeting
    if os.environ.get("STJERNESTUND_SCREENSHOTS") != "1":
        return
    source = tmp_path / f"{name}.svg"
    source.write_text(svg, encoding="utf-8")
    for browser in launch_chromium():
        page = browser.new_page(device_scale_factor=1)
        page.goto(source.as_uri())
        page.locator("svg").first.screenshot(path=SCREENSHOTS / f"{name}.png")


async def test_the_export_notice_at_80x24_is_one_short_line_and_the_files_are_listed_on_the_screen(tmp_path):
    async with running_console(tmp_path, size=(80, 24)) as room:
        await room.press("6")
        formats = room.app.screen.query_one("#formats", SelectionList)
        formats.deselect_all()
        formats.select("md")  # the facilitator ticks one format: quick to write
        await room.press("x")
        await room.until(lambda: any("filer skrevet" in toast for toast in toasts(room.app)), "the notice")
        assert toasts(room.app) == [f"1 filer skrevet: {tmp_path / 'out'}"]  # not every file's path over the join bar
        assert [n.timeout for n in room.app._notifications] == [NOTICE_SECONDS]  # gone after 6 s, not 20
        written = next((tmp_path / "out").glob("*.md"))
        assert str(written) in room.app.screen.query_one("#export-result").text  # the files are on the screen instead


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_moderation_screen_shows_the_selected_notes_whole_lane_title(tmp_path, size):
    text = await shown(tmp_path, size, ["3"], exercise=MODULES)
    assert "Hvem gør hvad når HSU og KAMU er uenige" in text  # the first note, selected
    assert "AMO i forandring: Roller og ansvar (HSU, KAMU, psykisk APV, TR)" in flat(text)  # the list holds 16 characters of it
