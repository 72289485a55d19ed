"""The exercise board (lanes against groups, counts filling in) and the feed
of the newest notes.

Both are rebuilt from the state when the console refreshes (a few times a
second at most), never per note. They draw their lines themselves, as
plain segments cached until the data, the width or the theme change:
measured with 500 phones writing, a Rich table and wrapped Textual content
re-rendered on every refresh cost the event loop more than the phones'
whole path.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from facilitator.console import model
from facilitator.core.rules import lanes_for_group
from facilitator.core.state import SessionState
from facilitator.texts import t

Piece = tuple[str, Style | None]  # a run of text and its style (on top of the widget's own)
BOLD, DIM, ITALIC = Style(bold=True), Style(dim=True), Style(italic=True)
LANE_MIN, LANE_ROOM, LANE_MAX = 12, 24, 40  # the lane column's width: at least, wanted before shortening the groups, at most
ONLINE, TOTAL, STAR = Style(bold=True, color="green"), Style(bold=True, reverse=True), Style(bold=True, color="yellow")


class _Lines(Widget):
    """A widget drawn from lines of pieces; the strips are made once per change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] | None = None
        self._blank = Strip.blank(0)

    def lines(self, width: int) -> list[list[Piece]]:
        raise NotImplementedError

    def changed(self, layout: bool = False) -> None:
        self._strips = None
        self.refresh(layout=layout)

    def on_resize(self) -> None:
        self._strips = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # another theme: other colours

    def render_line(self, y: int) -> Strip:
        if self._strips is None:
            width, base = self.size.width, self.rich_style
            self._strips = [
                Strip([Segment(text, base + style if style else base) for text, style in line]).crop_extend(0, width, base)
                for line in self.lines(width)
            ]
            self._blank = Strip.blank(width, base)
        return self._strips[y] if 0 <= y < len(self._strips) else self._blank


@dataclass(frozen=True)
class BoardData:
    lane_title: str
    total_title: str
    groups: list[tuple[str, int]]  # (label, phones connected)
    short_groups: list[str]  # "G3": the column titles when the full labels leave too little room for the lanes
    rows: list[tuple[str, bool, list[int | None], int]]  # (lane, proposed, counts or None: not this group's lane, total)
    group_totals: list[int]
    total: int


class Board(_Lines):
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
            short_groups=[t(language, "console.board.group_short", number=g.index + 1) for g in state.groups],
            rows=rows,
            group_totals=group_totals,
            total=sum(group_totals),
        )
        if data == self.data:
            return
        relayout = self.data is None or len(data.rows) != len(self.data.rows)
        self.data = data
        self.total_shown = data.total
        self.changed(layout=relayout)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.data.rows) + 5 if self.data else 1

    def lines(self, width: int) -> list[list[Piece]]:
        data = self.data
        if data is None:
            return []
        total_width = max(len(data.total_title), len(str(data.total))) + 2
        labels, group_widths, lane_width = columns(data, width, total_width)
        rule = lane_width + sum(group_widths) + total_width
        header: list[Piece] = [(data.lane_title.ljust(lane_width)[:lane_width], BOLD)]
        header += [
            (label.rjust(w), BOLD if online else DIM)
            for label, (_, online), w in zip(labels, data.groups, group_widths, strict=True)
        ]
        header.append((data.total_title.rjust(total_width), BOLD))
        online_line: list[Piece] = [(" " * lane_width, None)]
        online_line += [
            ((f"● {online}" if online else "○ 0").rjust(w), ONLINE if online else DIM)
            for (_, online), w in zip(data.groups, group_widths, strict=True)
        ]
        lines: list[list[Piece]] = [header, online_line, [("━" * rule, None)]]
        for title, proposed, cells, lane_total in data.rows:
            shown = (title + (" ✚" if proposed else "")).ljust(lane_width)
            line: list[Piece] = [(shown if len(shown) <= lane_width else shown[: lane_width - 2] + "… ", ITALIC if proposed else None)]
            for cell, w in zip(cells, group_widths, strict=True):
                line.append((str(cell).rjust(w), BOLD) if cell else (("·" if cell == 0 else "–").rjust(w), DIM))
            line.append((str(lane_total).rjust(total_width), BOLD))
            lines.append(line)
        lines.append([("─" * rule, None)])
        footer: list[Piece] = [(data.total_title.ljust(lane_width)[:lane_width], BOLD)]
        footer += [(str(total).rjust(w), BOLD) for total, w in zip(data.group_totals, group_widths, strict=True)]
        footer += [(" " * (total_width - len(str(data.total))), None), (str(data.total), TOTAL)]
        lines.append(footer)
        return lines


def columns(data: BoardData, width: int, total_width: int) -> tuple[list[str], list[int], int]:
    """The group columns' titles and widths, and the lane column's width.

    The groups' full labels ("Gruppe 3") while they leave the lane titles
    room (the longest title, or at least `LANE_ROOM`); else short ones
    ("G3", four characters a column), so every group and the totals stay
    on a 80-column screen and the lane titles get the room that is left
    rather than ten characters."""
    longest = max((len(title) + (2 if proposed else 0) for title, proposed, _, _ in data.rows), default=0)
    lane_wanted = max(LANE_MIN, min(longest + 1, LANE_MAX))
    full = [label for label, _ in data.groups]
    widths = [max(len(label), 5) + 2 for label in full]
    room = width - sum(widths) - total_width - 1
    if room < min(lane_wanted, LANE_ROOM):
        full = data.short_groups
        widths = [max(len(label), 3) + 1 for label in full]
        room = width - sum(widths) - total_width - 1
    return full, widths, max(LANE_MIN, min(LANE_MAX, room))


class NoteFeed(_Lines):
    """The newest notes, newest first, with group and lane; each note's text
    wrapped to at most three lines."""

    DEFAULT_CSS = "NoteFeed { width: 1fr; height: 1fr; }"
    MAX_LINES = 3

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: list[tuple[str, bool, str]] = []  # (group · lane, highlighted, text)
        self.title = ""
        self.empty = ""

    def show(self, state: SessionState, exercise_id: str, language: str, hidden: bool = False) -> None:
        """`hidden`: projector-safe before the reveal, so a count instead of the texts."""
        exercise = state.exercise(exercise_id)
        if exercise is None:
            return
        if hidden:
            count = sum(1 for n in state.notes.values() if n.exercise_id == exercise_id and model.shown(n))  # as the board counts
            key = "console.safe.feed_hidden.one" if count == 1 else "console.safe.feed_hidden.other"
            title, empty = t(language, "console.feed.title"), t(language, key, count=count)
            if ([], title, empty) != (self.notes, self.title, self.empty):
                self.notes, self.title, self.empty = [], title, empty
                self.changed()
            return
        lanes = model.lane_titles(state, exercise, language)
        groups = model.group_labels(state, language)
        limit = max(3, self.app.size.height // 3 + 1)  # an entry takes three lines or more
        notes = [
            (f"{groups.get(n.group_id, n.group_id)} · {lanes.get(n.lane_id, n.lane_id)}", n.highlighted, n.text)
            for n in model.newest_notes(state, exercise_id, limit)
        ]
        title, empty = t(language, "console.feed.title"), t(language, "console.feed.empty")
        if (notes, title, empty) != (self.notes, self.title, self.empty):
            self.notes, self.title, self.empty = notes, title, empty
            self.changed()

    def lines(self, width: int) -> list[list[Piece]]:
        lines: list[list[Piece]] = [[(self.title, Style(bold=True, underline=True))]]
        if not self.notes:
            lines.extend([(part, Style(dim=True, italic=True))] for part in textwrap.wrap(self.empty, max(10, width)))
        for heading, highlighted, text in self.notes:
            heading_line: list[Piece] = [(heading, BOLD)]
            lines.append(heading_line + ([(" ★", STAR)] if highlighted else []))
            wrapped = textwrap.wrap(text, max(10, width), max_lines=self.MAX_LINES, placeholder=" …") or [""]
            lines.extend([[(part, None)] for part in wrapped])
            lines.append([])
            if len(lines) > self.size.height:
                break
        return lines
