"""Fixtures shared by every test folder. Plan builders live in plans.py; the
phones, console and browser helpers in tests/support/, whose fixtures are
registered here once."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import make_plan

from facilitator.config.models import ResolvedPlan

pytest_plugins = ["tests.support.phones", "tests.support.phonepage", "tests.support.wallpage"]


@pytest.fixture
def plan() -> ResolvedPlan:
    return make_plan()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "session.sqlite3"
