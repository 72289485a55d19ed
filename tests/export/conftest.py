"""Fixtures for the appendix tests: the realistic meeting (tests/data/
realistic_session.py) replayed into real journals, and a small in-memory
meeting driven through the real core for the finer rules."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_helpers import HOSTILE_LANE_TITLE, HOSTILE_NOTES, Meeting, realistic

from facilitator.config.models import ResolvedPlan
from facilitator.core import commands as cmd
from facilitator.export import FORMATS, export_journal
from facilitator.runtime import LiveSession


@pytest.fixture(scope="session")
def realistic_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The meeting of 4 February 2025 in a journal (names kept out of the appendix)."""
    path = tmp_path_factory.mktemp("realistic") / "amk-2025-02-04.sqlite3"
    realistic.build_session(path).close()
    return path


@pytest.fixture(scope="session")
def named_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same meeting, with a plan that asks for names in the appendix."""
    path = tmp_path_factory.mktemp("named") / "amk-named.sqlite3"
    realistic.build_session(path, names_in_appendix=True).close()
    return path


@pytest.fixture(scope="session")
def hostile_journal(tmp_path_factory: pytest.TempPathFactory, realistic_journal: Path) -> Path:
    """The meeting plus notes (and a proposed module) that look like markup."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.sqlite3"
    shutil.copy(realistic_journal, path)
    session = LiveSession.open(path)
    try:
        for note_id, text in HOSTILE_NOTES:
            session.execute(cmd.AddNoteForGroup(note_id=note_id, exercise_id="netvaerksstjernen", lane_id="behov", group_id="g2", text=text))
        session.execute(cmd.StartExercise("kompetencemoduler"))
        writer = next(p.id for p in session.state.participants.values())
        session.execute(cmd.ProposeLane(participant_id=writer, lane_id="modul-8", exercise_id="kompetencemoduler", title=HOSTILE_LANE_TITLE))
        session.execute(cmd.SetPhase("kompetencemoduler", "closed"))
    finally:
        session.close()
    return path


@pytest.fixture
def meeting(plan: ResolvedPlan) -> Iterator[Meeting]:
    """The shared test plan (star + modules, five groups), without units to pick."""
    m = Meeting(plan.model_copy(update={"units": []}))
    m.do(cmd.StartExercise("netvaerksstjernen"))
    yield m


def _export(journal: Path, out: Path, **options: object) -> dict[str, Path]:
    written = export_journal(journal, out, formats=FORMATS, **options)
    assert len(written) == len(FORMATS)
    return {path.suffix.lstrip("."): path for path in written}


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory, realistic_journal: Path) -> dict[str, Path]:
    """The realistic meeting's appendix in every format, in Danish: {"docx": path, ...}."""
    return _export(realistic_journal, tmp_path_factory.mktemp("appendix-da"))


@pytest.fixture(scope="session")
def exported_en(tmp_path_factory: pytest.TempPathFactory, realistic_journal: Path) -> dict[str, Path]:
    return _export(realistic_journal, tmp_path_factory.mktemp("appendix-en"), language="en")


@pytest.fixture(scope="session")
def exported_named(tmp_path_factory: pytest.TempPathFactory, named_journal: Path) -> dict[str, Path]:
    return _export(named_journal, tmp_path_factory.mktemp("appendix-named"))


@pytest.fixture(scope="session")
def exported_hostile(tmp_path_factory: pytest.TempPathFactory, hostile_journal: Path) -> dict[str, Path]:
    return _export(hostile_journal, tmp_path_factory.mktemp("appendix-hostile"))


@pytest.fixture(scope="session")
def minutes_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The meeting as the minutes tell it: Bilag 3, the console's plenary prefix,
    a proposal made twice and given an owner, the plenary's follow-ups."""
    path = tmp_path_factory.mktemp("minutes") / "amk-minutes.sqlite3"
    realistic.build_session(path, as_minutes=True).close()
    return path


@pytest.fixture(scope="session")
def exported_minutes(tmp_path_factory: pytest.TempPathFactory, minutes_journal: Path) -> dict[str, Path]:
    return _export(minutes_journal, tmp_path_factory.mktemp("appendix-minutes"))


@pytest.fixture(scope="session")
def exported_minutes_en(tmp_path_factory: pytest.TempPathFactory, minutes_journal: Path) -> dict[str, Path]:
    return _export(minutes_journal, tmp_path_factory.mktemp("appendix-minutes-en"), language="en")
