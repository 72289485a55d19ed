"""Proposals the facilitator hid, merged or renamed (issue 16): the appendix
leaves out a hidden or merged proposal (a merged one's notes stand in the lane
it was merged into) and prints a renamed one by its new name."""

from __future__ import annotations

import json

from export_helpers import Meeting

from facilitator.core import commands as cmd
from facilitator.export.json import render_json
from facilitator.export.model import build_appendix

MODULES = "kompetencemoduler"


def _proposals(meeting: Meeting) -> None:
    a, b = meeting.join(1, "g1", prefix="a"), meeting.join(1, "g2", prefix="b")
    meeting.do(cmd.StartExercise(MODULES))
    meeting.do(cmd.Reveal(MODULES))
    meeting.do(cmd.ProposeLane(a[0], "asdf", MODULES, "asdf test"))
    meeting.do(cmd.ProposeLane(a[0], "trivsel", MODULES, "trivsel"))
    meeting.do(cmd.ProposeLane(b[0], "stress", MODULES, "Stress i projekter"))
    meeting.note("n1", b[0], "Travlhed før deadlines", lane_id="stress", exercise_id=MODULES)


def _proposed(meeting: Meeting) -> dict[str, tuple[str, list[str]]]:
    exercise = next(ex for ex in build_appendix(meeting.state).exercises if ex.id == MODULES)
    return {lane.id: (lane.title, [e.text for e in lane.entries]) for lane in exercise.proposed_lanes}


def test_a_hidden_or_merged_proposal_is_not_in_the_appendix_and_a_renamed_one_has_its_new_name(meeting: Meeting) -> None:
    _proposals(meeting)
    assert set(_proposed(meeting)) == {"asdf", "trivsel", "stress"}
    meeting.do(cmd.HideProposal(MODULES, "asdf"))
    meeting.do(cmd.RenameProposal(MODULES, "trivsel", "Trivsel og stress"))
    meeting.do(cmd.MergeProposals(MODULES, "trivsel", ("stress",)))
    assert _proposed(meeting) == {"trivsel": ("Trivsel og stress", ["Travlhed før deadlines"])}
    written = json.loads(render_json(build_appendix(meeting.state)))
    written = json.dumps(written, ensure_ascii=False)
    assert "asdf test" not in written and "Stress i projekter" not in written


def test_the_undo_brings_a_hidden_proposal_back_into_the_appendix(meeting: Meeting) -> None:
    _proposals(meeting)
    meeting.do(cmd.HideProposal(MODULES, "asdf"))
    meeting.do(cmd.UndoModeration(MODULES))
    assert "asdf" in _proposed(meeting)
