"""argparse in the facilitator's language.

argparse writes its own words in English ("usage:", "options", "show this
help message and exit", its error messages), whatever the rest of the help
says. `LocalParser` and `LocalFormatter` put the texts tables' words in
their place, so `facilitator --help` is Danish in a Danish tool (the
language is `cli_language`'s: `--lang`, else $STJERNESTUND_LANG, else Danish).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from functools import partial
from typing import Any, NoReturn

from facilitator.texts import TABLES, t

# argparse's error messages (Python 3.11-3.13) and the text key that says each
# one; the groups fill the key's {a}, {b}, {c}. The first match wins.
ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^the following arguments are required: (?P<a>.*)$", "required"),
        (r"^unrecognized arguments: (?P<a>.*)$", "unrecognized"),
        (r"^argument (?P<a>\S+): invalid choice: (?P<b>.*?) \(choose from (?P<c>.*)\)$", "invalid_choice"),
        (r"^argument (?P<a>\S+): invalid \S+ value: (?P<b>.*)$", "invalid_value"),
        (r"^argument (?P<a>\S+): expected one argument$", "expected_one"),
        (r"^argument (?P<a>\S+): expected at least one argument$", "expected_some"),
        (r"^argument (?P<a>\S+): ignored explicit argument (?P<b>.*)$", "ignored_value"),
        (r"^ambiguous option: (?P<a>\S+) could match (?P<b>.*)$", "ambiguous"),
        (r"^argument (?P<a>\S+): not allowed with argument (?P<b>.*)$", "not_allowed_with"),
    )
)


def translated_error(message: str, language: str) -> str:
    """argparse's English error message in `language` (unchanged if unknown)."""
    for pattern, key in ERRORS:
        match = pattern.match(message)
        if match:
            return t(language, f"cli.argparse.{key}", **match.groupdict())
    return message


class LocalFormatter(argparse.HelpFormatter):
    """Help text with "usage:" and the placeholders (FILE, PATH …) in the language."""

    def __init__(self, prog: str, *, language: str, **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.language = language

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else t(self.language, "cli.argparse.usage") + " ")

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return placeholder(super()._get_default_metavar_for_optional(action), self.language)


def placeholder(word: str, language: str) -> str:
    """A placeholder such as FILE in the language (FIL), when the tables have it."""
    key = f"cli.metavar.{word}"
    return t(language, key) if key in TABLES.get(language, {}) else word


class LocalParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (titles, -h, errors) are the language's.
    Subparsers made by `add_subparsers` are LocalParsers in the same language."""

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", partial(LocalFormatter, language=language))
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.language = language
        self._positionals.title = t(language, "cli.argparse.positionals")
        self._optionals.title = t(language, "cli.argparse.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t(language, "cli.argparse.help"))

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if isinstance(kwargs.get("metavar"), str):
            kwargs["metavar"] = placeholder(kwargs["metavar"], self.language)
        return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(LocalParser, language=self.language))
        if isinstance(kwargs.get("metavar"), str):
            kwargs["metavar"] = placeholder(kwargs["metavar"], self.language)
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = translated_error(message, self.language)
        self.exit(2, t(self.language, "cli.argparse.error", prog=self.prog, message=text) + "\n")
