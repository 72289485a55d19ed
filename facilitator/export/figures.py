"""Which picture an exercise gets: the star for a star exercise, a bar chart
of notes per module for a brainstorm (and for a star with too few or too
many points to draw as a star)."""

from __future__ import annotations

from facilitator.export.charts import Chart, bar_chart, star_chart
from facilitator.export.labels import Labels
from facilitator.export.model import ExerciseReport


def exercise_chart(exercise: ExerciseReport, labels: Labels, number: int) -> Chart:
    caption = labels.figure_caption(exercise, number)
    if exercise.kind == "star" and 3 <= len(exercise.lanes) <= 8:
        points = [(lane.title, lane.note_count) for lane in exercise.lanes]
        return star_chart(caption, points, [labels.count("notes", count) for _, count in points])
    return bar_chart(caption, labels.chart_counts(exercise), proposed_from=len(exercise.lanes))


def numbered_charts(exercises: tuple[ExerciseReport, ...], labels: Labels) -> dict[str, Chart]:
    """A chart per exercise, numbered in document order (Figur 1, Figur 2, …)."""
    return {ex.id: exercise_chart(ex, labels, number) for number, ex in enumerate(exercises, 1)}
