"""The projector wall's address, for the facilitator only: its URL, its QR
code, and the code written to a PNG or SVG file for a second laptop.

The wall's URL holds a secret (docs/wall.md): it is shown here only, when
the facilitator asks (`w`), and never sent to a phone. In projector-safe
mode the dialog asks once more (`v`) before drawing it, as the screen may be
what the room sees.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from facilitator.console.screens.base import ConsoleModal
from facilitator.console.screens.dialogs import TextPrompt
from facilitator.console.widgets.keys import KeyFooter
from facilitator.console.widgets.line import Line
from facilitator.console.widgets.qr import QrCode
from facilitator.server.transport.qr import QrFormatError, write_qr

QR_SUFFIXES = (".png", ".svg")
TEXT_ROOM = 24  # columns the dialog's text needs beside the code
DIALOG_FRAME = (4, 2)  # columns and lines the dialog's border and padding take on a short terminal


class WallDialog(ConsoleModal):
    BINDINGS = [
        Binding("s", "save", "key.save_wall_qr"),
        Binding("v", "show_url", "key.show_wall_url"),
        Binding("escape,w,q", "close", "key.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown = not self.console.projector_safe  # projector-safe: the secret waits for `v`

    def compose(self) -> ComposeResult:
        url = self.console.wall_url
        with Horizontal(classes="dialog", id="wall-dialog"):  # the code beside the text: 80×24 holds both
            yield QrCode(url, id="wall-qr")
            with Vertical(id="wall-text"):
                yield Label(self.tr("wall.title"), classes="dialog-title", markup=False)
                yield Line(self.tr("wall.intro"))
                yield Line(self.tr("safe.wall_hidden"), id="wall-hidden")
                yield Line(url, id="wall-url")
                yield Line(id="wall-too-small", classes="problem")
                yield Line(id="wall-written")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        """The URL and its QR code once shown (projector-safe mode waits for
        `v`); the code only where it is whole (a cut code does not scan, or
        scans wrong): else the size the terminal needs, or `s` for a file."""
        qr = self.query_one("#wall-qr", QrCode)
        lines = (len(qr.matrix) + 1) // 2  # at one module a character, the smallest that scans
        width, height = len(qr.matrix) + TEXT_ROOM + DIALOG_FRAME[0], lines + DIALOG_FRAME[1] + 1  # + the footer
        fits = self.app.size.width >= width and self.app.size.height >= height
        self.query_one("#wall-hidden").display = not self.shown
        self.query_one("#wall-url").display = self.shown
        qr.display = self.shown and fits
        problem = self.query_one("#wall-too-small", Line)
        problem.display = self.shown and not fits
        problem.show("" if fits else self.tr("wall.too_small", width=width, height=height))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_url":
            return not self.shown
        return True

    def action_show_url(self) -> None:
        self.shown = True
        self._show()

    def default_file(self) -> str:
        name = "vaeg-qr.png" if self.console.language == "da" else "wall-qr.png"
        return str(self.console.export_dir / name)

    def _check(self, typed: str) -> str | None:
        return None if Path(typed.strip()).suffix.lower() in QR_SUFFIXES else self.tr("wall.bad_file")

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        typed = await self.app.push_screen_wait(TextPrompt(self.tr("wall.file_title"), self.default_file(), check=self._check))
        if not isinstance(typed, str):
            return
        try:
            written = write_qr(self.console.wall_url, Path(typed.strip()).expanduser())
        except (OSError, QrFormatError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.notify(self.tr("wall.failed", error=reason), severity="error", markup=False)
            return
        self.query_one("#wall-written", Line).show(self.tr("wall.written", path=str(written)))
        self.notify(self.tr("wall.written", path=str(written)), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
