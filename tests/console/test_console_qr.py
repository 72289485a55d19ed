"""The QR code on the lobby scans: read off the rendered screen, in both
themes and at two sizes, it decodes to the join URL."""

from __future__ import annotations

import pytest
import zxingcpp
from screen_image import screen_image

from facilitator.console.widgets.qr import QrCode
from tests.support.console_phones import running_console


def decoded(image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize(
    ("size", "dark", "scale"),
    [((120, 40), False, 1), ((120, 40), True, 1), ((220, 80), False, 2)],
    ids=["light", "dark", "large"],
)
async def test_the_qr_code_read_off_the_lobby_decodes_to_the_join_url(tmp_path, size, dark, scale):
    async with running_console(tmp_path, size=size) as room:
        if dark:
            await room.press("d")
        await room.pilot.pause()
        assert room.app.screen.query_one(QrCode).scale == scale
        url = room.server.join_url
        assert url.startswith("http://127.0.0.1:") and url.endswith(f"/j/{room.server.code}")
        assert decoded(screen_image(room.app)) == [url]


async def test_the_code_is_black_on_white_with_a_quiet_zone_of_four_modules(tmp_path):
    async with running_console(tmp_path) as room:
        await room.press("d")  # even in the dark theme
        qr = room.app.screen.query_one(QrCode)
        region = qr.region
        image = screen_image(room.app, scale=1)
        box = (region.x, region.y * 2, region.x + region.width, region.y * 2 + region.height * 2)
        code = image.crop(box)
        assert {color for _, color in code.getcolors()} == {(0, 0, 0), (255, 255, 255)}
        # the outer four modules (columns, and half-lines) are white all round
        for x in range(code.width):
            for y in list(range(4)) + list(range(code.height - 4, code.height)):
                assert code.getpixel((x, y)) == (255, 255, 255)
        for y in range(code.height):
            for x in list(range(4)) + list(range(code.width - 4, code.width)):
                assert code.getpixel((x, y)) == (255, 255, 255)
