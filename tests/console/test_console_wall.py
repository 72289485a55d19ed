"""The console shows the projector wall's URL and gives it as a QR code: on
screen (it scans) and written to a PNG or SVG file for a second laptop."""

from __future__ import annotations

import zxingcpp
from PIL import Image
from screen_image import screen_image

from facilitator.console.screens.dialogs import TextPrompt
from facilitator.console.screens.wall import WallDialog
from tests.support.console_phones import running_console, toasts


def decoded(image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


async def test_the_lobby_names_the_key_not_the_wall_url_and_w_shows_it_as_a_qr_code_that_scans(tmp_path):
    async with running_console(tmp_path, size=(120, 45)) as room:
        wall_url = room.server.wall_url
        assert wall_url.startswith(f"http://127.0.0.1:{room.server.port}/w/")
        await room.until_shown("w: projektorvæggens adresse")
        assert "/w/" not in room.text()  # a projected lobby must not give the room the wall's secret
        await room.press("w")
        await room.until(lambda: isinstance(room.app.screen, WallDialog), "the wall dialog")
        await room.until_shown("Projektorvæggen", wall_url)
        assert wall_url in decoded(screen_image(room.app))
        await room.press("escape")
        await room.until(lambda: not isinstance(room.app.screen, WallDialog), "back in the lobby")


async def test_the_wall_qr_code_is_written_as_png_or_svg_and_another_name_is_refused(tmp_path):
    async with running_console(tmp_path, language="en") as room:
        wall_url = room.server.wall_url
        await room.press("w")
        await room.until(lambda: isinstance(room.app.screen, WallDialog), "the wall dialog")
        await room.press("s")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the file dialog")
        assert room.app.screen.query_one("Input").value == str(tmp_path / "out" / "wall-qr.png")
        await room.press("enter")
        png = tmp_path / "out" / "wall-qr.png"
        await room.until(lambda: png.exists(), "the PNG file")
        assert decoded(Image.open(png)) == [wall_url]
        await room.until(lambda: any(str(png) in toast for toast in toasts(room.app)), "a word that it was written")

        await room.press("s")
        await room.until(lambda: isinstance(room.app.screen, TextPrompt), "the file dialog")
        await room.press("ctrl+a", "ctrl+k")
        await room.type(str(tmp_path / "wall.jpg"))
        await room.press("enter")
        await room.until_shown("The file name must end in .png or .svg.")  # the dialog says why and stays
        assert isinstance(room.app.screen, TextPrompt) and not (tmp_path / "wall.jpg").exists()
        await room.press("ctrl+a", "ctrl+k")
        await room.type(str(tmp_path / "wall.svg"))
        await room.press("enter")
        svg = tmp_path / "wall.svg"
        await room.until(lambda: svg.exists(), "the SVG file")
        assert "<svg" in svg.read_text()


async def test_at_80x24_the_wall_qr_code_is_whole_beside_its_text_and_scans(tmp_path):
    async with running_console(tmp_path, size=(80, 24)) as room:
        wall_url = room.server.wall_url
        await room.press("w")
        await room.until(lambda: isinstance(room.app.screen, WallDialog), "the wall dialog")
        await room.until_shown("Projektorvæggen")
        assert room.app.screen.query_one("#wall-qr").display
        assert wall_url in decoded(screen_image(room.app))


async def test_a_terminal_too_small_for_the_wall_qr_code_shows_the_url_and_says_how_large_it_must_be(tmp_path):
    async with running_console(tmp_path, size=(70, 20)) as room:
        wall_url = room.server.wall_url
        await room.press("w")
        await room.until(lambda: isinstance(room.app.screen, WallDialog), "the wall dialog")
        await room.until_shown("Terminalen er for lille til QR-koden")
        assert not room.app.screen.query_one("#wall-qr").display  # no half code that scans wrong, or not at all
        assert not decoded(screen_image(room.app))
        assert wall_url in room.text()
