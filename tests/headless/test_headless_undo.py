"""Headless `undo` and `proposal` (issue 16): the same command table as the
console, run against a real live session and journal."""

from __future__ import annotations

import pytest
from plans import make_plan

from facilitator.core import commands as cmd
from facilitator.headless import Controls
from facilitator.journal import read_events
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"


@pytest.fixture
def session(tmp_path):
    live = LiveSession.open(tmp_path / "meeting.sqlite3", make_plan())
    live.execute(cmd.Join("p1", "h", "Ane", "AKM", "g1"))
    live.execute(cmd.StartExercise(STAR))
    live.execute(cmd.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    yield live
    live.close()


@pytest.fixture
def controls(session, tmp_path):
    return Controls(session, "en", connected=lambda: 1, export_dir=tmp_path / "out")


def test_undo_takes_back_the_latest_moderation_and_says_which(controls, session):
    controls.run("hide 1")
    controls.run("move 1 Form")
    assert controls.run("undo") == ["Undone: note #1 is back on Needs."]
    assert session.state.notes["n1"].lane_id == "behov" and session.state.notes["n1"].hidden
    assert controls.run("undo") == ["Undone: note #1 is as before (hidden/shown)."]
    assert not session.state.notes["n1"].hidden
    events, _ = read_events(session.journal.path)
    assert [e.type for e in events][-2:] == ["moderation_undone", "moderation_undone"]
    assert controls.run("undo") == ["There is nothing to undo in this exercise."]


def test_proposal_hides_renames_and_merges_a_groups_proposal(controls, session):
    session.execute(cmd.StartExercise(MODULES))
    session.execute(cmd.ProposeLane("p1", "asdf", MODULES, "asdf test"))
    session.execute(cmd.ProposeLane("p1", "trivsel", MODULES, "trivsel"))
    lanes = session.state.exercises[MODULES].proposed_lanes
    assert controls.run("proposal hide asdf test")[0].startswith("The proposal asdf test is hidden")
    assert lanes["asdf"].hidden
    assert controls.run("proposal show asdf test") == ["The proposal asdf test is shown again."]
    assert controls.run("proposal rename trivsel Trivsel og stress") == ["The proposal trivsel is now called Trivsel og stress."]
    assert lanes["trivsel"].title == "Trivsel og stress"
    assert controls.run("proposal merge trivsel asdf") == ["1 proposals merged into Trivsel og stress; their notes are there now."]
    assert lanes["asdf"].merged_into == "trivsel"
    controls.run("undo")
    assert lanes["asdf"].merged_into is None
    assert controls.run("proposal hide 5") == ["That point is from the plan, not proposed by a group."]
