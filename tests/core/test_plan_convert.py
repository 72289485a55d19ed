"""The plan crosses into the journal as plain data and comes back whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import make_plan
from pydantic import BaseModel

from facilitator.config.loader import load_plan
from facilitator.config.models import Exercise, ExerciseOptions, Lane, LocalText, ResolvedPlan, WifiPlan
from facilitator.core import plan_snapshot as snap
from facilitator.core.plan_convert import plan_of, snapshot_of

BUNDLED_PLAN = Path(__file__).resolve().parents[2] / "exercises" / "amk-netvaerksmoede.toml"

# Every config model the journal's plan holds, and the plain record it is stored as.
PAIRS: list[tuple[type[BaseModel], type[BaseModel]]] = [
    (ResolvedPlan, snap.PlanSnapshot),
    (Exercise, snap.ExerciseSnapshot),
    (ExerciseOptions, snap.OptionsSnapshot),
    (Lane, snap.LaneSnapshot),
    (LocalText, snap.TextSnapshot),
]


@pytest.mark.parametrize(
    "plan",
    [
        make_plan(),
        make_plan(groups=["Bord 1", "Bord 2"], units=[], ask_names=False, show_names=True),
        make_plan().model_copy(update={"free_group_change": True}),
        make_plan(star_options={"visibility": "hidden", "lane_assignment": "round_robin", "writing_minutes": 7}),
        load_plan(BUNDLED_PLAN),
    ],
    ids=["default", "named-groups", "free-group-change", "options", "bundled"],
)
def test_a_plan_comes_back_from_its_snapshot_unchanged(plan: ResolvedPlan) -> None:
    snapshot = snapshot_of(plan)
    assert snapshot.plan_format == snap.PLAN_FORMAT
    assert plan_of(snapshot) == plan
    assert plan_of(snap.PlanSnapshot.model_validate_json(snapshot.model_dump_json())) == plan


@pytest.mark.parametrize(("model", "record"), PAIRS, ids=lambda t: getattr(t, "__name__", ""))
def test_the_snapshot_names_every_key_of_the_config_models(model: type[BaseModel], record: type[BaseModel]) -> None:
    """A key added to the config models must be added to the snapshot on
    purpose (a new PLAN_FORMAT and an upcaster), or resuming would lose it."""
    journaled = {name for name, info in model.model_fields.items() if not info.exclude}
    assert journaled == set(record.model_fields) - {"plan_format"}


def test_the_wifi_password_is_not_in_the_snapshot() -> None:
    plan = make_plan().model_copy(update={"wifi": WifiPlan(ssid="Stjernestund", password="hemmeligt-kodeord")})
    assert "hemmeligt-kodeord" not in snapshot_of(plan).model_dump_json()
    assert plan_of(snapshot_of(plan)).wifi is None


def test_a_snapshot_is_plain_json_data() -> None:
    dumped = snapshot_of(make_plan()).model_dump()
    assert dumped["date"] == "2025-02-04" and dumped["exercises"][0]["kind"] == "star"
    assert type(dumped["exercises"][0]["options"]["visibility"]) is str
