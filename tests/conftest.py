"""Fixtures shared by every test folder. Plan builders live in plans.py; the
phones, console and browser helpers in tests/support/, whose fixtures are
registered here once.

Also the check of the wire contract over the whole run (tests/support/frames.py):
every frame a test phone or wall receives must validate against
docs/protocol.schema.json, and a run that includes all of tests/server must
have seen every kind of frame (so the check cannot pass by seeing none)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import make_plan

from facilitator.config.models import ResolvedPlan
from tests.support import frames

pytest_plugins = ["tests.support.phones", "tests.support.phonepage", "tests.support.wallpage"]
SERVER_TESTS = Path(__file__).parent / "server"
_ran: set[str] = set()


@pytest.fixture
def plan() -> ResolvedPlan:
    return make_plan()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "session.sqlite3"


def pytest_configure(config: pytest.Config) -> None:
    frames.install()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _ran.add(report.nodeid)


def _problems(session: pytest.Session) -> list[str]:
    check = frames.CHECK
    problems = [str(bad) for bad in check.bad]
    if check.bad_count > len(check.bad):
        problems.append(f"... and {check.bad_count - len(check.bad)} more")
    server_items = [item for item in session.items if SERVER_TESTS in item.path.parents]
    whole_folder = {item.path.name for item in server_items} >= {p.name for p in SERVER_TESTS.glob("test_*.py")}
    if whole_folder and all(item.nodeid in _ran for item in server_items):
        for channel, expected in frames.EVERY_TYPE.items():
            missing = expected - check.types(channel)
            if missing:
                problems.append(f"{channel}: the run never received {sorted(missing)}; is frames.install() still wired?")
    return problems


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    problems = _problems(session)
    if problems:
        session.config.stash[_PROBLEMS] = problems
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    problems = terminalreporter.config.stash.get(_PROBLEMS, [])
    seen = sum(frames.CHECK.seen.values())
    if problems:
        terminalreporter.section("wire contract: frames that break docs/protocol.schema.json", red=True)
        for problem in problems:
            terminalreporter.line(problem, red=True)
    elif seen:
        terminalreporter.line(
            f"wire contract: {seen} frames received, every one valid against docs/protocol.schema.json "
            f"(checking took {frames.CHECK.seconds:.1f} s)"
        )


_PROBLEMS = pytest.StashKey[list[str]]()
