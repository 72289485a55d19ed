"""The exercises and sample plan that come with Stjernestund, written from the
minutes of the AMK network meeting on 4 February 2025."""

from __future__ import annotations

import datetime as dt

from facilitator.config.loader import check_files, load_exercise, load_plan
from facilitator.config.models import ExerciseKind
from facilitator.resources import exercises_dir, sample_plan

MODULE_OWNERS = [
    ("AMO i forandring: Roller og ansvar (HSU, KAMU, psykisk APV, TR)", "Anders Jacobsen, Koncern HR"),
    ("Dialog, samarbejde og håndtering af konflikter", "Michel Onnik Berg Doukmadjian, Koncern HR"),
    ("Neurodiversitet (viden og værktøjer)", "Tina Messerschmidt Nielsen, Koncern HR"),
    ("Sexisme (inkl. fokus på hvordan DTU håndterer krænkende adfærd)", "Anne Schroll Marquard, Koncern HR"),
    ("Balance i arbejdslivet (inkl. proaktive indsatser til stressreduktion)", "Line Stavnsbo, Koncern HR"),
    ("Inkluderende kultur (psykologisk tryghed og hvad når det ikke er der)", "Anne Marie Rosenlund Kjældgaard"),
]

UNITS_PRESENT = [
    "AKM", "AHR", "AIT", "AUS", "Aqua", "Bioengineering", "Biosustain", "CAS", "Compute", "Construct",
    "Engineering Technology", "Energi", "Entrepreneurship", "Food", "Kemi", "Learn for Life", "Nanolab",
    "Offshore", "Sundhedsteknologi", "Wind",
]


def test_every_bundled_file_is_valid() -> None:
    files = sorted(exercises_dir().glob("*.toml"))
    assert len(files) >= 3
    assert check_files(files) == []


def test_the_network_star_has_the_five_points_with_prompts_in_both_languages() -> None:
    star = load_exercise(exercises_dir() / "netvaerksstjernen.toml")
    assert star.kind is ExerciseKind.STAR
    assert [lane.id for lane in star.lanes] == ["behov", "bidrag", "rammer", "form", "indhold"]
    for lane in star.lanes:
        assert lane.prompt is not None and lane.prompt.da and lane.prompt.en
    rammer = star.lane("rammer")
    assert rammer is not None and "Hvor ofte" in rammer.prompt.da and "How often" in rammer.prompt.en
    assert "én tanke pr. note" in star.instructions.da.lower()
    assert "one thought per note" in star.instructions.get("en").lower()


def test_the_module_brainstorm_has_the_six_modules_and_owners_of_the_minutes() -> None:
    modules = load_exercise(exercises_dir() / "kompetencemoduler.toml")
    assert modules.kind is ExerciseKind.BRAINSTORM
    assert [(lane.title.da, lane.owner) for lane in modules.lanes] == MODULE_OWNERS
    assert modules.options.allow_proposals is True
    assert modules.options.dots_per_participant == 3


def test_the_sample_plan_is_the_meeting_of_the_minutes() -> None:
    plan = load_plan(sample_plan())
    assert plan.date == dt.date(2025, 2, 4)
    assert plan.network == "Arbejdsmiljøkoordinatornetværket"
    assert plan.language == "da"
    assert (plan.group_count, plan.group_names) == (5, None)
    assert plan.ask_names is True
    assert plan.units[: len(UNITS_PRESENT)] == UNITS_PRESENT
    assert {"Electro", "Fysik", "Space", "Sustain"} <= set(plan.units)  # sent regrets
    assert [exercise.id for exercise in plan.exercises] == ["netvaerksstjernen", "kompetencemoduler"]
