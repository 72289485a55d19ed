"""Big block letters for the session code, readable from the back of a room.

A terminal has one font size, so the code is drawn with a 5×7 pixel font in
half-block characters (one column and half a line per pixel: square pixels,
each letter four lines high). The font holds the digits, the letters and a
dash; session codes use digits and Crockford letters only.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

_GLYPHS = {
    "0": ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
    "1": "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
    "2": ".###.|#...#|....#|...#.|..#..|.#...|#####",
    "3": "#####|...#.|..#..|...#.|....#|#...#|.###.",
    "4": "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
    "5": "#####|#....|####.|....#|....#|#...#|.###.",
    "6": "..##.|.#...|#....|####.|#...#|#...#|.###.",
    "7": "#####|....#|...#.|..#..|.#...|.#...|.#...",
    "8": ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
    "9": ".###.|#...#|#...#|.####|....#|...#.|.##..",
    "A": ".###.|#...#|#...#|#####|#...#|#...#|#...#",
    "B": "####.|#...#|#...#|####.|#...#|#...#|####.",
    "C": ".###.|#...#|#....|#....|#....|#...#|.###.",
    "D": "###..|#..#.|#...#|#...#|#...#|#..#.|###..",
    "E": "#####|#....|#....|####.|#....|#....|#####",
    "F": "#####|#....|#....|####.|#....|#....|#....",
    "G": ".###.|#...#|#....|#.###|#...#|#...#|.####",
    "H": "#...#|#...#|#...#|#####|#...#|#...#|#...#",
    "I": ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
    "J": "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
    "K": "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
    "L": "#....|#....|#....|#....|#....|#....|#####",
    "M": "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
    "N": "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
    "O": ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
    "P": "####.|#...#|#...#|####.|#....|#....|#....",
    "Q": ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
    "R": "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
    "S": ".####|#....|#....|.###.|....#|....#|####.",
    "T": "#####|..#..|..#..|..#..|..#..|..#..|..#..",
    "U": "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
    "V": "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
    "W": "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
    "X": "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
    "Y": "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
    "Z": "#####|....#|...#.|..#..|.#...|#....|#####",
    "-": ".....|.....|.....|.###.|.....|.....|.....",
    " ": ".....|.....|.....|.....|.....|.....|.....",
}
GLYPH_ROWS = 7
_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def pixels(text: str) -> list[list[bool]]:
    """The text as rows of pixels, one empty column between letters."""
    rows: list[list[bool]] = [[] for _ in range(GLYPH_ROWS + 1)]  # +1: an even number of rows
    for index, char in enumerate(text.upper()):
        glyph = _GLYPHS.get(char, _GLYPHS[" "]).split("|")
        for y in range(GLYPH_ROWS):
            if index:
                rows[y].append(False)
            rows[y].extend(ch == "#" for ch in glyph[y])
        if index:
            rows[GLYPH_ROWS].append(False)
        rows[GLYPH_ROWS].extend([False] * 5)
    return rows


def block_lines(text: str) -> list[str]:
    """The text in half-block characters, four lines high."""
    rows = pixels(text)
    return [
        "".join(_HALF[(top, bottom)] for top, bottom in zip(rows[y], rows[y + 1], strict=True))
        for y in range(0, len(rows), 2)
    ]


class BigText(Widget):
    """Text in block letters (for the session code). Where one row does not
    fit (an 80-column terminal has some 37 columns beside the QR code), the
    halves either side of the dash are drawn one above the other: `K7M2` over
    `QX9D`, eight lines high instead of four, rather than a code cut off."""

    DEFAULT_CSS = "BigText { width: auto; height: auto; }"

    def __init__(self, text: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self._wide = block_lines(text)
        halves = [part for part in text.split("-") if part] if "-" in text else [text]
        self._stacked = [line for part in halves for line in block_lines(part)]
        width = max((len(line) for line in self._stacked), default=0)
        self._stacked = [line.ljust(width) for line in self._stacked]
        self._lines = self._wide

    @property
    def stacked(self) -> bool:
        """True when the halves are drawn one above the other."""
        return self._lines is self._stacked

    def _choose(self, width: int) -> None:
        wide_width = len(self._wide[0]) if self._wide else 0
        self._lines = self._wide if wide_width <= width else self._stacked  # `width`: inside the border

    def get_content_width(self, container: Size, viewport: Size) -> int:
        self._choose(container.width)
        return len(self._lines[0]) if self._lines else 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def render(self) -> Text:
        return Text("\n".join(self._lines), style=Style(bold=True), no_wrap=True)
