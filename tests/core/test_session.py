"""The session's rules, driven through `handle` and `apply` alone (no I/O)."""

from __future__ import annotations

import copy
import typing

import pytest
from plans import make_plan

from facilitator.core import commands as c
from facilitator.core import events as ev
from facilitator.core.errors import DomainError
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply

STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"
NOW = 1_738_670_000.0


def run(state: SessionState, command: c.Command, now: float = NOW) -> list[ev.Event]:
    events = handle(state, command, now)
    for event in events:
        apply(state, event)
    return events


def refused(state: SessionState, command: c.Command) -> DomainError:
    before = copy.deepcopy(state)
    with pytest.raises(DomainError) as info:
        handle(state, command, NOW)
    assert state == before
    return info.value


def new_session(**plan_options: object) -> SessionState:
    state = SessionState()
    run(state, c.CreateSession(plan=make_plan(**plan_options), code="K7M2QX9D"))
    return state


def joined(state: SessionState, pid: str, group: str | None = None, unit: str | None = "AKM") -> str:
    run(state, c.Join(pid, secret_hash="h-" + pid, name=f"Navn {pid}", unit=unit, group_id=group))
    return state.participants[pid].group_id


def writing(state: SessionState, exercise: str = STAR) -> None:
    run(state, c.StartExercise(exercise))


def test_commands_before_the_session_exists_are_refused() -> None:
    assert refused(SessionState(), c.Join("p1", secret_hash="h", name="A")).code == "no_session"


def test_a_session_starts_on_its_first_exercise_not_started() -> None:
    state = new_session()
    assert state.current_exercise_id == STAR
    assert state.exercises[STAR].phase == "not_started"
    assert [g.id for g in state.groups] == ["g1", "g2", "g3", "g4", "g5"]


def test_joining_needs_a_name_when_the_plan_asks_for_names() -> None:
    state = new_session()
    assert refused(state, c.Join("p1", secret_hash="h", name="  ", unit="AKM")).code == "name_required"


def test_a_name_nobody_asked_for_is_not_kept() -> None:
    state = new_session(ask_names=False)
    run(state, c.Join("p1", secret_hash="h", name="Katrine", unit="AKM"))
    assert state.participants["p1"].name is None


def test_joining_with_a_unit_outside_the_plans_list_is_refused() -> None:
    state = new_session()
    assert refused(state, c.Join("p1", secret_hash="h", name="A", unit="NASA")).code == "unknown_unit"


def test_automatic_placement_balances_group_sizes() -> None:
    state = new_session(units=[])
    groups = [joined(state, f"p{i}", unit=None) for i in range(12)]
    sizes = sorted(groups.count(g) for g in {"g1", "g2", "g3", "g4", "g5"})
    assert sizes == [2, 2, 2, 3, 3]


def test_automatic_placement_mixes_units_across_groups() -> None:
    state = new_session(groups=2)
    joined(state, "a1", unit="AKM")
    joined(state, "b1", unit="AIT")
    # both groups have one member; the next AKM person goes where there is no AKM yet
    assert joined(state, "a2", unit="AKM") == state.participants["b1"].group_id


def test_a_participant_may_pick_their_group() -> None:
    state = new_session()
    assert joined(state, "p1", group="g4") == "g4"
    assert refused(state, c.Join("p2", secret_hash="h", name="B", unit="AKM", group_id="g9")).code == "unknown_group"


def test_notes_can_only_be_written_in_the_writing_phase() -> None:
    state = new_session()
    joined(state, "p1")
    note = c.AddNote("p1", note_id="n1", exercise_id=STAR, lane_id="behov", text="Sparring")
    assert refused(state, note).code == "phase_closed"
    writing(state)
    assert run(state, note)[0].text == "Sparring"
    run(state, c.SetPhase(STAR, "closed"))
    assert refused(state, c.AddNote("p1", "n2", STAR, "behov", "Mere")).code == "phase_closed"


def test_a_note_over_the_exercises_limit_is_refused_with_length_and_limit() -> None:
    state = new_session(star_options={"max_note_length": 40})
    joined(state, "p1")
    writing(state)
    error = refused(state, c.AddNote("p1", "n1", STAR, "behov", "x" * 41))
    assert error.code == "note_too_long"
    assert error.params == {"length": 41, "limit": 40}


def test_a_note_into_an_unknown_lane_is_refused() -> None:
    state = new_session()
    joined(state, "p1")
    writing(state)
    assert refused(state, c.AddNote("p1", "n1", STAR, "ukendt", "tekst")).code == "unknown_lane"


def test_a_note_sent_twice_is_stored_once() -> None:
    state = new_session()
    joined(state, "p1")
    writing(state)
    note = c.AddNote("p1", "n1", STAR, "behov", "Psykologisk tryghed")
    assert len(run(state, note)) == 1
    assert run(state, note) == []
    assert len(state.notes) == 1


def test_a_note_id_taken_by_someone_else_is_refused() -> None:
    state = new_session()
    joined(state, "p1")
    joined(state, "p2")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "A"))
    assert refused(state, c.AddNote("p2", "n1", STAR, "behov", "B")).code == "note_exists"


def test_participants_edit_and_delete_only_their_own_notes_while_writing() -> None:
    state = new_session()
    joined(state, "p1", group="g1")
    joined(state, "p2", group="g1")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    assert refused(state, c.EditNote("p2", "n1", "Mit")).code == "not_your_note"
    assert refused(state, c.DeleteNote("p2", "n1")).code == "not_your_note"
    run(state, c.EditNote("p1", "n1", "Sparring med andre AMK'ere"))
    assert state.notes["n1"].text == "Sparring med andre AMK'ere"
    run(state, c.DeleteNote("p1", "n1"))
    assert state.notes["n1"].deleted
    assert run(state, c.DeleteNote("p1", "n1")) == []  # a resent delete changes nothing


def test_round_robin_lanes_are_shared_out_among_groups() -> None:
    state = new_session(groups=2, star_options={"lane_assignment": "round_robin"})
    joined(state, "p1", group="g1")
    joined(state, "p2", group="g2")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "ok"))  # lane 0 -> group 1
    assert refused(state, c.AddNote("p2", "n2", STAR, "behov", "nej")).code == "lane_not_for_group"
    run(state, c.AddNote("p2", "n3", STAR, "bidrag", "ok"))  # lane 1 -> group 2


def test_voting_respects_phase_dots_and_one_dot_per_note() -> None:
    state = new_session(module_options={"dots_per_participant": 2})
    joined(state, "p1", group="g1")
    writing(state, MODULES)
    for i, lane in enumerate(["sexisme", "balance", "neurodiversitet"]):
        run(state, c.AddNote("p1", f"n{i}", MODULES, lane, f"Input {i}"))
    assert refused(state, c.CastVote("p1", "n0")).code == "voting_closed"
    run(state, c.SetPhase(MODULES, "voting"))
    run(state, c.CastVote("p1", "n0"))
    assert run(state, c.CastVote("p1", "n0")) == []  # one dot per note: a second vote is the first one resent
    run(state, c.CastVote("p1", "n1"))
    assert refused(state, c.CastVote("p1", "n2")).code == "dots_used_up"
    run(state, c.RemoveVote("p1", "n0"))
    run(state, c.CastVote("p1", "n2"))
    assert state.votes["p1"] == {"n1", "n2"}


def test_a_request_resent_after_its_phase_closed_is_done_already_and_changes_nothing() -> None:
    """Every phone request is idempotent: what is already so is acknowledged
    in any phase; only a change needs its phase."""
    state = new_session(module_options={"dots_per_participant": 2})
    joined(state, "p1", group="g1")
    writing(state, MODULES)
    for note_id in ("n1", "n2", "n3"):
        run(state, c.AddNote("p1", note_id, MODULES, "sexisme", f"Input {note_id}"))
    run(state, c.EditNote("p1", "n1", "Rettet"))
    run(state, c.DeleteNote("p1", "n2"))
    run(state, c.SetPhase(MODULES, "voting"))
    run(state, c.CastVote("p1", "n3"))
    run(state, c.SetPhase(MODULES, "closed"))
    before = copy.deepcopy(state)
    for resent in (
        c.AddNote("p1", "n1", MODULES, "sexisme", "Input n1"),
        c.EditNote("p1", "n1", "  Rettet "),
        c.DeleteNote("p1", "n2"),
        c.CastVote("p1", "n3"),
        c.RemoveVote("p1", "n1"),
    ):
        assert run(state, resent) == [], resent
    assert state == before
    assert refused(state, c.EditNote("p1", "n1", "Rettet igen")).code == "phase_closed"
    assert refused(state, c.DeleteNote("p1", "n1")).code == "phase_closed"
    assert refused(state, c.CastVote("p1", "n1")).code == "voting_closed"
    assert refused(state, c.RemoveVote("p1", "n3")).code == "voting_closed"


def test_a_proposed_lane_takes_notes_only_from_those_who_may_see_it() -> None:
    state = new_session()  # visibility "group": a group sees its own work until the reveal
    joined(state, "p1", group="g1")
    joined(state, "p2", group="g1")
    joined(state, "p3", group="g2")
    writing(state, MODULES)
    run(state, c.ProposeLane("p1", "modul-7", MODULES, "Fra viden til praksis"))
    run(state, c.AddNote("p2", "n1", MODULES, "modul-7", "Same group: sees it, writes on it"))
    assert refused(state, c.AddNote("p3", "n2", MODULES, "modul-7", "Cannot see it")).code == "unknown_lane"
    run(state, c.Reveal(MODULES, True))
    run(state, c.AddNote("p3", "n2", MODULES, "modul-7", "Sees it after the reveal"))
    assert state.notes["n2"].lane_id == "modul-7"


def test_a_proposal_under_hidden_visibility_is_its_authors_alone_until_the_reveal() -> None:
    state = new_session(module_options={"visibility": "hidden"})
    joined(state, "p1", group="g1")
    joined(state, "p2", group="g1")
    writing(state, MODULES)
    run(state, c.ProposeLane("p1", "modul-7", MODULES, "Fra viden til praksis"))
    run(state, c.AddNote("p1", "n1", MODULES, "modul-7", "The author writes on it"))
    assert refused(state, c.AddNote("p2", "n2", MODULES, "modul-7", "A group mate cannot see it")).code == "unknown_lane"


def test_an_exercise_without_dots_cannot_enter_voting() -> None:
    state = new_session()
    assert refused(state, c.SetPhase(STAR, "voting")).code == "phase_invalid"


def test_the_facilitator_may_go_back_a_phase() -> None:
    state = new_session()
    writing(state)
    run(state, c.SetPhase(STAR, "closed"))
    run(state, c.SetPhase(STAR, "writing"))
    assert state.exercises[STAR].phase == "writing"


def test_a_timer_is_an_end_time_that_can_be_extended_and_stopped() -> None:
    state = new_session()
    run(state, c.SetTimer(STAR, 600), now=1000.0)
    assert state.exercises[STAR].timer_ends_at == 1600.0
    run(state, c.ExtendTimer(STAR, 120), now=1100.0)
    assert state.exercises[STAR].timer_ends_at == 1720.0
    run(state, c.SetTimer(STAR, None))
    assert state.exercises[STAR].timer_ends_at is None
    assert refused(state, c.ExtendTimer(STAR, 60)).code == "timer_not_running"


def test_proposals_need_the_exercise_to_allow_them() -> None:
    state = new_session()
    joined(state, "p1")
    writing(state)
    proposal = c.ProposeLane("p1", lane_id="modul-7", exercise_id=STAR, title="Modul 7")
    assert refused(state, proposal).code == "proposals_not_allowed"


def test_a_proposed_module_becomes_a_lane_notes_can_go_to() -> None:
    state = new_session()
    joined(state, "p1")
    writing(state, MODULES)
    run(state, c.ProposeLane("p1", "modul-7", MODULES, "Fra viden til praksis", "Opsamling og erfaringer"))
    run(state, c.AddNote("p1", "n1", MODULES, "modul-7", "Erfaringsudveksling efter forløbet"))
    assert state.notes["n1"].lane_id == "modul-7"


def test_moderation_hides_moves_merges_and_highlights_notes() -> None:
    state = new_session()
    joined(state, "p1", group="g1")
    joined(state, "p2", group="g2")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "Psykologisk tryghed"))
    run(state, c.AddNote("p2", "n2", STAR, "behov", "psykologisk tryghed!"))
    run(state, c.AddNote("p2", "n3", STAR, "form", "Mødes 4 gange om året"))
    run(state, c.HideNote("n3"))
    run(state, c.MoveNote("n3", "rammer"))
    run(state, c.MergeNotes("n1", ("n2",)))
    run(state, c.HighlightNote("n1"))
    run(state, c.ModerateEdit("n1", "Psykologisk tryghed i netværket"))
    assert state.notes["n3"].hidden and state.notes["n3"].lane_id == "rammer"
    assert state.notes["n2"].merged_into == "n1"
    assert state.notes["n1"].highlighted and state.notes["n1"].text == "Psykologisk tryghed i netværket"
    assert refused(state, c.MergeNotes("n1", ("n1",))).code == "merge_invalid"
    assert refused(state, c.MergeNotes("n1", ("n2",))).code == "merge_invalid"


def test_plenum_lines_are_kept_in_order_and_editable() -> None:
    state = new_session()
    run(state, c.SetPlenumLine(STAR, "l1", "at det er vigtigt med psykologisk tryghed"))
    run(state, c.SetPlenumLine(STAR, "l2", "at fysisk arbejdsmiljø ikke glemmes"))
    run(state, c.SetPlenumLine(STAR, "l1", "at der er psykologisk tryghed i netværket"))
    assert list(state.exercises[STAR].plenum_lines.values()) == [
        "at der er psykologisk tryghed i netværket",
        "at fysisk arbejdsmiljø ikke glemmes",
    ]
    run(state, c.RemovePlenumLine(STAR, "l2"))
    assert refused(state, c.RemovePlenumLine(STAR, "l2")).code == "unknown_plenum_line"


def test_follow_ups_are_kept_in_order_editable_and_removable() -> None:
    state = new_session()
    run(state, c.SetFollowUp(STAR, "f1", "  Lav en fælles kalender ", "Mette", "1. marts"))
    run(state, c.SetFollowUp(STAR, "f2", "Spørg AIT om lokaler", "", "", "rammer"))
    run(state, c.SetFollowUp(STAR, "f1", "Lav en fælles kalender", "Mette og Jens", "1. marts"))
    follow_ups = state.exercises[STAR].follow_ups
    assert list(follow_ups) == ["f1", "f2"]
    assert (follow_ups["f1"].what, follow_ups["f1"].who, follow_ups["f1"].due) == ("Lav en fælles kalender", "Mette og Jens", "1. marts")
    assert follow_ups["f2"].lane_id == "rammer" and follow_ups["f2"].exercise_id == STAR
    assert run(state, c.SetFollowUp(STAR, "f2", "Spørg AIT om lokaler", "", "", "rammer")) == []
    run(state, c.RemoveFollowUp(STAR, "f1"))
    assert list(state.exercises[STAR].follow_ups) == ["f2"]


def test_a_follow_up_without_what_or_on_an_unknown_lane_is_refused() -> None:
    state = new_session()
    assert refused(state, c.SetFollowUp(STAR, "f1", "   ", "Mette")).code == "follow_up_empty"
    assert refused(state, c.SetFollowUp(STAR, "f1", "Noget", lane_id="modul-99")).code == "unknown_lane"
    assert refused(state, c.SetFollowUp(STAR, "f1", "Noget", who="x" * 201)).code == "follow_up_too_long"
    assert refused(state, c.SetFollowUp(STAR, "bad id!", "Noget")).code == "bad_id"
    assert refused(state, c.SetFollowUp("nope", "f1", "Noget")).code == "unknown_exercise"
    assert refused(state, c.RemoveFollowUp(STAR, "f9")).code == "unknown_follow_up"


def test_the_facilitator_adds_a_note_for_a_group_that_used_paper() -> None:
    state = new_session()
    run(state, c.AddNoteForGroup("p-1", STAR, "indhold", "g3", "Alene-arbejde som tema"))
    note = state.notes["p-1"]
    assert note.group_id == "g3" and note.author_id is None


def test_moving_a_participant_keeps_their_notes_with_the_group_that_wrote_them() -> None:
    state = new_session()
    joined(state, "p1", group="g1")
    writing(state)
    run(state, c.AddNote("p1", "n1", STAR, "behov", "Sparring"))
    run(state, c.MoveParticipant("p1", "g2"))
    assert state.participants["p1"].group_id == "g2"
    assert state.notes["n1"].group_id == "g1"


def test_a_participant_who_left_cannot_write() -> None:
    state = new_session()
    joined(state, "p1")
    writing(state)
    run(state, c.Leave("p1"))
    assert refused(state, c.AddNote("p1", "n1", STAR, "behov", "x")).code == "participant_left"


def test_a_domain_error_carries_its_code_and_params_and_logs_without_a_language() -> None:
    error = DomainError("dots_used_up", limit=3)
    assert (error.code, error.params) == ("dots_used_up", {"limit": 3})
    assert str(error) == "dots_used_up (limit=3)"
    assert str(DomainError("note_empty")) == "note_empty"


def test_every_command_class_is_in_the_command_union_that_handle_matches_on() -> None:
    classes = {
        value for value in vars(c).values()
        if isinstance(value, type) and issubclass(value, (c.ParticipantCommand, c.FacilitatorCommand))
    } - {c.ParticipantCommand, c.FacilitatorCommand}
    assert set(typing.get_args(c.Command)) == classes
    assert set(typing.get_args(c.AnyParticipantCommand)) == {k for k in classes if issubclass(k, c.ParticipantCommand)}


def test_a_note_of_only_zero_width_joiners_is_refused_as_empty_when_added_or_edited() -> None:
    """The counting rule skips a note with nothing to read, so the core must
    not store one: otherwise the phone says "saved" and the appendix leaves it out."""
    state = new_session()
    joined(state, "p1")
    writing(state)
    for text in ("\u200d", "\u200d\u200d \u200b", "\u2060\u200c"):
        assert refused(state, c.AddNote("p1", "n1", STAR, "behov", text)).code == "note_empty"
    run(state, c.AddNote("p1", "n1", STAR, "behov", "👩\u200d👩\u200d👧"))  # a joiner inside an emoji is text
    assert state.notes["n1"].text == "👩\u200d👩\u200d👧"
    assert refused(state, c.EditNote("p1", "n1", "\u200d")).code == "note_empty"
