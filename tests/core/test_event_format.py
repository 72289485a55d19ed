"""The event format: today's bodies name their format; older ones are upcast."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from facilitator.core import events as ev
from facilitator.core.event_format import EVENT_FORMAT, event_from_json, event_to_json
from facilitator.journal import read_events

JOURNALS = Path(__file__).resolve().parents[1] / "data" / "journals"


def bodies(name: str) -> list[str]:
    with closing(sqlite3.connect(JOURNALS / name)) as db:
        return [body for (body,) in db.execute("SELECT body FROM events ORDER BY seq")]


def test_a_body_names_todays_format_and_reads_back_as_the_same_event() -> None:
    events, _ = read_events(JOURNALS / f"journal-v{EVENT_FORMAT}.sqlite3")
    for event in events:
        body = event_to_json(event)
        assert json.loads(body)["v"] == EVENT_FORMAT
        assert event_from_json(body) == event
        assert event_from_json(json.dumps(json.loads(body), indent=1)) == event  # not as this code writes it


def test_a_format_1_body_has_no_format_and_its_plan_is_upcast_to_plan_format_1() -> None:
    first = json.loads(bodies("journal-v1.sqlite3")[0])
    assert "v" not in first and "plan_format" not in first["plan"]
    event = event_from_json(json.dumps(first))
    assert isinstance(event, ev.SessionCreated) and event.plan.plan_format == 1
    dumped = event.plan.model_dump()
    assert {key: dumped[key] for key in first["plan"]} == first["plan"]
    assert (dumped["plan_format"], dumped["free_group_change"]) == (1, False)  # the later optional key: its default


def test_the_same_meeting_reads_alike_from_format_1_and_format_2() -> None:
    old, new = read_events(JOURNALS / "journal-v1.sqlite3")[0], read_events(JOURNALS / "journal-v2.sqlite3")[0]
    assert isinstance(old[0], ev.SessionCreated) and isinstance(new[0], ev.SessionCreated)
    assert (old[0].plan, old[0].code) == (new[0].plan, new[0].code)  # upcast, equal
    follow_ups = (ev.FollowUpSet, ev.FollowUpRemoved)  # format 2's writer adds these to the same meeting
    assert [type(e) for e in old] == [type(e) for e in new if not isinstance(e, follow_ups)]


@pytest.mark.parametrize("version", [0, EVENT_FORMAT + 1, "2", None])
def test_a_body_of_an_unknown_format_is_refused(version: object) -> None:
    with pytest.raises(ValueError, match="unknown event format"):
        event_from_json(json.dumps({"v": version, "type": "participant_left", "participant_id": "p1"}))


def test_a_body_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ValueError):
        event_from_json("[1, 2]")
