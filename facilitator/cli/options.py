"""Options more than one subcommand takes."""

from __future__ import annotations

import argparse

from facilitator.config.models import LANGUAGES
from facilitator.texts import t


def add_language_option(parser: argparse.ArgumentParser, language: str) -> None:
    """`--lang da|en` on a subcommand. The language itself is read from argv by
    `cli_language` before parsing (so even the help is in it); this only lets
    argparse accept the option after the subcommand's name."""
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t(language, "cli.lang_help"))
