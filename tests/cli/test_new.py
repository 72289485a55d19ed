"""`facilitator new exercise|plan PATH`: a starter file that `check` accepts,
never written over an existing file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from cli_runner import facilitator


def test_a_new_exercise_passes_check_and_takes_its_id_from_the_file_name(tmp_path: Path) -> None:
    result = facilitator("new", "exercise", "mit-modul.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Skrev mit-modul.toml. Ret den til, og tjek den med: facilitator check mit-modul.toml\n"
    check = facilitator("check", "mit-modul.toml", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert check.stdout == "mit-modul.toml: ok – øvelse 'mit-modul' (brainstorm); punkter: 2\n"


def test_a_new_plan_in_a_folder_of_its_own_passes_check_through_the_bundled_exercise(tmp_path: Path) -> None:
    result = facilitator("new", "plan", "planer/moede.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (tmp_path / "planer").iterdir()) == ["moede.toml"]
    check = facilitator("check", "planer/moede.toml", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith("planer/moede.toml: ok – plan 'Netværksmøde' ")
    assert check.stdout.endswith("; grupper: 4; øvelser: netvaerksstjernen\n")


def test_new_with_lang_en_comments_in_english_and_writes_an_english_plan(tmp_path: Path) -> None:
    result = facilitator("new", "plan", "meeting.toml", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0
    text = (tmp_path / "meeting.toml").read_text(encoding="utf-8")
    assert "# The date of the meeting as YYYY-MM-DD (without quotes)." in text
    data = tomllib.loads(text)
    assert (data["title"], data["language"]) == ("Network meeting", "en")


def test_new_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    own = tmp_path / "moede.toml"
    own.write_text("# my own plan, half written\n", encoding="utf-8")
    result = facilitator("new", "plan", "moede.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "moede.toml findes allerede; den bliver ikke overskrevet. Vælg et andet navn, eller flyt filen først.\n"
    )
    assert own.read_text(encoding="utf-8") == "# my own plan, half written\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_new_into_a_place_it_cannot_write_exits_1_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = facilitator("new", "exercise", "a-file/x.toml", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "Could not write a-file/x.toml: part of the path is a file, not a folder\n"
    assert "Traceback" not in result.stderr
