"""Text people typed, made safe to show on the facilitator's terminal.

The console and the headless log write notes, names and summary lines to a
terminal as they are, and an escape sequence in them could clear that
terminal, recolour it, set its title or write to its clipboard. Phones'
text is cleaned as it arrives (`server/phone/protocol.py`), and so is what the
facilitator types or pastes into the console: one rule for everyone.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and line break, DEL, C1


def printable(text: str) -> str:
    """`text` without control characters. Line breaks and tabs stay; a
    carriage return becomes a line break."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """Typed text as one line of a log or listing: a line break shows as ↵ (a
    note cannot forge a line of its own) and no control character reaches
    the terminal."""
    return re.sub(r"\s*\n\s*", " ↵ ", printable(text)).replace("\t", " ")
