"""`facilitator`: the command line. Each subcommand lives in its own module
with `add_parser(subparsers)` and `run(args) -> int`; this file only wires
them together and keeps tracebacks away from people."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from facilitator.cli.options import add_language_option
from facilitator.cli.parser import LocalParser
from facilitator.texts import t

SUBCOMMANDS = ("check", "new", "run", "export", "cards", "doctor")


def cli_language(argv: list[str]) -> str:
    """`--lang` if given, else $STJERNESTUND_LANG, else Danish."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    env = os.environ.get("STJERNESTUND_LANG", "")
    return env if env in ("da", "en") else "da"


def build_parser(language: str) -> argparse.ArgumentParser:
    parser = LocalParser(prog="facilitator", description=t(language, "cli.description"), language=language)
    add_language_option(parser, language)  # before the subcommand too
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"facilitator.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"facilitator.cli.{name}":
                continue  # not built yet
            raise
        module.add_parser(subparsers, language)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language = cli_language(argv)
    parser = build_parser(language)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args, language) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
