"""Property: for any sequence of commands, the state rebuilt from the journal
equals the live state, and every refused command leaves the state unchanged."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from plans import MODULES, STAR_POINTS, make_plan

from facilitator.core import commands as c
from facilitator.core.errors import DomainError
from facilitator.runtime import LiveSession

EXERCISES = ["netvaerksstjernen", "kompetencemoduler"] * 4 + ["ukendt"]
LANES = [p[0] for p in STAR_POINTS[:2]] + [m[0] for m in MODULES[:2]] + ["modul-7", "ukendt"]
PEOPLE = [f"p{i}" for i in range(5)]
NOTES = [f"n{i}" for i in range(6)]
GROUPS = ["g1", "g2", "g3", None, None, "g9"]
TEXTS = st.sampled_from(["Sparring", "Psykologisk tryghed", "Alene-arbejde <b>", "æøå", "", "   ", "x" * 300])

person = st.sampled_from(PEOPLE)
note = st.sampled_from(NOTES)
exercise = st.sampled_from(EXERCISES)
lane = st.sampled_from(LANES)

# (exercise, lane) pairs that mostly fit, so notes actually get written
placed = st.sampled_from(
    [("netvaerksstjernen", p[0]) for p in STAR_POINTS[:3]]
    + [("kompetencemoduler", m[0]) for m in MODULES[:3]]
    + [("kompetencemoduler", "modul-7"), ("netvaerksstjernen", "ukendt"), ("ukendt", "behov")]
)
write = st.builds(lambda p, n, el, t: c.AddNote(p, n, el[0], el[1], t), person, note, placed, TEXTS)

participant_commands = st.one_of(
    write,
    write,
    st.builds(c.Join, person, st.just("hash"), st.sampled_from(["Ane", "", None]),
              st.sampled_from(["AKM", "AIT", "Wind", "NASA", None]), st.sampled_from(GROUPS)),
    st.builds(c.Leave, person),
    st.builds(c.AddNote, person, note, exercise, lane, TEXTS),
    st.builds(c.EditNote, person, note, TEXTS),
    st.builds(c.DeleteNote, person, note),
    st.builds(c.CastVote, person, note),
    st.builds(c.RemoveVote, person, note),
    st.builds(c.ProposeLane, person, st.sampled_from(["modul-7", "modul-8", "behov"]), exercise, TEXTS, TEXTS),
)
facilitator_commands = st.one_of(
    st.builds(c.StartExercise, exercise),
    st.builds(c.SetCurrentExercise, exercise),
    st.builds(c.SetPhase, exercise, st.sampled_from(["not_started", "writing", "voting", "closed"])),
    st.builds(c.SetTimer, exercise, st.sampled_from([None, 0, 60, 600, 10**9])),
    st.builds(c.ExtendTimer, exercise, st.sampled_from([60, -10**6])),
    st.builds(c.Reveal, exercise, st.booleans()),
    st.builds(c.AddNoteForGroup, st.sampled_from(NOTES + ["f1"]), exercise, lane, st.sampled_from(GROUPS[:4]), TEXTS),
    st.builds(c.ModerateEdit, note, TEXTS),
    st.builds(c.HideNote, note, st.booleans()),
    st.builds(c.MoveNote, note, lane),
    st.builds(c.MergeNotes, note, st.lists(note, max_size=3).map(tuple)),
    st.builds(c.HighlightNote, note, st.booleans()),
    st.builds(c.SetPlenumLine, exercise, st.sampled_from(["l1", "l2", "bad id!"]), TEXTS),
    st.builds(c.RemovePlenumLine, exercise, st.sampled_from(["l1", "l2"])),
    st.builds(c.MoveParticipant, person, st.sampled_from(GROUPS[:4])),
    st.builds(c.SetFollowUp, exercise, st.sampled_from(["f1", "f2", "bad id!"]), TEXTS, TEXTS, TEXTS,
              st.sampled_from([None, "behov", "modul-7"])),
    st.builds(c.RemoveFollowUp, exercise, st.sampled_from(["f1", "f2"])),
    st.builds(c.UndoModeration, exercise),
    st.builds(c.UndoModeration, exercise),
    st.builds(c.HideProposal, exercise, st.sampled_from(["modul-7", "behov"]), st.booleans()),
    st.builds(c.RenameProposal, exercise, st.sampled_from(["modul-7", "behov"]), TEXTS),
    st.builds(c.MergeProposals, exercise, lane, st.lists(st.sampled_from(["modul-7", "modul-8", "behov"]), max_size=2).map(tuple)),
    st.builds(c.FocusLane, exercise, st.sampled_from([None, *LANES])),
    st.builds(c.FocusNote, exercise, st.sampled_from([None, *NOTES])),
)
any_command = st.one_of(write, participant_commands, participant_commands, facilitator_commands)

# Most random commands would be refused in an empty room; a prefix that lets
# people in and opens an exercise makes the sequences reach every rule.
opening = st.tuples(
    st.lists(st.sampled_from(GROUPS[:4]), min_size=len(PEOPLE), max_size=len(PEOPLE)),
    st.sampled_from(["netvaerksstjernen", "kompetencemoduler"]),
).map(
    lambda pair: [
        c.Join(p, "hash", "Ane", "AKM" if i % 2 else "AIT", pair[0][i]) for i, p in enumerate(PEOPLE)
    ]
    + [c.StartExercise(pair[1])]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=opening, commands=st.lists(any_command, min_size=5, max_size=80))
def test_replaying_the_journal_rebuilds_the_live_state(prefix: list[c.Command], commands: list[c.Command]) -> None:
    commands = prefix + commands
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "session.sqlite3"
        live = LiveSession.open(path, make_plan(groups=3))
        clock = 1_738_670_000.0
        for command in commands:
            clock += 1.0
            before = copy.deepcopy(live.state)
            try:
                for happened in live.execute(command, now=clock):
                    event(happened.type)
            except DomainError as error:
                event(f"refused {type(command).__name__}: {error.code}")
                assert live.state == before, f"refused {command!r} changed the state"
        live.close()

        replayed = LiveSession.open(path)
        try:
            assert replayed.state == live.state
            assert replayed.warnings == []
        finally:
            replayed.close()
