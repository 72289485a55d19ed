"""The join URL as a QR code that a phone can scan off the screen or the wall.

Drawn from qrcode's module matrix with half-block characters: one column
and half a line per module, which makes the modules square in a terminal
cell (about twice as high as wide). It is always black on white with a
four-module quiet zone, whatever the theme: scanners expect dark modules on
a light ground, and the quiet zone is what lets them find the code. When
the room is large and the screen has space, each module gets 2×2 or 3×3
half-cells, so the code is bigger on the projector.
"""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

QUIET_ZONE = 4
MAX_SCALE = 3
INK = Style(color="#000000", bgcolor="#ffffff")
_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_matrix(data: str) -> list[list[bool]]:
    """The code's modules (True: dark), quiet zone included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_lines(matrix: list[list[bool]], scale: int = 1) -> list[str]:
    """Half-block lines: each module `scale` columns wide and `scale` half-lines high."""
    rows = [[dark for dark in row for _ in range(scale)] for row in matrix for _ in range(scale)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # a light half-line: part of the quiet zone
    return [
        "".join(_HALF[(top, bottom)] for top, bottom in zip(rows[y], rows[y + 1], strict=True))
        for y in range(0, len(rows), 2)
    ]


def fitting_scale(modules: int, space: Size) -> int:
    """The largest scale (1 to MAX_SCALE) at which the code fits in `space`."""
    scale = min(space.width // modules, (space.height * 2) // modules, MAX_SCALE)
    return max(1, scale)


class QrCode(Widget):
    DEFAULT_CSS = "QrCode { width: auto; height: auto; }"

    def __init__(self, data: str, *, id: str | None = None, classes: str | None = None, share: int = 1) -> None:
        super().__init__(id=id, classes=classes)
        self.share = share  # how many codes share the pane's height (the Wi-Fi code and the join code: 2)
        self.data = data
        self.matrix = qr_matrix(data)
        self.scale = 1
        self._lines = qr_lines(self.matrix, 1)

    def set_data(self, data: str) -> None:
        """Show another URL (the server's port is known only once it listens)."""
        self.data = data
        self.matrix = qr_matrix(data)
        self._lines = qr_lines(self.matrix, self.scale)
        self.refresh(layout=True)

    def _fit(self) -> None:
        # At most a little under half the terminal's width, the rest of its
        # height (the bars and the footer take five lines): the code grows on a
        # large screen and leaves room for the URL, the code and the people.
        screen = self.app.size
        space = Size(screen.width * 45 // 100, (screen.height - 5 - 2 * (self.share - 1)) // self.share)
        scale = fitting_scale(len(self.matrix), space)
        if scale != self.scale:
            self.scale = scale
            self._lines = qr_lines(self.matrix, scale)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        self._fit()
        return len(self._lines[0])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._fit()
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        if not 0 <= y < len(self._lines):
            return Strip.blank(self.size.width)
        line = self._lines[y]
        return Strip([Segment(line, INK)], len(line)).crop_extend(0, self.size.width, None)
