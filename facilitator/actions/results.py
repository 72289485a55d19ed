"""Dot voting's results in words, once for both facilitator UIs: how far the
vote has got, the dots per group, and the ranked notes (`results`).

The numbers come from `core.ranking` (the wall ranks with it too); this
module only says them in the facilitator's language.
"""

from __future__ import annotations

from facilitator.actions.context import Context, Outcome, tr, usage_error
from facilitator.actions.exercises import exercise_of
from facilitator.actions.labels import group_labels, lane_titles
from facilitator.actions.runners import NOTE_PREVIEW
from facilitator.core.errors import DomainError
from facilitator.core.ranking import SortBy, VoteProgress, ranked_notes, sort_ranking, vote_progress
from facilitator.core.state import SessionState
from facilitator.printable import one_line

SORT_WORDS: dict[str, SortBy] = {
    "dots": "dots", "prikker": "dots", "lane": "lane", "punkt": "lane", "group": "group", "gruppe": "group",
}


def progress_text(progress: VoteProgress, language: str) -> str:
    """`3 af 7 har stemt · 1 har brugt alle 3 prikker · 6 prikker brugt`."""
    voted = tr(language, "votes_voted.one" if progress.voted == 1 else "votes_voted.other", count=progress.voted, of=progress.participants)
    all_used = tr(language, "votes_all_used", count=progress.all_used, dots=progress.dots_per_participant)
    used = tr(language, "votes_used.one" if progress.dots_used == 1 else "votes_used.other", count=progress.dots_used)
    return f"{voted} · {all_used} · {used}"


def group_dots_text(state: SessionState, progress: VoteProgress, language: str) -> str:
    """`Prikker pr. gruppe: Gruppe 1 4/9 · Gruppe 2 0/6` (used of what its
    participants have; a group nobody is in is left out)."""
    labels = group_labels(state, language)
    groups = " · ".join(f"{labels.get(g.group_id, g.group_id)} {g.used}/{g.available}" for g in progress.groups if g.available or g.used)
    return tr(language, "votes_groups", groups=groups)


def _results(ctx: Context, words: list[str], rest: str) -> Outcome:
    """`results [dots|lane|group]`: the progress, the dots per group, and the
    notes with dots, ranked (then how many have none)."""
    if len(words) > 1 or (words and words[0].lower() not in SORT_WORDS):
        raise usage_error("results")
    state, exercise_id = ctx.state, ctx.exercise_id
    exercise = exercise_of(state, exercise_id)
    if exercise.options.dots_per_participant == 0:
        raise DomainError("no_voting")
    progress = vote_progress(state, exercise_id)
    ranking = ranked_notes(state, exercise_id)
    dotted = [r for r in ranking if r.dots]
    shown = sort_ranking(state, exercise_id, dotted, SORT_WORDS[words[0].lower()] if words else "dots")
    lanes, groups = lane_titles(state, exercise, ctx.language), group_labels(state, ctx.language)
    lines = [progress_text(progress, ctx.language), group_dots_text(state, progress, ctx.language)]
    for r in shown:
        text = one_line(r.note.text)
        text = text if len(text) <= NOTE_PREVIEW else text[: NOTE_PREVIEW - 1] + "…"
        lane, group = lanes.get(r.note.lane_id, r.note.lane_id), groups.get(r.note.group_id, r.note.group_id)
        lines.append(ctx.tr("result_line", rank=r.rank, dots=r.dots, lane=lane, group=group, text=text))
    undotted = len(ranking) - len(dotted)
    if undotted:
        lines.append(ctx.tr("results_undotted.one" if undotted == 1 else "results_undotted.other", count=undotted))
    return Outcome(lines=tuple(lines))
