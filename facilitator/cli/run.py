"""`facilitator run`: start the meeting's server, with the host console or headless."""

from __future__ import annotations

import argparse
import asyncio
import errno
import re
import sys
import unicodedata
from pathlib import Path

import platformdirs

from facilitator.cli.options import add_language_option, add_wifi_options, wifi_from
from facilitator.config.models import ResolvedPlan
from facilitator.journal import JournalError
from facilitator.resources import sample_plan
from facilitator.runtime import LiveSession
from facilitator.texts import t

DEFAULT_PORT = 8765


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
    add_language_option(parser, language)
    parser.set_defaults(handler=run_command)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "session"


def default_db_path(plan: ResolvedPlan) -> Path:
    """One journal per plan and meeting day, so running the same plan again
    the same day resumes the meeting (same code: phones reconnect)."""
    folder = Path(platformdirs.user_data_dir("stjernestund"))
    return folder / f"{plan.date.isoformat()}-{_slug(plan.title)}.sqlite3"


def _error(text: str) -> int:
    print(text, file=sys.stderr)
    return 1


def run_command(args: argparse.Namespace, language: str) -> int:
    from facilitator.config.loader import load_plan
    from facilitator.config.problems import ConfigError
    from facilitator.headless import Controls, ListenError, run_headless, stdin_or_none
    from facilitator.server import SessionServer
    from facilitator.server.transport.proxies import TrustedProxies
    from facilitator.server.transport.qr import write_qr
    from facilitator.server.transport.tls import TlsError, server_context

    def say(key: str, **params: object) -> None:
        print(t(language, f"cli.run.{key}", **params), flush=True)

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

    plan_path = Path(args.plan) if args.plan else sample_plan()
    try:
        plan = load_plan(plan_path)
    except ConfigError as error:
        return _error(error.message(language))
    db_path = Path(args.db) if args.db else default_db_path(plan)
    resuming = db_path.exists() and db_path.stat().st_size > 0
    try:
        session = LiveSession.open(db_path, plan)
    except JournalError as error:
        return _error(str(error))
    for warning in session.warnings:
        print(warning, file=sys.stderr)
    started = session.state.plan
    assert started is not None  # LiveSession.open starts the session when the journal was empty
    say("plan", title=started.title, path=plan_path)
    say("journal", path=db_path)
    if resuming:
        say("resumed", events=session.state.event_count)

    def problem(text: str) -> None:
        print(t(language, "server.log.not_stored", error=text), file=sys.stderr, flush=True)

    server = SessionServer(
        session,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        on_problem=problem,
        wifi=wifi_from(args, plan),
        tls=tls,
        trusted_proxies=proxies,
    )
    controls = Controls(session, language, connected=server.hub.connected_participants)

    def after_start() -> None:
        if args.qr_out:
            try:
                written = write_qr(server.join_url, args.qr_out)
            except OSError as error:
                print(t(language, "cli.run.qr_failed", file=args.qr_out, error=error.strerror), file=sys.stderr)
            else:
                say("qr_written", file=written)

    try:
        if not args.headless:
            from facilitator.console import run_console

            asyncio.run(run_console(server, session, getattr(args, "lang", None), start=args.start, after_start=after_start))
            return 0
        asyncio.run(
            run_headless(
                server,
                controls,
                language=language,
                out=sys.stdout,
                stdin=stdin_or_none(),
                start=args.start,
                after_start=after_start,
            )
        )
    except ListenError as listen:
        session.close()
        cause = listen.error
        if cause.errno == errno.EADDRINUSE:
            suggest = args.port + 1 if 0 < args.port < 65535 else DEFAULT_PORT + 1
            return _error(t(language, "cli.run.port_taken", port=args.port, suggest=suggest))
        reason = cause.strerror or str(cause)
        return _error(t(language, "cli.run.cannot_listen", host=args.host or "*", port=args.port, error=reason))
    return 0

