"""Every text a person sees, from one table per language (`da.py`, `en.py`).

Danish is the default. Keys are dotted by area (`error.`, `check.`, `cli.`,
`phone.`, `console.`, `appendix.`); the phone page gets its part of the
tables from the server, so the browser and Python share one source.
"""

from __future__ import annotations

from collections.abc import Mapping

from facilitator.texts.da import DA
from facilitator.texts.en import EN

TABLES: dict[str, dict[str, str]] = {"da": DA, "en": EN}
DEFAULT_LANGUAGE = "da"


def t(language: str, key: str, /, **params: object) -> str:
    """The text for `key` in `language`, with `{placeholders}` filled in."""
    table = TABLES.get(language, DA)
    text = table.get(key) or DA.get(key) or key
    return text.format(**params) if params else text


def error_text(language: str, code: str, params: Mapping[str, object] | None = None) -> str:
    """What a refused command (`DomainError` code and params) says to a person.

    The one place a domain error becomes text, used by every shell. A
    `reason` parameter is an error code of its own and is rendered first."""
    values = dict(params or {})
    reason = values.get("reason")
    if isinstance(reason, str):
        values["reason"] = t(language, f"error.{reason}")
    return t(language, f"error.{code}", **values)


def group_label(language: str, name: str | None, number: int) -> str:
    """The plan's name for a group, else "Gruppe 3": one rule for the phones,
    the wall, the console, headless mode and the appendix."""
    return name or t(language, "group.number", number=number)


def table_for(language: str, prefix: str) -> dict[str, str]:
    """The part of a language's table under `prefix` (e.g. everything a phone shows)."""
    table = TABLES.get(language, DA)
    return {key: value for key, value in table.items() if key.startswith(prefix)}
