"""Text people typed, made safe to show, store and print.

The console and the headless log write notes, names and summary lines to a
terminal as they are, and an escape sequence in them could clear that
terminal, recolour it, set its title or write to its clipboard. The
appendix prints the same text into Word, PDF, HTML and CSV, where a lone
surrogate or a non-character breaks the file and a right-to-left override
makes "txt.exe" read as "exe.txt". Phones' text is cleaned as it arrives
(`server/phone/protocol.py`), and so is what the facilitator types or
pastes into the console: one rule for everyone.

- Every text is NFC-normalised, so a decomposed "Å" (A + ring) is the same
  letter Word's search and the grouping find.
- Control characters go (C0 but tab and line break, DEL, C1); a carriage
  return, NEL and the Unicode line/paragraph separators become a line break.
- Bidi embeddings, overrides, isolates and marks, zero-width spaces, the
  word joiner, BOM, non-characters and lone surrogates go: they are
  invisible, so removing them loses nothing a reader sees, and they are the
  tools of visual spoofing and broken files.
- Single-line fields (names, proposed lane titles) also fold line breaks
  and tabs into one space and lose the zero-width joiners: a name is one
  line in every list, and nothing in it is invisible.
"""

from __future__ import annotations

import re
import unicodedata


def _char_class(spans: tuple[tuple[int, int], ...]) -> str:
    return "[" + "".join(re.escape(chr(low)) + "-" + re.escape(chr(high)) for low, high in spans) + "]"


_CONTROL_SPANS = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x84), (0x86, 0x9F))  # C0 but tab and line break, DEL, C1 but NEL
_BREAK_CHARACTERS = "\r\x85\u2028\u2029"
# Invisible characters with no place in typed text: bidi controls and marks,
# zero-width space, word joiner and invisible operators, BOM, the
# interlinear annotation marks, non-characters, lone surrogates.
_INVISIBLE_SPANS = (
    (0x061C, 0x061C), (0x200B, 0x200B), (0x200E, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0xFDD0, 0xFDEF), (0xFFFE, 0xFFFF), (0xD800, 0xDFFF),
    *((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(1, 17)),
)
_CONTROL = re.compile(_char_class(_CONTROL_SPANS))
_LINE_BREAKS = re.compile(f"\r\n|[{_BREAK_CHARACTERS}]")
_INVISIBLE = re.compile(_char_class(_INVISIBLE_SPANS))
_JOINERS = re.compile("[\u200c\u200d\u034f]")  # zero-width (non-)joiner, combining grapheme joiner
_SPACE_RUN = re.compile(r"\s+")

# The fast path (issue 18): most texts need nothing, and `printable` would
# cost three scans and a normalisation to find that out. A text with no
# character `str.isprintable` rejects but the kept line break and tab has no
# control character, no line break to change and none of the invisible ones
# (all of them are controls, format characters, separators, surrogates or
# non-characters, which it rejects), so it is its own result if it is NFC
# already. Should a printable character ever join the removed ones, it is
# searched for too, and the fast path stays exact.


def _printable_among(spans: tuple[tuple[int, int], ...]) -> re.Pattern[str] | None:
    """A search for the characters of `spans` that `str.isprintable` accepts; None if there are none."""
    found = "".join(char for low, high in spans for char in map(chr, range(low, high + 1)) if char.isprintable())
    return re.compile(f"[{re.escape(found)}]") if found else None


_PRINTABLE_BUT_REMOVED = _printable_among(
    (*_CONTROL_SPANS, *_INVISIBLE_SPANS, *((ord(char), ord(char)) for char in _BREAK_CHARACTERS))
)


def _needs_nothing(text: str) -> bool:
    """Whether `printable(text)` is `text`, decided without building it."""
    if not (text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()):
        return False
    if _PRINTABLE_BUT_REMOVED is not None and _PRINTABLE_BUT_REMOVED.search(text):
        return False
    return unicodedata.is_normalized("NFC", text)


def printable(text: str) -> str:
    """`text` as it may be stored and shown: NFC, no control or invisible
    character. Line breaks and tabs stay; a carriage return becomes a line
    break."""
    if _needs_nothing(text):
        return text
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    return unicodedata.normalize("NFC", text)


def single_line(text: str) -> str:
    """A name or a title: `printable`, on one line (line breaks and tabs fold
    into one space), without zero-width joiners, trimmed."""
    text = _JOINERS.sub("", printable(text))
    return _SPACE_RUN.sub(" ", text).strip()


def readable(text: str) -> bool:
    """Whether anything is left to read once control and invisible characters
    go: a note of only zero-width joiners is stored by nobody and counted by
    nobody (the core refuses it, the counting rule skips a journal's older
    rows), so what the appendix prints and what was stored agree."""
    if text.isprintable() and not _JOINERS.search(text):  # the combining grapheme joiner is printable
        return bool(text.strip())
    # `single_line(text)` is empty exactly when this is all whitespace (its
    # `\s+` is `str.isspace`): the same answer without folding the spaces
    return bool(_JOINERS.sub("", printable(text)).strip())


def one_line(text: str) -> str:
    """Typed text as one line of a log or listing: a line break shows as ↵ (a
    note cannot forge a line of its own) and no control character reaches
    the terminal."""
    return re.sub(r"\s*\n\s*", " ↵ ", printable(text)).replace("\t", " ")
