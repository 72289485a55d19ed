"""A table of notes (or participants) that is updated in place.

With 2,000 notes, clearing and refilling a DataTable on every refresh would
cost more than the phones' whole path. Rows are keyed by note id: changed
cells are updated, new notes (which arrive in order) are appended, removed
ones dropped; only when the order itself changes (another filter) is the
table rebuilt, keeping the cursor on the note it was on.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

Row = tuple[str, ...]


class KeyedTable(DataTable[Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._keyed_rows: dict[str, Row] = {}
        self._keyed_order: list[str] = []
        self._keyed_dim: dict[str, bool] = {}

    def set_columns(self, titles: Sequence[str], widths: Sequence[int | None]) -> None:
        self.clear(columns=True)
        self._keyed_rows.clear()
        self._keyed_order.clear()
        self._keyed_dim.clear()
        for index, (title, width) in enumerate(zip(titles, widths, strict=True)):
            self.add_column(title, key=str(index), width=width)

    @property
    def selected_key(self) -> str | None:
        if not self._keyed_order or not 0 <= self.cursor_row < len(self._keyed_order):
            return None
        return self._keyed_order[self.cursor_row]

    def _cells(self, key: str, row: Row, dim: bool) -> list[Text]:
        return [Text(cell, style="dim" if dim else "", no_wrap=True, overflow="ellipsis") for cell in row]

    def show(self, rows: Sequence[tuple[str, Row, bool]]) -> None:
        """Show `rows` (note id, cells, dimmed) in this order."""
        wanted = [key for key, _, _ in rows]
        wanted_set = set(wanted)
        kept = [key for key in self._keyed_order if key in wanted_set]
        if wanted[: len(kept)] != kept:
            self._rebuild(rows)
            return
        for key in self._keyed_order:
            if key not in wanted_set:
                self.remove_row(key)
                del self._keyed_rows[key]
        self._keyed_order = kept
        for key, row, dim in rows[: len(kept)]:
            if self._keyed_rows[key] != row or self._keyed_dim[key] != dim:
                for index, cell in enumerate(self._cells(key, row, dim)):
                    if self._keyed_rows[key][index] != row[index] or self._keyed_dim[key] != dim:
                        self.update_cell(key, str(index), cell)
                self._keyed_rows[key] = row
                self._keyed_dim[key] = dim
        for key, row, dim in rows[len(kept) :]:
            self._append(key, row, dim)

    def _append(self, key: str, row: Row, dim: bool) -> None:
        self.add_row(*self._cells(key, row, dim), key=key)
        self._keyed_rows[key] = row
        self._keyed_dim[key] = dim
        self._keyed_order.append(key)

    def _rebuild(self, rows: Sequence[tuple[str, Row, bool]]) -> None:
        selected = self.selected_key
        self.clear()
        self._keyed_rows.clear()
        self._keyed_dim.clear()
        self._keyed_order = []
        for key, row, dim in rows:
            self._append(key, row, dim)
        if selected in self._keyed_rows:
            self.move_cursor(row=self._keyed_order.index(selected))
