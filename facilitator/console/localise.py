"""Key descriptions in the facilitator's language.

Textual reads `BINDINGS` from the class, in one language. The console's
bindings carry a text key as their description (`key.start`), and each
screen and the app swap in the text for their language once, when they are
built, so the footer and the help screen speak Danish or English.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from facilitator.texts import t


def describe(language: str, binding: Binding) -> str:
    if binding.description.startswith("key."):
        return t(language, f"console.{binding.description}")
    return binding.description


def localise_bindings(node: DOMNode, language: str) -> None:
    """Replace the text keys in `node`'s bindings by the texts themselves."""
    mapping = node._bindings.key_to_bindings  # Textual keeps a per-instance copy
    for key, bindings in mapping.items():
        mapping[key] = [replace(b, description=describe(language, b)) for b in bindings]


def key_label(binding: Binding) -> str:
    """A key as the help screen writes it: `?`, `PgDn`, `Ctrl+Q`."""
    names = {
        "question_mark": "?",
        "plus": "+",
        "minus": "-",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "less_than_sign": "<",
        "greater_than_sign": ">",
        "delete": "Del",
        "escape": "Esc",
        "enter": "Enter",
        "space": "Space",
        "colon": ":",
        "asterisk": "*",
    }
    if binding.key_display:
        return binding.key_display
    shown = []
    for key in binding.key.split(","):
        parts = [names.get(part, part if len(part) == 1 else part.capitalize()) for part in key.split("+")]
        shown.append("+".join(parts))
    return " / ".join(shown)
