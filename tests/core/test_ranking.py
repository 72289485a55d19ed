"""Dot voting's results: one ranking and one progress count for every shell."""

from __future__ import annotations

from plans import make_plan

from facilitator.core import commands as c
from facilitator.core.ranking import ranked_notes, sort_ranking, vote_progress
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"


def voting_room(tmp_path) -> LiveSession:
    """Seven participants in three groups; five notes revealed; voting open."""
    session = LiveSession.open(tmp_path / "s.sqlite3", make_plan(groups=3, star_options={"dots_per_participant": 3}))
    for pid, group in (("a", "g1"), ("b", "g1"), ("c", "g1"), ("d", "g2"), ("e", "g2"), ("f", "g3"), ("g", "g3")):
        session.execute(c.Join(pid, "h", pid.upper(), "AKM", group))
    session.execute(c.StartExercise(STAR))
    session.execute(c.AddNote("a", "n1", STAR, "behov", "Sparring"))
    session.execute(c.AddNote("d", "n2", STAR, "bidrag", "Viden om APV"))
    session.execute(c.AddNote("f", "n3", STAR, "behov", "Tid til netværk"))
    session.execute(c.AddNote("b", "n4", STAR, "form", "Korte møder"))
    session.execute(c.AddNote("e", "n5", STAR, "behov", "Sparring"))
    session.execute(c.Reveal(STAR))
    session.execute(c.SetPhase(STAR, "voting"))
    return session


def vote(session: LiveSession, pid: str, *note_ids: str) -> None:
    for note_id in note_ids:
        session.execute(c.CastVote(pid, note_id))


def test_notes_rank_by_dots_and_equal_dots_share_a_rank_in_arrival_order(tmp_path) -> None:
    session = voting_room(tmp_path)
    vote(session, "a", "n3", "n2")
    vote(session, "d", "n3", "n4")
    vote(session, "f", "n2")
    ranking = ranked_notes(session.state, STAR)
    assert [(r.note.id, r.dots, r.rank) for r in ranking] == [
        ("n2", 2, 1), ("n3", 2, 1), ("n4", 1, 3), ("n1", 0, 4), ("n5", 0, 4),
    ]


def test_hidden_and_merged_notes_do_not_rank_and_a_merged_notes_dots_count_once_on_the_kept_one(tmp_path) -> None:
    session = voting_room(tmp_path)
    vote(session, "a", "n1")
    vote(session, "b", "n5")
    vote(session, "c", "n1", "n5")
    vote(session, "d", "n4")
    session.execute(c.MergeNotes("n1", ("n5",)))
    session.execute(c.HideNote("n4"))
    ranking = ranked_notes(session.state, STAR)
    assert [(r.note.id, r.dots) for r in ranking] == [("n1", 3), ("n2", 0), ("n3", 0)]


def test_the_ranking_sorts_by_lane_or_by_group_keeping_its_rank_numbers(tmp_path) -> None:
    session = voting_room(tmp_path)
    vote(session, "a", "n4", "n5")
    vote(session, "b", "n4")
    ranking = ranked_notes(session.state, STAR)
    by_lane = sort_ranking(session.state, STAR, ranking, "lane")
    assert [(r.note.lane_id, r.note.id, r.rank) for r in by_lane] == [
        ("behov", "n5", 2), ("behov", "n1", 3), ("behov", "n3", 3), ("bidrag", "n2", 3), ("form", "n4", 1),
    ]
    by_group = sort_ranking(session.state, STAR, ranking, "group")
    assert [(r.note.group_id, r.note.id) for r in by_group] == [("g1", "n4"), ("g1", "n1"), ("g2", "n5"), ("g2", "n2"), ("g3", "n3")]
    assert sort_ranking(session.state, STAR, ranking, "dots") == ranking


def test_progress_counts_who_has_voted_of_how_many_and_the_dots_per_group(tmp_path) -> None:
    session = voting_room(tmp_path)
    assert vote_progress(session.state, STAR).voted == 0
    vote(session, "a", "n1", "n2", "n3")  # all three dots
    vote(session, "b", "n1")
    vote(session, "f", "n2", "n3")
    progress = vote_progress(session.state, STAR)
    assert (progress.voted, progress.participants, progress.all_used, progress.dots_used) == (3, 7, 1, 6)
    assert [(g.group_id, g.used, g.available) for g in progress.groups] == [("g1", 4, 9), ("g2", 0, 6), ("g3", 2, 6)]


def test_someone_who_voted_and_left_still_counts_and_someone_removed_does_not(tmp_path) -> None:
    session = voting_room(tmp_path)
    vote(session, "a", "n1")
    vote(session, "d", "n2")
    session.execute(c.Leave("a"))
    session.execute(c.Leave("g"))  # left without voting: no longer expected to
    session.execute(c.RemoveParticipant("d"))  # their dots go with them
    progress = vote_progress(session.state, STAR)
    assert (progress.voted, progress.participants) == (1, 5)
    assert [r.dots for r in ranked_notes(session.state, STAR)][:2] == [1, 0]
