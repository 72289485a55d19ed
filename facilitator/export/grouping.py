"""Automatic, conservative grouping of notes that say the same thing.

Beyond the merges the facilitator made, notes in one lane that differ only
in case, punctuation, spacing, Danish/English word forms or a small typo are
shown once, with every group that raised them. A wrong merge silences a
group, a missed one only repeats a line, so every rule here leans towards
keeping notes apart:

* notes must agree on negations ("ikke", "not", …) and on every number,
  including number words ("4" = "fire", "hvert andet");
* word order counts ("fra viden til praksis" is not "fra praksis til viden");
* a typo is one edit in a word of five letters or more (two from nine), and
  never a negating prefix ("sikker" / "usikker");
* at most two words may differ by a typo;
* a note joins a group only if it agrees with every note in it on negations
  and numbers, and matches at least half of them, so a chain of small
  differences cannot carry a group far from where it started.

The measured precision and recall on `tests/data/grouping_notes.json` are in
`docs/appendix.md` (`python -m facilitator.export.grouping_eval`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

NEGATIONS = frozenset(
    {"ikke", "ik", "ej", "aldrig", "ingen", "intet", "uden", "hverken", "not", "no", "never", "without", "nor", "dont", "doesnt", "isnt", "cant", "wont"}
)
# Number words (Danish and English) mapped to digits. "en"/"et"/"one" are left
# out on purpose: they are mostly articles and pronouns.
NUMBER_WORDS = {
    "to": "2", "two": "2", "tre": "3", "three": "3", "fire": "4", "four": "4",
    "fem": "5", "five": "5", "seks": "6", "six": "6", "syv": "7", "seven": "7",
    "otte": "8", "eight": "8", "ni": "9", "nine": "9", "ti": "10", "ten": "10",
    "tolv": "12", "twelve": "12", "halvt": "1/2", "halve": "1/2", "halv": "1/2", "half": "1/2",
    "anden": "2nd", "andet": "2nd", "second": "2nd", "tredje": "3rd", "third": "3rd",
    "fjerde": "4th", "fourth": "4th", "første": "1st", "first": "1st",
    "dobbelt": "x2", "double": "x2", "twice": "x2", "once": "x1",
}
# Words whose presence or absence does not change what a short note says.
STOP_WORDS = frozenset(
    {"og", "i", "på", "af", "at", "den", "det", "de", "en", "et", "om", "som", "er", "der", "så",
     "også", "fx", "f", "eks", "vi", "man", "jo", "nu", "lige",
     "the", "a", "an", "of", "and", "in", "on", "is", "are", "it", "also", "we", "you", "eg"}
)
# Suffixes stripped by the light stemmer, longest first (Danish, then English).
_SUFFIXES = tuple(
    sorted(
        {"erne", "ernes", "erens", "erets", "eren", "eret", "ene", "enes", "ere", "eres", "ers",
         "ens", "ets", "ede", "en", "er", "es", "et", "e", "s",
         "ings", "ing", "ed", "ly"},
        key=len,
        reverse=True,
    )
)
_VOWELS = set("aeiouyæøå")
_APOSTROPHES = re.compile(r"['’´`]")
_NON_WORD = re.compile(r"[^\w]+|_")
MAX_TYPO_WORDS = 2


def stem(word: str) -> str:
    """A light Danish/English stem: one inflectional suffix off, keeping at
    least three letters; a doubled final consonant is made single."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("igt"):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word[-2] in "sui":
                continue  # fokus, status, analysis, stress
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    return word


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation; apostrophes join ("AMK'ere" → "amkere")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return [word for word in _NON_WORD.split(text) if word]


@dataclass(frozen=True)
class Signature:
    """What the comparison needs of one note, computed once."""

    words: tuple[str, ...]  # content words as written (normalised), in order
    stems: tuple[str, ...]  # their stems
    negations: frozenset[str]
    numbers: tuple[str, ...]
    compact: str  # content words run together: "alene-arbejde" = "alenearbejde"

    @property
    def key(self) -> tuple[str, ...]:
        return self.stems


def signature(text: str) -> Signature:
    words: list[str] = []
    negations: set[str] = set()
    numbers: list[str] = []
    for word in normalise(text):
        if word in NEGATIONS:
            negations.add("not")
            continue
        number = NUMBER_WORDS.get(word)
        if number is None and word.isdigit():
            number = word.lstrip("0") or "0"
        if number is not None:
            numbers.append(number)
            words.append(number)
            continue
        if word in STOP_WORDS:
            continue
        words.append(word)
    return Signature(
        words=tuple(words),
        stems=tuple(stem(word) for word in words),
        negations=frozenset(negations),
        numbers=tuple(sorted(numbers)),
        compact="".join(words),
    )


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (adjacent swaps count one), stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _negating_prefix(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return any(long == prefix + short for prefix in ("u", "un", "in", "im", "ir", "dis", "mis"))


def is_typo(a: str, b: str) -> bool:
    """Whether two different words are plausibly one word misspelt."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit() or _negating_prefix(a, b):
        return False
    shortest = min(len(a), len(b))
    if shortest < 5:
        return False
    limit = 2 if shortest >= 9 else 1
    return _edit_distance(a, b, limit) <= limit


def _typo_match(a: Signature, b: Signature) -> bool:
    if len(a.stems) != len(b.stems) or not a.stems:
        return False
    differing = [(wa, sa, wb, sb) for wa, sa, wb, sb in zip(a.words, a.stems, b.words, b.stems, strict=True) if sa != sb]
    if len(differing) > MAX_TYPO_WORDS or len(differing) == len(a.stems) > 1:
        return False
    return all(is_typo(wa, wb) or is_typo(sa, sb) for wa, sa, wb, sb in differing)


def _agree(a: Signature, b: Signature) -> bool:
    """The hard conditions: the same negations and the same numbers."""
    return a.negations == b.negations and a.numbers == b.numbers


def same_note(a: Signature, b: Signature) -> bool:
    """Whether two notes say the same thing, by the conservative rules above."""
    if not _agree(a, b):
        return False
    if not a.stems or not b.stems:
        return False
    if a.stems == b.stems or a.compact == b.compact:
        return True
    if len(a.stems) == len(b.stems) <= 2 and Counter(a.stems) == Counter(b.stems):
        return True  # "møder årligt" / "årligt møder"; longer notes keep their order
    return _typo_match(a, b)


def _index_keys(sig: Signature) -> list[tuple[object, ...]]:
    """Keys under which a possible match of `sig` is filed: its exact stems,
    its compact form, its words in any order when short, and its stems with
    one or two words left out (where a typo may be)."""
    stems, n = sig.stems, len(sig.stems)
    keys: list[tuple[object, ...]] = [("stems", stems), ("compact", sig.compact)]
    if n <= 2:
        keys.append(("set", tuple(sorted(stems))))
    for i in range(n):
        keys.append(("typo", n, i, stems[:i] + stems[i + 1 :]))
        for j in range(i + 1, n):
            keys.append(("typo", n, i, j, stems[:i] + stems[i + 1 : j] + stems[j + 1 :]))
    return keys


def cluster(texts: Sequence[str]) -> list[list[int]]:
    """Indices of `texts` in groups of notes that say the same thing.

    Groups come in order of their first note; within a group, indices are in
    input order. A note joins the first group it agrees with on negations and
    numbers throughout and matches at least half of (one typo may meet a
    compound written apart, "aktivlytning" / "aktiv lytnig")."""
    signatures = [signature(text) for text in texts]
    groups: list[list[int]] = []
    index: dict[tuple[object, ...], set[int]] = {}  # key -> group numbers filed under it
    for i, sig in enumerate(signatures):
        keys = _index_keys(sig)
        candidates: set[int] = set()
        for key in keys:
            candidates |= index.get(key, set())
        number = None
        for candidate in sorted(candidates):
            members = groups[candidate]
            if not all(_agree(sig, signatures[m]) for m in members):
                continue
            matches = sum(1 for m in members if same_note(sig, signatures[m]))
            if matches and 2 * matches >= len(members):
                number = candidate
                break
        if number is None:
            groups.append([])
            number = len(groups) - 1
        groups[number].append(i)
        for key in keys:
            index.setdefault(key, set()).add(number)
    return groups
