"""What the appendix says, decided once in the model: which notes, in which
order, attributed to which groups, with how many votes."""

from __future__ import annotations

import pytest
from export_helpers import Meeting

from facilitator.core import commands as cmd
from facilitator.core import events as ev
from facilitator.core.errors import DomainError
from facilitator.core.state import apply
from facilitator.export.labels import Labels
from facilitator.export.model import build_appendix, clean_text


def _lane(appendix, exercise_id: str, lane_id: str):
    exercise = next(ex for ex in appendix.exercises if ex.id == exercise_id)
    return next(lane for lane in (*exercise.lanes, *exercise.proposed_lanes) if lane.id == lane_id)


def test_near_identical_notes_from_several_groups_are_shown_once_with_every_group(meeting: Meeting) -> None:
    a, b, c = meeting.join(1, "g1"), meeting.join(1, "g3"), meeting.join(1, "g5")
    meeting.note("n1", a[0], "Psykologisk tryghed i netværket")
    meeting.note("n2", b[0], "psykologisk tryghed i netværket!")
    meeting.note("n3", c[0], "Psykologisk trygehd i netværk")
    appendix = build_appendix(meeting.state)
    lane = _lane(appendix, "netvaerksstjernen", "behov")
    assert len(lane.entries) == 1
    entry = lane.entries[0]
    assert entry.text == "Psykologisk tryghed i netværket"
    assert entry.group_ids == ("g1", "g3", "g5")
    assert entry.auto_grouped and not entry.merged_by_facilitator
    assert Labels(appendix).raised_by(entry) == "nævnt af 3 grupper: Gruppe 1, 3 og 5"
    assert lane.note_count == 3


def test_physical_and_psychological_notes_stay_apart(meeting: Meeting) -> None:
    a, b = meeting.join(1, "g1"), meeting.join(1, "g2")
    meeting.note("n1", a[0], "Mere fokus på fysisk arbejdsmiljø")
    meeting.note("n2", b[0], "Mere fokus på psykisk arbejdsmiljø")
    lane = _lane(build_appendix(meeting.state), "netvaerksstjernen", "behov")
    assert [e.text for e in lane.entries] == ["Mere fokus på fysisk arbejdsmiljø", "Mere fokus på psykisk arbejdsmiljø"]


def _module_meeting(meeting: Meeting) -> dict[str, list[str]]:
    people = {g: meeting.join(2, g, prefix=f"{g}-") for g in ("g1", "g2", "g3", "g4", "g5")}
    meeting.do(cmd.StartExercise("kompetencemoduler"))
    return people


def _write(meeting: Meeting, note_id: str, pid: str, text: str) -> None:
    meeting.note(note_id, pid, text, lane_id="balance", exercise_id="kompetencemoduler")


def _vote(meeting: Meeting, pid: str, note_id: str) -> None:
    meeting.do(cmd.CastVote(participant_id=pid, note_id=note_id))


def _start_voting(meeting: Meeting) -> None:
    meeting.do(cmd.Reveal("kompetencemoduler"))
    meeting.do(cmd.SetPhase("kompetencemoduler", "voting"))


def test_lane_order_is_votes_then_number_of_groups_then_arrival(meeting: Meeting) -> None:
    p = _module_meeting(meeting)
    _write(meeting, "n1", p["g1"][0], "Italesætte stress tidligt")
    _write(meeting, "n2", p["g2"][0], "Forebyggelse af stress")
    _write(meeting, "n3", p["g3"][0], "forebyggelse af stress.")
    _write(meeting, "n4", p["g4"][0], "Proaktive indsatser til stressreduktion")
    _write(meeting, "n5", p["g5"][0], "Færre møder i travle perioder")
    _write(meeting, "n6", p["g1"][1], "Hjælp til at sige fra")
    _start_voting(meeting)
    for pid in (p["g1"][0], p["g2"][0], p["g3"][0]):
        _vote(meeting, pid, "n5")
    _vote(meeting, p["g4"][0], "n4")
    appendix = build_appendix(meeting.state)
    lane = _lane(appendix, "kompetencemoduler", "balance")
    assert [(e.text, e.votes, len(e.group_ids)) for e in lane.entries] == [
        ("Færre møder i travle perioder", 3, 1),
        ("Proaktive indsatser til stressreduktion", 1, 1),
        ("Forebyggelse af stress", 0, 2),
        ("Italesætte stress tidligt", 0, 1),
        ("Hjælp til at sige fra", 0, 1),
    ]
    labels = Labels(appendix)
    assert labels.entry_meta(lane.entries[0]) == ["Gruppe 5", "3 stemmer"]
    assert labels.entry_meta(lane.entries[1]) == ["Gruppe 4", "1 stemme"]


def test_a_participant_who_voted_for_two_grouped_notes_counts_once(meeting: Meeting) -> None:
    p = _module_meeting(meeting)
    _write(meeting, "n1", p["g1"][0], "Forebyggelse af stress")
    _write(meeting, "n2", p["g2"][0], "Forebyggelse af stres")
    _start_voting(meeting)
    _vote(meeting, p["g3"][0], "n1")
    _vote(meeting, p["g3"][0], "n2")
    _vote(meeting, p["g4"][0], "n2")
    (entry,) = _lane(build_appendix(meeting.state), "kompetencemoduler", "balance").entries
    assert entry.votes == 2


def test_votes_on_a_note_merged_by_the_facilitator_count_for_the_kept_note(meeting: Meeting) -> None:
    p = _module_meeting(meeting)
    _write(meeting, "n1", p["g4"][0], "Inddrage og uddanne ledelsen")
    _write(meeting, "n2", p["g5"][0], "Ledelsen skal klædes på")
    _start_voting(meeting)
    _vote(meeting, p["g1"][0], "n1")
    _vote(meeting, p["g2"][0], "n2")
    _vote(meeting, p["g3"][0], "n2")
    _vote(meeting, p["g3"][0], "n1")
    meeting.do(cmd.MergeNotes(note_id="n1", merged_ids=("n2",)))
    (entry,) = _lane(build_appendix(meeting.state), "kompetencemoduler", "balance").entries
    assert (entry.text, entry.votes, entry.group_ids) == ("Inddrage og uddanne ledelsen", 3, ("g4", "g5"))


def test_hidden_and_deleted_notes_are_left_out(meeting: Meeting) -> None:
    a, b = meeting.join(1, "g1"), meeting.join(1, "g2")
    meeting.note("n1", a[0], "Sparring med andre AMK'ere")
    meeting.note("n2", b[0], "Hvem har lånt min oplader?")
    meeting.note("n3", b[0], "Skrevet ved en fejl")
    meeting.do(cmd.HideNote("n2"))
    meeting.do(cmd.DeleteNote(participant_id=b[0], note_id="n3"))
    appendix = build_appendix(meeting.state)
    lane = _lane(appendix, "netvaerksstjernen", "behov")
    assert [e.text for e in lane.entries] == ["Sparring med andre AMK'ere"]
    assert lane.note_count == 1 and lane.group_ids == ("g1",)
    assert "oplader" not in str(appendix.to_dict())


def test_a_merge_into_a_hidden_note_is_hidden_with_it(meeting: Meeting) -> None:
    a, b = meeting.join(1, "g1"), meeting.join(1, "g2")
    meeting.note("n1", a[0], "Et personligt angreb")
    meeting.note("n2", b[0], "Samme angreb med andre ord")
    meeting.do(cmd.MergeNotes(note_id="n1", merged_ids=("n2",)))
    meeting.do(cmd.HideNote("n1"))
    assert _lane(build_appendix(meeting.state), "netvaerksstjernen", "behov").entries == ()


def test_a_hidden_note_merged_into_another_does_not_count_its_group(meeting: Meeting) -> None:
    a, b = meeting.join(1, "g1"), meeting.join(1, "g2")
    meeting.note("n1", a[0], "Drøftelser i mindre grupper")
    meeting.note("n2", b[0], "Små grupper – og så er Peter dum")
    meeting.do(cmd.MergeNotes(note_id="n1", merged_ids=("n2",)))
    meeting.do(cmd.HideNote("n2"))
    (entry,) = _lane(build_appendix(meeting.state), "netvaerksstjernen", "behov").entries
    assert entry.group_ids == ("g1",)
    assert "Peter" not in str(entry)


def test_facilitator_merges_are_used_as_made_showing_the_kept_wording(meeting: Meeting) -> None:
    a, b = meeting.join(1, "g2"), meeting.join(1, "g4")
    meeting.note("n1", a[0], "Klarhed over roller, ansvar og opgaver")
    meeting.note("n2", b[0], "Vide hvem der har ansvaret – AMO eller LSU?")
    meeting.do(cmd.MergeNotes(note_id="n1", merged_ids=("n2",)))
    (entry,) = _lane(build_appendix(meeting.state), "netvaerksstjernen", "behov").entries
    assert entry.text == "Klarhed over roller, ansvar og opgaver"
    assert entry.group_ids == ("g2", "g4")
    assert entry.merged_by_facilitator
    assert entry.variants == ("Vide hvem der har ansvaret – AMO eller LSU?",)
    assert entry.note_ids == ("n1", "n2")


def test_merged_notes_still_count_when_the_kept_note_is_deleted_by_its_author(meeting: Meeting) -> None:
    a, b, c = meeting.join(1, "g1"), meeting.join(1, "g2"), meeting.join(1, "g3")
    meeting.note("n1", a[0], "Fire møder om året")
    meeting.note("n2", b[0], "Behold de 4 årlige møder")
    meeting.note("n3", c[0], "Fortsæt med fire møder årligt")
    meeting.do(cmd.MergeNotes(note_id="n1", merged_ids=("n2", "n3")))
    meeting.do(cmd.DeleteNote(participant_id=a[0], note_id="n1"))
    (entry,) = _lane(build_appendix(meeting.state), "netvaerksstjernen", "behov").entries
    assert entry.text == "Behold de 4 årlige møder"
    assert entry.group_ids == ("g2", "g3")


def test_a_moved_note_appears_under_its_new_lane(meeting: Meeting) -> None:
    a = meeting.join(1, "g1")
    meeting.note("n1", a[0], "4 møder om året")
    meeting.do(cmd.MoveNote(note_id="n1", lane_id="rammer"))
    appendix = build_appendix(meeting.state)
    assert _lane(appendix, "netvaerksstjernen", "behov").entries == ()
    assert [e.text for e in _lane(appendix, "netvaerksstjernen", "rammer").entries] == ["4 møder om året"]


def test_control_characters_never_reach_the_appendix_even_from_an_older_journal(meeting: Meeting) -> None:
    assert clean_text("klokke\x07 og\x0b lodret\x00\r\nny linje\t ") == "klokke og lodret\nny linje"
    a = meeting.join(1, "g1")
    with pytest.raises(DomainError, match="note_empty"):
        meeting.note("n1", a[0], "\x07\x07")  # nothing to read: the core refuses it now
    # A journal written before that refusal may still hold such a note: the appendix shows nothing of it.
    apply(meeting.state, ev.NoteAdded(note_id="n1", exercise_id="netvaerksstjernen", lane_id="behov", group_id="g1",
                                      author_id=a[0], text="\x07\x07", at=meeting.now))
    meeting.note("n2", a[0], "Sparring\x0b med andre")
    lane = _lane(build_appendix(meeting.state), "netvaerksstjernen", "behov")
    assert [e.text for e in lane.entries] == ["Sparring med andre"]
    assert lane.note_count == 1


def test_participants_who_left_are_still_counted_and_groups_without_people_are_not(meeting: Meeting) -> None:
    a = meeting.join(3, "g1")
    meeting.join(2, "g4")
    meeting.do(cmd.Leave(participant_id=a[0]))
    appendix = build_appendix(meeting.state)
    assert appendix.participant_count == 5
    assert appendix.group_count == 2
    assert Labels(appendix).taking_part() == "5 personer i 2 grupper"


def test_names_are_kept_out_unless_the_plan_asks_for_them(meeting: Meeting) -> None:
    a = meeting.join(2, "g1")
    meeting.note("n1", a[0], "Sparring")
    without = build_appendix(meeting.state)
    assert "Navn p0" not in str(without.to_dict())
    assert all(g.members == () for g in without.groups)
    meeting.state.plan = meeting.state.plan.model_copy(update={"names_in_appendix": True})
    named = build_appendix(meeting.state)
    assert [m.name for m in named.groups[0].members] == ["Navn p0", "Navn p1"]
    assert _lane(named, "netvaerksstjernen", "behov").entries[0].authors == ("Navn p0",)


def test_plan_group_names_are_used_instead_of_numbers(plan) -> None:
    m = Meeting(plan.model_copy(update={"units": [], "group_names": ["Blå", "Grøn", "Rød"], "group_count": 3}))
    m.do(cmd.StartExercise("netvaerksstjernen"))
    a, b = m.join(1, "g1"), m.join(1, "g3")
    m.note("n1", a[0], "Fysisk fremmøde")
    m.note("n2", b[0], "fysisk fremmøde.")
    appendix = build_appendix(m.state)
    (entry,) = _lane(appendix, "netvaerksstjernen", "behov").entries
    assert Labels(appendix).raised_by(entry) == "nævnt af 2 grupper: Blå og Rød"


def test_a_grouped_line_is_printed_in_its_best_formed_wording_with_the_others_listed(meeting: Meeting) -> None:
    a, b, c = meeting.join(1, "g1"), meeting.join(1, "g2"), meeting.join(1, "g3")
    meeting.note("n1", a[0], "sparring med andre AMK'er.")
    meeting.note("n2", b[0], "Sparring med andre AMK'ere")
    meeting.note("n3", c[0], "sparing med andre AMKere")
    (entry,) = build_appendix(meeting.state).exercises[0].lanes[0].entries
    assert entry.text == "Sparring med andre AMK'ere"  # capitalised, no stray full stop: not the first note's
    assert entry.variants == ("sparring med andre AMK'er.", "sparing med andre AMKere")
    assert entry.variant_groups == (("g1",), ("g3",))


def test_notes_the_facilitator_kept_apart_are_not_grouped_automatically(meeting: Meeting) -> None:
    a, b = meeting.join(1, "g1"), meeting.join(1, "g2")
    meeting.note("n1", a[0], "Sparring med andre AMK'ere")
    meeting.note("n2", b[0], "sparring med andre AMK'ere!")
    assert len(build_appendix(meeting.state).exercises[0].lanes[0].entries) == 1
    meeting.do(cmd.KeepNotesApart(("n1", "n2")))
    entries = build_appendix(meeting.state).exercises[0].lanes[0].entries
    assert [e.text for e in entries] == ["Sparring med andre AMK'ere", "sparring med andre AMK'ere!"]


def test_people_count_head_counts_and_shared_phones(meeting: Meeting) -> None:
    meeting.join(1, "g1")
    meeting.join(3, "g2")
    meeting.do(cmd.SetGroupHeadcount("g1", 5))  # five people round one phone
    appendix = build_appendix(meeting.state)
    assert (appendix.participant_count, appendix.people_count) == (4, 8)
    assert Labels(appendix).taking_part() == "8 personer i 2 grupper (4 på telefon)"


def test_people_per_group_in_the_plan_counts_a_group_as_at_least_that_many(plan) -> None:
    meeting = Meeting(plan.model_copy(update={"units": [], "people_per_group": 4}))
    meeting.do(cmd.StartExercise("netvaerksstjernen"))
    meeting.join(1, "g1")
    meeting.join(5, "g2")
    assert build_appendix(meeting.state).people_count == 4 + 5


def test_participants_the_facilitator_removed_are_not_counted_nor_their_dots(meeting: Meeting) -> None:
    real = meeting.join(2, "g1")
    fake = meeting.join(3, "g2")
    for pid in fake:
        meeting.do(cmd.RemoveParticipant(participant_id=pid, keep_notes=False))
    appendix = build_appendix(meeting.state)
    assert appendix.participant_count == len(real) == 2
    assert appendix.group_count == 1
