"""`facilitator new exercise|plan PATH`: write a starter file to edit.

The file is valid as written (`facilitator check` accepts it) and is never
written over an existing file: a facilitator's own plan is worth more than
a template.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from facilitator.cli.options import add_language_option
from facilitator.config.starter import starter_text
from facilitator.texts import t


def add_parser(subparsers: Any, language: str) -> None:
    parser = subparsers.add_parser("new", help=t(language, "new.help"), description=t(language, "new.description"))
    parser.add_argument("kind", choices=("exercise", "plan"), help=t(language, "new.what_help"))
    parser.add_argument("path", metavar="PATH", help=t(language, "new.path_help"))
    add_language_option(parser, language)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, language: str) -> int:
    path = Path(args.path)
    text = starter_text(args.kind, path, language)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # e.g. a file where a folder should be
        reason = t(language, "new.not_a_folder") if isinstance(exc, FileExistsError) else exc.strerror
        print(t(language, "new.cannot_write", path=args.path, reason=reason or exc), file=sys.stderr)
        return 1
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": never over an existing file
            file.write(text)
    except FileExistsError:
        print(t(language, "new.exists", path=args.path), file=sys.stderr)
        return 1
    except OSError as exc:
        print(t(language, "new.cannot_write", path=args.path, reason=exc.strerror or exc), file=sys.stderr)
        return 1
    print(t(language, "new.written", path=args.path))
    return 0
