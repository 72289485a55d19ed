"""`facilitator export JOURNAL`: write the appendix (bilag) for the minutes.

Reads the journal without changing it, so it works during the meeting,
after it and after a crash. Prints each file written, one per line; any
problem is one line on standard error and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from facilitator.export import DEFAULT_FORMATS, ExportError, PartialExport, check_formats, export_state, load_session
from facilitator.journal import JournalError
from facilitator.texts import t


def add_parser(subparsers: Any, language: str) -> None:
    parser = subparsers.add_parser(
        "export", help=t(language, "cli.export.help"), description=t(language, "cli.export.description")
    )
    parser.add_argument("journal", type=Path, help=t(language, "cli.export.journal"))
    parser.add_argument("--format", default=",".join(DEFAULT_FORMATS), help=t(language, "cli.export.format"))
    parser.add_argument("--lang", choices=("da", "en"), default=None, help=t(language, "cli.export.lang"))
    parser.add_argument("--out", type=Path, default=Path("."), help=t(language, "cli.export.out"))
    parser.add_argument("--by-owner", action="store_true", help=t(language, "cli.export.by_owner"))
    parser.set_defaults(handler=run)


def _fail(language: str, reason: str) -> int:
    print(t(language, "cli.export.failed", reason=reason), file=sys.stderr)
    return 1


def run(args: argparse.Namespace, language: str) -> int:
    try:
        formats = check_formats(args.format.split(","), language)
    except ExportError as exc:
        return _fail(language, str(exc))

    def warn(warning: str) -> None:
        print(t(language, "cli.export.warning", warning=warning), file=sys.stderr)

    try:
        state = load_session(args.journal, warn, language)
    except (JournalError, ExportError) as exc:
        return _fail(language, str(exc))
    except OSError as exc:
        return _fail(language, t(language, "cli.export.unreadable", path=args.journal, reason=exc.strerror or exc))
    try:
        written = export_state(state, args.out, formats, args.lang, args.by_owner)
    except PartialExport as partial:
        for path in partial.written:  # what was written is said first: it is there to use
            print(path)
        return _fail(language, str(partial))
    except ExportError as exc:
        return _fail(language, str(exc))
    except OSError as exc:
        where = exc.filename or args.out
        return _fail(language, t(language, "cli.export.cannot_write", path=where, reason=exc.strerror or exc))
    for path in written:
        print(path)
    return 0
