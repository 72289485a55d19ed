"""Options more than one subcommand takes."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from facilitator.config.models import LANGUAGES
from facilitator.texts import t

if TYPE_CHECKING:
    from facilitator.config.models import ResolvedPlan
    from facilitator.wifi import WifiNetwork


def add_language_option(parser: argparse.ArgumentParser, language: str) -> None:
    """`--lang da|en` on a subcommand. The language itself is read from argv by
    `cli_language` before parsing (so even the help is in it); this only lets
    argparse accept the option after the subcommand's name."""
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t(language, "cli.lang_help"))


def add_wifi_options(parser: argparse.ArgumentParser, language: str) -> None:
    """`--wifi NAME` and `--wifi-password PASSWORD`: the network phones join
    first, as the plan's `[wifi]` table says it (these win over the plan).
    Two options rather than `NAME:PASSWORD`: a network's name may hold a `:`."""
    parser.add_argument("--wifi", default=None, metavar="NAME", help=t(language, "cli.wifi_help"))
    parser.add_argument("--wifi-password", default=None, metavar="PASSWORD", help=t(language, "cli.wifi_password_help"))


def wifi_from(args: argparse.Namespace, plan: ResolvedPlan | None) -> WifiNetwork | None:
    """The Wi-Fi network to show: the command line's, else the plan's, else none."""
    from facilitator.wifi import parse_wifi_option

    if getattr(args, "wifi", None):
        return parse_wifi_option(args.wifi, args.wifi_password)
    if plan is not None and plan.wifi is not None:
        return plan.wifi.network()
    return None
