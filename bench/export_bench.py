"""Export benchmark: a session of 500 participants and 2,000 notes, exported
to every format. Not a timed test; run it by hand:

    .venv/bin/python -m bench.export_bench

The session is built through the real core into a journal in a temporary
folder (every command through `LiveSession.execute`), then the export is
timed from the journal: reading and replaying it, building the appendix with
its grouping, and writing DOCX, Markdown, HTML and JSON (the target on the
project's 2-core machine: under 3 s).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from facilitator.config.models import Exercise, ExerciseKind, ExerciseOptions, Lane, LocalText, ResolvedPlan
from facilitator.core import commands as cmd
from facilitator.export import FORMATS, export_journal
from facilitator.runtime import LiveSession

TOPICS = [
    "Psykologisk tryghed i netværket", "Sparring med andre AMK'ere", "Klarhed over roller og ansvar",
    "Fire møder om året", "Hvert andet møde om fysisk arbejdsmiljø", "Mere fokus på psykisk arbejdsmiljø",
    "Mere fokus på fysisk arbejdsmiljø", "Alene-arbejde som punkt på næste møde", "Inddrage og uddanne ledelsen",
    "Spørgeredskaber og metoder til aktiv lytning", "Forebyggelse af stress", "Diversitet rummer mange andre emner",
    "Hensyn skal gå begge veje", "Drøftelser i mindre grupper", "Fysisk fremmøde frem for online",
    "Erfaringer med trivselsdialoger", "Flere ressourcer til arbejdsmiljøarbejdet", "Krænkende adfærd i praksis",
    "Den nye AT-vejledning", "Studiemiljø for de studerende", "Korte oplæg og mere dialog",
]
DETAILS = [
    "", "", "", " på tværs af enhederne", " i hverdagen", " – gerne med eksempler", " for nye AMK'ere",
    " sammen med AMR", " og LSU", " hvert kvartal", " i laboratorierne", " med HR-partneren",
]


def _variant(rng: random.Random, text: str) -> str:
    """Sometimes the same note as another group wrote it: case, punctuation, a typo."""
    roll = rng.random()
    if roll < 0.15:
        return text.lower()
    if roll < 0.25:
        return text + "."
    if roll < 0.3 and len(text) > 8:
        i = rng.randrange(2, len(text) - 2)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


def make_plan(groups: int) -> ResolvedPlan:
    star = Exercise(
        id="stjerne", kind=ExerciseKind.STAR, title=LocalText(da="Netværksstjernen"), instructions=LocalText(da="Skriv."),
        options=ExerciseOptions(max_note_length=280),
        lanes=[Lane(id=i, title=LocalText(da=i.capitalize())) for i in ("behov", "bidrag", "rammer", "form", "indhold")],
    )
    modules = Exercise(
        id="moduler", kind=ExerciseKind.BRAINSTORM, title=LocalText(da="Kompetenceudviklingsforløbet"),
        instructions=LocalText(da="Giv input."), options=ExerciseOptions(dots_per_participant=3, allow_proposals=True),
        lanes=[Lane(id=f"modul-{i}", title=LocalText(da=f"Modul {i}"), owner=f"Tovholder {i}") for i in range(1, 7)],
    )
    return ResolvedPlan(
        title="Stort netværksmøde", date="2025-02-04", network="Benchmark", group_count=groups,
        ask_names=True, names_in_appendix=False, exercises=[star, modules],
    )


def build(journal: Path, participants: int, notes: int, groups: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    session = LiveSession.open(journal, make_plan(groups), code="BENCH000")
    now = 1_738_670_000.0
    try:
        for i in range(participants):
            session.execute(cmd.Join(participant_id=f"p{i}", secret_hash="h", name=f"Deltager {i}"), now=now)
        people = sorted(session.state.participants)
        plan = session.state.plan
        assert plan is not None
        per_exercise = {"stjerne": notes // 2, "moduler": notes - notes // 2}
        note_ids: list[str] = []
        for exercise in plan.exercises:
            session.execute(cmd.StartExercise(exercise.id), now=now)
            lanes = [lane.id for lane in exercise.lanes]
            for n in range(per_exercise[exercise.id]):
                text = _variant(rng, rng.choice(TOPICS) + rng.choice(DETAILS))
                note_id = f"{exercise.id}-{n}"
                session.execute(
                    cmd.AddNote(participant_id=people[n % len(people)], note_id=note_id, exercise_id=exercise.id,
                                lane_id=rng.choice(lanes), text=text),
                    now=now,
                )
                note_ids.append(note_id)
            session.execute(cmd.SetPhase(exercise.id, "closed"), now=now)
            session.execute(cmd.Reveal(exercise.id), now=now)
        module_notes = [n for n in note_ids if n.startswith("moduler-")]
        for k in range(0, 40, 2):  # a few merges by the facilitator
            session.execute(cmd.MergeNotes(note_id=module_notes[k], merged_ids=(module_notes[k + 1],)), now=now)
        session.execute(cmd.HideNote(module_notes[100]), now=now)
        session.execute(cmd.SetPhase("moduler", "voting"), now=now)
        live = [n for n in module_notes[40:] if n != module_notes[100]]
        for pid in people:
            for note_id in rng.sample(live, 3):
                session.execute(cmd.CastVote(participant_id=pid, note_id=note_id), now=now)
        session.execute(cmd.SetPhase("moduler", "closed"), now=now)
        for i, topic in enumerate(TOPICS[:6]):
            session.execute(cmd.SetPlenumLine("moduler", f"l{i}", "at " + topic.lower()), now=now)
    finally:
        session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        build(journal, args.participants, args.notes, args.groups)
        print(f"built {args.participants} participants, {args.notes} notes in {time.perf_counter() - started:.1f} s")
        timings = []
        for run in range(args.repeat):
            out = Path(folder) / f"out{run}"
            started = time.perf_counter()
            written = export_journal(journal, out, formats=FORMATS)
            timings.append(time.perf_counter() - started)
        sizes = ", ".join(f"{p.suffix[1:]} {p.stat().st_size // 1024} KiB" for p in written)
        print(f"export to {', '.join(FORMATS)}: best {min(timings):.2f} s, worst {max(timings):.2f} s ({sizes})")
        parts = []
        for fmt in FORMATS:
            started = time.perf_counter()
            export_journal(journal, Path(folder) / f"one-{fmt}", formats=(fmt,))
            parts.append(f"{fmt} {time.perf_counter() - started:.2f} s")
        print("each format alone, journal read and model built each time: " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
