"""The appendix as data, built from a session's state.

Everything the appendix says is decided here, once, and every format
(DOCX, Markdown, HTML, JSON) only lays it out. The model holds no labels
("Gruppe", "stemmer"): those come from the text tables when a format is
written, so one model can be written in Danish or English. Lane and
exercise titles are taken in the language asked for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from facilitator.core.state import Note, SessionState
from facilitator.export.grouping import cluster

# XML 1.0 forbids most control characters (python-docx would refuse them),
# and none of them belong in a note shown to people.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """A note's text as the appendix shows it: no control characters, lines
    stripped, no empty lines."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Member:
    name: str
    unit: str | None


@dataclass(frozen=True)
class GroupInfo:
    id: str
    number: int  # 1-based, as in "Gruppe 3"
    name: str | None  # the plan's name for the group, if it gives one
    participants: int
    members: tuple[Member, ...] = ()  # only when the plan puts names in the appendix


@dataclass(frozen=True)
class Entry:
    """One line of a lane: a note, or several notes that say the same thing."""

    text: str
    group_ids: tuple[str, ...]  # in group order
    votes: int  # participants who put a dot on any of its notes
    note_ids: tuple[str, ...]  # every note it stands for, the one shown first
    variants: tuple[str, ...] = ()  # the other wordings folded into it
    merged_by_facilitator: bool = False
    auto_grouped: bool = False
    highlighted: bool = False
    first_seq: int = 0  # arrival of its first note
    authors: tuple[str, ...] = ()  # only when the plan puts names in the appendix


@dataclass(frozen=True)
class LaneReport:
    id: str
    title: str
    prompt: str
    owner: str | None
    note_count: int  # notes written on the lane (before grouping)
    group_ids: tuple[str, ...]  # groups that wrote on it
    entries: tuple[Entry, ...]
    proposed_by: str | None = None  # group id, for a lane proposed during the meeting


@dataclass(frozen=True)
class FollowUpReport:
    """A follow-up agreed in the plenary: what, who, by when (free text, may be empty)."""

    id: str
    what: str
    who: str
    due: str
    lane_id: str | None  # ties it to a lane, and so to that lane's owner


@dataclass(frozen=True)
class ExerciseReport:
    id: str
    kind: str  # "star" or "brainstorm"
    title: str
    plenum_lines: tuple[str, ...]
    lanes: tuple[LaneReport, ...]
    proposed_lanes: tuple[LaneReport, ...] = ()
    follow_ups: tuple[FollowUpReport, ...] = ()

    def highlighted(self) -> list[tuple[LaneReport, Entry]]:
        """Highlighted entries with their lane, in the order the lanes come."""
        return [(lane, e) for lane in (*self.lanes, *self.proposed_lanes) for e in lane.entries if e.highlighted]


@dataclass(frozen=True)
class Appendix:
    language: str
    meeting: str
    date: dt.date
    network: str
    participant_count: int
    group_count: int  # groups that took part (had people or notes)
    units: tuple[str, ...]  # units represented, in the plan's order
    names_included: bool
    groups: tuple[GroupInfo, ...]
    exercises: tuple[ExerciseReport, ...]
    owner: str | None = None  # set on an owner's own appendix (--by-owner)

    def group(self, group_id: str) -> GroupInfo | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def owners(self) -> list[str]:
        """Lane owners in the order their first lane comes."""
        found: dict[str, None] = {}
        for exercise in self.exercises:
            for lane in exercise.lanes:
                if lane.owner:
                    found.setdefault(lane.owner, None)
        return list(found)

    def for_owner(self, owner: str) -> Appendix:
        """Just `owner`'s lanes and the follow-ups tied to them: no plenary
        summary, no other lanes, no proposals."""
        exercises = []
        for ex in self.exercises:
            lanes = tuple(lane for lane in ex.lanes if lane.owner == owner)
            if not lanes:
                continue
            mine = {lane.id for lane in lanes}
            follow_ups = tuple(f for f in ex.follow_ups if f.lane_id in mine)
            exercises.append(replace(ex, plenum_lines=(), proposed_lanes=(), lanes=lanes, follow_ups=follow_ups))
        return replace(self, exercises=tuple(exercises), owner=owner)

    # -- JSON ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        from facilitator.export.json import appendix_to_dict

        return appendix_to_dict(self)


# -- building ------------------------------------------------------------------------


@dataclass
class _Unit:
    """A note and the notes the facilitator merged into it."""

    shown: Note
    notes: list[Note] = field(default_factory=list)

    @property
    def first_seq(self) -> int:
        return min(n.seq for n in self.notes)


def _root(state: SessionState, note: Note) -> Note:
    seen = {note.id}
    while note.merged_into is not None and note.merged_into in state.notes and note.merged_into not in seen:
        note = state.notes[note.merged_into]
        seen.add(note.id)
    return note


def _units(state: SessionState, exercise_id: str) -> list[_Unit]:
    """The exercise's notes as the facilitator left them: merges applied,
    hidden and deleted notes gone. A merge into a note its author deleted
    still stands for the others; a merge into a hidden note is hidden too."""
    buckets: dict[str, list[Note]] = {}
    for note in state.notes_of(exercise_id):
        if note.deleted or not clean_text(note.text):
            continue  # deleted, or nothing left to read once control characters go
        buckets.setdefault(_root(state, note).id, []).append(note)
    units: list[_Unit] = []
    for root_id, notes in buckets.items():
        root = state.notes[root_id]
        if root.hidden:
            continue
        visible = sorted((n for n in notes if not n.hidden), key=lambda n: n.seq)
        if not visible:
            continue
        shown = root if not root.deleted else visible[0]
        units.append(_Unit(shown=shown, notes=visible))
    units.sort(key=lambda u: u.first_seq)
    return units


def _voters(state: SessionState) -> dict[str, set[str]]:
    voters: dict[str, set[str]] = {}
    for participant_id, note_ids in state.votes.items():
        for note_id in note_ids:
            voters.setdefault(note_id, set()).add(participant_id)
    return voters


class _Builder:
    def __init__(self, state: SessionState, language: str) -> None:
        assert state.plan is not None
        self.state = state
        self.plan = state.plan
        self.language = language
        self.voters = _voters(state)
        self.group_order = {g.id: g.index for g in state.groups}

    def _names(self, notes: list[Note]) -> tuple[str, ...]:
        if not self.plan.names_in_appendix:
            return ()
        names: dict[str, None] = {}
        for note in notes:
            author = self.state.participants.get(note.author_id or "")
            if author is not None and author.name:
                names.setdefault(author.name, None)
        return tuple(names)

    def _entry(self, units: list[_Unit]) -> Entry:
        # the wording shown: the facilitator's choice if they merged, else the first
        shown_unit = min(units, key=lambda u: (len(u.notes) == 1, u.first_seq))
        notes = [n for u in units for n in u.notes]
        ordered = [shown_unit.shown] + sorted((n for n in notes if n is not shown_unit.shown), key=lambda n: n.seq)
        text = clean_text(shown_unit.shown.text)
        variants: dict[str, None] = {}
        for note in ordered[1:]:
            other = clean_text(note.text)
            if other.casefold() != text.casefold():
                variants.setdefault(other, None)
        voters: set[str] = set()
        for note in notes:
            voters |= self.voters.get(note.id, set())
        groups = sorted({n.group_id for n in notes}, key=lambda g: self.group_order.get(g, 0))
        return Entry(
            text=text,
            group_ids=tuple(groups),
            votes=len(voters),
            note_ids=tuple(n.id for n in ordered),
            variants=tuple(variants),
            merged_by_facilitator=any(len(u.notes) > 1 for u in units),
            auto_grouped=len(units) > 1,
            highlighted=any(n.highlighted for n in notes),
            first_seq=min(u.first_seq for u in units),
            authors=self._names(ordered),
        )

    def entries(self, units: list[_Unit]) -> tuple[Entry, ...]:
        clusters = cluster([clean_text(u.shown.text) for u in units])
        entries = [self._entry([units[i] for i in members]) for members in clusters]
        entries.sort(key=lambda e: (-e.votes, -len(e.group_ids), e.first_seq))
        return tuple(entries)

    def lane(self, lane_id: str, title: str, prompt: str, owner: str | None, units: list[_Unit], proposed_by: str | None = None) -> LaneReport:
        groups = sorted({n.group_id for u in units for n in u.notes}, key=lambda g: self.group_order.get(g, 0))
        return LaneReport(
            id=lane_id,
            title=clean_text(title),
            prompt=clean_text(prompt),
            owner=owner,
            note_count=sum(len(u.notes) for u in units),
            group_ids=tuple(groups),
            entries=self.entries(units),
            proposed_by=proposed_by,
        )

    def exercise(self, exercise_id: str) -> ExerciseReport:
        exercise = self.plan.exercise(exercise_id)
        assert exercise is not None
        exercise_state = self.state.exercises[exercise_id]
        by_lane: dict[str, list[_Unit]] = {}
        for unit in _units(self.state, exercise_id):
            by_lane.setdefault(unit.shown.lane_id, []).append(unit)
        lanes = tuple(
            self.lane(
                lane.id,
                lane.title.get(self.language),
                lane.prompt.get(self.language) if lane.prompt else "",
                lane.owner,
                by_lane.get(lane.id, []),
            )
            for lane in exercise.lanes
        )
        proposed = tuple(
            self.lane(p.id, p.title, p.prompt, None, by_lane.get(p.id, []), proposed_by=p.group_id)
            for p in exercise_state.proposed_lanes.values()
        )
        return ExerciseReport(
            id=exercise.id,
            kind=exercise.kind.value,
            title=clean_text(exercise.title.get(self.language)),
            plenum_lines=tuple(clean_text(line) for line in exercise_state.plenum_lines.values() if clean_text(line)),
            lanes=lanes,
            proposed_lanes=proposed,
            follow_ups=tuple(
                FollowUpReport(f.id, clean_text(f.what), clean_text(f.who), clean_text(f.due), f.lane_id)
                for f in exercise_state.follow_ups.values()
                if clean_text(f.what)
            ),
        )

    def groups(self) -> tuple[GroupInfo, ...]:
        members: dict[str, list[Member]] = {g.id: [] for g in self.state.groups}
        counts: dict[str, int] = {g.id: 0 for g in self.state.groups}
        for participant in self.state.participants.values():
            counts[participant.group_id] = counts.get(participant.group_id, 0) + 1
            if self.plan.names_in_appendix and participant.name:
                members.setdefault(participant.group_id, []).append(Member(participant.name, participant.unit))
        return tuple(
            GroupInfo(g.id, g.index + 1, g.name, counts.get(g.id, 0), tuple(members.get(g.id, [])))
            for g in self.state.groups
        )

    def build(self) -> Appendix:
        exercises = tuple(self.exercise(ex.id) for ex in self.plan.exercises)
        groups = self.groups()
        with_notes = {n.group_id for n in self.state.notes.values() if not n.deleted and not n.hidden}
        taking_part = [g for g in groups if g.participants or g.id in with_notes]
        present_units = {p.unit for p in self.state.participants.values() if p.unit}
        return Appendix(
            language=self.language,
            meeting=self.plan.title,
            date=self.plan.date,
            network=self.plan.network,
            participant_count=len(self.state.participants),
            group_count=len(taking_part),
            units=tuple(u for u in self.plan.units if u in present_units),
            names_included=self.plan.names_in_appendix,
            groups=groups,
            exercises=exercises,
        )


def build_appendix(state: SessionState, language: str | None = None) -> Appendix:
    """The appendix of the session in `state`, in `language` (default: the plan's)."""
    if state.plan is None:
        raise ValueError("the session has no plan")
    return _Builder(state, language or state.plan.language).build()
