"""Asked before quitting while phones are connected, and before deleting a summary line."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from facilitator.console.screens.base import ConsoleModal
from facilitator.console.widgets.keys import KeyFooter


class ConfirmQuit(ConsoleModal[bool]):
    """`y` quits, `n` or Escape stays. Quitting loses nothing: the journal is on
    disk, and the phones reconnect when the meeting is started again with it."""

    BINDINGS = [
        Binding("y,j", "answer(True)", "key.quit_yes"),
        Binding("n,escape", "answer(False)", "key.quit_no"),
    ]

    def __init__(self, connected: int) -> None:
        super().__init__()
        self._connected = connected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-quit"):
            yield Label(self.tr("quit.title"), classes="dialog-title", markup=False)
            yield Label(self.tr("quit.body", count=self._connected), markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.tr("quit.yes"), id="yes", variant="error")
                yield Button(self.tr("quit.no"), id="no", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ConfirmDelete(ConsoleModal[bool]):
    """Asked before something the facilitator wrote is deleted (a plenary
    summary line): `y` deletes, `n` or Escape keeps it. The text is shown whole,
    so it is clear which one goes."""

    BINDINGS = [
        Binding("y,j", "answer(True)", "key.delete_yes"),
        Binding("n,escape", "answer(False)", "key.delete_no"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-delete"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield Label(self._text, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.tr("delete.yes"), id="yes", variant="error")
                yield Button(self.tr("delete.no"), id="no", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
