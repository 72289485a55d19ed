"""A scrolling list of rows (notes, participants) that stays fast at 2,000.

Textual's DataTable renders every visible cell through Rich and measured
over 100 ms to draw one screen of the moderation list with 2,000 notes.
This list draws only the lines in view, as plain padded text. It holds the
rows' keys in order and a function that gives a row's cells: only the rows
in view are ever asked for (building all 2,000 took 8 ms a refresh, several
times a second while the phones write), and it repaints only when the
keys or the rows in view changed. The cursor stays on the row it was on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Row = tuple[str, ...]
RowOf = Callable[[str], tuple[Row, bool]]  # a key's cells, and whether it is dimmed
GAP = 2


def _fit(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    return text.ljust(width) if len(text) <= width else text[: max(0, width - 1)] + "…"


def _no_row(key: str) -> tuple[Row, bool]:
    raise KeyError(key)


class KeyedTable(ScrollView, can_focus=True):
    """Rows with a key each; one is the cursor's. The first line is the header."""

    DEFAULT_CSS = "KeyedTable { height: 1fr; }"
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles: list[str] = []
        self.widths: list[int | None] = []
        self.keys: list[str] = []
        self.row_of: RowOf = _no_row
        self._in_view: list[tuple[Row, bool]] = []  # what the last refresh saw in view
        self.cursor = 0
        self._styles: tuple[Style, Style, Style, Style, list[int]] | None = None
        self._styles_key: tuple[int, bool] = (0, False)

    def set_columns(self, titles: Sequence[str], widths: Sequence[int | None]) -> None:
        """Column titles and widths; one width may be None: it takes the rest."""
        self.titles, self.widths = list(titles), list(widths)
        self.keys, self.row_of, self._in_view, self.cursor = [], _no_row, [], 0
        self._styles = None
        self._resized()

    @property
    def selected_key(self) -> str | None:
        return self.keys[self.cursor] if 0 <= self.cursor < len(self.keys) else None

    def show(self, rows: Sequence[tuple[str, Row, bool]]) -> None:
        """Show `rows` (key, cells, dimmed) in this order, keeping the cursor's row."""
        by_key = {key: (cells, dim) for key, cells, dim in rows}
        self.show_keys([key for key, _, _ in rows], by_key.__getitem__)

    def show_keys(self, keys: list[str], row_of: RowOf) -> None:
        """Show the rows of `keys` in this order; `row_of(key)` is asked only for
        the rows in view, when they are drawn. Keeps the cursor's row."""
        selected = self.selected_key
        count_changed = len(keys) != len(self.keys)
        same_keys = not count_changed and keys == self.keys
        self.keys, self.row_of = keys, row_of
        if not same_keys:
            if selected is not None and selected in keys:
                self.cursor = keys.index(selected)
            self.cursor = max(0, min(self.cursor, len(keys) - 1))
        in_view = [row_of(key) for key in self._keys_in_view()]
        if same_keys and in_view == self._in_view:
            return  # what changed is out of view: nothing to repaint
        self._in_view = in_view
        if count_changed:
            self._resized()
        self.refresh()
        if self.selected_key != selected:
            self.post_message(self.Highlighted())

    def _keys_in_view(self) -> list[str]:
        top = int(self.scroll_offset.y)
        return self.keys[top : top + max(1, self.size.height - 1)]

    def _resized(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.keys) + 1)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._resized()

    def _column_widths(self) -> list[int]:
        fixed = sum(w for w in self.widths if w is not None) + GAP * len(self.widths)
        rest = max(10, self.size.width - fixed - 1)
        return [w if w is not None else rest for w in self.widths]

    def _line(self, cells: Sequence[str], widths: list[int]) -> str:
        return " " + (" " * GAP).join(_fit(cell, width) for cell, width in zip(cells, widths, strict=False))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _paint(self) -> tuple[Style, Style, Style, Style, list[int]]:
        """(plain, header, cursor, dimmed styles, column widths), worked out once
        per size, theme and focus rather than for every line."""
        key = (self.size.width, self.has_focus)
        if self._styles is None or self._styles_key != key:
            base = self.rich_style
            self._styles = (base, base + Style(bold=True), base + Style(reverse=True, bold=self.has_focus), base + Style(dim=True), self._column_widths())
            self._styles_key = key
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base, header, cursor, dimmed, widths = self._paint()
        if y == 0:
            return Strip([Segment(_fit(self._line(self.titles, widths), width), header)], width)
        index = int(self.scroll_offset.y) + y - 1
        if not 0 <= index < len(self.keys):
            return Strip.blank(width, base)
        cells, dim = self.row_of(self.keys[index])
        style = cursor if index == self.cursor else dimmed if dim else base
        return Strip([Segment(_fit(self._line(cells, widths), width), style)], width)

    # -- moving the cursor ----------------------------------------------------------------
    def _go(self, row: int) -> None:
        if not self.keys:
            return
        row = max(0, min(row, len(self.keys) - 1))
        if row == self.cursor:
            return
        self.cursor = row
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted())

    def action_move(self, step: int) -> None:
        self._go(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._go(self.cursor + step * max(1, self.size.height - 2))

    def action_jump(self, row: int) -> None:
        self._go(row if row >= 0 else len(self.keys) - 1)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self._go(int(self.scroll_offset.y) + event.y - 1)
