"""Writes `journal-v1.sqlite3`: a journal in the format of schema version 1,
as the code of commit e4dc2b8 (2026-12-02) wrote it, and `journal-v1.facts.json`,
what that code read back from it.

The committed file is the fixture; this script is kept only to say how it was
made. Run it again only with the code of that format (a later format gets a
script and a fixture of its own, next to this one):

    .venv/bin/python tests/data/journals/write_journal_v1.py

The meeting is the realistic replay (tests/data/realistic_session.py) plus one
of each event the replay does not produce, so every event type of format 1 is
in the file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # noqa: TID251 - a script run by hand, not under pytest

from facilitator.core import commands as cmd  # noqa: E402
from tests.data.realistic_session import MODULES, STAR, build_session  # noqa: E402

JOURNAL = HERE / "journal-v1.sqlite3"
FACTS = HERE / "journal-v1.facts.json"


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
    run(cmd.AddNote(participant_id=first, note_id="v1-extra", exercise_id=STAR, lane_id="indhold", text="Besøg på hinandens arbejdspladser"))
    run(cmd.EditNote(participant_id=first, note_id="v1-extra", text="Besøg på hinandens arbejdspladser (rundvisning)"))
    run(cmd.AddNote(participant_id=first, note_id="v1-gone", exercise_id=STAR, lane_id="form", text="Slettes igen"))
    run(cmd.DeleteNote(participant_id=first, note_id="v1-gone"))
    run(cmd.ModerateEdit(note_id="v1-extra", text="Besøg på hinandens arbejdspladser, med rundvisning"))
    run(cmd.MoveNote(note_id="v1-extra", lane_id="form"))
    run(cmd.HideNote("v1-extra"))
    run(cmd.HideNote("v1-extra", hidden=False))
    run(cmd.HighlightNote("v1-extra", highlighted=False))
    run(cmd.SetPlenumLine(STAR, "v1-line", "Slettes igen"))
    run(cmd.RemovePlenumLine(STAR, "v1-line"))
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
    run(cmd.Leave(participant_id=sorted(state.participants)[-1]))
    state = session.state
    notes = state.notes.values()
    facts = {
        "event_count": state.event_count,
        "code": state.code,
        "participants": len(state.participants),
        "present": sum(1 for p in state.participants.values() if p.present),
        "notes": len(state.notes),
        "live_notes": sum(1 for n in notes if n.live),
        "hidden_notes": sorted(n.id for n in notes if n.hidden),
        "deleted_notes": sorted(n.id for n in notes if n.deleted),
        "highlighted_notes": sorted(n.id for n in notes if n.highlighted),
        "merged": {n.id: n.merged_into for n in sorted(notes, key=lambda n: n.id) if n.merged_into},
        "notes_per_lane": dict(sorted(Counter(f"{n.exercise_id}/{n.lane_id}" for n in notes if n.live).items())),
        "votes": sum(len(v) for v in state.votes.values()),
        "phases": {e: x.phase for e, x in sorted(state.exercises.items())},
        "plenum_lines": {e: list(x.plenum_lines.values()) for e, x in sorted(state.exercises.items())},
        "proposed_lanes": {e: sorted(x.proposed_lanes) for e, x in sorted(state.exercises.items())},
        "current_exercise": state.current_exercise_id,
        "texts": {n.id: n.text for n in sorted(notes, key=lambda n: n.id)},
    }
    session.close()
    FACTS.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {JOURNAL} ({JOURNAL.stat().st_size} bytes) and {FACTS}")


if __name__ == "__main__":
    main()
