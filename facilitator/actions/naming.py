"""Naming things in a typed line (a note by its number, a lane by title, …) and ids for what the facilitator adds."""

from __future__ import annotations

from collections.abc import Callable

from facilitator.actions.exercises import exercise_ids, exercise_of
from facilitator.actions.labels import group_label, lanes_of, participant_numbers
from facilitator.core.errors import DomainError
from facilitator.core.state import Note, Participant, SessionState


def number_in(word: str) -> int | None:
    word = word.lstrip("#")
    return int(word) if word.isdigit() else None


def find_exercise(state: SessionState, word: str) -> str:
    """An exercise by id or by its number in the plan."""
    ids = exercise_ids(state)
    number = number_in(word)
    if number is not None and 1 <= number <= len(ids):
        return ids[number - 1]
    if word in ids:
        return word
    raise DomainError("unknown_exercise")


def find_note(state: SessionState, word: str) -> Note:
    """A note by its number (`12` or `#12`) or its id; not one deleted or merged away."""
    number = number_in(word)
    note = None
    if number is not None:
        note = next((n for n in state.notes.values() if n.seq == number - 1), None)
    note = note or state.notes.get(word)
    if note is None or not note.live:
        raise DomainError("unknown_note")
    return note


def find_lane(state: SessionState, exercise_id: str, word: str, language: str) -> str:
    """A lane of the exercise by id, number (as listed) or title."""
    rows = lanes_of(state, exercise_of(state, exercise_id), language)
    number = number_in(word)
    if number is not None and 1 <= number <= len(rows):
        return rows[number - 1].id
    folded = word.casefold()
    for row in rows:
        if word == row.id or folded == row.title.casefold():
            return row.id
    raise DomainError("unknown_lane")


def find_group(state: SessionState, word: str, language: str) -> str:
    """A group by number, id, name or label ("3", "g3", "Gruppe 3")."""
    number = number_in(word)
    if number is not None and 1 <= number <= len(state.groups):
        return state.groups[number - 1].id
    folded = word.casefold()
    for group in state.groups:
        if word == group.id or folded == group_label(group, language).casefold():
            return group.id
    raise DomainError("unknown_group")


def find_participant(state: SessionState, word: str) -> Participant:
    """A participant by their number (join order, as listed) or id."""
    number = number_in(word)
    if number is not None:
        for pid, n in participant_numbers(state).items():
            if n == number:
                return state.participants[pid]
    if word in state.participants:
        return state.participants[word]
    raise DomainError("unknown_participant")


def new_id(state: SessionState, prefix: str, taken: Callable[[str], bool]) -> str:
    """An id for something the facilitator adds (a paper note, a plenary line,
    a follow-up): from the journal's own count, so the same meeting gets the
    same ids whichever UI ran it, and never one in use."""
    number = state.event_count + 1
    while taken(f"{prefix}-{number}"):
        number += 1
    return f"{prefix}-{number}"
