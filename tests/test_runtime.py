"""The live session's group commit: several commands, one journal transaction,
the same guarantees as one `execute` each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from plans import make_plan

from facilitator.core import commands as c
from facilitator.core import events as ev
from facilitator.core.errors import DomainError
from facilitator.journal import JournalWriteError, read_events
from facilitator.runtime import LiveSession

STAR = "netvaerksstjernen"


@pytest.fixture
def session(journal_path: Path) -> LiveSession:
    session = LiveSession.open(journal_path, make_plan())
    session.execute(c.Join("p1", "h", "Katrine", "AKM", "g1"))
    session.execute(c.Join("p2", "h", "Søren", "AHR", "g1"))
    session.execute(c.StartExercise(STAR))
    yield session
    session.close()


def note(participant: str, note_id: str, lane: str = "behov") -> c.AddNote:
    return c.AddNote(participant, note_id, STAR, lane, f"Note {note_id} med æøå")


def stored_notes(path: Path) -> list[str]:
    events, _ = read_events(path)
    return [e.note_id for e in events if isinstance(e, ev.NoteAdded)]


def count_commits(session: LiveSession) -> list[int]:
    """The number of events in each journal transaction from now on (the real journal still writes them)."""
    sizes: list[int] = []
    append = session.journal.append

    def recording(events: list[ev.Event]) -> None:
        append(events)
        sizes.append(len(events))

    session.journal.append = recording  # type: ignore[method-assign]
    return sizes


def test_commands_run_together_share_one_commit_and_listeners_hear_of_each_once_it_is_on_disk(session, journal_path):
    commits = count_commits(session)
    heard: list[tuple[str, object, bool]] = []

    def listener(events: list[ev.Event], origin: object) -> None:
        for event in events:
            heard.append((event.note_id, origin, event.note_id in stored_notes(journal_path)))

    session.subscribe(listener)
    outcomes = session.execute_many([(note("p1", "n1"), "phone A"), (note("p2", "n2"), "phone B"), (note("p1", "n3"), "phone A")])
    assert commits == [3]
    assert [[e.note_id for e in outcome] for outcome in outcomes] == [["n1"], ["n2"], ["n3"]]
    assert heard == [("n1", "phone A", True), ("n2", "phone B", True), ("n3", "phone A", True)]
    assert stored_notes(journal_path) == ["n1", "n2", "n3"]


def test_a_refused_command_in_a_group_commit_changes_nothing_and_the_others_are_stored(session, journal_path):
    outcomes = session.execute_many([(note("p1", "n1"), None), (note("p2", "n2", lane="no-such-lane"), None), (note("p2", "n3"), None)])
    assert isinstance(outcomes[1], DomainError) and outcomes[1].code == "unknown_lane"
    assert [e.note_id for e in outcomes[0]] == ["n1"] and [e.note_id for e in outcomes[2]] == ["n3"]
    assert stored_notes(journal_path) == ["n1", "n3"]
    assert set(session.state.notes) == {"n1", "n3"}


def test_later_commands_in_a_group_commit_see_what_the_earlier_ones_did(session, journal_path):
    outcomes = session.execute_many([
        (c.Join("p3", "h", "Mette", "AKM"), None),
        (c.Join("p4", "h", "Tina", "AKM"), None),
        (note("p1", "n1"), None),
        (note("p1", "n1"), None),  # the phone sent it twice: stored once, both answered
        (note("p2", "n1"), None),  # someone else's id
    ])
    placed = [outcome[0].group_id for outcome in outcomes[:2]]
    assert placed == ["g2", "g3"]  # each newcomer to the smallest group, counting the one before
    assert [e.note_id for e in outcomes[2]] == ["n1"] and outcomes[3] == []
    assert isinstance(outcomes[4], DomainError) and outcomes[4].code == "note_exists"
    assert stored_notes(journal_path) == ["n1"]


def test_a_failed_group_commit_answers_every_command_with_the_error_and_keeps_only_what_is_on_disk(session, journal_path):
    session.execute(note("p1", "n0"))
    state = session.state
    before = (set(state.participants), set(state.notes), state.event_count)
    heard: list[list[ev.Event]] = []
    session.subscribe(lambda events, origin: heard.append(events))
    blocker = sqlite3.connect(journal_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")  # another program holds the file: the commit cannot happen
    session.journal._db.execute("PRAGMA busy_timeout = 50")
    batch = [
        (c.Join("p3", "h", "Mette", "AKM"), None),
        (note("p1", "n1"), None),
        (note("p1", "n0"), None),  # a resend of a stored note: not answered with success either
        (note("p2", "n2", lane="no-such-lane"), None),
    ]
    try:
        outcomes = session.execute_many(batch)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert [type(outcome).__name__ for outcome in outcomes] == ["JournalWriteError"] * 3 + ["DomainError"]
    assert "Nothing was acknowledged" in str(outcomes[0])
    assert heard == []
    assert session.state is state  # rebuilt in place: whoever holds the state sees the journal's
    assert (set(state.participants), set(state.notes), state.event_count) == before
    again = session.execute_many(batch)
    assert [type(outcome).__name__ for outcome in again] == ["list", "list", "list", "DomainError"]
    assert stored_notes(journal_path) == ["n0", "n1"]
    assert "p3" in session.state.participants


def test_a_group_commit_on_a_closed_journal_stores_nothing_and_changes_nothing(session, journal_path):
    session.journal.close()
    outcomes = session.execute_many([(note("p1", "n1"), None), (note("p2", "n2"), None)])
    assert all(isinstance(outcome, JournalWriteError) for outcome in outcomes)
    assert session.state.notes == {}
    assert stored_notes(journal_path) == []
