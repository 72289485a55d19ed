"""Dot voting's results, live: who has voted (of how many), the dots used per
group, and the notes ranked by dots in a table sorted by dots, by lane or by
group (`p`, `l`, `g`). Opened with `c` (count) over the exercise, moderation and
plenum screens; it follows new dots as they come.

The ranking is `core.ranking`'s (the wall's results use it too) and the
progress lines are `actions`' (headless `results` says the same).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from facilitator import actions
from facilitator.console import model
from facilitator.console.screens.base import LiveModal
from facilitator.console.widgets.keys import KeyFooter
from facilitator.console.widgets.line import Line
from facilitator.console.widgets.table import KeyedTable, Row, RowOf
from facilitator.core.ranking import RankedNote, SortBy, ranked_notes, sort_ranking, vote_progress


class VoteResults(LiveModal):
    BINDINGS = [
        Binding("p", "sort('dots')", "key.by_dots"),
        Binding("l", "sort('lane')", "key.by_lane"),
        Binding("g", "sort('group')", "key.by_group"),
        Binding("escape,c", "close", "key.close", key_display="Esc"),
    ]

    def __init__(self, exercise_id: str) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.sort_by: SortBy = "dots"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="results"):
            yield Line(id="results-title", classes="dialog-title")
            yield Line(id="results-progress")
            yield Line(id="results-groups")
            yield Line(id="results-sorted", classes="hint")
            yield KeyedTable(id="results-table")
            yield Line(id="results-selected")  # the picked note whole: the table cuts long ones
        yield KeyFooter()

    def on_mount(self) -> None:
        tr = self.tr
        titles = [tr("results.col_rank"), tr("results.col_dots"), tr("mod.col_lane"), tr("mod.col_group"), tr("mod.col_text")]
        narrow = self.app.size.width < 100  # at 80 columns the note's own column keeps ~30 characters
        widths: list[int | None] = [max(3, len(titles[0])), max(4, len(titles[1])), 12 if narrow else 16, 8 if narrow else 10, None]
        table = self.query_one(KeyedTable)
        table.set_columns(titles, widths)
        table.focus()
        self.update_view(force=True)

    def refresh_view(self) -> None:
        state = self.console.session.state
        language = self.console.language
        exercise = state.exercise(self.exercise_id)
        assert exercise is not None
        progress = vote_progress(state, self.exercise_id)
        phase = self.tr(f"phase.{state.exercises[self.exercise_id].phase}")
        self.query_one("#results-title", Line).show(self.tr("results.title", exercise=exercise.title.get(language), phase=phase))
        self.query_one("#results-progress", Line).show(actions.progress_text(progress, language))
        self.query_one("#results-groups", Line).show(actions.group_dots_text(state, progress, language))
        self.query_one("#results-sorted", Line).show(self.tr(f"results.sorted_{self.sort_by}"))
        ranking = sort_ranking(state, self.exercise_id, ranked_notes(state, self.exercise_id), self.sort_by)
        self.query_one(KeyedTable).show_keys([r.note.id for r in ranking], self._row_of(ranking))
        self._show_selected()

    @on(KeyedTable.Highlighted)
    def _show_selected(self) -> None:
        note_id = self.query_one(KeyedTable).selected_key
        note = self.console.session.state.notes.get(note_id) if note_id else None
        hidden = note is not None and self.console.hides_notes(note.exercise_id)  # projector-safe, not revealed
        self.query_one("#results-selected", Line).show(self.tr("safe.note_hidden") if hidden else note.text if note else "")

    def _row_of(self, ranking: list[RankedNote]) -> RowOf:
        state = self.console.session.state
        exercise = state.exercise(self.exercise_id)
        assert exercise is not None
        lanes = model.lane_titles(state, exercise, self.console.language)
        groups = model.group_labels(state, self.console.language)
        by_id = {r.note.id: r for r in ranking}
        hidden = self.tr("safe.note_hidden") if self.console.hides_notes(self.exercise_id) else None  # projected, not revealed

        def row_of(note_id: str) -> tuple[Row, bool]:
            r = by_id[note_id]
            cells = (f"{r.rank}.", str(r.dots), lanes.get(r.note.lane_id, r.note.lane_id), groups.get(r.note.group_id, r.note.group_id), hidden or r.note.text)
            return cells, r.dots == 0

        return row_of

    @property
    def rows_shown(self) -> list[str]:
        """The note ids in the table's order (for tests and the eye)."""
        return list(self.query_one(KeyedTable).keys)

    def action_sort(self, by: SortBy) -> None:
        self.sort_by = by
        self.update_view(force=True)

    def action_close(self) -> None:
        self.dismiss(None)
