"""Asked before quitting while phones are connected, and before deleting a summary line."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from facilitator.console.screens.base import ConsoleModal
from facilitator.console.widgets.keys import KeyFooter


class _YesOrNo(ConsoleModal[bool]):
    """A question with its text shown whole: `y` says yes, `n` or Escape no,
    and "no" has the focus, so a stray Enter changes nothing."""

    DIALOG_ID = ""

    def texts(self) -> tuple[str, str, str, str]:
        """Title, question, yes and no: in the app's language, so asked once mounted."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        title, text, yes, no = self.texts()
        with Vertical(classes="dialog", id=self.DIALOG_ID):
            yield Label(title, classes="dialog-title", markup=False)
            yield Label(text, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(yes, id="yes", variant="error")
                yield Button(no, id="no", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ConfirmQuit(_YesOrNo):
    """`y` quits, `n` or Escape stays. Quitting loses nothing: the journal is on
    disk, and the phones reconnect when the meeting is started again with it."""

    DIALOG_ID = "confirm-quit"
    BINDINGS = [
        Binding("y,j", "answer(True)", "key.quit_yes"),
        Binding("n,escape", "answer(False)", "key.quit_no"),
    ]

    def __init__(self, connected: int) -> None:
        super().__init__()
        self._connected = connected

    def texts(self) -> tuple[str, str, str, str]:
        return self.tr("quit.title"), self.tr("quit.body", count=self._connected), self.tr("quit.yes"), self.tr("quit.no")


class ConfirmDelete(_YesOrNo):
    """Asked before something the facilitator wrote is deleted (a plenary
    summary line): `y` deletes, `n` or Escape keeps it. The text is shown whole,
    so it is clear which one goes."""

    DIALOG_ID = "confirm-delete"
    BINDINGS = [
        Binding("y,j", "answer(True)", "key.delete_yes"),
        Binding("n,escape", "answer(False)", "key.delete_no"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def texts(self) -> tuple[str, str, str, str]:
        return self._title, self._text, self.tr("delete.yes"), self.tr("delete.no")
