"""`facilitator cards PLAN --out cards.pdf`: one printed card per group.

The cards belong to the meeting's journal: the session code and the key
that signs the groups' links are the journal's (the key in the file beside
it), so the cards are printed from the same journal that `facilitator run`
will open — the plan's default one, or `--db`. Printing first creates the
journal (with its code); running the meeting later resumes it, and the
cards work. The journal is opened by the composition root
(`facilitator.app.meeting_for_cards`), as for `run`. The link's address is the one `run` would show now, unless
`--host` or `--public-url` says which the laptop will have in the room.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from facilitator.cli.options import add_language_option, add_wifi_options, wifi_from
from facilitator.codes import formatted_code
from facilitator.texts import t


def add_parser(subparsers: argparse._SubParsersAction, language: str) -> None:
    def h(key: str) -> str:
        return t(language, f"cli.cards.{key}")

    parser = subparsers.add_parser("cards", help=h("help"), description=h("description"))
    parser.add_argument("plan", metavar="PLAN", help=h("arg_plan"))
    parser.add_argument("--out", default="bordkort.pdf" if language == "da" else "table-cards.pdf", metavar="FILE", help=h("arg_out"))
    parser.add_argument("--per-page", type=int, choices=(2, 4), default=2, help=h("arg_per_page"))
    parser.add_argument("--db", default=None, metavar="PATH", help=h("arg_db"))
    parser.add_argument("--host", default=None, help=h("arg_host"))
    parser.add_argument("--port", type=int, default=8765, help=h("arg_port"))
    parser.add_argument("--public-url", default=None, metavar="URL", help=h("arg_public_url"))
    add_wifi_options(parser, language)
    add_language_option(parser, language)
    parser.set_defaults(handler=cards_command)


def cards_command(args: argparse.Namespace, language: str) -> int:
    from facilitator.app import meeting_for_cards
    from facilitator.config.loader import load_plan
    from facilitator.config.problems import ConfigError
    from facilitator.export.cards import Card, CardSheet, write_cards_pdf
    from facilitator.journal import JournalError
    from facilitator.server.phone.views import group_label
    from facilitator.server.transport.address import join_url
    from facilitator.server.transport.qr import png_qr

    def fail(text: str) -> int:
        print(text, file=sys.stderr)
        return 1

    try:
        plan = load_plan(args.plan)
    except ConfigError as error:
        return fail(error.message(language))
    try:
        meeting = meeting_for_cards(plan, Path(args.db) if args.db else None)
    except JournalError as error:
        return fail(str(error))
    if meeting.table_problem is not None:
        return fail(t(language, "cli.cards.no_key", problem=meeting.table_problem))
    base = join_url(meeting.code, port=args.port, host=args.host, public_url=args.public_url)
    cards = [
        Card(group=group_label(group, language), url=(url := meeting.table_keys.url(base, group.id)), url_qr_png=png_qr(url))
        for group in meeting.groups
    ]
    wifi = wifi_from(args, plan)
    sheet = CardSheet(
        title=plan.title,
        code=formatted_code(meeting.code),
        cards=cards,
        wifi_name=wifi.ssid if wifi else None,
        wifi_qr_png=png_qr(wifi.qr_payload()) if wifi else None,
        wifi_password=wifi.password if wifi else "",
    )
    out = Path(args.out)
    try:
        write_cards_pdf(sheet, out, per_page=args.per_page, language=language)
    except OSError as error:
        return fail(t(language, "cli.cards.cannot_write", file=out, error=error.strerror or error))
    print(t(language, "cli.cards.written", count=len(cards), file=out))
    print(t(language, "cli.cards.journal", path=meeting.db_path))
    print(t(language, "cli.cards.address", url=base))
    return 0
