"""`facilitator check`, run as a user runs it: the installed console script,
in a subprocess, from a folder other than the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_runner import facilitator

from facilitator.resources import exercises_dir, sample_plan

REPO_ROOT = Path(__file__).resolve().parents[2]

GOOD_STAR = """\
id = "stjerne"
kind = "star"
title = "Stjernen"
instructions = "Skriv noter."

[[lanes]]
id = "behov"
title = "Behov"

[[lanes]]
id = "bidrag"
title = "Bidrag"
"""


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


def test_the_bundled_files_pass_with_one_ok_line_each(tmp_path: Path) -> None:
    files = [str(exercises_dir() / "netvaerksstjernen.toml"), str(exercises_dir() / "kompetencemoduler.toml"), str(sample_plan())]
    result = facilitator("check", *files, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"{files[0]}: ok – øvelse 'netvaerksstjernen' (stjerne); punkter: 5",
        f"{files[1]}: ok – øvelse 'kompetencemoduler' (brainstorm); punkter: 6",
        f"{files[2]}: ok – plan 'AMK-netværksmøde' 2025-02-04; grupper: 5; øvelser: netvaerksstjernen, kompetencemoduler",
    ]
    assert result.stderr == ""


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """One file for each kind of mistake the issue names."""
    write(tmp_path, "type.toml", GOOD_STAR + '\n[options]\nwriting_minutes = "ti"\n')
    write(tmp_path, "unknown.toml", GOOD_STAR.replace('title = "Behov"', 'titel = "Behov"\ntitle = "Behov"'))
    write(tmp_path, "duplicate.toml", GOOD_STAR.replace('id = "bidrag"', 'id = "behov"'))
    write(tmp_path, "syntax.toml", GOOD_STAR.replace('title = "Bidrag"', 'title = "Bidrag'))
    write(tmp_path, "empty.toml", 'id = "x"\nkind = "star"\ntitle = "T"\ninstructions = "I"\nlanes = []\n')
    write(
        tmp_path,
        "plan.toml",
        'title = "Møde"\ndate = 2025-02-04\nexercises = [\n  { file = "netvaerksstjernen.toml" },\n  { file = "mangler.toml" },\n]\n',
    )
    return tmp_path


BROKEN_FILES = ["type.toml", "unknown.toml", "duplicate.toml", "syntax.toml", "empty.toml", "plan.toml"]


def test_broken_files_exit_1_with_one_line_per_problem(broken: Path) -> None:
    result = facilitator("check", *BROKEN_FILES, cwd=broken)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        'type.toml:15: options.writing_minutes: forventede et helt tal fra 1 til 240, fik "ti"',
        "unknown.toml:8: lanes[1].titel: ukendt nøgle; mente du 'title'? (tilladt her: id, title, prompt, owner)",
        "duplicate.toml:11: lanes[2].id: forventede et id, der ikke er brugt før i øvelsen; 'behov' bruges allerede af lanes[1]",
        "syntax.toml:12: forventede gyldig TOML, men kolonne 16 giver fejl: Illegal character '\\n'",
        "empty.toml:5: lanes: forventede mindst ét punkt (en [[lanes]]-tabel), men listen er tom",
        "plan.toml:5: exercises[2].file: forventede øvelsesfilen 'mangler.toml', men fandt den hverken som mangler.toml"
        f" eller blandt de medfølgende øvelser ({exercises_dir() / 'mangler.toml'})",
    ]
    assert result.stderr == "6 problem(er) i 6 fil(er).\n"


def test_lang_en_gives_the_same_lines_in_english(broken: Path) -> None:
    result = facilitator("check", "--lang", "en", "type.toml", "unknown.toml", cwd=broken)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'type.toml:15: options.writing_minutes: expected a whole number from 1 to 240, got "ti"',
        "unknown.toml:8: lanes[1].titel: unknown key; did you mean 'title'? (allowed here: id, title, prompt, owner)",
    ]
    assert result.stderr == "2 problem(s) in 2 file(s).\n"


def test_the_language_can_come_from_the_environment(broken: Path) -> None:
    result = facilitator("check", "empty.toml", cwd=broken, env={"STJERNESTUND_LANG": "en"})
    assert result.stdout == "empty.toml:5: lanes: expected at least one point (a [[lanes]] table), but the list is empty\n"


def test_good_and_broken_files_together_exit_1_and_still_say_which_are_ok(broken: Path) -> None:
    write(broken, "good.toml", GOOD_STAR)
    result = facilitator("check", "good.toml", "empty.toml", cwd=broken)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "good.toml: ok – øvelse 'stjerne' (stjerne); punkter: 2"
    assert result.stdout.splitlines()[1].startswith("empty.toml:5: lanes: ")


def test_a_file_that_does_not_exist_exits_1_without_a_traceback(tmp_path: Path) -> None:
    result = facilitator("check", "findes-ikke.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "findes-ikke.toml: forventede en fil, men den findes ikke\n"
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_wheel_installs_with_pipx_as_on_windows_or_macos_and_checks_its_bundled_sample_plan(tmp_path: Path) -> None:
    """The README's way without make: build the wheel, `pipx install` it (into
    a folder of the test's own, not the user's), then run `facilitator`. The
    wheel must carry the bundled exercises (facilitator/_bundled/) and the
    plan's file references must find them there, from any folder."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check", "-w", str(tmp_path / "dist"), str(REPO_ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("stjernestund-*.whl")
    home, bin_dir = tmp_path / "pipx", tmp_path / "bin"
    environment = {**os.environ, "PIPX_HOME": str(home), "PIPX_BIN_DIR": str(bin_dir), "PIPX_MAN_DIR": str(tmp_path / "man")}
    install = subprocess.run(
        [sys.executable, "-m", "pipx", "install", "--python", sys.executable, str(wheel)],
        capture_output=True, text=True, timeout=600, env=environment,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    command = bin_dir / "facilitator"
    assert command.is_file()
    helped = facilitator("--help", cwd=tmp_path, exe=command)
    assert helped.returncode == 0 and helped.stdout.startswith("brug: facilitator")  # Danish by default
    assert "run" in helped.stdout and "check" in helped.stdout

    venv_python = home / "venvs" / "stjernestund" / "bin" / "python"
    where = subprocess.run(
        [str(venv_python), "-c", "from facilitator.resources import sample_plan; print(sample_plan())"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True,
    )
    installed_plan = Path(where.stdout.strip())
    assert installed_plan.is_relative_to(home) and "_bundled" in installed_plan.parts
    result = facilitator("check", str(installed_plan), cwd=tmp_path, exe=command)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"{installed_plan}: ok – plan 'AMK-netværksmøde'")


def test_the_appendix_keys_of_a_plan_are_checked_in_danish_and_english(tmp_path: Path) -> None:
    write(tmp_path, "stjerne.toml", GOOD_STAR)
    write(tmp_path, "plan.toml", """\
        title = "AMK-netværksmøde"
        date = 2025-02-04
        appendix = 3
        agenda_item = "Punkt 3"
        time = "Kl. 12.00 – 15.30"
        place = "LY101 - møderum S04"
        people_per_group = 0
        exercises = [{ file = "stjerne.toml" }]
        """)
    danish = facilitator("check", "plan.toml", cwd=tmp_path)
    assert danish.returncode == 1
    assert danish.stdout.splitlines() == [
        "plan.toml:3: appendix: forventede en tekst i anførselstegn, fik 3",
        "plan.toml:7: people_per_group: forventede et helt tal fra 1 til 50, fik 0",
    ]
    english = facilitator("check", "--lang", "en", "plan.toml", cwd=tmp_path)
    assert english.stdout.splitlines() == [
        "plan.toml:3: appendix: expected a text in quotes, got 3",
        "plan.toml:7: people_per_group: expected a whole number from 1 to 50, got 0",
    ]


def test_the_room_limits_of_a_plan_are_checked_in_danish_and_english(tmp_path: Path) -> None:
    write(tmp_path, "stjerne.toml", GOOD_STAR)
    write(tmp_path, "plan.toml", """\
        title = "AMK-netværksmøde"
        date = 2025-02-04
        joins_per_address_per_minute = 0
        participants_per_address = 2
        notes_per_minute = 1000
        notes_per_exercise = "mange"
        proposals_per_group = -1
        exercises = [{ file = "stjerne.toml" }]
        """)
    danish = facilitator("check", "plan.toml", cwd=tmp_path)
    assert danish.returncode == 1
    assert danish.stdout.splitlines() == [
        "plan.toml:3: joins_per_address_per_minute: forventede et helt tal fra 1 til 10000, fik 0",
        "plan.toml:5: notes_per_minute: forventede et helt tal fra 1 til 600, fik 1000",
        "plan.toml:6: notes_per_exercise: forventede et helt tal fra 1 til 2000, fik \"mange\"",
        "plan.toml:7: proposals_per_group: forventede et helt tal fra 0 til 40, fik -1",
    ]
    english = facilitator("check", "--lang", "en", "plan.toml", cwd=tmp_path)
    assert english.stdout.splitlines()[0] == (
        "plan.toml:3: joins_per_address_per_minute: expected a whole number from 1 to 10000, got 0"
    )
