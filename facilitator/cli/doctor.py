"""`facilitator doctor [PLAN]`: will the phones reach this laptop? Find out before the meeting.

Lists the addresses the join URL could have and why each is chosen or
skipped, says whether the port is free, prints a test URL with its QR code,
and then serves the reachability check on that port: the facilitator opens
the URL on their own phone and this command prints "Din telefon nåede frem ✓
(12 ms)" when it gets through. When nothing can work, or no phone got
through, it says what to do instead (docs/rooms.md).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from facilitator.cli.options import add_language_option, add_wifi_options, wifi_from
from facilitator.cli.run import DEFAULT_PORT
from facilitator.server.transport.address import UNSPECIFIED, AddressNote
from facilitator.texts import t


def add_parser(subparsers: argparse._SubParsersAction, language: str) -> None:
    def h(key: str) -> str:
        return t(language, f"cli.doctor.{key}")

    parser = subparsers.add_parser("doctor", help=h("help"), description=h("description"))
    parser.add_argument("plan", nargs="?", metavar="PLAN", help=h("arg_plan"))
    parser.add_argument("--host", default=None, help=h("arg_host"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=h("arg_port"))
    parser.add_argument("--public-url", default=None, metavar="URL", help=h("arg_public_url"))
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS", help=h("arg_wait"))
    add_wifi_options(parser, language)
    add_language_option(parser, language)
    parser.set_defaults(handler=doctor_command)


@dataclass(frozen=True)
class Diagnosis:
    lines: list[str]
    test_url: str
    usable: bool  # some address phones in a room could reach (or a public URL)
    port_free: bool


def diagnose(
    survey: Sequence[AddressNote],
    *,
    port: int,
    port_problem: str | None,
    host: str | None,
    public_url: str | None,
    language: str,
) -> Diagnosis:
    """The doctor's report from the machine's interfaces (as data) and the port's state."""

    def tr(key: str, **params: object) -> str:
        return t(language, f"cli.doctor.{key}", **params)

    lines = [tr("addresses")]
    width = max((len(note.address) for note in survey), default=0)
    names = max((len(note.interface) for note in survey), default=0) + 2
    for note in survey:
        mark = {"chosen": "✓", "usable": "·", "skipped": "✗"}[note.verdict]
        why = tr(f"reason.{note.reason}")
        name = f"({note.interface})"
        lines.append(f"  {mark} {note.address:<{width}}  {name:<{names}}  {tr('verdict.' + note.verdict)}: {why}")
    if not survey:
        lines.append("  " + tr("no_interfaces"))
    chosen = next((note.address for note in survey if note.verdict == "chosen"), None)
    if public_url:
        base, usable = public_url.rstrip("/"), True
        lines.append(tr("public_url", url=base))
    elif host is not None and host not in UNSPECIFIED:
        base, usable = f"http://{_bracketed(host)}:{port}", True
        lines.append(tr("host_given", host=host))
    else:
        base, usable = f"http://{_bracketed(chosen or '127.0.0.1')}:{port}", chosen is not None
        if chosen is None:
            lines.append(tr("no_address"))
        elif any(note.verdict == "skipped" and note.reason in ("vpn", "container", "virtual_machine") for note in survey):
            lines.append(tr("virtual_present"))
    if port_problem is None:
        lines.append(tr("port_free", port=port))
    elif port_problem == "in_use":
        lines.append(tr("port_in_use", port=port))
    else:
        lines.append(tr("port_problem", port=port, error=port_problem))
    return Diagnosis(lines, base + "/check", usable, port_problem is None)


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def advice(language: str) -> list[str]:
    """What to do when no phone gets through (docs/rooms.md says it step by step)."""
    return [t(language, "cli.doctor.advice")] + ["  " + t(language, f"cli.doctor.advice_{n}") for n in (1, 2, 3)]


def doctor_command(args: argparse.Namespace, language: str) -> int:
    from facilitator.config.loader import load_plan
    from facilitator.config.problems import ConfigError
    from facilitator.server.transport.address import interface_data, survey
    from facilitator.server.transport.check import port_problem
    from facilitator.server.transport.qr import terminal_qr

    def say(text: str = "") -> None:
        print(text, flush=True)

    if not 0 < args.port <= 65535:
        print(t(language, "cli.run.bad_port", port=args.port), file=sys.stderr)
        return 1
    plan = None
    if args.plan:
        try:
            plan = load_plan(args.plan)
        except ConfigError as error:
            print(error.message(language), file=sys.stderr)
            return 1
        say(t(language, "cli.doctor.plan", title=plan.title))
    interfaces, up = interface_data()
    diagnosis = diagnose(
        survey(interfaces, up),
        port=args.port,
        port_problem=port_problem(args.host, args.port),
        host=args.host,
        public_url=args.public_url,
        language=language,
    )
    for line in diagnosis.lines:
        say(line)
    wifi = wifi_from(args, plan)
    if wifi is not None:
        say(t(language, "cli.doctor.wifi", network=wifi.ssid))
        say(terminal_qr(wifi.qr_payload()))
    say(t(language, "cli.doctor.test_url", url=diagnosis.test_url))
    say(terminal_qr(diagnosis.test_url))
    if not diagnosis.usable:
        for line in advice(language):
            say(line)
    if args.wait == 0:
        return 0 if diagnosis.usable and diagnosis.port_free else 1
    if not diagnosis.port_free:
        say(t(language, "cli.doctor.cannot_serve"))
        return 1
    reached = asyncio.run(_serve_check(args.host, args.port, args.wait, language, say))
    if not reached:
        say(t(language, "cli.doctor.nobody"))
        for line in advice(language):
            say(line)
        return 1
    say(t(language, "cli.doctor.done", count=reached))
    return 0


async def _serve_check(host: str | None, port: int, wait: float | None, language: str, say: Callable[[str], None]) -> int:
    """Serve the check page until Ctrl-C (or `wait` seconds); the number of phones that got through."""
    from facilitator.resources import client_dir
    from facilitator.server.transport.check import CheckServer, Reached

    server = CheckServer(client_dir(), host=host, port=port)
    count = 0

    def reached(phone: Reached) -> None:
        nonlocal count
        count += 1
        stamp = time.strftime("%H:%M:%S")
        say(f"{stamp}  " + t(language, "server.log.reached", ms=phone.ms, device=phone.device, address=phone.address))

    server.reach.listeners.append(reached)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl-C raises KeyboardInterrupt instead
            pass
    await server.start()
    say(t(language, "cli.doctor.waiting"))
    try:
        if wait is None:
            await stop.wait()
        else:
            try:
                await asyncio.wait_for(stop.wait(), wait)
            except TimeoutError:
                pass
    finally:
        await server.stop()
    return count
