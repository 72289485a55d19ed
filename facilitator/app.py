"""The composition root: the one place that builds the running program.

`facilitator run` parses its arguments (`cli/run.py`) and calls `run`, which
builds, in this order: the plan, the journal and the live session on it, the
phones' server (with the keys kept beside the journal), the garbage-collection
pacer, and the chosen facilitator UI (the Textual console or headless
standard input). Nothing else constructs these. It tears them down in the
reverse order: the UI ends (it stops the server, since it started it and
shows what became of that), the pacer gives Python its collector back, and
the journal is closed last, so nothing acknowledged is lost.
"""

from __future__ import annotations

import asyncio
import errno
import os
import re
import ssl
import sys
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

from facilitator.config.models import ResolvedPlan
from facilitator.core.state import Group
from facilitator.export.model import lane_report
from facilitator.gc_pacer import GcPacer, pace_collections
from facilitator.journal import JournalError
from facilitator.resources import sample_plan
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.server.phone.table_token import TableKeys, table_keys
from facilitator.server.transport.app import DEFAULT_PORT
from facilitator.server.transport.limits import Limits
from facilitator.server.transport.proxies import TrustedProxies
from facilitator.server.wall.secret import load_or_create
from facilitator.texts import t
from facilitator.wifi import WifiNetwork


@dataclass(frozen=True)
class RunSettings:
    """What `facilitator run` was asked for, checked by the command line."""

    plan: Path | None  # None: the bundled sample plan
    db: Path | None  # None: one journal per plan and meeting day (`default_db_path`)
    host: str | None
    port: int
    public_url: str | None
    headless: bool
    start: bool  # open the current exercise's writing at once
    qr_out: str | None  # also write the join QR code to this file
    console_language: str | None  # the console's `--lang`; else $STJERNESTUND_LANG, else the plan's
    wifi: WifiNetwork | None = None  # `--wifi`; else the plan's network, if it names one
    tls: ssl.SSLContext | None = None  # `--tls-cert`/`--tls-key`: https and wss on the one port
    trusted_proxies: TrustedProxies | None = None  # `--trusted-proxy`
    limits: Limits | None = None  # `--sockets-per-address`; else the defaults
    max_phones: int | None = None  # `--max-phones`; else the plan's `max_phones`, else `Limits.max_connections`


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "session"


def default_db_path(plan: ResolvedPlan) -> Path:
    """One journal per plan and meeting day, so running the same plan again
    the same day resumes the meeting (same code: phones reconnect)."""
    folder = Path(platformdirs.user_data_dir("stjernestund"))
    return folder / f"{plan.date.isoformat()}-{_slug(plan.title)}.sqlite3"


@dataclass(frozen=True)
class ServerKeys:
    """The keys kept beside the journal, so the wall's URL and the table
    cards keep working across a restart; the problems say why one could not
    be saved (the wall's URL, or the cards, then change on the next start)."""

    wall_secret: str
    table_keys: TableKeys
    wall_problem: str | None = None
    table_problem: str | None = None


def read_keys(session: LiveSession) -> ServerKeys:
    """The wall secret and the table cards' key from the files beside the
    journal (made on first use). The server is handed them: it opens no file."""
    wall = load_or_create(session.journal.path)
    keys, table_problem = table_keys(session.journal.path, session.state.code)
    return ServerKeys(wall.secret, keys, wall.problem, table_problem)


@dataclass(frozen=True)
class CardsMeeting:
    """What `facilitator cards` needs of the meeting's journal: its code, its
    groups (in the journal's own plan, which a resumed meeting keeps) and the
    key that signs the groups' links, made beside the journal if need be."""

    db_path: Path
    code: str
    groups: list[Group]
    table_keys: TableKeys
    table_problem: str | None


def meeting_for_cards(plan: ResolvedPlan, db: Path | None) -> CardsMeeting:
    """Open (or start) the journal `facilitator run` will open for `plan`, read
    what the cards print, close it. Raises `JournalError` as `run` would."""
    db_path = db or default_db_path(plan)
    session = LiveSession.open(db_path, plan)
    try:
        keys, problem = table_keys(db_path, session.state.code)
        return CardsMeeting(db_path, session.state.code, list(session.state.groups), keys, problem)
    finally:
        session.close()


def limits_for(settings: RunSettings, plan: ResolvedPlan) -> Limits:
    """The server's limits: the command line's, with the phones connected
    at once from `--max-phones`, else the plan file's `max_phones` (read at
    each start, never from the journal: it is this laptop's setting)."""
    limits = settings.limits or Limits()
    max_phones = settings.max_phones if settings.max_phones is not None else plan.max_phones
    return limits if max_phones is None else replace(limits, max_connections=max_phones)


def build_server(
    session: LiveSession,
    keys: ServerKeys | None = None,
    *,
    host: str | None = None,
    port: int = DEFAULT_PORT,
    public_url: str | None = None,
    on_problem: Callable[[str], None] | None = None,
    client_dir: Path | None = None,
    limits: Limits | None = None,
    wifi: WifiNetwork | None = None,
    tls: ssl.SSLContext | None = None,
    trusted_proxies: TrustedProxies | None = None,
) -> SessionServer:
    """The phones' server for `session`, with the keys beside its journal
    (`keys`, else read now). The tests build theirs here too, so they run
    the server `facilitator run` runs."""
    keys = keys or read_keys(session)
    return SessionServer(
        session,
        host=host,
        port=port,
        public_url=public_url,
        on_problem=on_problem,
        client_dir=client_dir,
        limits=limits,
        wall_secret=keys.wall_secret,
        table_keys=keys.table_keys,
        wifi=wifi,
        tls=tls,
        trusted_proxies=trusted_proxies,
        lane_reporter=lane_report,  # the wall's focus view groups a lane as the appendix does
    )


async def _paced(ui: Awaitable[None], session: LiveSession, pacer: GcPacer) -> None:
    """Run the UI with the pacer ticking in the same event loop; stop the pacer after it."""
    pacing = asyncio.create_task(pace_collections(session, pacer))
    try:
        await ui
    finally:
        pacing.cancel()
        try:
            await pacing
        except asyncio.CancelledError:
            pass


class _Out:
    """The command's own lines, in the language it speaks."""

    def __init__(self, language: str) -> None:
        self.language = language

    def say(self, key: str, **params: object) -> None:
        print(t(self.language, f"cli.run.{key}", **params), flush=True)

    def error(self, text: str) -> int:
        print(text, file=sys.stderr)
        return 1


def run(settings: RunSettings, language: str) -> int:
    """Build everything, run the chosen UI until the facilitator stops it,
    tear everything down. Returns the process's exit status."""
    from facilitator.config.loader import load_plan
    from facilitator.config.problems import ConfigError

    out = _Out(language)
    plan_path = settings.plan or sample_plan()
    try:
        plan = load_plan(plan_path)
    except ConfigError as error:
        return out.error(error.message(language))
    db_path = settings.db or default_db_path(plan)
    resuming = db_path.exists() and db_path.stat().st_size > 0
    try:
        session = LiveSession.open(db_path, plan)
    except JournalError as error:
        return out.error(str(error))
    try:
        for warning in session.warnings:
            print(warning, file=sys.stderr)
        assert session.state.plan is not None
        out.say("plan", title=session.state.plan.title, path=plan_path)
        out.say("journal", path=db_path)
        if resuming:
            out.say("resumed", events=session.state.event_count)
        wifi = settings.wifi or (plan.wifi.network() if plan.wifi is not None else None)
        return _serve(replace(settings, limits=limits_for(settings, plan)), language, session, wifi, out)
    finally:
        session.close()


def _serve(settings: RunSettings, language: str, session: LiveSession, wifi: WifiNetwork | None, out: _Out) -> int:
    from facilitator.headless import ListenError

    def problem(text: str) -> None:
        print(t(language, "server.log.not_stored", error=text), file=sys.stderr, flush=True)

    keys = read_keys(session)
    server = build_server(
        session,
        keys,
        host=settings.host,
        port=settings.port,
        public_url=settings.public_url,
        on_problem=problem,
        wifi=wifi,
        tls=settings.tls,
        trusted_proxies=settings.trusted_proxies,
        limits=settings.limits,
    )
    pacer = GcPacer()
    after_start = _qr_writer(settings, server, out)
    try:
        if settings.headless:
            if keys.wall_problem:
                print(t(language, "wall.secret_not_saved", error=keys.wall_problem), file=sys.stderr, flush=True)
            if keys.table_problem:
                print(t(language, "server.log.table_key_not_saved", error=keys.table_problem), file=sys.stderr, flush=True)
            asyncio.run(_paced(_headless(settings, language, session, server, after_start), session, pacer))
        else:
            asyncio.run(_paced(_console(settings, session, server, pacer, after_start), session, pacer))
    except ListenError as listen:
        error = listen.error
        if error.errno == errno.EADDRINUSE:
            suggest = settings.port + 1 if 0 < settings.port < 65535 else DEFAULT_PORT + 1
            return out.error(t(language, "cli.run.port_taken", port=settings.port, suggest=suggest))
        reason = error.strerror or str(error)
        return out.error(t(language, "cli.run.cannot_listen", host=settings.host or "*", port=settings.port, error=reason))
    return 0


def _qr_writer(settings: RunSettings, server: SessionServer, out: _Out) -> Callable[[], None]:
    """What to do once the server listens: write `--qr-out`, if asked."""
    from facilitator.server.transport.qr import write_qr

    def after_start() -> None:
        if settings.qr_out:
            try:
                written = write_qr(server.join_url, settings.qr_out)
            except OSError as error:
                print(t(out.language, "cli.run.qr_failed", file=settings.qr_out, error=error.strerror), file=sys.stderr)
            else:
                out.say("qr_written", file=written)

    return after_start


async def _console(
    settings: RunSettings, session: LiveSession, server: SessionServer, pacer: GcPacer, after_start: Callable[[], None]
) -> None:
    from facilitator.console import run_console

    language = settings.console_language
    if language is None and os.environ.get("STJERNESTUND_LANG") in ("da", "en"):
        language = os.environ["STJERNESTUND_LANG"]
    await run_console(server, session, language, start=settings.start, after_start=after_start, pacer=pacer)


async def _headless(
    settings: RunSettings, language: str, session: LiveSession, server: SessionServer, after_start: Callable[[], None]
) -> None:
    from facilitator.headless import Controls, run_headless, stdin_or_none

    controls = Controls(session, language, connected=server.connected_count, per_address=server.participants_per_address)
    await run_headless(
        server,
        controls,
        language=language,
        out=sys.stdout,
        stdin=stdin_or_none(),
        start=settings.start,
        after_start=after_start,
    )
