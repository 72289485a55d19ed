"""The facilitator's actions, pure: typed countdowns, phases, exercises, the
names of notes, lanes, groups and people, and every typed command, run
against the real core (no journal, no UI)."""

from __future__ import annotations

import time

import pytest
from plans import make_plan, module_exercise, star_exercise

from facilitator import actions
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply
from facilitator.texts import TABLES

STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"
NOW = 1_738_670_000.0


def run(state: SessionState, command: cmd.Command) -> None:
    for event in handle(state, command, NOW):
        apply(state, event)


@pytest.fixture
def state() -> SessionState:
    state = SessionState()
    run(state, cmd.CreateSession(plan=make_plan(), code="K7M2QX9D"))
    run(state, cmd.StartExercise(STAR))
    run(state, cmd.Join("p1", "h", "Mette", "AKM", "g1"))
    run(state, cmd.Join("p2", "h", "Jens", "AIT", "g2"))
    run(state, cmd.AddNote("p1", "n1", STAR, "behov", "Sparring med andre"))
    run(state, cmd.AddNote("p2", "n2", STAR, "behov", "sparring med andre!"))
    run(state, cmd.AddNote("p2", "n3", STAR, "form", "Korte møder\nmed kaffe"))
    return state


def line(state: SessionState, text: str, language: str = "en", exercise_id: str = STAR) -> actions.Outcome:
    return actions.run_line(text, actions.Context(state, exercise_id, language, NOW, connected=3))


def do(state: SessionState, text: str) -> tuple[str, ...]:
    """Run a typed line's commands through the core, as a UI would; its answer."""
    outcome = line(state, text)
    for command in outcome.commands:
        run(state, command)
    return outcome.lines


def refusal(state: SessionState, text: str) -> str:
    with pytest.raises(DomainError) as info:
        line(state, text)
    return info.value.code


# -- countdowns ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "seconds", "extend"),
    [
        ("2", 120, False),
        ("2,5", 150, False),
        ("2.5", 150, False),
        (" 10 ", 600, False),
        ("1:30", 90, False),
        (":45", 45, False),
        ("+1", 60, True),
        ("+ 2,5", 150, True),
        ("+0:30", 30, True),
        ("180!", 10800, False),
        ("", 900, False),  # the exercise's writing_minutes (15)
    ],
)
def test_a_typed_countdown_reads_minutes_decimals_and_minutes_colon_seconds(typed: str, seconds: int, extend: bool) -> None:
    assert actions.parse_timer(typed, default_minutes=15) == actions.TimerRequest(seconds, extend)


@pytest.mark.parametrize("typed", ["stop", "STOP", "off", "fra"])
def test_stop_words_stop_the_countdown(typed: str) -> None:
    assert actions.parse_timer(typed) == actions.TimerRequest(None)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ti", "timer_unreadable"),
        ("-5", "timer_unreadable"),
        ("1:75", "timer_unreadable"),
        ("1:5", "timer_unreadable"),
        ("2,5,1", "timer_unreadable"),
        ("1e3", "timer_unreadable"),
        ("nan", "timer_unreadable"),
        ("++1", "timer_unreadable"),
        ("", "timer_unreadable"),  # no default given
        ("0", "timer_invalid"),
        ("0,001", "timer_invalid"),
        ("241", "timer_invalid"),  # over the core's four hours, even with "!"
        ("241!", "timer_invalid"),
        ("205", "timer_confirm"),  # "5" typed after a pre-filled "20": asked, not pushed to every phone
        ("+121", "timer_confirm"),
    ],
)
def test_a_countdown_that_is_not_a_time_or_too_long_is_refused_with_a_code(typed: str, code: str) -> None:
    with pytest.raises(DomainError) as info:
        actions.parse_timer(typed)
    assert info.value.code == code
    assert actions.error_text(info.value, "da") != actions.error_text(info.value, "en")


def test_the_refusal_of_a_long_countdown_says_how_to_confirm_it() -> None:
    with pytest.raises(DomainError) as info:
        actions.parse_timer("205")
    assert actions.error_text(info.value, "en") == "205 minutes is over two hours. Type 205! if you mean it."


def test_a_timer_request_becomes_set_extend_or_stop() -> None:
    assert actions.TimerRequest(90).command(STAR) == cmd.SetTimer(STAR, 90)
    assert actions.TimerRequest(60, extend=True).command(STAR) == cmd.ExtendTimer(STAR, 60)
    assert actions.TimerRequest(None).command(STAR) == cmd.SetTimer(STAR, None)


def test_timer_without_a_number_starts_the_exercises_writing_minutes(state: SessionState) -> None:
    minutes = state.exercise(STAR).options.writing_minutes  # type: ignore[union-attr]
    outcome = line(state, "timer")
    assert outcome.commands == (cmd.SetTimer(STAR, minutes * 60),)
    assert outcome.lines == (f"The countdown ends at {time.strftime('%H:%M:%S', time.localtime(NOW + minutes * 60))}.",)


def test_timer_one_thirty_sets_ninety_seconds_and_plus_one_extends(state: SessionState) -> None:
    do(state, "timer 1:30")
    assert state.exercises[STAR].timer_ends_at == NOW + 90
    do(state, "timer +1")
    assert state.exercises[STAR].timer_ends_at == NOW + 150
    assert do(state, "timer stop") == ("The countdown is stopped.",)
    assert refusal(state, "timer 1 2") == "usage"


@pytest.mark.parametrize(("ends_at", "now", "shown"), [(1000.0, 400.0, "10:00"), (1000.0, 999.2, "0:01"), (1000.0, 1200.0, "0:00")])
def test_the_countdown_reads_minutes_and_seconds_and_stops_at_zero(ends_at: float, now: float, shown: str) -> None:
    assert actions.clock_text(actions.remaining_seconds(ends_at, now)) == shown  # type: ignore[arg-type]


# -- phases and exercises --------------------------------------------------------------------


def test_phases_run_writing_voting_closed_and_skip_voting_without_dots() -> None:
    modules, star = module_exercise(), star_exercise()
    assert actions.neighbour_phase(modules, "writing", 1) == "voting"
    assert actions.neighbour_phase(star, "writing", 1) == "closed"
    assert actions.neighbour_phase(star, "closed", 1) is None
    assert actions.neighbour_phase(modules, "closed", -1) == "voting"
    assert actions.neighbour_phase(star, "not_started", -1) is None


def test_stepping_past_the_last_phase_or_exercise_is_refused_with_a_code(state: SessionState) -> None:
    assert actions.step_phase(state, STAR, 1) == cmd.SetPhase(STAR, "closed")
    run(state, cmd.SetPhase(STAR, "closed"))
    with pytest.raises(DomainError, match="no_next_phase"):
        actions.step_phase(state, STAR, 1)
    with pytest.raises(DomainError, match="no_previous_exercise"):
        actions.step_exercise(state, -1)
    assert actions.step_exercise(state, 1) == cmd.SetCurrentExercise(MODULES)
    run(state, cmd.SetCurrentExercise(MODULES))
    with pytest.raises(DomainError, match="no_next_exercise"):
        actions.step_exercise(state, 1)
    assert actions.neighbour_exercise(state, -1) == STAR
    assert actions.exercise_position(state, MODULES) == (2, 2)


def test_phase_words_next_and_back_and_a_wrong_word_shows_the_usage(state: SessionState) -> None:
    assert do(state, "phase closed") == ("The network star: closed",)
    assert do(state, "phase back") == ("The network star: writing",)
    assert refusal(state, "phase sideways") == "usage"
    with pytest.raises(DomainError) as info:
        line(state, "phase sideways")
    assert actions.error_text(info.value, "en") == "Usage: phase writing|voting|closed|next|back"


def test_start_next_and_previous_by_line(state: SessionState) -> None:
    assert refusal(state, "previous") == "no_previous_exercise"
    assert do(state, "next!") == ("Exercise 2 of 2: The competence programme",)  # the phones are writing: confirmed
    assert state.current_exercise_id == MODULES
    assert refusal(state, "next") == "no_next_exercise"
    assert do(state, "start 1") == ("Started: The network star (writing)",)
    assert state.current_exercise_id == STAR
    assert refusal(state, "start 7") == "unknown_exercise"


# -- naming things --------------------------------------------------------------------------


def test_notes_are_named_by_their_number_in_the_session_or_their_id(state: SessionState) -> None:
    assert actions.find_note(state, "2").id == "n2"
    assert actions.find_note(state, "#3").id == "n3"
    assert actions.find_note(state, "n1").id == "n1"
    assert actions.note_number(state.notes["n3"]) == 3
    with pytest.raises(DomainError, match="unknown_note"):
        actions.find_note(state, "99")
    run(state, cmd.MergeNotes("n1", ("n2",)))
    with pytest.raises(DomainError, match="unknown_note"):
        actions.find_note(state, "2")  # merged away: no longer a note of its own


def test_lanes_groups_and_people_are_named_by_number_id_or_title(state: SessionState) -> None:
    assert actions.find_lane(state, STAR, "1", "en") == "behov"
    assert actions.find_lane(state, STAR, "form", "en") == actions.find_lane(state, STAR, "FORM", "en") == "form"
    assert actions.find_group(state, "3", "da") == actions.find_group(state, "g3", "da") == actions.find_group(state, "gruppe 3", "da") == "g3"
    assert actions.find_participant(state, "2").id == "p2"
    for find, word, code in (
        (lambda w: actions.find_lane(state, STAR, w, "en"), "99", "unknown_lane"),
        (lambda w: actions.find_group(state, w, "en"), "Gruppe 9", "unknown_group"),
        (lambda w: actions.find_participant(state, w), "3", "unknown_participant"),
    ):
        with pytest.raises(DomainError, match=code):
            find(word)


def test_group_labels_are_the_plans_names_else_numbered_in_the_language() -> None:
    state = SessionState()
    run(state, cmd.CreateSession(plan=make_plan(groups=["Nord", "Syd"]), code="K7M2QX9D"))
    assert actions.group_labels(state, "da") == {"g1": "Nord", "g2": "Syd"}
    numbered = SessionState()
    run(numbered, cmd.CreateSession(plan=make_plan(groups=2), code="K7M2QX9D"))
    assert actions.group_labels(numbered, "da") == {"g1": "Gruppe 1", "g2": "Gruppe 2"}
    assert actions.group_labels(numbered, "en") == {"g1": "Group 1", "g2": "Group 2"}


def test_ids_for_what_the_facilitator_adds_come_from_the_journal_count_and_are_never_taken(state: SessionState) -> None:
    first = actions.note_for_group(state, STAR, "g3", "behov", "Fra papir")
    assert first.note_id == f"c-{state.event_count + 1}"
    assert actions.new_id(state, "c", lambda i: i in {f"c-{state.event_count + 1}"}) == f"c-{state.event_count + 2}"


# -- moderation, plenary lines, follow-ups, people by line -----------------------------------------


def test_notes_lists_the_exercises_notes_with_numbers_lanes_groups_and_marks(state: SessionState) -> None:
    do(state, "highlight 1")
    assert line(state, "notes").lines == (
        "#1 Needs · Group 1: Sparring med andre  [★]",
        "#2 Needs · Group 2: sparring med andre!",
        "#3 Form · Group 2: Korte møder ↵ med kaffe",
    )
    assert len(line(state, "notes form").lines) == 1
    assert len(line(state, "notes 2").lines) == 1  # lane 2 (Bidrag) is empty, so "2" is lane 2, not group 2
    assert line(state, "notes Group 1").lines == ("#1 Needs · Group 1: Sparring med andre  [★]",)
    assert line(state, "notes", exercise_id=MODULES).lines == ("No notes.",)


def test_highlight_hide_merge_move_and_edit_by_number(state: SessionState) -> None:
    assert do(state, "highlight 1") == ("Note #1 is highlighted.",)
    assert do(state, "highlight 1") == ("Note #1 is no longer highlighted.",)  # toggles, like the console's key
    assert do(state, "highlight 1 on") == ("Note #1 is highlighted.",)
    assert do(state, "hide 3") == ("Note #3 is hidden.",)
    assert do(state, "hide 3 off") == ("Note #3 is shown again.",)
    assert do(state, "merge 1 2") == ("1 note merged into #1.",)
    assert state.notes["n2"].merged_into == "n1"
    assert do(state, "move 3 Contributions") == ("Note #3 moved to Contributions.",)
    assert state.notes["n3"].lane_id == "bidrag"
    assert do(state, "edit 3 Korte møder med kage") == ("Note #3 changed.",)
    assert state.notes["n3"].text == "Korte møder med kage"
    for typed in ("merge 1", "move 3", "edit 3", "highlight", "hide 1 2 3"):
        assert refusal(state, typed) == "usage", typed
    assert refusal(state, "move 3 nowhere") == "unknown_lane"


def test_a_note_for_a_paper_group_names_group_lane_and_text(state: SessionState) -> None:
    assert do(state, "add 3 rammer Skriv det på tavlen") == ("Note #4 added for Group 3.",)
    note = list(state.notes.values())[-1]
    assert (note.group_id, note.lane_id, note.text, note.author_id) == ("g3", "rammer", "Skriv det på tavlen", None)
    assert refusal(state, "add 9 rammer x") == "unknown_group"
    assert refusal(state, "add 3 rammer") == "usage"


def test_plenary_lines_are_added_listed_edited_and_removed_by_number(state: SessionState) -> None:
    assert line(state, "plenum").lines == ("No summary lines yet.",)
    assert do(state, "plenum add at der er psykologisk tryghed") == ("Line 1 added.",)
    do(state, "plenum add at fysisk arbejdsmiljø ikke glemmes")
    assert do(state, "plenum edit 1 at der er tryghed i netværket") == ("Line 1 changed.",)
    assert line(state, "plenum").lines == ("1. at der er tryghed i netværket", "2. at fysisk arbejdsmiljø ikke glemmes")
    assert do(state, "plenum remove 2") == ("Line 2 deleted.",)
    assert list(state.exercises[STAR].plenum_lines.values()) == ["at der er tryghed i netværket"]
    assert refusal(state, "plenum remove 5") == "unknown_plenum_line"
    assert refusal(state, "plenum dance") == "usage"


def test_follow_ups_are_added_with_who_when_and_lane_listed_edited_and_removed(state: SessionState) -> None:
    assert line(state, "followup").lines == ("No follow-ups yet.",)
    assert do(state, "followup add Lav en fælles kalender | Mette | 1. marts | Form") == ("Follow-up 1 added.",)
    do(state, "followup add Send referatet")
    follow_ups = list(state.exercises[STAR].follow_ups.values())
    assert [(f.what, f.who, f.due, f.lane_id) for f in follow_ups] == [
        ("Lav en fælles kalender", "Mette", "1. marts", "form"),
        ("Send referatet", "", "", None),
    ]
    assert line(state, "followup").lines == ("1. Lav en fælles kalender — Mette, 1. marts (Form)", "2. Send referatet")
    assert do(state, "followup edit 2 Send referatet | Jens | fredag") == ("Follow-up 2 changed.",)
    assert state.exercises[STAR].follow_ups[follow_ups[1].id].who == "Jens"
    assert do(state, "followup remove 1") == ("Follow-up 1 deleted.",)
    assert [f.what for f in state.exercises[STAR].follow_ups.values()] == ["Send referatet"]
    assert refusal(state, "followup add | Mette") == "usage"
    assert refusal(state, "followup add a | b | c | d | e") == "usage"
    assert refusal(state, "followup add Noget | | | nowhere") == "unknown_lane"
    assert refusal(state, "followup remove 9") == "unknown_follow_up"


def test_grouped_lists_the_appendixs_automatic_groups_and_splits_or_accepts_one(state: SessionState) -> None:
    assert line(state, "grouped").lines == ("1. Needs: Sparring med andre (Group 1, Group 2; 2 wordings)",)
    assert do(state, "grouped split 1") == ("Group 1 split: each note stands alone.",)
    assert state.notes["n1"].kept_apart and state.notes["n2"].kept_apart
    assert line(state, "grouped").lines == ("No automatic groups in this exercise.",)
    run(state, cmd.KeepNotesApart(("n1", "n2"), apart=False))
    assert do(state, "grouped accept 1") == ("Group 1 accepted: the notes stay one line.",)
    assert state.notes["n2"].merged_into == "n1"
    assert refusal(state, "grouped accept 1") == "unknown_group_line"
    assert refusal(state, "grouped merge 1") == "usage"


def test_owner_gives_a_proposal_an_owner_and_headcount_a_group_its_people(state: SessionState) -> None:
    run(state, cmd.StartExercise(MODULES))
    run(state, cmd.ProposeLane("p1", "modul-7", MODULES, "Fra viden til praksis"))
    outcome = actions.run_line("owner modul-7 Anders Jacobsen, Koncern HR", actions.Context(state, MODULES, "en", NOW))
    for command in outcome.commands:
        run(state, command)
    assert state.exercises[MODULES].lane_owners == {"modul-7": "Anders Jacobsen, Koncern HR"}
    assert outcome.lines == ("Fra viden til praksis: owner Anders Jacobsen, Koncern HR.",)
    assert do(state, "headcount 2 4") == ("Group 2: 4 people.",)
    assert state.headcounts == {"g2": 4}
    assert do(state, "headcount g2 off") == ("Group 2: the phones are counted.",)
    assert state.headcounts == {}
    assert refusal(state, "headcount 2") == "usage"
    assert refusal(state, "headcount 9 4") == "unknown_group"


def test_people_are_listed_by_join_order_and_regrouped_by_number(state: SessionState) -> None:
    assert line(state, "people").lines == ("1. Mette (AKM) → Group 1", "2. Jens (AIT) → Group 2")
    assert do(state, "regroup 2 1") == ("Jens moved to Group 1.",)
    assert state.participants["p2"].group_id == "g1"
    assert refusal(state, "regroup 2") == "usage"


def test_status_reveal_and_export_by_line(state: SessionState) -> None:
    do(state, "timer 1:30")
    assert line(state, "status").lines == (
        "Exercise 1 of 2: The network star (writing)",
        "2 participants, 3 connected now, 3 notes, shown to all: no, 1:30 left",
        "Session code: K7M2QX9D",
    )
    assert do(state, "reveal") == ("The network star: every group's notes are shown",)
    assert do(state, "reveal off") == ("The network star: the notes are hidden again",)
    assert line(state, "export md da bilag/").export == ("md", "da", "bilag/")


def test_an_unknown_command_is_refused_and_an_empty_line_does_nothing(state: SessionState) -> None:
    assert refusal(state, "dance") == "unknown_command"
    assert line(state, "   ") == actions.Outcome()


# -- one table, one help text -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_help_text_lists_every_command_of_the_table_with_its_arguments(language: str) -> None:
    text = actions.help_text(language)
    lines = text.splitlines()
    for spec in actions.COMMANDS:
        assert any(line.strip().startswith(spec.usage(language)) for line in lines), spec.name
        assert spec.help(language) in text
        assert f"actions.help.{spec.name}" in TABLES[language]
        assert not spec.has_args or f"actions.args.{spec.name}" in TABLES[language]
    assert max(len(line) for line in lines) < 140


def test_typed_text_loses_control_characters_before_it_reaches_the_journal(state: SessionState) -> None:
    outcome = line(state, "plenum add at \x1b]0;title\x07vi ses")
    (command,) = outcome.commands
    assert isinstance(command, cmd.SetPlenumLine) and "\x1b" not in command.text and "\x07" not in command.text


def test_look_names_another_exercise_for_later_lines_and_look_alone_follows_the_room(state: SessionState) -> None:
    outcome = line(state, "look 2")
    assert outcome.look == MODULES and outcome.commands == ()
    assert outcome.lines == ("Looking at exercise 2 of 2: The competence programme (the room is on The network star)",)
    assert line(state, "look").look == "" and line(state, "look 1").look == ""
    assert refusal(state, "look 9") == "unknown_exercise"


def test_moving_the_room_while_phones_write_asks_for_a_bang_and_says_how_many(state: SessionState) -> None:
    with pytest.raises(DomainError) as refused:
        line(state, "next")
    assert refused.value.code == "confirm_room_move" and refused.value.params["phones"] == 3
    assert actions.error_text(refused.value, "en") == (
        "The room leaves an exercise the phones are writing or voting in (3 phones connected). Type next! to do it anyway."
    )
    assert do(state, "next!") == ("Exercise 2 of 2: The competence programme",)
    assert state.current_exercise_id == MODULES


def test_reopening_a_closed_exercise_asks_for_a_bang(state: SessionState) -> None:
    run(state, cmd.SetPhase(STAR, "closed"))
    with pytest.raises(DomainError) as refused:
        line(state, "start")
    assert refused.value.code == "confirm_reopen" and "start!" in actions.error_text(refused.value, "da")
    do(state, "start!")
    assert state.exercises[STAR].phase == "writing"


def test_no_phone_connected_moves_the_room_without_a_question(state: SessionState) -> None:
    outcome = actions.run_line("next", actions.Context(state, STAR, "en", NOW, connected=0))
    assert outcome.commands == (cmd.SetCurrentExercise(MODULES),)


def test_a_vote_on_hidden_notes_warns_that_each_group_votes_on_its_own(state: SessionState) -> None:
    run(state, cmd.StartExercise(MODULES))
    with pytest.raises(DomainError) as refused:
        line(state, "phase voting", exercise_id=MODULES)
    assert refused.value.code == "confirm_vote_hidden"
    assert "phase voting!" in actions.error_text(refused.value, "en")
    run(state, cmd.Reveal(MODULES, True))
    assert line(state, "phase voting", exercise_id=MODULES).commands == (cmd.SetPhase(MODULES, "voting"),)


def test_a_plenary_line_keeps_its_exclamation_mark(state: SessionState) -> None:
    (command,) = line(state, "plenum add vi ses igen!").commands
    assert isinstance(command, cmd.SetPlenumLine) and command.text.endswith("igen!")


def test_focus_names_a_lane_by_title_or_number_a_note_by_hash_number_and_off_clears(state: SessionState) -> None:
    run(state, cmd.Reveal(STAR))
    assert do(state, "focus 1") and state.exercises[STAR].focus_lane == "behov"
    do(state, "focus #3")
    assert (state.exercises[STAR].focus_lane, state.exercises[STAR].focus_note) == ("form", "n3")
    do(state, "focus off")
    assert state.exercises[STAR].focus_lane is None
    assert refusal(state, "focus") == "usage"
    assert refusal(state, "focus #99") == "unknown_note"
    assert refusal(state, "focus nowhere") == "unknown_lane"


def test_the_focus_keys_toggle_the_lane_or_note_already_on_the_wall(state: SessionState) -> None:
    run(state, cmd.Reveal(STAR))
    run(state, actions.focus_lane(state, STAR, "behov"))
    assert state.exercises[STAR].focus_lane == "behov"
    assert actions.focus_lane(state, STAR, "behov") == cmd.FocusLane(STAR, None)
    note = state.notes["n1"]
    run(state, actions.focus_note(state, note))
    assert state.exercises[STAR].focus_note == "n1"
    assert actions.focus_note(state, note) == cmd.FocusNote(STAR, None)
