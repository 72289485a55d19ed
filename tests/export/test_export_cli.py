"""`facilitator export` as a person runs it: a real subprocess, real files;
every problem is one clear line and exit status 1, never a traceback."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", "export", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "STJERNESTUND_LANG": "da"},
    )


def _one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def test_export_prints_the_files_it_wrote_in_the_default_formats(tmp_path: Path, realistic_journal: Path) -> None:
    result = _run(str(realistic_journal), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "bilag-2025-02-04-amk-netvaerksmoede.docx",
        "bilag-2025-02-04-amk-netvaerksmoede.pdf",
        "bilag-2025-02-04-amk-netvaerksmoede.md",
        "bilag-2025-02-04-amk-netvaerksmoede.html",
    ]
    assert all((tmp_path / line).stat().st_size > 1000 for line in result.stdout.splitlines())


def test_export_leaves_nothing_beside_a_cleanly_closed_journal(tmp_path: Path, realistic_journal: Path) -> None:
    folder = tmp_path / "meeting"
    folder.mkdir()
    journal = Path(shutil.copy(realistic_journal, folder / "session.sqlite3"))  # closed cleanly: one file
    result = _run(str(journal), "--format", "md", "--out", str(tmp_path / "bilag"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["session.sqlite3"]  # no -wal, no -shm


def test_export_options_choose_formats_language_folder_and_owner_files(tmp_path: Path, realistic_journal: Path) -> None:
    out = tmp_path / "bilag"
    result = _run(str(realistic_journal), "--format", "json,md", "--lang", "en", "--out", str(out), "--by-owner", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [str(out / "appendix-2025-02-04-amk-netvaerksmoede.json"), str(out / "appendix-2025-02-04-amk-netvaerksmoede.md")]
    assert len(lines) == 2 + 6 * 2
    assert str(out / "appendix-2025-02-04-amk-netvaerksmoede-anne-marie-rosenlund-kjaeldgaard.md") in lines
    assert "Raised by" not in (out / "appendix-2025-02-04-amk-netvaerksmoede.md").read_text(encoding="utf-8")
    assert "raised by 3 groups" in (out / "appendix-2025-02-04-amk-netvaerksmoede.md").read_text(encoding="utf-8")


def test_export_of_a_missing_journal_is_one_clear_line(tmp_path: Path) -> None:
    line = _one_clear_line(_run("findes-ikke.sqlite3", cwd=tmp_path))
    assert line.startswith("Kan ikke eksportere: findes-ikke.sqlite3:")


def test_export_of_a_file_that_is_not_a_journal_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "referat.txt").write_text("Mødereferat\nARBEJDSMILJØKOORDINATORNETVÆRK\n", encoding="utf-8")
    line = _one_clear_line(_run("referat.txt", cwd=tmp_path))
    assert "not a Stjernestund journal" in line


def test_export_of_another_programs_sqlite_file_is_one_clear_line(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "other.sqlite3")
    db.execute("PRAGMA application_id = 1234")
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    line = _one_clear_line(_run("other.sqlite3", cwd=tmp_path))
    assert "not a Stjernestund journal" in line


def test_export_of_a_journal_from_a_newer_version_is_one_clear_line(tmp_path: Path, realistic_journal: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(realistic_journal, newer)
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    line = _one_clear_line(_run(str(newer), cwd=tmp_path))
    assert "newer" in line and "99" in line


def test_export_of_a_journal_without_a_meeting_is_one_clear_line(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "empty.sqlite3")
    db.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, body TEXT NOT NULL, crc INTEGER NOT NULL)")
    db.commit()
    db.close()
    line = _one_clear_line(_run("empty.sqlite3", cwd=tmp_path))
    assert line == "Kan ikke eksportere: empty.sqlite3: journalen indeholder intet netværksmøde"


def test_export_of_an_unknown_format_is_one_clear_line(tmp_path: Path, realistic_journal: Path) -> None:
    line = _one_clear_line(_run(str(realistic_journal), "--format", "docx,odt", cwd=tmp_path))
    assert line == "Kan ikke eksportere: ukendt format: odt (vælg blandt docx, pdf, md, html, csv, json)"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_export_to_a_folder_it_cannot_write_is_one_clear_line(tmp_path: Path, realistic_journal: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    line = _one_clear_line(_run(str(realistic_journal), "--out", str(blocked / "bilag"), cwd=tmp_path))
    assert line.startswith("Kan ikke eksportere:") and "kan ikke skrives" in line


def test_export_of_a_journal_with_a_damaged_tail_warns_and_exports_the_whole_events(tmp_path: Path, realistic_journal: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copy(realistic_journal, damaged)
    db = sqlite3.connect(damaged)
    last = db.execute("SELECT max(seq) FROM events").fetchone()[0]
    db.execute("UPDATE events SET crc = crc + 1 WHERE seq = ?", (last,))  # the last plenary line, half-written
    db.commit()
    db.close()
    result = _run(str(damaged), "--format", "md", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.startswith("Advarsel: ") and len(result.stderr.strip().splitlines()) == 1
    text = (tmp_path / "bilag-2025-02-04-amk-netvaerksmoede.md").read_text(encoding="utf-8")
    assert "at huske at diversitet også rummer mange andre emner" in text
    assert "fx af stress" not in text  # the damaged last line is not guessed at


def test_export_messages_follow_the_cli_language(tmp_path: Path) -> None:
    line = _one_clear_line(_run("missing.sqlite3", "--lang", "en", cwd=tmp_path))
    assert line.startswith("Cannot export: missing.sqlite3:")
