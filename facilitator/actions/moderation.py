"""Undoing moderation and moderating proposals (issue 16), for both UIs.

`undo` takes back the latest moderation step of an exercise (the core keeps
the steps: `SessionState.moderations`); `undo_line` says what that will be,
in the facilitator's words, before it runs. A proposal is named as a lane
is (number, id or title); a hidden one only by id or title (it has no
number in the listing any more)."""

from __future__ import annotations

from facilitator.actions.context import Context, Outcome, usage_error
from facilitator.actions.exercises import exercise_of
from facilitator.actions.labels import lane_titles, note_number
from facilitator.actions.naming import find_lane
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.state import ModerationStep, ProposedLane, SessionState
from facilitator.printable import single_line


def last_step(state: SessionState, exercise_id: str) -> ModerationStep | None:
    """The step `UndoModeration(exercise_id)` would take back, if any."""
    return next((s for s in reversed(state.moderations) if s.exercise_id == exercise_id), None)


def undo(exercise_id: str) -> cmd.UndoModeration:
    return cmd.UndoModeration(exercise_id)


def undo_line(ctx: Context, step: ModerationStep) -> str:
    """What undoing `step` does, said before it is done."""
    state = ctx.state
    titles = lane_titles(state, exercise_of(state, step.exercise_id), ctx.language)
    proposed = state.exercises[step.exercise_id].proposed_lanes
    if step.kind in ("hide", "highlight", "move", "merge"):
        number = note_number(state.notes[step.target])
        lane = titles.get(str(step.before), str(step.before))
        return ctx.tr(f"undone.{step.kind}", number=number, lane=lane, count=len(step.merged))
    lane_title = proposed[step.target].title if step.target in proposed else titles.get(step.target, step.target)
    if step.kind == "rename_lane":
        lane_title = str(step.before)
    return ctx.tr(f"undone.{step.kind}", lane=lane_title, count=len(step.merged))


def _undo(ctx: Context, words: list[str], rest: str) -> Outcome:
    step = last_step(ctx.state, ctx.exercise_id)
    if step is None:
        raise DomainError("nothing_to_undo")
    return Outcome((undo(ctx.exercise_id),), (undo_line(ctx, step),))


def find_proposal(state: SessionState, exercise_id: str, word: str, language: str) -> ProposedLane:
    """A proposal of the exercise: as a lane is named, or (hidden) by id or title."""
    proposed = state.exercises[exercise_id].proposed_lanes
    folded = word.casefold()
    hidden = [lane for lane in proposed.values() if lane.hidden and lane.merged_into is None]
    match = next((lane for lane in hidden if word == lane.id or folded == lane.title.casefold()), None)
    if match is not None:
        return match
    lane_id = find_lane(state, exercise_id, word, language)
    if lane_id not in proposed:
        raise DomainError("not_a_proposal")
    return proposed[lane_id]


def _proposal(ctx: Context, words: list[str], rest: str) -> Outcome:
    """`proposal hide|show P`, `proposal rename P TITLE`, `proposal merge LANE P…`."""
    if len(words) < 2 or words[0].lower() not in ("hide", "show", "rename", "merge"):
        raise usage_error("proposal")
    verb, eid, state = words[0].lower(), ctx.exercise_id, ctx.state
    if verb == "merge":
        if len(words) < 3:
            raise usage_error("proposal")
        keep = find_lane(state, eid, words[1], ctx.language)
        merged = [find_proposal(state, eid, word, ctx.language).id for word in words[2:]]
        title = lane_titles(state, exercise_of(state, eid), ctx.language).get(keep, keep)
        return Outcome((cmd.MergeProposals(eid, keep, tuple(merged)),), (ctx.tr("proposals_merged", count=len(merged), lane=title),))
    lane = find_proposal(state, eid, words[1], ctx.language)
    if verb == "rename":
        title = single_line(rest.strip().split(None, 2)[2]) if len(words) > 2 else ""
        return Outcome((cmd.RenameProposal(eid, lane.id, title),), (ctx.tr("proposal_renamed", old=lane.title, lane=" ".join(title.split())),))
    hidden = verb == "hide"
    return Outcome((cmd.HideProposal(eid, lane.id, hidden),), (ctx.tr("proposal_hidden" if hidden else "proposal_shown", lane=lane.title),))
