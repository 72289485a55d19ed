"""The exercise board (lanes against groups, counts filling in) and the feed
of the newest notes.

Both are rebuilt from the state when the console refreshes (a few times a
second at most), never per note. They draw plain lines of fixed-width
columns rather than a Rich table, and ask Textual only to repaint them, not
to lay the screen out again: with notes pouring in, a table's measuring and
a full layout on every refresh cost far more than counting 2,000 notes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from facilitator.console import model
from facilitator.core.rules import lanes_for_group
from facilitator.core.state import SessionState
from facilitator.texts import t


@dataclass(frozen=True)
class BoardData:
    lane_title: str
    total_title: str
    groups: list[tuple[str, int]]  # (label, phones connected)
    rows: list[tuple[str, bool, list[int | None], int]]  # (lane, proposed, counts or None: not this group's lane, total)
    group_totals: list[int]
    total: int


class Board(Widget):
    """Rows are lanes, columns are groups; each cell counts the notes."""

    DEFAULT_CSS = "Board { width: 1fr; height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: BoardData | None = None
        self.total_shown = 0  # notes the board shows (read by the benchmark and tests)

    def show(self, state: SessionState, exercise_id: str, language: str, connected: Counter[str]) -> None:
        exercise = state.exercise(exercise_id)
        if exercise is None:
            return
        counts = model.board_counts(state, exercise_id)
        working = {g.id: set(lanes_for_group(exercise, g.index, len(state.groups))) for g in state.groups}
        rows = []
        group_totals = [0] * len(state.groups)
        for lane in model.lanes_of(state, exercise, language):
            cells: list[int | None] = []
            for index, group in enumerate(state.groups):
                count = counts.get((lane.id, group.id), 0)
                group_totals[index] += count
                cells.append(count if count or lane.proposed or lane.id in working[group.id] else None)
            rows.append((lane.title, lane.proposed, cells, sum(c or 0 for c in cells)))
        data = BoardData(
            lane_title=t(language, "console.board.lane"),
            total_title=t(language, "console.board.total"),
            groups=[(model.group_label(g, language), connected.get(g.id, 0)) for g in state.groups],
            rows=rows,
            group_totals=group_totals,
            total=sum(group_totals),
        )
        if data == self.data:
            return
        relayout = self.data is None or len(data.rows) != len(self.data.rows)
        self.data = data
        self.total_shown = data.total
        self.refresh(layout=relayout)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001 - Textual's signature
        return len(self.data.rows) + 5 if self.data else 1

    def render(self) -> Text:
        data = self.data
        if data is None:
            return Text()
        group_widths = [max(len(label), 5) + 2 for label, _ in data.groups]
        total_width = max(len(data.total_title), len(str(data.total))) + 2
        lane_width = max(12, min(40, self.size.width - sum(group_widths) - total_width - 1))
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(data.lane_title.ljust(lane_width)[:lane_width], style="bold")
        for (label, online), width in zip(data.groups, group_widths, strict=True):
            text.append(label.rjust(width), style="bold" if online else "dim")
        text.append(data.total_title.rjust(total_width) + "\n", style="bold")
        text.append(" " * lane_width)
        for (_, online), width in zip(data.groups, group_widths, strict=True):
            text.append((f"● {online}" if online else "○ 0").rjust(width), style="bold green" if online else "dim")
        text.append("\n" + "━" * (lane_width + sum(group_widths) + total_width) + "\n")
        for title, proposed, cells, lane_total in data.rows:
            shown = (title + (" ✚" if proposed else "")).ljust(lane_width)
            text.append(shown if len(shown) <= lane_width else shown[: lane_width - 2] + "… ", style="italic" if proposed else "")
            for cell, width in zip(cells, group_widths, strict=True):
                if cell:
                    text.append(str(cell).rjust(width), style="bold")
                else:
                    text.append(("·" if cell == 0 else "–").rjust(width), style="dim")
            text.append(str(lane_total).rjust(total_width) + "\n", style="bold")
        text.append("─" * (lane_width + sum(group_widths) + total_width) + "\n")
        text.append(data.total_title.ljust(lane_width)[:lane_width], style="bold")
        for group_total, width in zip(data.group_totals, group_widths, strict=True):
            text.append(str(group_total).rjust(width), style="bold")
        text.append(" " * (total_width - len(str(data.total))))
        text.append(str(data.total), style="bold reverse")
        return text


class NoteFeed(Widget):
    """The newest notes, newest first, with group and lane."""

    DEFAULT_CSS = "NoteFeed { width: 1fr; height: 1fr; overflow: hidden; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[tuple[str, bool, str]] = []  # (group · lane, highlighted, text)
        self.title = ""
        self.empty = ""

    def show(self, state: SessionState, exercise_id: str, language: str) -> None:
        exercise = state.exercise(exercise_id)
        if exercise is None:
            return
        lanes = model.lane_titles(state, exercise, language)
        groups = model.group_labels(state, language)
        limit = max(3, self.app.size.height // 3 + 1)  # an entry takes three lines or more
        lines = [
            (f"{groups.get(n.group_id, n.group_id)} · {lanes.get(n.lane_id, n.lane_id)}", n.highlighted, n.text)
            for n in model.newest_notes(state, exercise_id, limit)
        ]
        title, empty = t(language, "console.feed.title"), t(language, "console.feed.empty")
        if (lines, title, empty) != (self.lines, self.title, self.empty):
            self.lines, self.title, self.empty = lines, title, empty
            self.refresh()

    def render(self) -> Text:
        text = Text()
        text.append(self.title + "\n", style="bold underline")
        if not self.lines:
            text.append(self.empty, style="dim italic")
        for heading, highlighted, note in self.lines:
            text.append(heading, style="bold")
            if highlighted:
                text.append(" ★", style="bold yellow")
            text.append("\n" + note + "\n\n")
        return text
