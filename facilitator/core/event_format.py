"""How an event is written down: the journal's event format, its JSON form,
and the upcasters that read events written in older formats.

Format history (the journal file records the newest format in it as SQLite's
`user_version`; each row's body names its own):

1. Until December 2026. A body is the event's JSON; `session_created.plan`
   is the JSON of the config model `ResolvedPlan`. Bodies have no `"v"`.
2. Events are plain data (`core/events.py`). Each body starts with `"v": 2`;
   `session_created.plan` is a `PlanSnapshot` naming its `plan_format`.

Old events are upcast when read, one format at a time, and never rewritten:
a format-1 journal resumed by this code keeps its format-1 rows and gets
format-2 rows after them. Pinned by tests/test_journal_format.py with a
journal written by the code of each format (tests/data/journals/).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from facilitator.core.events import EVENT_ADAPTER, Event

EVENT_FORMAT = 2

Body = dict[str, Any]


def _upcast_1_to_2(body: Body) -> Body:
    """Format 1 stored the plan as the config model's JSON; that JSON is plan
    format 1 of the snapshot, which now says so."""
    if body.get("type") == "session_created" and isinstance(body.get("plan"), dict):
        body["plan"] = {"plan_format": 1, **body["plan"]}
    return body


UPCASTERS: dict[int, Callable[[Body], Body]] = {1: _upcast_1_to_2}


_TODAYS_LEAD = f'{{"v":{EVENT_FORMAT},'


def event_to_json(event: Event) -> str:
    """The body of a journal row: the event's JSON, led by its format."""
    return _TODAYS_LEAD + event.model_dump_json()[1:]


def event_from_json(text: str | bytes) -> Event:
    """The event a row's body holds, in today's shape whatever format wrote it.

    Raises ValueError (or pydantic's ValidationError, a ValueError) for a body
    that is not an event of a known format."""
    if isinstance(text, str) and text.startswith(_TODAYS_LEAD):
        # today's format, the common case: no detour through a dict (3x faster)
        return EVENT_ADAPTER.validate_json("{" + text[len(_TODAYS_LEAD) :])
    body = json.loads(text)
    if not isinstance(body, dict):
        raise ValueError("an event body is a JSON object")
    version = body.pop("v", 1)
    if not isinstance(version, int) or not 1 <= version <= EVENT_FORMAT:
        raise ValueError(f"unknown event format {version!r}")
    while version < EVENT_FORMAT:
        body = UPCASTERS[version](body)
        version += 1
    return EVENT_ADAPTER.validate_python(body)
