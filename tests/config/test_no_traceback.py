"""Whatever a facilitator writes, checking it gives problems, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.config.loader import check_file

KEYS = st.sampled_from(
    ["id", "kind", "title", "instructions", "options", "lanes", "prompt", "owner", "da", "en", "file", "date",
     "exercises", "groups", "units", "language", "writing_minutes", "max_note_length", "visibility", "titel", "æ"]
)
SCALARS = st.one_of(
    st.integers(-5, 3000), st.booleans(), st.text(max_size=12), st.sampled_from(["star", "brainstorm", "da", "x.toml"]),
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)), st.floats(allow_nan=False, allow_infinity=False),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=7)

@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for all examples (hypothesis runs many examples per test call)."""
    return tmp_path_factory.mktemp("fuzz")


def assert_reported(path: Path) -> None:
    problems = check_file(path)
    for problem in problems:
        assert problem.line is None or problem.line >= 1
        assert problem.format("da") and problem.format("en")
        assert "check." not in problem.format("en")  # every text key found


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_any_toml_document_is_checked_without_an_exception(folder: Path, document: dict) -> None:
    path = folder / "plan.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    assert_reported(path)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=60) | st.text(alphabet='ab= "\'[]{}.,#\n\\1æ', max_size=60))
def test_any_bytes_are_checked_without_an_exception(folder: Path, content: bytes | str) -> None:
    path = folder / "exercise.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    assert_reported(path)
