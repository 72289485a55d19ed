"""The one counting rule (core/counting.py): what the console, the wall and
the appendix all count."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from test_session import STAR, joined, new_session, run, writing

from facilitator.core import commands as c
from facilitator.core.counting import board_counts, lane_counts, note_units
from facilitator.core.errors import DomainError
from facilitator.export.model import build_appendix


def test_merged_notes_count_once_and_hidden_or_deleted_ones_not_at_all_in_every_count() -> None:
    state = new_session()
    joined(state, "p1", "g1")
    joined(state, "p2", "g2")
    writing(state)
    for i, (pid, text) in enumerate([("p1", "Sparring"), ("p2", "Sparring med andre"), ("p2", "Ergonomi"), ("p1", "Fejl"), ("p1", "Slet")]):
        run(state, c.AddNote(pid, f"n{i}", STAR, "behov", text))
    run(state, c.MergeNotes("n0", ("n1",)))
    run(state, c.HideNote("n3"))
    run(state, c.DeleteNote("p1", "n4"))
    assert lane_counts(state, STAR)["behov"] == 2
    assert board_counts(state, STAR) == {("behov", "g1"): 1, ("behov", "g2"): 1}
    appendix = build_appendix(state)
    lane = next(lane for lane in appendix.exercises[0].lanes if lane.id == "behov")
    assert lane.note_count == 2  # the appendix prints what the wall and the console show


def test_a_merge_into_a_note_its_author_deleted_still_counts_once() -> None:
    state = new_session()
    joined(state, "p1", "g1")
    joined(state, "p2", "g2")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    run(state, c.AddNote("p2", "n2", STAR, "behov", "Sparring!"))
    run(state, c.MergeNotes("n1", ("n2",)))
    run(state, c.DeleteNote("p1", "n1"))
    units = note_units(state, STAR)
    assert [(u.shown.id, [n.id for n in u.notes]) for u in units] == [("n2", ["n2"])]
    assert lane_counts(state, STAR)["behov"] == 1


# lane_counts and board_counts count the merge buckets without making units;
# whatever the moderation did, they must say what note_units says.
_NOTE_IDS = [f"n{i}" for i in range(6)]
_moves = st.lists(
    st.one_of(
        st.builds(lambda n, lane: c.AddNoteForGroup(n, STAR, lane, "g1", "Sparring"), st.sampled_from(_NOTE_IDS), st.sampled_from(["behov", "form"])),
        st.builds(lambda n, lane: c.AddNoteForGroup(n, STAR, lane, "g2", "  "), st.sampled_from(_NOTE_IDS), st.sampled_from(["behov", "form"])),
        st.builds(lambda n, h: c.HideNote(n, h), st.sampled_from(_NOTE_IDS), st.booleans()),
        st.builds(lambda n, lane: c.MoveNote(n, lane), st.sampled_from(_NOTE_IDS), st.sampled_from(["behov", "form"])),
        st.builds(lambda n, ms: c.MergeNotes(n, tuple(ms)), st.sampled_from(_NOTE_IDS), st.lists(st.sampled_from(_NOTE_IDS), max_size=2)),
        st.builds(lambda n: c.DeleteNote("p1", n), st.sampled_from(_NOTE_IDS)),
        st.builds(lambda n, pid: c.AddNote(pid, n, STAR, "behov", "Ergonomi"), st.sampled_from(_NOTE_IDS), st.just("p1")),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(moves=_moves)
def test_the_quick_counts_always_agree_with_the_units(moves: list[c.Command]) -> None:
    state = new_session()
    joined(state, "p1", "g1")
    writing(state)
    for move in moves:
        try:
            run(state, move)
        except DomainError:
            pass
    units = note_units(state, STAR)
    assert lane_counts(state, STAR) == Counter(u.lane_id for u in units)
    assert board_counts(state, STAR) == Counter((u.lane_id, u.group_id) for u in units)
