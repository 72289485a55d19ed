"""A note's text, all of its lines: a text area as tall as the note.

A one-line `Input` showed only the first line of a multi-line note, and the
rest was drawn past the dialog's edge, so the facilitator edited blind. This
area wraps the text and grows with it (up to `MAX_LINES`, then it scrolls).
Enter saves, as in every other dialog of the console; a new line inside the
note is Ctrl+N (or Shift+Enter where the terminal tells it apart from Enter).
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from facilitator.console.localise import localise_bindings
from facilitator.printable import printable

MAX_LINES = 8  # then it scrolls: the dialog must fit an 80x24 terminal with its title, hints and footer


class NoteArea(TextArea):
    DEFAULT_CSS = f"NoteArea {{ height: auto; min-height: 3; max-height: {MAX_LINES + 2}; }}"
    BINDINGS = [Binding("ctrl+n,shift+enter", "newline", "key.newline", key_display="Ctrl+N")]

    class Submitted(Message):
        """Enter: the text as it may be stored (`printable`)."""

        def __init__(self, area: NoteArea, value: str) -> None:
            super().__init__()
            self.area = area
            self.value = value

        @property
        def control(self) -> NoteArea:
            return self.area

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", compact=False)

    def on_mount(self) -> None:
        localise_bindings(self, getattr(self.app, "language", "da"))
        self.move_cursor(self.document.end)

    def action_newline(self) -> None:
        self.insert("\n")

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, printable(self.text)))
            return
        await super()._on_key(event)
