"""The lobby's reachability line and Wi-Fi QR code: a real Chromium phone opens
the check page the lobby names, and the line turns green with the round trip;
the Wi-Fi code drawn in the terminal decodes to the exact network payload."""

from __future__ import annotations

import os
import re

import pytest
import zxingcpp
from PIL import Image

from facilitator.console.widgets.line import Line
from facilitator.console.widgets.qr import QrCode
from facilitator.resources import client_dir
from facilitator.wifi import WifiNetwork
from tests.support.console_phones import running_console, until


@pytest.mark.browser
async def test_the_check_page_opened_in_chromium_turns_the_lobby_reach_line_green(tmp_path) -> None:
    from playwright.async_api import async_playwright, expect

    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("no chromium")
    async with running_console(tmp_path, client_dir=client_dir()) as room:
        line = room.app.screen.query_one("#reach", Line)
        assert room.app.check_url == f"http://127.0.0.1:{room.server.port}/check"
        assert line.text == f"Tjek forbindelsen: åbn {room.app.check_url} på din egen telefon"
        assert not line.has_class("reached")
        before = line.rich_style.color
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = await browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True,
                                                user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")
            page = await context.new_page()
            await page.goto(room.app.check_url)
            await expect(page.locator("#check-result")).to_have_text(re.compile(r"^Din telefon nåede frem ✓ \(\d+ ms\)$"), timeout=15000)
            await browser.close()
        await until(room.pilot, lambda: line.has_class("reached"), "the reach line turns green")
        assert re.fullmatch(r"Din telefon nåede frem ✓ \(\d+ ms\) · iPhone, 127\.0\.0\.1", line.text)
        await room.pilot.pause()
        success = room.app.current_theme.success
        assert line.rich_style.color != before
        assert line.rich_style.color.triplet.hex.lower() == success.lower()


def qr_image(widget: QrCode) -> Image.Image:
    """The widget's modules as a picture, 8 pixels a module, as a camera would see them."""
    matrix = widget.matrix
    size = len(matrix) * 8
    image = Image.new("L", (size, size), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * 8, y * 8, x * 8 + 8, y * 8 + 8))
    return image


async def test_the_lobby_shows_the_wifi_qr_beside_the_join_qr_and_it_decodes_exactly(tmp_path) -> None:
    network = WifiNetwork(ssid='Lokale;3 "Nord"', password="kaffe:kage")
    async with running_console(tmp_path, wifi=network, size=(160, 50)) as room:
        await room.pilot.pause()
        screen = room.app.screen
        wifi = screen.query_one("#wifi-qr", QrCode)
        join = screen.query_one("#qr", QrCode)
        assert [r.text for r in zxingcpp.read_barcodes(qr_image(wifi))] == ['WIFI:T:WPA;S:Lokale\\;3 \\"Nord\\";P:kaffe\\:kage;;']
        assert [r.text for r in zxingcpp.read_barcodes(qr_image(join))] == [room.server.join_url]
        assert 'Wi-Fi: Lokale;3 "Nord"' in room.text() and "Scan først denne kode" in room.text()
        assert wifi.display and 0 < wifi.region.bottom <= join.region.y  # the network's code first, above the meeting's
        assert join.region.bottom <= 50 - 2  # both whole on the screen, above the bars


async def test_a_terminal_too_low_for_two_codes_names_the_network_and_password_instead(tmp_path) -> None:
    network = WifiNetwork(ssid="Stjernestund-hotspot", password="kaffe-og-kage")
    async with running_console(tmp_path, wifi=network, size=(120, 40)) as room:
        await room.pilot.pause()
        assert not room.app.screen.query_one("#wifi-qr", QrCode).display
        text = room.text()
        assert "Wi-Fi: Stjernestund-hotspot · adgangskode:" in text and "kaffe-og-kage" in text
