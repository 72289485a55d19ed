"""Typed text made safe: the fast path for text that needs nothing (issue 18)
gives exactly what the three substitutions and NFC give, for every character
and for texts mixing the ones the rules act on."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator import printable as module
from facilitator.printable import printable, readable, single_line

# -- the rules as they were written before the fast path: the specification --------
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_INVISIBLE = re.compile(
    "[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_JOINERS = re.compile("[\u200c\u200d\u034f]")


def cleaned(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", _CONTROL.sub("", text)))


def one_line_cleaned(text: str) -> str:
    return re.sub(r"\s+", " ", _JOINERS.sub("", cleaned(text))).strip()


def anything_to_read(text: str) -> bool:
    # what is left once `single_line` has cleaned it (the rule the docstring states);
    # before issue 18's fast path a printable text was only stripped, and a
    # note of nothing but U+034F (printable) was stored as "readable"
    return bool(one_line_cleaned(text))


# -- tests ---------------------------------------------------------------------------


def test_every_character_alone_is_cleaned_as_the_rules_say() -> None:
    differ = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if printable(chr(code)) != cleaned(chr(code)) or readable(chr(code)) != anything_to_read(chr(code))
    ]
    assert differ == []


# letters, Danish ones decomposed and composed, marks, spaces, line breaks,
# controls, invisible and joining characters, a Hangul filler (printable, kept)
SPECIAL = (
    "aÅæ A\u030a o\u0308 \u0301\u0327 \t\n\r\x85\u2028\u2029\x00\x1b\x7f\x9b\u00a0\u3000\u3164\u115f"
    "\u061c\u200b\u200e\u202e\u2066\u2069\u2060\ufeff\ufff9\ufdd0\uffff\U0001fffe\U0010ffff\ud800\udfff"
    "\u200c\u200d\u034f\U0001f469\u2764\ufe0f"
)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=30))
def test_any_text_is_cleaned_as_the_rules_say(text: str) -> None:
    assert printable(text) == cleaned(text)
    assert single_line(text) == one_line_cleaned(text)
    assert readable(text) == anything_to_read(text)


def test_a_text_that_needs_nothing_comes_back_as_it_is_line_breaks_and_tabs_too() -> None:
    note = "Sparring med de andre\n\tarbejdsmiljøkoordinatorer, gerne fysisk 🙂"
    assert printable(note) is note


def test_a_printable_text_not_yet_in_nfc_is_still_normalised() -> None:
    assert printable("A\u030abenhed") == "\u00c5benhed"
    assert printable("A\u030a\nbenhed") == "\u00c5\nbenhed"


def test_a_right_to_left_override_and_a_carriage_return_are_still_cleaned_among_printable_letters() -> None:
    assert printable("txt\u202e.exe") == "txt.exe"
    assert printable("en\r\nto\rtre") == "en\nto\ntre"


def test_a_printable_character_among_the_removed_ones_keeps_the_fast_path_from_skipping_it() -> None:
    """None of today's removed characters is printable; one that were (a
    Hangul filler, say) would be searched for before a text is passed as it is."""
    assert module._printable_among(((0x0B, 0x1F), (0x2066, 0x206F))) is None
    guard = module._printable_among(((0x3164, 0x3164), (0x0B, 0x1F)))
    assert guard is not None and guard.search("ord\u3164") and not guard.search("ord\x1b")


def test_only_line_breaks_and_joiners_leave_nothing_to_read() -> None:
    assert not readable("\u200d\n\u200c \t\u034f")
    assert readable("\u200d\nx")


def test_a_note_of_only_combining_grapheme_joiners_leaves_nothing_to_read() -> None:
    """U+034F is printable (a combining mark), so the quick `isprintable`
    check alone let a note of nothing else through to the core and the
    appendix; it is a joiner `single_line` removes, so nothing is left."""
    assert not readable("\u034f\u034f\u034f")
    assert not readable(" \u034f ")
    assert readable("a\u034fb")
