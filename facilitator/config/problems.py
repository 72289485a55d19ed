"""A problem found in an exercise or plan file, and the error that carries them.

A problem is kept language-neutral (a text key and its parameters) and is
rendered in Danish or English only when shown, so the same check can answer
`facilitator check --lang en` and the Danish console alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.texts import t

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Choices:
    """Allowed values, joined with the language's "or" when shown."""

    values: tuple[str, ...]

    def text(self, language: str) -> str:
        quoted = [f"'{value}'" for value in self.values]
        if len(quoted) <= 1:
            return "".join(quoted)
        return f"{', '.join(quoted[:-1])} {t(language, 'check.or')} {quoted[-1]}"


@dataclass(frozen=True)
class Expected:
    """What was expected, as a `check.` text key and its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, name: str, /, **params: object) -> Expected:
        return cls(f"check.{name}", tuple(sorted(params.items())))

    def text(self, language: str = "da") -> str:
        rendered = {name: _render(value, language) for name, value in self.params}
        return t(language, self.key, **rendered)

    def __str__(self) -> str:
        return self.text("da")


def _render(value: object, language: str) -> object:
    if isinstance(value, (Expected, Choices)):
        return value.text(language)
    return value


def format_key_path(path: tuple[str | int, ...]) -> str:
    """`("lanes", 2, "title")` -> `lanes[3].title`: indices count from 1, like
    a facilitator counts the `[[lanes]]` in a file."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            name = part if _BARE_KEY.match(part) else '"' + part.replace('"', '\\"') + '"'
            out += f".{name}" if out else name
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file.

    `file` is the path as the user would recognise it, `key_path` is written
    like `lanes[2].title` ("" when the problem is the file as a whole), `line`
    is 1-based (None when the file cannot be read at all)."""

    file: str
    key_path: str
    line: int | None
    expected: Expected

    def format(self, language: str = "da") -> str:
        """`FILE:LINE: KEY.PATH: message`; LINE and KEY.PATH are left out
        (with their colon) when they do not apply."""
        head = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [head, self.key_path, self.expected.text(language)]
        return ": ".join(part for part in parts if part)

    def __str__(self) -> str:
        return self.format("da")


class ConfigError(Exception):
    """An exercise or plan file that cannot be used; `.problems` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(dict.fromkeys(problems))
        super().__init__(self.message("da"))

    def message(self, language: str = "da") -> str:
        return "\n".join(problem.format(language) for problem in self.problems)
