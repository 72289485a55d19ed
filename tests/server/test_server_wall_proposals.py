"""The wall's frame and the facilitator's proposal moderation (issue 16): a
hidden or merged proposal is not on the wall, a renamed one has its new name."""

from __future__ import annotations

from plans import make_plan

from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession
from facilitator.server.wall.view import wall_frame

MODULES = "kompetencemoduler"


def _proposed_on_the_wall(session: LiveSession) -> dict[str, str]:
    frame = wall_frame(session.state, "da", join_url="http://x/j/K7M2QX9D", now=0.0)
    assert frame.exercise is not None
    return {lane.id: lane.title for lane in frame.exercise.lanes if lane.proposed}


def test_a_hidden_or_merged_proposal_leaves_the_wall_and_a_renamed_one_shows_its_new_name(tmp_path) -> None:
    session = LiveSession.open(tmp_path / "s.sqlite3", make_plan())
    session.execute(cmd.Join("p1", "h", "Ane", "AKM", "g1"))
    session.execute(cmd.StartExercise(MODULES))
    session.execute(cmd.Reveal(MODULES))
    for lane_id, title in (("asdf", "asdf test"), ("trivsel", "trivsel"), ("trivsel-2", "Trivsel!")):
        session.execute(cmd.ProposeLane("p1", lane_id, MODULES, title))
    assert _proposed_on_the_wall(session) == {"asdf": "asdf test", "trivsel": "trivsel", "trivsel-2": "Trivsel!"}
    session.execute(cmd.HideProposal(MODULES, "asdf"))
    session.execute(cmd.RenameProposal(MODULES, "trivsel", "Trivsel og stress"))
    session.execute(cmd.MergeProposals(MODULES, "trivsel", ("trivsel-2",)))
    assert _proposed_on_the_wall(session) == {"trivsel": "Trivsel og stress"}
    for _ in range(3):
        session.execute(cmd.UndoModeration(MODULES))
    assert _proposed_on_the_wall(session) == {"asdf": "asdf test", "trivsel": "trivsel", "trivsel-2": "Trivsel!"}
    session.close()
