"""The plan's room keys: `[wifi]` (never stored in the journal) and `free_group_change`."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.config.loader import load_plan
from facilitator.config.problems import ConfigError
from facilitator.runtime import LiveSession

PLAN = """title = "Møde"
date = 2025-02-04
free_group_change = true
exercises = [{ file = "netvaerksstjernen.toml" }]

[wifi]
ssid = 'Lokale;3 "Nord"'
password = "hemmelig-kode-42"
"""


def test_plan_wifi_and_free_group_change_are_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    plan = load_plan(path)
    assert plan.free_group_change is True
    assert plan.wifi is not None
    assert plan.wifi.network().qr_payload() == 'WIFI:T:WPA;S:Lokale\\;3 \\"Nord\\";P:hemmelig-kode-42;;'


def test_wifi_password_never_reaches_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    journal = tmp_path / "m.sqlite3"
    session = LiveSession.open(journal, load_plan(path))
    assert session.state.plan is not None and session.state.plan.free_group_change is True
    session.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("m.sqlite3*"))
    assert b"hemmelig-kode-42" not in stored and b"Nord" not in stored
    assert b"free_group_change" in stored


def test_a_wifi_name_too_long_is_a_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.replace('ssid = \'Lokale;3 "Nord"\'', 'ssid = "' + "x" * 33 + '"'), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_plan(path)
    assert [(p.key_path, p.line) for p in error.value.problems] == [("wifi.ssid", 7)]
