"""The console's screen as a picture: every cell drawn with the colours it
has on screen, half-block characters as two pixels (top and bottom). What a
phone's camera sees when it looks at the terminal, minus the blur."""

from __future__ import annotations

from PIL import Image
from rich.color import Color

from facilitator.console import ConsoleApp

_TOP = {"█": (True, True), "▀": (True, False), "▄": (False, True)}


def _rgb(color: Color | None, fallback: tuple[int, int, int]) -> tuple[int, int, int]:
    if color is None:
        return fallback
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def screen_image(app: ConsoleApp, scale: int = 6) -> Image.Image:
    strips = app.screen._compositor.render_strips()
    width = max(strip.cell_length for strip in strips)
    image = Image.new("RGB", (width, len(strips) * 2), (128, 128, 128))
    pixels = image.load()
    for y, strip in enumerate(strips):
        x = 0
        for segment in strip:
            style = segment.style
            fg = _rgb(style.color if style else None, (255, 255, 255))
            bg = _rgb(style.bgcolor if style else None, (0, 0, 0))
            if style is not None and style.reverse:
                fg, bg = bg, fg
            for char in segment.text:
                top, bottom = _TOP.get(char, (False, False))
                pixels[x, 2 * y] = fg if top else bg
                pixels[x, 2 * y + 1] = fg if bottom else bg
                x += 1
    return image.resize((image.width * scale, image.height * scale), Image.NEAREST)
