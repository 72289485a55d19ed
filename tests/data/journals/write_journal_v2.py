"""Writes `journal-v2.sqlite3`: a journal in event format 2 (events as plain
data, the plan as a `PlanSnapshot`; see facilitator/core/event_format.py), as
the code of the commit that introduced that format wrote it, and
`journal-v2.facts.json`, what that code read back from it.

The committed file is the fixture; this script is kept only to say how it was
made. Run it again only with the code of that format (a later format gets a
script and a fixture of its own, next to this one):

    .venv/bin/python tests/data/journals/write_journal_v2.py

The meeting is the one of write_journal_v1.py (the realistic replay plus one
of each event it does not produce), so the two fixtures read to the same
facts apart from their ids; the script checks every event type of the format
is in the file.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import typing
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # noqa: TID251 - a script run by hand, not under pytest

from facilitator.core import commands as cmd  # noqa: E402
from facilitator.core import events as ev  # noqa: E402
from tests.data.realistic_session import MODULES, STAR, build_session  # noqa: E402
from tests.test_journal_format import facts_of  # noqa: E402

JOURNAL = HERE / "journal-v2.sqlite3"
FACTS = HERE / "journal-v2.facts.json"
EVENT_TYPES = [
    typing.get_type_hints(event)["type"].__args__[0] for event in typing.get_args(typing.get_args(ev.Event)[0])
]


def main() -> None:
    for path in (JOURNAL, FACTS):
        path.unlink(missing_ok=True)
    session = build_session(JOURNAL, names_in_appendix=True)
    now = 1738680000.0

    def run(command: cmd.Command) -> None:
        nonlocal now
        now += 5.0
        session.execute(command, now=now)

    state = session.state
    first = sorted(state.participants)[0]
    # events the replay does not produce
    run(cmd.SetCurrentExercise(STAR))
    run(cmd.SetPhase(STAR, "writing"))
    run(cmd.SetTimer(STAR, 300))
    run(cmd.ExtendTimer(STAR, 120))
    run(cmd.AddNote(participant_id=first, note_id="v2-extra", exercise_id=STAR, lane_id="indhold", text="Besøg på hinandens arbejdspladser"))
    run(cmd.EditNote(participant_id=first, note_id="v2-extra", text="Besøg på hinandens arbejdspladser (rundvisning)"))
    run(cmd.AddNote(participant_id=first, note_id="v2-gone", exercise_id=STAR, lane_id="form", text="Slettes igen"))
    run(cmd.DeleteNote(participant_id=first, note_id="v2-gone"))
    run(cmd.ModerateEdit(note_id="v2-extra", text="Besøg på hinandens arbejdspladser, med rundvisning"))
    run(cmd.MoveNote(note_id="v2-extra", lane_id="form"))
    run(cmd.HideNote("v2-extra"))
    run(cmd.HideNote("v2-extra", hidden=False))
    run(cmd.HighlightNote("v2-extra", highlighted=False))
    run(cmd.SetPlenumLine(STAR, "v2-line", "Slettes igen"))
    run(cmd.RemovePlenumLine(STAR, "v2-line"))
    run(cmd.SetTimer(STAR, None))
    run(cmd.SetPhase(STAR, "closed"))
    second_group = state.groups[1].id
    run(cmd.MoveParticipant(participant_id=first, group_id=second_group))
    voter = sorted(state.votes)[0]
    voted = sorted(state.votes[voter])[0]
    run(cmd.SetCurrentExercise(MODULES))
    run(cmd.SetPhase(MODULES, "voting"))
    run(cmd.RemoveVote(participant_id=voter, note_id=voted))
    run(cmd.SetPhase(MODULES, "closed"))
    run(cmd.SetFollowUp(MODULES, "v2-follow", "Send modulbeskrivelsen rundt", "Anders Jacobsen", "1. marts", "amo-i-forandring"))
    run(cmd.SetFollowUp(MODULES, "v2-drop", "Fjernes igen"))
    run(cmd.RemoveFollowUp(MODULES, "v2-drop"))
    run(cmd.Leave(participant_id=sorted(state.participants)[-1]))
    facts = facts_of(session)
    session.close()
    with sqlite3.connect(JOURNAL) as db:
        kinds = {row[0] for row in db.execute("SELECT DISTINCT type FROM events")}
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    missing = sorted(set(EVENT_TYPES) - kinds)
    assert not missing, f"format 2 has events this meeting does not produce: {missing}"
    FACTS.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {JOURNAL} ({JOURNAL.stat().st_size} bytes) and {FACTS}")


if __name__ == "__main__":
    main()
