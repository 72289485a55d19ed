"""Exercise and session-plan models, validated with pydantic v2.

These are the shapes of the TOML files in `exercises/`. They are frozen and
forbid unknown keys: a typo in a meeting plan must be an error, never silently
ignored. The session core reads them; it never reads TOML itself.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from facilitator.wifi import WifiNetwork

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

_ID = r"^[a-z0-9][a-z0-9_-]{0,39}$"
Identifier = Annotated[str, Field(pattern=_ID, description="lower-case letters, digits, - or _")]


def _first_duplicate(values: list[str]) -> str | None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class LocalText(_Model):
    """A text in Danish and English. English falls back to Danish when left out,
    so a facilitator who writes only Danish still has a valid file."""

    da: str = Field(min_length=1)
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"da": value}
        return value

    def get(self, language: str) -> str:
        if language == "en" and self.en:
            return self.en
        return self.da


class ExerciseKind(StrEnum):
    STAR = "star"
    BRAINSTORM = "brainstorm"


class Visibility(StrEnum):
    """Who sees a note while the exercise runs (before a reveal)."""

    GROUP = "group"  # the writer's group sees it live; others after a reveal
    ALL = "all"  # everyone sees every note live
    HIDDEN = "hidden"  # only the writer sees it until the facilitator reveals


class LaneAssignment(StrEnum):
    ALL = "all"  # every group works on every lane
    ROUND_ROBIN = "round_robin"  # lanes are shared out among the groups


class Lane(_Model):
    """A point of the star, or a module of a course."""

    id: Identifier
    title: LocalText
    prompt: LocalText | None = None
    owner: str | None = Field(default=None, min_length=1)


class ExerciseOptions(_Model):
    writing_minutes: int = Field(default=15, ge=1, le=240)
    max_note_length: int = Field(default=280, ge=20, le=2000)
    visibility: Visibility = Visibility.GROUP
    dots_per_participant: int = Field(default=0, ge=0, le=20)
    allow_proposals: bool = False
    lane_assignment: LaneAssignment = LaneAssignment.ALL


class Exercise(_Model):
    id: Identifier
    kind: ExerciseKind
    title: LocalText
    instructions: LocalText
    options: ExerciseOptions = ExerciseOptions()
    lanes: list[Lane] = Field(min_length=1, max_length=40)

    @field_validator("lanes")
    @classmethod
    def _unique_lane_ids(cls, lanes: list[Lane]) -> list[Lane]:
        # Custom error types (not ValueError) here and below, so `facilitator
        # check` can point at the duplicate and say it in the facilitator's language.
        duplicate = _first_duplicate([lane.id for lane in lanes])
        if duplicate is not None:
            raise PydanticCustomError(
                "lane_id_duplicate",
                "lane ids must be unique; '{lane_id}' appears more than once",
                {"lane_id": duplicate},
            )
        return lanes

    def lane(self, lane_id: str) -> Lane | None:
        return next((lane for lane in self.lanes if lane.id == lane_id), None)


class ExerciseRef(_Model):
    """An exercise kept in its own file, relative to the plan's folder
    (or one of the bundled exercises by file name)."""

    file: str = Field(min_length=1)


def _exercise_entry_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "ref" if "file" in value else "inline"
    return "ref" if isinstance(value, ExerciseRef) else "inline"


ExerciseEntry = Annotated[
    Annotated[ExerciseRef, Tag("ref")] | Annotated[Exercise, Tag("inline")],
    Discriminator(_exercise_entry_tag),
]



class WifiPlan(_Model):
    """`[wifi]` in a plan: the network phones should join first (usually the
    laptop's hotspot); shown as a Wi-Fi QR code beside the join QR code. It
    is read from the plan file at each start and never written to the journal."""

    ssid: str = Field(min_length=1, max_length=32)
    password: str = Field(default="", max_length=63)
    security: Literal["WPA", "WEP", "nopass"] = "WPA"
    hidden: bool = False

    def network(self) -> WifiNetwork:
        security = "nopass" if not self.password else self.security
        return WifiNetwork(ssid=self.ssid, password=self.password, security=security, hidden=self.hidden)


# The room's limits' defaults (docs/exercises.md, "Plan keys", says why).
DEFAULT_JOINS_PER_ADDRESS = 10  # joins a minute from one address
MAX_PHONES_LIMIT = 20000  # `max_phones` / `--max-phones`: beyond this one laptop's event loop is no place for them
DEFAULT_PARTICIPANTS_PER_ADDRESS = 3  # the console flags an address holding more
DEFAULT_NOTES_PER_MINUTE = 30  # per participant, all their phones together
DEFAULT_NOTES_PER_EXERCISE = 100  # per participant and exercise (deleted ones do not count)
DEFAULT_PROPOSALS_PER_GROUP = 3  # proposed lanes per group and exercise


class SessionPlan(_Model):
    """A meeting: who takes part, in which groups, doing which exercises."""

    title: str = Field(min_length=1, max_length=200)
    date: dt.date
    network: str = Field(default="", max_length=200)
    language: Language = "da"
    groups: int | list[str] = Field(default=5)
    units: list[str] = Field(default_factory=list)
    ask_names: bool = True
    show_names: bool = False
    names_in_appendix: bool = False
    free_group_change: bool = False
    wifi: WifiPlan | None = None
    # Ties the appendix to the minutes (docs/appendix.md): "Bilag 3", "Punkt 3",
    # the meeting's time ("Kl. 12.00 – 15.30") and place ("LY101 - møderum S04").
    appendix: str = Field(default="", max_length=40)
    agenda_item: str = Field(default="", max_length=80)
    time: str = Field(default="", max_length=80)
    place: str = Field(default="", max_length=120)
    # People a group counts as when it shares one phone (at least); the console
    # can set one group's head-count exactly.
    people_per_group: int | None = Field(default=None, ge=1, le=50)
    # One person, one participant; floods bounded per participant across all
    # their connections (issue 14; docs/exercises.md says why each default).
    joins_per_address_per_minute: int = Field(default=DEFAULT_JOINS_PER_ADDRESS, ge=1, le=10000)
    participants_per_address: int = Field(default=DEFAULT_PARTICIPANTS_PER_ADDRESS, ge=1, le=10000)
    notes_per_minute: int = Field(default=DEFAULT_NOTES_PER_MINUTE, ge=1, le=600)
    notes_per_exercise: int = Field(default=DEFAULT_NOTES_PER_EXERCISE, ge=1, le=2000)
    proposals_per_group: int = Field(default=DEFAULT_PROPOSALS_PER_GROUP, ge=0, le=40)
    # Phones connected at once (issue 18); None: the server's default (3,000).
    # The laptop's setting, not the meeting's record: never journalled.
    max_phones: int | None = Field(default=None, ge=1, le=MAX_PHONES_LIMIT)
    exercises: list[ExerciseEntry] = Field(min_length=1)

    @field_validator("groups")
    @classmethod
    def _sensible_groups(cls, groups: int | list[str]) -> int | list[str]:
        if isinstance(groups, int):
            if not 1 <= groups <= 100:
                raise PydanticCustomError("groups_range", "a number of groups from 1 to 100")
        else:
            if not 1 <= len(groups) <= 100:
                raise PydanticCustomError("group_names_count", "a list of 1 to 100 group names")
            names = [name.strip() for name in groups]
            if any(not name for name in names):
                raise PydanticCustomError("group_name_empty", "group names must not be empty")
            duplicate = _first_duplicate(names)
            if duplicate is not None:
                raise PydanticCustomError(
                    "group_name_duplicate", "group names must be unique; '{name}' appears more than once", {"name": duplicate}
                )
        return groups

    @field_validator("units")
    @classmethod
    def _unique_units(cls, units: list[str]) -> list[str]:
        cleaned = [unit.strip() for unit in units]
        if any(not unit for unit in cleaned):
            raise PydanticCustomError("unit_empty", "unit names must not be empty")
        duplicate = _first_duplicate(cleaned)
        if duplicate is not None:
            raise PydanticCustomError(
                "unit_duplicate", "unit names must be unique; '{unit}' appears more than once", {"unit": duplicate}
            )
        return cleaned


class ResolvedPlan(_Model):
    """A plan with every exercise file read in: what a session runs on.

    This is what the journal stores, so an export or a restart needs no
    other file."""

    title: str
    date: dt.date
    network: str = ""
    language: Language = "da"
    group_names: list[str] | None = None
    group_count: int
    units: list[str] = Field(default_factory=list)
    ask_names: bool = True
    show_names: bool = False
    names_in_appendix: bool = False
    # A table card's QR code puts a phone in its group; True lets the phone
    # choose another group on the join form all the same.
    free_group_change: bool = False
    # Not in the journal (exclude): a password does not belong in the record.
    wifi: WifiPlan | None = Field(default=None, exclude=True)
    appendix: str = ""
    agenda_item: str = ""
    time: str = ""
    place: str = ""
    people_per_group: int | None = None
    # None: no limit (what journals written before these keys meant).
    joins_per_address_per_minute: int | None = DEFAULT_JOINS_PER_ADDRESS
    participants_per_address: int | None = DEFAULT_PARTICIPANTS_PER_ADDRESS
    notes_per_minute: int | None = DEFAULT_NOTES_PER_MINUTE
    notes_per_exercise: int | None = DEFAULT_NOTES_PER_EXERCISE
    proposals_per_group: int | None = DEFAULT_PROPOSALS_PER_GROUP
    # Not in the journal (exclude): how many phones this laptop takes is read
    # from the plan file at each start, like the Wi-Fi (`facilitator run --max-phones` wins).
    max_phones: int | None = Field(default=None, exclude=True)
    exercises: list[Exercise]

    @model_validator(mode="after")
    def _unique_exercise_ids(self) -> ResolvedPlan:
        duplicate = _first_duplicate([exercise.id for exercise in self.exercises])
        if duplicate is not None:
            raise PydanticCustomError(
                "exercise_id_duplicate",
                "exercise ids in a plan must be unique; '{exercise_id}' appears more than once",
                {"exercise_id": duplicate},
            )
        return self

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((ex for ex in self.exercises if ex.id == exercise_id), None)
