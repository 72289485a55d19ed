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

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")  # C0 but tab and line break, DEL, C1 but NEL
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
# Invisible characters with no place in typed text: bidi controls and marks,
# zero-width space, word joiner and invisible operators, BOM, the
# interlinear annotation marks, non-characters, lone surrogates.
_INVISIBLE = re.compile(
    "[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_JOINERS = re.compile("[\u200c\u200d\u034f]")  # zero-width (non-)joiner, combining grapheme joiner
_SPACE_RUN = re.compile(r"\s+")


def printable(text: str) -> str:
    """`text` as it may be stored and shown: NFC, no control or invisible
    character. Line breaks and tabs stay; a carriage return becomes a line
    break."""
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
    if text.isprintable():
        return bool(text.strip())
    return bool(single_line(text))


def one_line(text: str) -> str:
    """Typed text as one line of a log or listing: a line break shows as ↵ (a
    note cannot forge a line of its own) and no control character reaches
    the terminal."""
    return re.sub(r"\s*\n\s*", " ↵ ", printable(text)).replace("\t", " ")
