"""The exercise board (lanes against groups, counts filling in) and the feed
of the newest notes.

Both are rebuilt from the state when the console refreshes (at most a few
times a second), never per note: counting 2,000 notes takes well under a
millisecond, while redrawing for each of them would not keep up.
"""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from facilitator.console import model
from facilitator.core.rules import lanes_for_group
from facilitator.core.state import Note, SessionState
from facilitator.texts import t


class Board(Static):
    """Rows are lanes, columns are groups; each cell counts the notes."""

    DEFAULT_CSS = "Board { width: 1fr; height: auto; }"
    total_shown = 0  # the number of notes the board last showed (read by the benchmark and tests)

    def show(self, state: SessionState, exercise_id: str, language: str, connected: Counter[str]) -> None:
        exercise = state.exercise(exercise_id)
        if exercise is None:
            return
        counts = model.board_counts(state, exercise_id)
        table = Table(box=box.SIMPLE_HEAVY, expand=True, pad_edge=False)
        table.add_column(t(language, "console.board.lane"), ratio=1, no_wrap=False)
        working: dict[str, set[str]] = {}
        for group in state.groups:
            online = connected.get(group.id, 0)
            label = Text(model.group_label(group, language), style="bold" if online else "dim")
            label.append(f"\n● {online}" if online else "\n○ 0", style="bold green" if online else "dim")
            table.add_column(label, justify="right", no_wrap=True, min_width=max(5, label.cell_len // 2))
            working[group.id] = set(lanes_for_group(exercise, group.index, len(state.groups)))
        table.add_column(Text(t(language, "console.board.total"), style="bold"), justify="right", no_wrap=True)
        total = 0
        group_totals: Counter[str] = Counter()
        for lane in model.lanes_of(state, exercise, language):
            cells: list[Text | str] = [Text(lane.title + (" ✚" if lane.proposed else ""), style="italic" if lane.proposed else "")]
            lane_total = 0
            for group in state.groups:
                count = counts.get((lane.id, group.id), 0)
                lane_total += count
                group_totals[group.id] += count
                if count:
                    cells.append(Text(str(count), style="bold"))
                elif lane.proposed or lane.id in working[group.id]:
                    cells.append(Text("·", style="dim"))
                else:
                    cells.append(Text("–", style="dim"))  # the group does not work on this lane
            cells.append(Text(str(lane_total), style="bold"))
            total += lane_total
            table.add_row(*cells)
        table.add_section()
        footer: list[Text | str] = [Text(t(language, "console.board.total"), style="bold")]
        for group in state.groups:
            footer.append(Text(str(group_totals[group.id]), style="bold"))
        footer.append(Text(str(total), style="bold reverse"))
        table.add_row(*footer)
        self.total_shown = total
        self.update(table)


class NoteFeed(Static):
    """The newest notes, newest first, with group and lane."""

    DEFAULT_CSS = "NoteFeed { width: 1fr; height: 1fr; overflow: hidden; }"
    LIMIT = 40

    def show(self, state: SessionState, exercise_id: str, language: str) -> None:
        exercise = state.exercise(exercise_id)
        if exercise is None:
            return
        lanes = model.lane_titles(state, exercise, language)
        groups = model.group_labels(state, language)
        notes = model.newest_notes(state, exercise_id, self.LIMIT)
        text = Text(t(language, "console.feed.title") + "\n", style="bold underline")
        if not notes:
            text.append(t(language, "console.feed.empty"), style="dim italic")
        for note in notes:
            text.append_text(_feed_line(note, lanes, groups))
        self.update(text)


def _feed_line(note: Note, lanes: dict[str, str], groups: dict[str, str]) -> Text:
    line = Text()
    line.append(f"{groups.get(note.group_id, note.group_id)} · {lanes.get(note.lane_id, note.lane_id)}", style="bold")
    if note.highlighted:
        line.append(" ★", style="bold yellow")
    line.append("\n" + note.text + "\n\n")
    return line
