"""The wall's focus (FocusLane, FocusNote): rules, and a journal replays to it."""

from __future__ import annotations

from pathlib import Path

from plans import make_plan
from test_session import NOW, STAR, joined, new_session, refused, run, writing

from facilitator.core import commands as c
from facilitator.core import events as ev
from facilitator.core.state import SessionState, replay
from facilitator.journal import read_events
from facilitator.runtime import LiveSession


def _with_notes() -> SessionState:
    state = new_session()
    joined(state, "p1", "g1")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "Sparring med andre AMK'ere"))
    run(state, c.AddNote("p1", "n2", STAR, "bidrag", "Erfaring fra byggeriet"))
    return state


def test_a_lane_cannot_be_focused_before_the_reveal_so_the_wall_shows_no_group_notes_early() -> None:
    state = _with_notes()
    assert refused(state, c.FocusLane(STAR, "behov")).code == "focus_not_revealed"
    assert refused(state, c.FocusNote(STAR, "n1")).code == "focus_not_revealed"


def test_focusing_a_lane_then_a_note_then_clearing_returns_to_the_normal_view() -> None:
    state = _with_notes()
    run(state, c.Reveal(STAR))
    assert run(state, c.FocusLane(STAR, "behov")) == [ev.LaneFocused(exercise_id=STAR, lane_id="behov")]
    assert (state.exercises[STAR].focus_lane, state.exercises[STAR].focus_note) == ("behov", None)
    run(state, c.FocusNote(STAR, "n2"))  # a note of another lane brings its lane into focus
    assert (state.exercises[STAR].focus_lane, state.exercises[STAR].focus_note) == ("bidrag", "n2")
    run(state, c.FocusNote(STAR, None))
    assert (state.exercises[STAR].focus_lane, state.exercises[STAR].focus_note) == ("bidrag", None)
    run(state, c.FocusNote(STAR, "n1"))
    run(state, c.FocusLane(STAR, None))
    assert (state.exercises[STAR].focus_lane, state.exercises[STAR].focus_note) == (None, None)


def test_asking_for_the_focus_already_shown_records_nothing() -> None:
    state = _with_notes()
    run(state, c.Reveal(STAR))
    assert run(state, c.FocusLane(STAR, None)) == []
    run(state, c.FocusLane(STAR, "behov"))
    assert run(state, c.FocusLane(STAR, "behov")) == []
    run(state, c.FocusNote(STAR, "n1"))
    assert run(state, c.FocusNote(STAR, "n1")) == []


def test_unknown_lanes_hidden_or_merged_notes_and_another_exercises_note_are_refused() -> None:
    state = _with_notes()
    run(state, c.Reveal(STAR))
    assert refused(state, c.FocusLane(STAR, "no-such-lane")).code == "unknown_lane"
    assert refused(state, c.FocusLane("no-such-exercise", "behov")).code == "unknown_exercise"
    assert refused(state, c.FocusNote(STAR, "nope")).code == "unknown_note"
    assert refused(state, c.FocusNote("kompetencemoduler", "n1")).code == "unknown_note"
    run(state, c.HideNote("n1"))
    assert refused(state, c.FocusNote(STAR, "n1")).code == "focus_note_not_shown"
    run(state, c.MergeNotes("n2", ("n1",)))
    assert refused(state, c.FocusNote(STAR, "n1")).code == "focus_note_not_shown"


def test_a_proposed_lane_can_be_focused() -> None:
    state = new_session()
    joined(state, "p1", "g1")
    writing(state, "kompetencemoduler")
    run(state, c.ProposeLane("p1", "modul-7", "kompetencemoduler", "Fra viden til praksis"))
    run(state, c.Reveal("kompetencemoduler"))
    run(state, c.FocusLane("kompetencemoduler", "modul-7"))
    assert state.exercises["kompetencemoduler"].focus_lane == "modul-7"


def test_the_focus_replays_from_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "session.sqlite3"
    live = LiveSession.open(path, make_plan())
    clock = NOW
    for command in [
        c.Join("p1", "h", "Ane", "AKM", "g1"),
        c.StartExercise(STAR),
        c.AddNote("p1", "n1", STAR, "behov", "Sparring"),
        c.Reveal(STAR),
        c.FocusLane(STAR, "behov"),
        c.FocusNote(STAR, "n1"),
    ]:
        clock += 1
        live.execute(command, now=clock)
    live.close()
    events, _ = read_events(path)
    assert [e.type for e in events][-2:] == ["lane_focused", "note_focused"]
    again = replay(events)
    assert (again.exercises[STAR].focus_lane, again.exercises[STAR].focus_note) == ("behov", "n1")
    reopened = LiveSession.open(path, make_plan())
    assert reopened.state.exercises[STAR] == again.exercises[STAR]
    reopened.close()
