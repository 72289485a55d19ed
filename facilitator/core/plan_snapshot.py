"""The plan as the journal stores it: plain data with its own format number.

`SessionCreated` carries the whole plan so the journal alone can resume a
meeting or write its appendix. It carries it as these plain records, not as
the config models of `facilitator/config/models.py`: a change to the TOML
files' models (a new optional key, a tighter check) must not change what a
journal means. The records copy the JSON shape format-1 journals already had,
so plan format 1 is exactly what earlier code wrote.

Changing this shape: a new *optional* key whose default keeps what older
journals meant (e.g. `free_group_change = False`) may be added within plan
format 1 — older journals read as before, and older code refuses a journal
holding the key instead of misreading it. Anything else (a renamed, removed
or required key, a default that changes meaning) needs a new `PLAN_FORMAT`
and an upcaster in `core/event_format.py`. A key of the config models that
does not belong in the record (the Wi-Fi password) is excluded there
(`Field(exclude=True)`) and never reaches the journal.

Conversion to and from `ResolvedPlan` lives in one place:
`facilitator/core/plan_convert.py`. This module imports no config model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

PLAN_FORMAT = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextSnapshot(_Record):
    da: str
    en: str | None = None


class LaneSnapshot(_Record):
    id: str
    title: TextSnapshot
    prompt: TextSnapshot | None = None
    owner: str | None = None


class OptionsSnapshot(_Record):
    writing_minutes: int = 15
    max_note_length: int = 280
    visibility: str = "group"
    dots_per_participant: int = 0
    allow_proposals: bool = False
    lane_assignment: str = "all"


class ExerciseSnapshot(_Record):
    id: str
    kind: str
    title: TextSnapshot
    instructions: TextSnapshot
    options: OptionsSnapshot = OptionsSnapshot()
    lanes: list[LaneSnapshot]


class PlanSnapshot(_Record):
    """Defaults are those format-1 journals were read with, so every plan an
    earlier version wrote still reads; new journals always write every key."""

    plan_format: Literal[1]
    title: str
    date: str  # ISO 8601, e.g. "2025-02-04"
    network: str = ""
    language: str = "da"
    group_names: list[str] | None = None
    group_count: int
    units: list[str] = []
    ask_names: bool = True
    show_names: bool = False
    names_in_appendix: bool = False
    free_group_change: bool = False  # added within plan format 1 (table cards)
    # added within plan format 1 (the appendix's link to the minutes; "" / None: not said)
    appendix: str = ""
    agenda_item: str = ""
    time: str = ""
    place: str = ""
    people_per_group: int | None = None
    # added within plan format 1 (issue 14, the room's limits); None: no limit,
    # which is what a journal written before them meant
    joins_per_address_per_minute: int | None = None
    participants_per_address: int | None = None
    notes_per_minute: int | None = None
    notes_per_exercise: int | None = None
    proposals_per_group: int | None = None
    exercises: list[ExerciseSnapshot]
