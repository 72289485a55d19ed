"""Every help text of the command line in Danish and English (issue 16):
argparse's own words ("usage:", "options", "show this help message and
exit", its errors) included, in the language the rest of the CLI uses
(`--lang`, else $STJERNESTUND_LANG, else Danish). The real CLI, as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from facilitator.cli import SUBCOMMANDS

ENGLISH_ARGPARSE = ("usage:", "options:", "positional arguments", "show this help message and exit", "error:")
DANISH_ARGPARSE = ("brug:", "tilvalg:", "argumenter:", "vis denne hjælp og afslut", "fejl:")


def cli(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "STJERNESTUND_LANG"}
    if lang is not None:
        env["STJERNESTUND_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "facilitator", *args], env=env, capture_output=True, text=True, timeout=60)


def test_facilitator_help_is_danish_by_default_with_argparses_words_too():
    helped = cli("--help")
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("brug: facilitator [-h] [--lang {da,en}] KOMMANDO ...")
    assert "tilvalg:" in helped.stdout and "-h, --help      vis denne hjælp og afslut" in helped.stdout
    assert not any(word in helped.stdout for word in ENGLISH_ARGPARSE)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_facilitator_help_is_english_with_lang_en_or_the_setting(how):
    helped = cli("--lang", "en", "--help") if how == "option" else cli("--help", lang="en")
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: facilitator [-h] [--lang {da,en}] COMMAND ...")
    assert "options:" in helped.stdout and "show this help and exit" in helped.stdout
    assert "group exercises at network meetings" in helped.stdout
    assert not any(word in helped.stdout for word in DANISH_ARGPARSE)


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommands_help_is_in_danish_and_in_english(command):
    danish, english = cli(command, "--help"), cli(command, "--help", lang="en")
    assert danish.returncode == english.returncode == 0, danish.stderr + english.stderr
    assert danish.stdout.startswith(f"brug: facilitator {command}")
    assert english.stdout.startswith(f"usage: facilitator {command}")
    assert "vis denne hjælp og afslut" in danish.stdout and "show this help and exit" in english.stdout
    assert not any(word in danish.stdout for word in ENGLISH_ARGPARSE)
    assert not any(word in english.stdout for word in DANISH_ARGPARSE)
    assert danish.stdout != english.stdout.replace("usage:", "brug:")  # the command's own texts differ too


def test_run_help_names_its_placeholders_in_danish():
    helped = cli("run", "--help")
    assert "--qr-out FIL" in helped.stdout and "--db STI" in helped.stdout and "--host VÆRT" in helped.stdout
    english = cli("run", "--help", lang="en")
    assert "--qr-out FILE" in english.stdout and "--db PATH" in english.stdout and "--host HOST" in english.stdout


@pytest.mark.parametrize(
    ("args", "danish", "english"),
    [
        (("run", "--port", "x"), "facilitator run: fejl: --port: ugyldig værdi 'x'", "facilitator run: error: --port: invalid value 'x'"),
        (("nope",), "'nope' kan ikke vælges (vælg mellem 'check'", "'nope' is not a choice (choose from 'check'"),
        (("export",), "facilitator export: fejl: disse argumenter mangler: journal", "facilitator export: error: these arguments are missing: journal"),
        (("run", "--bogus"), "fejl: ukendte argumenter: --bogus", "error: unrecognised arguments: --bogus"),
    ],
)
def test_argparses_errors_are_in_the_language_with_the_usage_line(args, danish, english):
    da, en = cli(*args), cli(*args, lang="en")
    assert da.returncode == en.returncode == 2
    assert danish in da.stderr and da.stderr.startswith("brug: facilitator")
    assert english in en.stderr and en.stderr.startswith("usage: facilitator")
