"""Automatic, conservative grouping of notes that say the same thing.

Beyond the merges the facilitator made, notes in one lane that say the same
thing in other words forms, with a typo, in another order of two words or
with one word more are shown once, with every group that raised them (and
every wording listed under it). A wrong merge silences a group, a missed one
only repeats a line, so the rules lean towards keeping notes apart:

* **Words**: each word is lemmatised with `simplemma` (Danish, then English;
  its dictionaries ship in the wheel) and given a light stem on top
  (`stem`), so *møde/møder/mødet/møderne*, *erfaring/erfaringer* and
  *meeting/meetings* meet. Two words also match when one is a typo of the
  other (`rapidfuzz`'s edit ratio, long words only) or a short inflected
  prefix of it (*forebygge/forebyggelse*).
* **Guards** (a pair must agree on each): negations (*ikke, ingen, uden,
  not, without, …*), numbers and number words (*4 = fire*, *halve*), and the
  poles of a scale (*fysisk/psykisk*, *mere/mindre*, *flere/færre*,
  *kortere/længere*, *før/efter*, *start/slut*, *intern/ekstern*,
  *små/store*, *online/fysisk fremmøde*, *formiddag/eftermiddag*, …).
* **Same note** when, after the guards: every content word of each note
  matches one of the other's, in the same order (one swap of two neighbours
  allowed; "fra viden til praksis" is not "fra praksis til viden"); or the
  words run together are the same or nearly (*alene-arbejde* =
  *alenearbejde*, *organisatoriske ændringer* ≈ *organisationsændringer*);
  or one note is the other with one word more (two more from three shared).
* **Groups**: a note joins the first group it agrees with on every guard
  throughout and matches at least half of, so a chain of small differences
  cannot carry a group far.

Measured with `python -m bench.grouping_eval` on `tests/data/grouping_notes.json`;
the figures, and how each rule moved them, are in docs/appendix.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

NEGATIONS = frozenset(
    {"ikke", "ik", "ej", "aldrig", "ingen", "intet", "uden", "hverken", "not", "no", "never", "without", "nor",
     "dont", "doesnt", "isnt", "arent", "cant", "wont"}
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
# The poles of a scale: two notes must name the same poles. Keys are words as
# written (lower case) and their lemmas.
POLES = {
    "fysisk": "physical", "fysiske": "physical", "physical": "physical", "fysisk-": "physical",
    "psykisk": "psychosocial", "psykiske": "psychosocial", "psychosocial": "psychosocial", "mental": "psychosocial",
    "mere": "more", "flere": "more", "more": "more", "øget": "more",
    "mindre": "small", "små": "small", "lille": "small", "small": "small", "smaller": "small",
    "færre": "less", "less": "less", "fewer": "less",
    "store": "large", "stor": "large", "større": "large", "large": "large", "larger": "large", "big": "large",
    "kortere": "short", "kort": "short", "korte": "short", "shorter": "short", "short": "short",
    "længere": "long", "lang": "long", "lange": "long", "longer": "long", "long": "long",
    "før": "before", "inden": "before", "before": "before", "efter": "after", "after": "after",
    "start": "start", "starte": "start", "begynd": "start", "slut": "end", "slutte": "end", "afslut": "end",
    "intern": "internal", "interne": "internal", "internal": "internal",
    "ekstern": "external", "eksterne": "external", "external": "external",
    "online": "online", "virtuel": "online", "virtuelle": "online", "hybrid": "hybrid", "hybride": "hybrid",
    "fremmøde": "in-person", "person": "in-person",
    "formiddag": "morning", "formiddagen": "morning", "morning": "morning",
    "eftermiddag": "afternoon", "eftermiddagen": "afternoon", "afternoon": "afternoon",
    "op": "up", "ned": "down", "up": "up", "down": "down",
}
# Words whose presence or absence does not change what a short note says.
STOP_WORDS = frozenset(
    {"og", "i", "på", "paa", "af", "at", "den", "det", "de", "en", "et", "om", "som", "er", "der", "så", "til", "for",
     "med", "også", "fx", "f", "eks", "ml", "vi", "man", "jo", "nu", "lige", "gerne", "end", "vores", "sin", "sit",
     "the", "a", "an", "of", "and", "in", "on", "is", "are", "it", "also", "we", "you", "eg", "to", "with",
     "our", "its", "than"}
)
# A few paraphrases the lemmatiser cannot know (checked on the labelled set).
SYNONYMS = {"årlig": "år", "årligt": "år", "årlige": "år", "yearly": "year", "annual": "year", "kollega": "kolleg",
            "kollegaer": "kolleg", "kolleger": "kolleg", "workplace": "work"}

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
_NEGATING_PREFIXES = ("u", "un", "in", "im", "ir", "dis", "mis", "non")
# Rules the evaluation can switch off one at a time, to show what each adds
# (bench/grouping_eval.py --rules); empty in use.
DISABLED: set[str] = set()
RULES = ("lemmas", "typos", "prefix", "swap", "subset", "compact", "poles")
COMPACT_RATIO = 92.0  # for two notes' words run together


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


def key_of(word: str) -> str:
    """The form two words are compared in: lemma (Danish first), then stem."""
    if "lemmas" in DISABLED:
        return stem(word)
    return _lemma_key(word)


@lru_cache(maxsize=65536)
def _lemma_key(word: str) -> str:
    import simplemma  # loaded on first use: its dictionaries take a moment

    lemma = simplemma.lemmatize(word, lang=("da", "en")).casefold()
    lemma = SYNONYMS.get(word, SYNONYMS.get(lemma, lemma))
    return stem(lemma)


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation; apostrophes join ("AMK'ere" → "amkere")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return [word for word in _NON_WORD.split(text) if word]


@dataclass(frozen=True)
class Signature:
    """What the comparison needs of one note, computed once."""

    words: tuple[str, ...]  # content words as written (normalised), in order
    keys: tuple[str, ...]  # their lemma-stems
    negations: frozenset[str]
    numbers: tuple[str, ...]
    poles: frozenset[str]
    compact: str  # the keys run together: "alene-arbejde" = "alenearbejde"
    directed: bool = False  # "fra … til …": word order is meaning

    @property
    def stems(self) -> tuple[str, ...]:
        return self.keys


def signature(text: str) -> Signature:
    words: list[str] = []
    negations: set[str] = set()
    numbers: list[str] = []
    poles: set[str] = set()
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
        pole = POLES.get(word)
        if pole is not None:
            poles.add(pole)
        if word in STOP_WORDS:
            continue
        words.append(word)
    keys = tuple(key_of(word) if not word[:1].isdigit() else word for word in words)
    for key in keys:
        if key in POLES:
            poles.add(POLES[key])
    return Signature(
        words=tuple(words),
        keys=keys,
        negations=frozenset(negations),
        numbers=tuple(sorted(numbers)),
        poles=frozenset(poles),
        compact="".join(keys),
        directed={"fra", "til"} <= set(normalise(text)) or {"from", "to"} <= set(normalise(text)),
    )


def _negating_prefix(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return any(long == prefix + short for prefix in _NEGATING_PREFIXES)


@lru_cache(maxsize=65536)  # the same pairs of words come back for every pair of notes
def is_typo(a: str, b: str) -> bool:
    """Whether two different words are plausibly one word misspelt: long
    words only (never AMK/AMR), never a negating prefix (sikker/usikker)."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit() or _negating_prefix(a, b) or (a in POLES or b in POLES):
        return False
    shortest = min(len(a), len(b))
    if shortest < 5:
        return False
    limit = 2 if shortest >= 9 else 1
    return Levenshtein.distance(a, b, weights=(1, 1, 1), score_cutoff=limit) <= limit or _swap(a, b)


def _swap(a: str, b: str) -> bool:
    """One swap of two neighbouring letters ("trygehd" / "tryghed")."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def words_match(a: str, b: str) -> bool:
    """Two keys name the same thing: equal, a typo, or a short inflected prefix."""
    if a == b or ("typos" not in DISABLED and is_typo(a, b)):
        return True
    if "prefix" in DISABLED:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.startswith(short) and len(long) - len(short) <= 5 and not _negating_prefix(a, b)


def _align(a: Signature, b: Signature) -> list[tuple[int, int]]:
    """Pairs (i, j) of matching words, each word used once, greedily in order;
    a typo is looked for in the words as written too ("trygehd" / "tryghed")."""
    used: set[int] = set()
    pairs = []
    for i, word in enumerate(a.keys):
        for j, other in enumerate(b.keys):
            if j in used:
                continue
            if words_match(word, other) or ("typos" not in DISABLED and is_typo(a.words[i], b.words[j])):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def _in_order(pairs: list[tuple[int, int]], directed: bool) -> bool:
    """The matched words come in the same order, but for one swap of two
    neighbours ("hvordan DTU håndterer" / "hvordan håndterer DTU"); none in a
    note that goes from one thing to another ("fra viden til praksis")."""
    order = [j for _, j in sorted(pairs)]
    inversions = [k for k in range(len(order) - 1) if order[k] > order[k + 1]]
    if not inversions:
        return True
    if len(inversions) > 1 or directed or "swap" in DISABLED:
        return False
    k = inversions[0]
    swapped = order[:k] + [order[k + 1], order[k]] + order[k + 2 :]
    return all(x < y for x, y in zip(swapped, swapped[1:], strict=False))


def agree(a: Signature, b: Signature) -> bool:
    """The guards: the same negations, numbers and poles."""
    poles_agree = "poles" in DISABLED or a.poles == b.poles
    return a.negations == b.negations and a.numbers == b.numbers and poles_agree


def same_note(a: Signature, b: Signature) -> bool:
    """Whether two notes say the same thing, by the conservative rules above."""
    if not agree(a, b) or not a.keys or not b.keys:
        return False
    if a.keys == b.keys or a.compact == b.compact:
        return True
    pairs = _align(a, b)
    if not _in_order(pairs, a.directed or b.directed):
        return False
    extra_a, extra_b = len(a.keys) - len(pairs), len(b.keys) - len(pairs)
    if extra_a == extra_b == 0:
        return True
    if min(extra_a, extra_b) == 0 and "subset" not in DISABLED:  # one note is the other with a word or two more
        more = max(extra_a, extra_b)
        if (more == 1 and len(pairs) >= 2) or (more == 2 and len(pairs) >= 3):
            return True
    # a compound written apart or together ("organisatoriske ændringer" /
    # "organisationsændringer"): only when the notes have different numbers of
    # words, so it never stands in for a typo rule on one short word (AMK/AMR)
    shortest = min(len(a.compact), len(b.compact))
    if "compact" in DISABLED or len(a.keys) == len(b.keys) or shortest < 12:
        return False
    return ratio(a.compact, b.compact) >= COMPACT_RATIO


def _index_keys(sig: Signature) -> set[str]:
    """Where a possible match of `sig` is filed: the first four letters of each key."""
    return {key[:4] for key in sig.keys} | {sig.compact[:6]}


def cluster(texts: Sequence[str]) -> list[list[int]]:
    """Indices of `texts` in groups of notes that say the same thing.

    Groups come in order of their first note; within a group, indices are in
    input order. A note joins the first group it agrees with on every guard
    throughout and matches at least half of."""
    by_text: dict[str, Signature] = {}
    signatures = [by_text.get(text) or by_text.setdefault(text, signature(text)) for text in texts]
    # Notes written alike share one signature; each pair of signatures is
    # compared once (2,000 notes: the same few hundred wordings over and over).
    number_of: dict[Signature, int] = {}
    ids = [number_of.setdefault(sig, len(number_of)) for sig in signatures]
    verdicts: dict[tuple[int, int], bool] = {}

    def same(i: int, m: int) -> bool:
        pair = (ids[i], ids[m])
        verdict = verdicts.get(pair)
        if verdict is None:
            verdict = verdicts[pair] = same_note(signatures[i], signatures[m])
        return verdict

    groups: list[list[int]] = []
    index: dict[str, set[int]] = {}  # key prefix -> group numbers filed under it
    for i, sig in enumerate(signatures):
        keys = _index_keys(sig)
        candidates: set[int] = set()
        for key in keys:
            candidates |= index.get(key, set())
        number = None
        for candidate in sorted(candidates):
            members = groups[candidate]
            if not all(agree(sig, signatures[m]) for m in members):
                continue
            matches = sum(1 for m in members if same(i, m))
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
