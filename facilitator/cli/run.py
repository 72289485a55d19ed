"""`facilitator run`: start the meeting's server, with the host console or headless.

Only the arguments live here; `facilitator.app` builds and runs the program."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from facilitator.cli.options import add_language_option, add_wifi_options, wifi_from
from facilitator.texts import t

DEFAULT_PORT = 8765  # as facilitator.app's (kept here so `--help` imports nothing heavy)


def add_parser(subparsers: argparse._SubParsersAction, language: str) -> None:
    def h(key: str) -> str:
        return t(language, f"cli.run.{key}")

    parser = subparsers.add_parser("run", help=h("help"), description=h("description"))
    parser.add_argument("plan", nargs="?", metavar="PLAN", help=h("arg_plan"))
    parser.add_argument("--host", default=None, help=h("arg_host"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=h("arg_port"))
    parser.add_argument("--public-url", default=None, metavar="URL", help=h("arg_public_url"))
    parser.add_argument("--db", default=None, metavar="PATH", help=h("arg_db"))
    parser.add_argument("--headless", action="store_true", help=h("arg_headless"))
    parser.add_argument("--start", action="store_true", help=h("arg_start"))
    parser.add_argument("--qr-out", default=None, metavar="FILE", help=h("arg_qr_out"))
    add_wifi_options(parser, language)
    parser.add_argument("--tls-cert", default=None, metavar="FILE", help=h("arg_tls_cert"))
    parser.add_argument("--tls-key", default=None, metavar="FILE", help=h("arg_tls_key"))
    parser.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDR", help=h("arg_trusted_proxy"))
    parser.add_argument("--sockets-per-address", type=int, default=None, metavar="N", help=h("arg_sockets_per_address"))
    parser.add_argument("--joins-per-address", type=int, default=None, metavar="N", help=h("arg_joins_per_address"))
    parser.add_argument("--max-phones", type=int, default=None, metavar="N", help=h("arg_max_phones"))
    add_language_option(parser, language)
    parser.set_defaults(handler=run_command)


def _error(text: str) -> int:
    print(text, file=sys.stderr)
    return 1


def run_command(args: argparse.Namespace, language: str) -> int:
    """Check the arguments, then hand over to the composition root."""
    from facilitator.app import RunSettings, run
    from facilitator.config.models import MAX_PHONES_LIMIT
    from facilitator.server.transport.limits import Limits
    from facilitator.server.transport.proxies import TrustedProxies
    from facilitator.server.transport.tls import TlsError, server_context

    if not 0 <= args.port <= 65535:
        return _error(t(language, "cli.run.bad_port", port=args.port))
    if args.public_url and not re.match(r"^https?://[^/\s]+", args.public_url):
        return _error(t(language, "cli.run.bad_public_url", url=args.public_url))
    if args.qr_out and Path(args.qr_out).suffix.lower() not in (".png", ".svg"):
        return _error(t(language, "cli.run.bad_qr_out", file=args.qr_out))
    try:
        proxies = TrustedProxies.parse(args.trusted_proxy)
    except ValueError as bad:
        return _error(t(language, "cli.run.bad_trusted_proxy", value=bad))
    if args.sockets_per_address is not None and args.sockets_per_address < 1:
        return _error(t(language, "cli.run.bad_sockets_per_address", value=args.sockets_per_address))
    if args.joins_per_address is not None and args.joins_per_address < 1:
        return _error(t(language, "cli.run.bad_joins_per_address", value=args.joins_per_address))
    if args.max_phones is not None and not 1 <= args.max_phones <= MAX_PHONES_LIMIT:
        return _error(t(language, "cli.run.bad_max_phones", value=args.max_phones, limit=MAX_PHONES_LIMIT))
    limits = Limits(
        **({} if args.sockets_per_address is None else {"sockets_per_address": args.sockets_per_address}),
        joins_per_address=args.joins_per_address,
    )
    if bool(args.tls_cert) != bool(args.tls_key):
        return _error(t(language, "cli.run.tls_half"))
    tls = None
    if args.tls_cert:
        try:
            tls = server_context(Path(args.tls_cert), Path(args.tls_key))
        except TlsError as error:
            return _error(t(language, f"cli.run.tls_{error.code}", **error.params))
    if proxies and not args.public_url:
        print(t(language, "cli.run.proxy_without_public_url"), file=sys.stderr)
    settings = RunSettings(
        plan=Path(args.plan) if args.plan else None,
        db=Path(args.db) if args.db else None,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        headless=args.headless,
        start=args.start,
        qr_out=args.qr_out,
        console_language=getattr(args, "lang", None),
        wifi=wifi_from(args, None),  # `--wifi`; without it the plan's network, if it names one
        tls=tls,
        trusted_proxies=proxies,
        limits=limits,
        max_phones=args.max_phones,
    )
    return run(settings, language)
