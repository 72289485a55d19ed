"""`facilitator check FILE…`: say whether exercise and plan files are usable.

Output (documented in docs/exercises.md): one `FILE: ok – …` line per valid
file on stdout; for a file with problems, one line per problem on stdout,
`FILE:LINE: KEY.PATH: expected …` (LINE and KEY.PATH left out when they do
not apply, e.g. for a file that does not exist), so the lines can be grepped
and editors can jump to them; a one-line count on stderr. Exit 0 when every
file is valid, else 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from facilitator.cli.options import add_language_option
from facilitator.config.loader import load_any
from facilitator.config.models import Exercise, ResolvedPlan
from facilitator.config.problems import ConfigError, Problem
from facilitator.texts import t


def add_parser(subparsers: Any, language: str) -> None:
    parser = subparsers.add_parser(
        "check", help=t(language, "check.help"), description=t(language, "check.description")
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=t(language, "check.files_help"))
    add_language_option(parser, language)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, language: str) -> int:
    shown: dict[Problem, None] = {}  # a broken exercise file two plans share is reported once
    for file in args.files:
        try:
            loaded = load_any(file)
        except ConfigError as error:
            for problem in error.problems:
                if problem not in shown:
                    shown[problem] = None
                    print(problem.format(language))
            continue
        print(ok_line(file, loaded, language))
    if shown:
        files = len({problem.file for problem in shown})
        print(t(language, "check.summary", problems=len(shown), files=files), file=sys.stderr)
        return 1
    return 0


def ok_line(file: str, loaded: Exercise | ResolvedPlan, language: str) -> str:
    if isinstance(loaded, Exercise):
        kind = t(language, f"check.kind.{loaded.kind.value}")
        return t(language, "check.ok_exercise", file=file, id=loaded.id, kind=kind, lanes=len(loaded.lanes))
    return t(
        language,
        "check.ok_plan",
        file=file,
        title=loaded.title,
        date=loaded.date.isoformat(),
        groups=loaded.group_count,
        ids=", ".join(exercise.id for exercise in loaded.exercises),
    )
