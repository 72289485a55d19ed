"""Measure the automatic grouping on a labelled set of notes.

    python -m facilitator.export.grouping_eval tests/data/grouping_notes.json

The file holds `{"notes": [{"label": ..., "text": ...}, ...]}`; notes with the
same label say the same thing. All notes are grouped together as if they
were one lane (harder than real use, where only a lane's notes meet), and
every pair of notes is scored: a pair put in one group is right when the
two share a label.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from facilitator.export.grouping import cluster


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


def load_notes(path: Path) -> list[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(note["label"], note["text"]) for note in data["notes"]]


def evaluate(notes: list[tuple[str, str]]) -> tuple[Scores, list[tuple[str, str]]]:
    """The pairwise scores, and the wrongly merged pairs (texts) for inspection."""
    labels = [label for label, _ in notes]
    group_of: dict[int, int] = {}
    for number, members in enumerate(cluster([text for _, text in notes])):
        for index in members:
            group_of[index] = number
    true_pairs = predicted = correct = 0
    wrong: list[tuple[str, str]] = []
    for i, j in combinations(range(len(notes)), 2):
        same_label = labels[i] == labels[j]
        together = group_of[i] == group_of[j]
        true_pairs += same_label
        predicted += together
        correct += same_label and together
        if together and not same_label:
            wrong.append((notes[i][1], notes[j][1]))
    scores = Scores(len(notes), len(set(labels)), true_pairs, predicted, correct)
    return scores, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pairwise precision and recall of the note grouping.")
    parser.add_argument("notes", type=Path, help="labelled notes (JSON)")
    args = parser.parse_args(argv)
    try:
        notes = load_notes(args.notes)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{args.notes}: cannot read the labelled notes ({exc})", file=sys.stderr)
        return 1
    scores, wrong = evaluate(notes)
    print(f"notes: {scores.notes} in {scores.labels} labels")
    print(f"pairs that say the same thing: {scores.true_pairs}")
    print(f"pairs grouped: {scores.predicted_pairs}, of which right: {scores.correct_pairs}")
    print(f"precision: {scores.precision:.3f}")
    print(f"recall:    {scores.recall:.3f}")
    for a, b in wrong:
        print(f"wrongly grouped: {a!r} / {b!r}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
