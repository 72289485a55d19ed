"""Headless mode's typed commands, run against a real live session and journal."""

from __future__ import annotations

import time

import pytest
from plans import make_plan

from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.headless import Controls
from facilitator.journal import read_events
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"


@pytest.fixture
def session(tmp_path):
    live = LiveSession.open(tmp_path / "meeting.sqlite3", make_plan())
    yield live
    live.close()


@pytest.fixture
def controls(session, tmp_path):
    return Controls(session, "en", connected=lambda: 7, export_dir=tmp_path / "out")


def test_start_opens_the_current_exercise_for_writing_and_is_journaled(controls, session):
    assert controls.run("start") == ["Started: The network star (writing)"]
    assert session.state.exercises[STAR].phase == "writing"
    events, _ = read_events(session.journal.path)
    assert [e.type for e in events][-1] == "phase_set"


def test_phase_changes_go_through_the_core_and_bad_phases_say_how(controls, session):
    controls.run("start")
    assert controls.run("phase closed") == ["The network star: closed"]
    assert session.state.exercises[STAR].phase == "closed"
    assert controls.run("phase sideways") == ["Usage: phase writing|voting|closed|next|back"]
    assert controls.run("phase voting") == ["This exercise has no voting, so it cannot go to the voting phase."]
    assert session.state.exercises[STAR].phase == "closed"


def test_reveal_and_reveal_off(controls, session):
    assert controls.run("reveal") == ["The network star: every group's notes are shown"]
    assert session.state.exercises[STAR].revealed is True
    assert controls.run("reveal off") == ["The network star: the notes are hidden again"]
    assert session.state.exercises[STAR].revealed is False


def test_timer_sets_extends_and_stops_an_end_time(controls, session):
    controls.run("start")
    before = time.time()
    [reply] = controls.run("timer 10")
    ends_at = session.state.exercises[STAR].timer_ends_at
    assert ends_at is not None and before + 600 <= ends_at <= time.time() + 600
    assert reply == f"The countdown ends at {time.strftime('%H:%M:%S', time.localtime(ends_at))}."
    controls.run("timer +2,5")
    assert session.state.exercises[STAR].timer_ends_at == pytest.approx(ends_at + 150)
    assert controls.run("timer stop") == ["The countdown is stopped."]
    assert session.state.exercises[STAR].timer_ends_at is None
    assert controls.run("timer stop") == ["No countdown is running."]
    assert controls.run("timer soon") == ["“soon” is not a time. Type minutes: 5, 2.5 or 1:30; +1 extends; stop stops."]
    assert controls.run("timer -5") == ["“-5” is not a time. Type minutes: 5, 2.5 or 1:30; +1 extends; stop stops."]
    assert session.state.exercises[STAR].timer_ends_at is None


def test_next_and_previous_move_between_the_plans_exercises(controls, session):
    assert controls.run("previous") == ["This is the first exercise."]
    assert controls.run("next") == ["Exercise 2 of 2: The competence programme"]
    assert session.state.current_exercise_id == "kompetencemoduler"
    assert controls.run("next") == ["This is the last exercise."]
    assert controls.run("previous") == ["Exercise 1 of 2: The network star"]


def test_status_tells_where_the_meeting_is(controls, session):
    controls.run("start")
    session.execute(cmd.Join("p1", "h", "Mette", "AKM", "g1"))
    session.execute(cmd.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    lines = controls.run("status")
    assert lines == [
        "Exercise 1 of 2: The network star (writing)",
        "1 participant, 7 connected now, 1 note, shown to all: no, no countdown",  # singular forms
        f"Session code: {session.state.code}",
    ]


def test_help_lists_every_command_and_unknown_commands_point_to_it(controls):
    text = "\n".join(controls.run("help"))
    for word in ("status", "start", "phase", "reveal", "timer", "next", "previous", "export", "help"):
        assert word in text
    assert controls.run("dance") == ["Unknown command: dance. Type help for the commands."]
    assert controls.run("   ") == []


def test_controls_speak_danish_by_default(session):
    assert Controls(session, "da").run("start") == ["Startet: Netværksstjernen (skrivefase)"]


def test_export_writes_the_appendix_files_from_the_journal(controls, session, tmp_path):
    controls.run("start")
    session.execute(cmd.Join("p1", "h", "Mette", "AKM", "g1"))
    session.execute(cmd.AddNote("p1", "n1", STAR, "behov", "Sparring med andre"))
    lines = controls.run(f"export md,json da {tmp_path / 'bilag'}")
    assert lines[0] == "2 files written:", lines
    written = sorted((tmp_path / "bilag").iterdir())
    assert sorted(p.suffix for p in written) == [".json", ".md"]
    assert "Sparring med andre" in next(p for p in written if p.suffix == ".md").read_text()


def test_look_lets_headless_write_another_exercises_plenary_lines_while_the_room_stays(controls, session):
    controls.run("look kompetencemoduler")
    assert controls.run("plenum add at modulerne hænger sammen") == ["Line 1 added."]
    assert list(session.state.exercises["kompetencemoduler"].plenum_lines.values()) == ["at modulerne hænger sammen"]
    assert session.state.current_exercise_id == STAR
    assert controls.run("look") == ["Following the room: exercise 1 of 2: The network star"]
    assert controls.run("plenum") == ["No summary lines yet."]


def test_lock_and_unlock_close_and_open_the_door_to_newcomers_and_are_journaled(controls, session):
    assert controls.run("lock") == ["Joining is locked: new participants are refused; those in can still come back."]
    with pytest.raises(DomainError) as refused:
        session.execute(cmd.Join("p_new", secret_hash="h", name="Ny", unit="AKM"))
    assert refused.value.code == "joining_locked"
    assert controls.run("addresses")[0] == "Joining is locked."
    assert controls.run("unlock") == ["Joining is open again."]
    session.execute(cmd.Join("p_new", secret_hash="h", name="Ny", unit="AKM"))
    events, _ = read_events(session.journal.path)
    assert [e.locked for e in events if e.type == "joining_locked"] == [True, False]


def test_remove_takes_a_participant_out_with_or_without_their_notes_and_says_which(controls, session):
    session.execute(cmd.StartExercise(STAR))
    for pid in ("p_one", "p_two"):
        session.execute(cmd.Join(pid, secret_hash="h", name=pid, unit="AKM", group_id="g1"))
        session.execute(cmd.AddNote(pid, f"n_{pid}", STAR, "behov", "Tekst"))
    assert controls.run("remove 1") == ["Usage: remove PARTICIPANT keep|drop"]
    assert controls.run("remove 1 keep") == ["p_one is out of the meeting; their dots are gone, their notes stay."]
    assert controls.run("remove 2 drop") == ["p_two is out of the meeting; their dots and notes are gone."]
    notes = session.state.notes
    assert not notes["n_p_one"].deleted and notes["n_p_two"].deleted


def test_addresses_lists_participants_per_address_and_flags_one_above_the_plans_limit(session):
    counts = {"10.0.0.7": 4, "10.0.0.8": 1}
    controls = Controls(session, "en", per_address=lambda: counts)
    assert controls.run("addresses") == [
        "Joining is open.",
        "10.0.0.7: 4 participants  [more than the plan's 3]",
        "10.0.0.8: 1 participant",
    ]


def test_focus_puts_a_lane_or_a_note_on_the_wall_and_off_clears_it(controls, session):
    controls.run("start")
    session.execute(cmd.Join("p1", "h", "Ane", "AKM", "g1"))
    session.execute(cmd.AddNote("p1", "n1", STAR, "behov", "Sparring med andre"))
    assert controls.run("focus Needs") == ["Reveal the notes first: the wall shows no group's notes before that."]
    assert session.state.exercises[STAR].focus_lane is None
    controls.run("reveal")
    assert controls.run("focus Needs") == ["The wall shows Needs in focus."]
    assert session.state.exercises[STAR].focus_lane == "behov"
    assert controls.run("focus #1") == ["The wall shows note #1 full-screen."]
    assert session.state.exercises[STAR].focus_note == "n1"
    assert controls.run("focus off") == ["The wall shows its normal view again."]
    assert (session.state.exercises[STAR].focus_lane, session.state.exercises[STAR].focus_note) == (None, None)
    assert controls.run("focus") == ["Usage: focus LANE|#NOTE|off"]
    events, _ = read_events(session.journal.path)
    assert [e.type for e in events][-3:] == ["lane_focused", "note_focused", "lane_focused"]
