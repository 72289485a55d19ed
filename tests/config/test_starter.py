"""The starter files `facilitator new` writes."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from facilitator.config.models import Exercise, ExerciseOptions
from facilitator.config.starter import exercise_data, plan_data, starter_text


def test_the_exercise_starter_is_its_data_plus_comments() -> None:
    text = starter_text("exercise", Path("x/mit-modul.toml"), "da")
    assert tomllib.loads(text) == exercise_data("mit-modul")
    Exercise.model_validate(tomllib.loads(text))


def test_the_exercise_starter_writes_every_option_with_its_default_and_a_comment_above() -> None:
    lines = starter_text("exercise", Path("x.toml"), "en").splitlines()
    defaults = ExerciseOptions().model_dump(mode="json")
    for key in defaults:
        [index] = [i for i, line in enumerate(lines) if line.startswith(f"{key} = ")]
        assert lines[index - 1].startswith("# "), key
    options = tomllib.loads("\n".join(lines))["options"]
    assert options == defaults


def test_a_file_name_that_is_no_valid_id_gets_the_sample_id() -> None:
    assert tomllib.loads(starter_text("exercise", Path("Min Øvelse.toml"), "da"))["id"] == "min-oevelse"
    assert tomllib.loads(starter_text("exercise", Path("Min Øvelse.toml"), "en"))["id"] == "my-exercise"


def test_the_plan_starter_is_dated_today_and_refers_to_the_bundled_star() -> None:
    text = starter_text("plan", Path("plan.toml"), "da", today=dt.date(2025, 2, 4))
    data = tomllib.loads(text)
    assert data == plan_data("da", dt.date(2025, 2, 4))
    assert data["date"] == dt.date(2025, 2, 4)
    assert data["exercises"] == [{"file": "netvaerksstjernen.toml"}]
    assert text.startswith("# En plan for et netværksmøde.")
