"""Plans built in Python, so tests do not depend on the TOML loader (which
has tests of its own). A module with its own name (not conftest), so test
modules in every folder can import it: pytest loads several conftest.py
files, and `from conftest import` would get whichever came last."""

from __future__ import annotations

import datetime as dt

from facilitator.config.models import (
    Exercise,
    ExerciseKind,
    ExerciseOptions,
    Lane,
    LocalText,
    ResolvedPlan,
)

STAR_POINTS: list[tuple[str, str, str]] = [
    ("behov", "Behov", "Needs"),
    ("bidrag", "Bidrag", "Contributions"),
    ("rammer", "Rammer", "Frames"),
    ("form", "Form", "Form"),
    ("indhold", "Indhold", "Content"),
]

MODULES = [
    ("amo-i-forandring", "AMO i forandring: Roller og ansvar", "Anders Jacobsen"),
    ("dialog-og-konflikter", "Dialog, samarbejde og håndtering af konflikter", "Michel Onnik Berg Doukmadjian"),
    ("neurodiversitet", "Neurodiversitet", "Tina Messerschmidt Nielsen"),
    ("sexisme", "Sexisme", "Anne Schroll Marquard"),
    ("balance", "Balance i arbejdslivet", "Line Stavnsbo"),
    ("inkluderende-kultur", "Inkluderende kultur", "Anne Marie Rosenlund Kjældgaard"),
]

UNITS = ["AKM", "AHR", "AIT", "AUS", "Aqua", "Compute", "Energi", "Wind"]


def star_exercise(**options: object) -> Exercise:
    return Exercise(
        id="netvaerksstjernen",
        kind=ExerciseKind.STAR,
        title=LocalText(da="Netværksstjernen", en="The network star"),
        instructions=LocalText(da="Skriv jeres noter på stjernens fem punkter.", en="Write notes on the five points."),
        options=ExerciseOptions(**options),
        lanes=[Lane(id=i, title=LocalText(da=da, en=en)) for i, da, en in STAR_POINTS],
    )


def module_exercise(**options: object) -> Exercise:
    opts = {"allow_proposals": True, "dots_per_participant": 3, **options}
    return Exercise(
        id="kompetencemoduler",
        kind=ExerciseKind.BRAINSTORM,
        title=LocalText(da="Kompetenceudviklingsforløbet", en="The competence programme"),
        instructions=LocalText(da="Giv input til modulerne.", en="Give input on the modules."),
        options=ExerciseOptions(**opts),
        lanes=[Lane(id=i, title=LocalText(da=title), owner=owner) for i, title, owner in MODULES],
    )


def make_plan(
    *,
    groups: int | list[str] = 5,
    units: list[str] | None = None,
    ask_names: bool = True,
    show_names: bool = False,
    star_options: dict | None = None,
    module_options: dict | None = None,
    free_group_change: bool = True,
) -> ResolvedPlan:
    """A plan for tests. `free_group_change` is on by default: most tests put
    their phones in named groups; the tests of the rule itself turn it off."""
    names = groups if isinstance(groups, list) else None
    return ResolvedPlan(
        title="AMK-netværksmøde",
        date=dt.date(2025, 2, 4),
        network="Arbejdsmiljøkoordinatornetværket",
        language="da",
        group_names=names,
        group_count=len(names) if names else groups,
        units=UNITS if units is None else units,
        ask_names=ask_names,
        show_names=show_names,
        free_group_change=free_group_change,
        # every test phone comes from 127.0.0.1, and writes faster than people:
        # the limits' own tests (tests/security) set them
        joins_per_address_per_minute=None,
        notes_per_minute=None,
        notes_per_exercise=None,
        exercises=[star_exercise(**(star_options or {})), module_exercise(**(module_options or {}))],
    )
