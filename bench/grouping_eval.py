"""Measure the automatic grouping on a labelled set of notes.

    .venv/bin/python -m bench.grouping_eval                       # tests/data/grouping_notes.json
    .venv/bin/python -m bench.grouping_eval --rules               # and what each rule adds
    .venv/bin/python -m bench.grouping_eval FILE --show-errors    # the pairs it got wrong

The file holds `{"notes": [{"label", "text", "lane", "language"}, ...]}`;
notes with the same label say the same thing. Two measures per language:

* **per lane**, as the appendix uses it: the notes of each lane grouped
  together, every pair within a lane scored;
* **one lane**, harder: all notes of a language grouped as if they were one
  lane, every pair scored.

A pair put in one group is right when the two share a label. Precision is
right pairs / grouped pairs; recall is right pairs / pairs that share a label.
This is test and measurement code, not shipped in the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from facilitator.export import grouping

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "grouping_notes.json"


@dataclass(frozen=True)
class Note:
    label: str
    text: str
    lane: str = ""
    language: str = "da"


@dataclass(frozen=True)
class Scores:
    notes: int
    labels: int
    true_pairs: int  # pairs that say the same thing (same label)
    predicted_pairs: int  # pairs the grouping put together
    correct_pairs: int  # both

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    def __add__(self, other: Scores) -> Scores:
        return Scores(*(a + b for a, b in zip(self.numbers(), other.numbers(), strict=True)))

    def numbers(self) -> tuple[int, int, int, int, int]:
        return (self.notes, self.labels, self.true_pairs, self.predicted_pairs, self.correct_pairs)


def load_notes(path: Path) -> list[Note]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Note(n["label"], n["text"], n.get("lane", ""), n.get("language", "da")) for n in data["notes"]]


def evaluate(notes: list[Note]) -> tuple[Scores, list[tuple[str, str]], list[tuple[str, str]]]:
    """Scores of grouping `notes` as one lane; the wrongly merged and the missed pairs (texts)."""
    group_of: dict[int, int] = {}
    for number, members in enumerate(grouping.cluster([n.text for n in notes])):
        for index in members:
            group_of[index] = number
    true_pairs = predicted = correct = 0
    wrong: list[tuple[str, str]] = []
    missed: list[tuple[str, str]] = []
    for i, j in combinations(range(len(notes)), 2):
        same_label = notes[i].label == notes[j].label
        together = group_of[i] == group_of[j]
        true_pairs += same_label
        predicted += together
        correct += same_label and together
        if together and not same_label:
            wrong.append((notes[i].text, notes[j].text))
        if same_label and not together:
            missed.append((notes[i].text, notes[j].text))
    return Scores(len(notes), len({n.label for n in notes}), true_pairs, predicted, correct), wrong, missed


def by_lane(notes: list[Note]) -> tuple[Scores, list[tuple[str, str]], list[tuple[str, str]]]:
    lanes: dict[str, list[Note]] = {}
    for note in notes:
        lanes.setdefault(note.lane, []).append(note)
    total, wrong, missed = Scores(0, 0, 0, 0, 0), [], []
    for lane_notes in lanes.values():
        scores, w, m = evaluate(lane_notes)
        total, wrong, missed = total + scores, wrong + w, missed + m
    return total, wrong, missed


def near_misses(notes: list[Note]) -> int:
    """Pairs in one lane with different labels that share at least half their words:
    the notes that must stay apart although they look alike."""
    count = 0
    for a, b in combinations(notes, 2):
        if a.lane == b.lane and a.label != b.label:
            wa, wb = set(grouping.normalise(a.text)), set(grouping.normalise(b.text))
            if wa and wb and len(wa & wb) * 2 >= max(len(wa), len(wb)):
                count += 1
    return count


def _line(name: str, scores: Scores) -> str:
    return (
        f"{name:<22} notes {scores.notes:>4}  labels {scores.labels:>4}  pairs {scores.true_pairs:>4}  "
        f"grouped {scores.predicted_pairs:>4}  right {scores.correct_pairs:>4}  "
        f"precision {scores.precision:.3f}  recall {scores.recall:.3f}"
    )


def report(notes: list[Note], languages: Iterable[str]) -> list[str]:
    lines = []
    for language in languages:
        mine = [n for n in notes if n.language == language]
        if not mine:
            continue
        lines.append(_line(f"{language} per lane", by_lane(mine)[0]))
        lines.append(_line(f"{language} as one lane", evaluate(mine)[0]))
    return lines


def rule_table(notes: list[Note], languages: list[str]) -> list[str]:
    """Precision and recall per lane with all rules, then with each rule off."""
    lines = ["| rules | " + " | ".join(f"{lang} precision | {lang} recall" for lang in languages) + " |"]
    lines.append("| --- |" + " ---: | ---: |" * len(languages))
    for off in ("", *grouping.RULES):
        grouping.DISABLED.clear()
        if off:
            grouping.DISABLED.add(off)
        grouping._lemma_key.cache_clear()
        cells = []
        for language in languages:
            scores = by_lane([n for n in notes if n.language == language])[0]
            cells += [f"{scores.precision:.3f}", f"{scores.recall:.3f}"]
        lines.append(f"| {'all' if not off else 'without ' + off} | " + " | ".join(cells) + " |")
    grouping.DISABLED.clear()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pairwise precision and recall of the note grouping.")
    parser.add_argument("notes", type=Path, nargs="?", default=DEFAULT, help="labelled notes (JSON)")
    parser.add_argument("--rules", action="store_true", help="also the table of each rule switched off")
    parser.add_argument("--show-errors", action="store_true", help="print the wrongly grouped and the missed pairs")
    args = parser.parse_args(argv)
    try:
        notes = load_notes(args.notes)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{args.notes}: cannot read the labelled notes ({exc})", file=sys.stderr)
        return 1
    languages = sorted({n.language for n in notes}, key=lambda lang: (lang != "da", lang))
    for language in languages:
        mine = [n for n in notes if n.language == language]
        groups = {n.lane for n in mine}
        print(f"{language}: {len(mine)} notes, {len({n.label for n in mine})} labels, {len(groups)} lanes, "
              f"{near_misses(mine)} near-miss pairs")
    for line in report(notes, languages):
        print(line)
    if args.rules:
        print()
        for line in rule_table(notes, languages):
            print(line)
    if args.show_errors:
        for language in languages:
            _, wrong, missed = by_lane([n for n in notes if n.language == language])
            for a, b in wrong:
                print(f"wrongly grouped: {a!r} / {b!r}")
            for a, b in missed:
                print(f"missed: {a!r} / {b!r}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
