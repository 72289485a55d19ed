"""A line (or a few) of text that repaints only what changed.

`Static.update` always asks Textual to lay the whole screen out again; done
for a note counter on every refresh while notes pour in, that cost more
than the board itself. `Line.show` does nothing when the text is the same,
and asks for a new layout only when the text may need another number of
lines or another width. Its text is never read as markup: titles, names
and notes are shown as written.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

Shown = str | Text


def _plain(text: Shown) -> str:
    return text.plain if isinstance(text, Text) else text


class Line(Widget):
    DEFAULT_CSS = "Line { width: 1fr; height: auto; }"

    def __init__(self, text: Shown = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: Shown = text

    @property
    def text(self) -> str:
        return _plain(self._shown)

    def show(self, text: Shown) -> None:
        if text == self._shown:
            return
        old, new = _plain(self._shown), _plain(text)
        self._shown = text
        width = self.content_region.width
        longest = max((len(line) for line in (old + "\n" + new).splitlines()), default=0)
        auto_width = self.styles.width is None or self.styles.width.is_auto
        self.refresh(layout=auto_width or old.count("\n") != new.count("\n") or longest >= width)

    def render(self) -> Text:
        return self._shown if isinstance(self._shown, Text) else Text(self._shown)
