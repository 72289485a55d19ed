"""Two high-contrast themes for a projector: black on white, white on black.

A projector washes out mid-greys and pale colours, so both themes keep text
at full contrast against a plain background and use dark, saturated
colours (light theme) or bright ones (dark theme) for the few accents.
"""

from __future__ import annotations

from textual.theme import Theme

LIGHT = Theme(
    name="stjernestund-light",
    primary="#003d80",
    secondary="#005fb8",
    accent="#a34700",
    warning="#8a5a00",
    error="#b00020",
    success="#0b6b1f",
    foreground="#000000",
    background="#ffffff",
    surface="#f2f2f2",
    panel="#e6e6e6",
    dark=False,
    variables={"footer-key-foreground": "#003d80", "footer-description-foreground": "#000000"},
)

DARK = Theme(
    name="stjernestund-dark",
    primary="#66b3ff",
    secondary="#3d8bfd",
    accent="#ffb347",
    warning="#ffd166",
    error="#ff6b81",
    success="#5fd38d",
    foreground="#ffffff",
    background="#000000",
    surface="#141414",
    panel="#1f1f1f",
    dark=True,
    variables={"footer-key-foreground": "#ffd166", "footer-description-foreground": "#ffffff"},
)

THEMES = (LIGHT, DARK)


def other_theme(name: str) -> str:
    return DARK.name if name == LIGHT.name else LIGHT.name
