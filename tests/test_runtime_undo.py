"""The undo list lives in the journal (issue 16): a session reopened from its
SQLite file can still take back the moderation done before the restart."""

from __future__ import annotations

from plans import make_plan

from facilitator.core import commands as c
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"


def test_moderation_done_before_a_restart_can_be_undone_after_it(tmp_path):
    path = tmp_path / "meeting.sqlite3"
    session = LiveSession.open(path, make_plan())
    session.execute(c.Join("p1", "h", "Ane", "AKM", "g1"))
    session.execute(c.StartExercise(STAR))
    session.execute(c.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    session.execute(c.AddNote("p1", "n2", STAR, "behov", "Sparring!"))
    session.execute(c.MergeNotes("n1", ("n2",)))
    session.execute(c.MoveNote("n1", "form"))
    live = session.state.moderations
    session.close()

    again = LiveSession.open(path)
    try:
        assert again.state.moderations == live
        again.execute(c.UndoModeration(STAR))
        again.execute(c.UndoModeration(STAR))
        notes = again.state.notes
        assert (notes["n1"].lane_id, notes["n1"].moved_from, notes["n2"].merged_into) == ("behov", None, None)
        assert again.state.moderations == []
    finally:
        again.close()
