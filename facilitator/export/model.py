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
from dataclasses import dataclass, replace
from typing import Any

from facilitator.core.counting import NoteUnit, note_units
from facilitator.core.state import Note, Participant, SessionState
from facilitator.export.grouping import cluster
from facilitator.texts import t

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
    variants: tuple[str, ...] = ()  # the other wordings folded into it, exactly as written
    variant_groups: tuple[tuple[str, ...], ...] = ()  # for each variant, the groups that wrote it
    merged_by_facilitator: bool = False
    auto_grouped: bool = False
    highlighted: bool = False
    first_seq: int = 0  # arrival of its first note
    authors: tuple[str, ...] = ()  # only when the plan puts names in the appendix


@dataclass(frozen=True)
class FollowUpReport:
    """A follow-up the facilitator recorded in the plenary: what, who, by when."""

    id: str
    what: str
    who: str
    due: str
    lane_id: str | None = None


@dataclass(frozen=True)
class LaneReport:
    id: str
    title: str
    prompt: str
    owner: str | None
    note_count: int  # the lane's count by the one counting rule (core/counting.py): merged notes once, hidden none
    group_ids: tuple[str, ...]  # groups that wrote on it
    entries: tuple[Entry, ...]
    proposed_by: str | None = None  # group id, for a lane proposed during the meeting
    also_proposed_by: tuple[str, ...] = ()  # other groups that proposed the same lane
    title_variants: tuple[str, ...] = ()  # the other titles the same proposal was given


@dataclass(frozen=True)
class ExerciseReport:
    id: str
    kind: str  # "star" or "brainstorm"
    title: str
    plenum_lines: tuple[str, ...]
    lanes: tuple[LaneReport, ...]
    proposed_lanes: tuple[LaneReport, ...] = ()
    follow_ups: tuple[FollowUpReport, ...] = ()
    dots: int = 0  # dots each participant could vote with (0: no voting)
    important_intro: str = ""  # "da"/"en": the lines read on from "Det er vigtigt:" / "It is important:"

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
    appendix_label: str = ""  # "Bilag 3": the plan's number for it in the minutes
    agenda_item: str = ""  # "Punkt 3"
    time: str = ""  # "Kl. 12.00 – 15.30"
    place: str = ""  # "LY101 - møderum S04"
    people_count: int = 0  # people, counting a shared phone's group as its head-count
    absent_units: tuple[str, ...] = ()  # the plan's units nobody came from ("Afbud")

    def group(self, group_id: str) -> GroupInfo | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def owners(self) -> list[str]:
        """Lane owners (proposals assigned in the meeting included) in the order their first lane comes."""
        found: dict[str, None] = {}
        for exercise in self.exercises:
            for lane in (*exercise.lanes, *exercise.proposed_lanes):
                if lane.owner:
                    found.setdefault(lane.owner, None)
        return list(found)

    def for_owner(self, owner: str) -> Appendix:
        """An owner's pack: for each exercise where they own a lane or a
        follow-up, the plenary points, their lanes and proposals (every
        wording and vote) and their follow-ups."""
        exercises = []
        for ex in self.exercises:
            lanes = tuple(lane for lane in ex.lanes if lane.owner == owner)
            proposed = tuple(lane for lane in ex.proposed_lanes if lane.owner == owner)
            mine = {lane.id for lane in (*lanes, *proposed)}
            follow_ups = tuple(f for f in ex.follow_ups if f.lane_id in mine or names_owner(f.who, owner))
            if lanes or proposed or follow_ups:
                exercises.append(replace(ex, lanes=lanes, proposed_lanes=proposed, follow_ups=follow_ups))
        return replace(self, exercises=tuple(exercises), owner=owner)

    # -- JSON ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        from facilitator.export.json import appendix_to_dict

        return appendix_to_dict(self)


def names_owner(who: str, owner: str) -> bool:
    """Whether a follow-up's free-text `who` ("Anders", "Anders Jacobsen og
    Lars") names `owner` ("Anders Jacobsen, Koncern HR"): the owner's full
    name, or their first name as a whole word."""
    words = re.findall(r"\w+", who.casefold())
    name = owner.split(",")[0].strip().casefold()
    if not words or not name:
        return False
    if name in " ".join(words):
        return True
    first = name.split()[0]
    return len(first) >= 3 and first in words


# -- building ------------------------------------------------------------------------


# A note and the notes the facilitator merged into it: the one counting rule's
# unit (core/counting.py), so the appendix counts what the wall and console count.
_Unit = NoteUnit


def _units(state: SessionState, exercise_id: str) -> list[_Unit]:
    """The exercise's notes as the facilitator left them (core/counting.py)."""
    return note_units(state, exercise_id)


def _voters(state: SessionState) -> dict[str, set[str]]:
    voters: dict[str, set[str]] = {}
    for participant_id, note_ids in state.votes.items():
        for note_id in note_ids:
            voters.setdefault(note_id, set()).add(participant_id)
    return voters


_STRAY_END = re.compile(r"[.,;:\-–—]+$")


def well_formed(text: str) -> bool:
    """Starts with a capital (or a digit) and ends without a stray full stop or comma."""
    first = next((ch for ch in text if ch.isalnum()), "")
    return bool(first) and not first.islower() and not _STRAY_END.search(text)


def best_wording(notes: list[Note], voters: dict[str, set[str]]) -> str:
    """The wording a group of notes is printed in: a well-formed one first,
    then the one with most votes, then the one most groups wrote, then the
    earliest. Never rewritten: every other wording is listed under it."""
    by_wording: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda n: n.seq):
        by_wording.setdefault(clean_text(note.text), []).append(note)

    def rank(item: tuple[str, list[Note]]) -> tuple[object, ...]:
        text, written = item
        votes = len(set().union(*(voters.get(n.id, set()) for n in written)))
        return (not well_formed(text), -votes, -len({n.group_id for n in written}), written[0].seq)

    return min(by_wording.items(), key=rank)[0]


def group_units(units: list[_Unit]) -> list[list[int]]:
    """Automatic groups of `units` (indices); a unit with a note the
    facilitator kept apart stays alone."""
    apart = [i for i, u in enumerate(units) if any(n.kept_apart for n in u.notes)]
    rest = [i for i in range(len(units)) if i not in set(apart)]
    groups = [[rest[j] for j in members] for members in cluster([clean_text(units[i].shown.text) for i in rest])]
    groups += [[i] for i in apart]
    return sorted(groups, key=lambda members: min(members))


def _reading_on(line: str) -> str:
    word = line.split(" ", 1)[0].casefold()
    return "da" if word == "at" else "en" if word in ("to", "that") else ""


def plenum_lines(raw: Any) -> tuple[tuple[str, ...], str]:
    """The plenary lines, and the language of the intro they read on from.

    The console pre-fills each line with "Det er vigtigt: at …"; the
    appendix says "Det er vigtigt:" once, as the minutes do, so the prefix
    is taken off every line, but only when every line then reads on from
    it (else each line stays as typed and nothing is lost). The intro is in
    the language the lines are written in: Danish lines keep "Det er
    vigtigt:" in an English appendix, never "It is important: at …"."""
    lines = [clean_text(line) for line in raw if clean_text(line)]
    prefixes = [t(lang, "appendix.important").casefold() for lang in ("da", "en")]
    stripped = []
    for line in lines:
        for prefix in prefixes:
            if line.casefold().startswith(prefix):
                line = line[len(prefix) :].strip()
                break
        stripped.append(line)
    languages = {_reading_on(line) for line in stripped}
    if stripped and len(languages) == 1 and "" not in languages:
        return tuple(stripped), languages.pop()
    return tuple(lines), ""


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
        notes = [n for u in units for n in u.notes]
        merged = [u for u in units if len(u.notes) > 1]
        if merged:  # the facilitator chose the wording when they merged
            text = clean_text(min(merged, key=lambda u: u.first_seq).shown.text)
        else:
            text = best_wording(notes, self.voters)
        by_wording: dict[str, list[Note]] = {}
        for note in sorted(notes, key=lambda n: n.seq):
            by_wording.setdefault(clean_text(note.text), []).append(note)
        shown = by_wording.get(text, [])
        ordered = shown + [n for n in sorted(notes, key=lambda n: n.seq) if n not in shown]
        variants = [w for w in by_wording if w != text]
        voters: set[str] = set()
        for note in notes:
            voters |= self.voters.get(note.id, set())
        return Entry(
            text=text,
            group_ids=self._group_order(notes),
            votes=len(voters),
            note_ids=tuple(n.id for n in ordered),
            variants=tuple(variants),
            variant_groups=tuple(self._group_order(by_wording[w]) for w in variants),
            merged_by_facilitator=bool(merged),
            auto_grouped=len(units) > 1,
            highlighted=any(n.highlighted for n in notes),
            first_seq=min(u.first_seq for u in units),
            authors=self._names(ordered),
        )

    def _group_order(self, notes: list[Note]) -> tuple[str, ...]:
        return tuple(sorted({n.group_id for n in notes}, key=lambda g: self.group_order.get(g, 0)))

    def entries(self, units: list[_Unit]) -> tuple[Entry, ...]:
        clusters = group_units(units)
        entries = [self._entry([units[i] for i in members]) for members in clusters]
        entries.sort(key=lambda e: (-e.votes, -len(e.group_ids), e.first_seq))
        return tuple(entries)

    def lane(
        self, lane_id: str, title: str, prompt: str, owner: str | None, units: list[_Unit], proposed_by: str | None = None, **more: Any
    ) -> LaneReport:
        groups = sorted({n.group_id for u in units for n in u.notes}, key=lambda g: self.group_order.get(g, 0))
        return LaneReport(
            id=lane_id,
            title=clean_text(title),
            prompt=clean_text(prompt),
            owner=owner,
            note_count=len(units),
            group_ids=tuple(groups),
            entries=self.entries(units),
            proposed_by=proposed_by,
            **more,
        )

    def proposals(self, exercise_state: Any, by_lane: dict[str, list[_Unit]]) -> tuple[LaneReport, ...]:
        """Proposed lanes, one per proposal: two phones (or groups) proposing
        the same module by the same title make one, with both groups."""
        proposed = [p for p in exercise_state.proposed_lanes.values() if p.shown]  # not hidden or merged away
        owners: dict[str, str] = exercise_state.lane_owners
        reports = []
        for members in cluster([clean_text(p.title) for p in proposed]):
            same = [proposed[i] for i in members]
            first = same[0]
            units = sorted((u for p in same for u in by_lane.get(p.id, [])), key=lambda u: u.first_seq)
            groups = list(dict.fromkeys(p.group_id for p in same))
            titles = list(dict.fromkeys(clean_text(p.title) for p in same))
            prompts = list(dict.fromkeys(clean_text(p.prompt) for p in same if clean_text(p.prompt)))
            owner = next((owners[p.id] for p in same if owners.get(p.id)), None)
            reports.append(
                self.lane(
                    first.id, titles[0], "\n".join(prompts), owner, units, proposed_by=first.group_id,
                    also_proposed_by=tuple(groups[1:]), title_variants=tuple(titles[1:]),
                )
            )
        return tuple(reports)

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
                exercise_state.lane_owners.get(lane.id) or lane.owner,
                by_lane.get(lane.id, []),
            )
            for lane in exercise.lanes
        )
        lines, intro = plenum_lines(exercise_state.plenum_lines.values())
        follow_ups = tuple(
            FollowUpReport(f.id, clean_text(f.what), clean_text(f.who), clean_text(f.due), f.lane_id)
            for f in exercise_state.follow_ups.values()
            if clean_text(f.what)
        )
        return ExerciseReport(
            id=exercise.id,
            kind=exercise.kind.value,
            title=clean_text(exercise.title.get(self.language)),
            plenum_lines=lines,
            lanes=lanes,
            proposed_lanes=self.proposals(exercise_state, by_lane),
            follow_ups=follow_ups,
            dots=exercise.options.dots_per_participant,
            important_intro=intro,
        )

    def _taking_part(self) -> list[Participant]:
        """Everyone who joined, those who left too, but not those the
        facilitator removed (a second identity, a script: issue 14)."""
        return [p for p in self.state.participants.values() if not p.removed]

    def groups(self) -> tuple[GroupInfo, ...]:
        members: dict[str, list[Member]] = {g.id: [] for g in self.state.groups}
        counts: dict[str, int] = {g.id: 0 for g in self.state.groups}
        for participant in self._taking_part():
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
        present_units = {p.unit for p in self._taking_part() if p.unit}
        per_group = self.plan.people_per_group or 0
        people = sum(self.state.headcounts.get(g.id) or max(g.participants, per_group) for g in taking_part)
        return Appendix(
            language=self.language,
            meeting=self.plan.title,
            date=self.plan.date,
            network=self.plan.network,
            participant_count=len(self._taking_part()),
            group_count=len(taking_part),
            units=tuple(u for u in self.plan.units if u in present_units),
            names_included=self.plan.names_in_appendix,
            groups=groups,
            exercises=exercises,
            appendix_label=self.plan.appendix,
            agenda_item=self.plan.agenda_item,
            time=self.plan.time,
            place=self.plan.place,
            people_count=people,
            absent_units=tuple(u for u in self.plan.units if u not in present_units) if present_units else (),
        )


def build_appendix(state: SessionState, language: str | None = None) -> Appendix:
    """The appendix of the session in `state`, in `language` (default: the plan's)."""
    if state.plan is None:
        raise ValueError("the session has no plan")
    return _Builder(state, language or state.plan.language).build()


@dataclass(frozen=True)
class AutoGroup:
    """A line the automatic grouping made of several notes: what the console
    shows before export, so the facilitator can accept or split it."""

    exercise_id: str
    lane_title: str
    text: str
    variants: tuple[str, ...]
    group_ids: tuple[str, ...]
    note_ids: tuple[str, ...]  # the notes standing on their own (not merged away), the shown one first


def automatic_groups(state: SessionState, language: str | None = None) -> list[AutoGroup]:
    """Every line of the appendix the automatic grouping put together."""
    found = []
    for exercise in build_appendix(state, language).exercises:
        for lane in (*exercise.lanes, *exercise.proposed_lanes):
            for entry in lane.entries:
                roots = tuple(n for n in entry.note_ids if state.notes[n].merged_into is None)
                if entry.auto_grouped and len(roots) > 1:
                    found.append(AutoGroup(exercise.id, lane.title, entry.text, entry.variants, entry.group_ids, roots))
    return found


def lane_report(state: SessionState, exercise_id: str, lane_id: str, language: str | None = None) -> LaneReport | None:
    """One lane exactly as the appendix prints it (its lines grouped, counted
    and ordered by the appendix's own rules), without building the rest: the
    wall's focus view shows this (the composition root hands it to the
    server). A proposal comes with the proposals of the same title, as in the
    appendix. None for a lane the exercise does not have."""
    if state.plan is None or state.exercise(exercise_id) is None:
        return None
    builder = _Builder(state, language or state.plan.language)
    exercise = state.exercise(exercise_id)
    assert exercise is not None
    exercise_state = state.exercises[exercise_id]
    lane = exercise.lane(lane_id)
    if lane is not None:
        units = [u for u in _units(state, exercise_id) if u.lane_id == lane_id]
        return builder.lane(
            lane.id,
            lane.title.get(builder.language),
            lane.prompt.get(builder.language) if lane.prompt else "",
            exercise_state.lane_owners.get(lane.id) or lane.owner,
            units,
        )
    if lane_id not in exercise_state.proposed_lanes:
        return None
    proposed = set(exercise_state.proposed_lanes)
    by_lane: dict[str, list[_Unit]] = {}
    for unit in _units(state, exercise_id):
        if unit.lane_id in proposed:
            by_lane.setdefault(unit.lane_id, []).append(unit)
    same_title = _proposal_members(exercise_state)
    return next((report for report in builder.proposals(exercise_state, by_lane) if lane_id in same_title.get(report.id, ())), None)


def _proposal_members(exercise_state: Any) -> dict[str, set[str]]:
    """For each proposal report's id (its first proposal), the ids of the
    proposals it stands for (the same clustering as `_Builder.proposals`)."""
    proposed = [p for p in exercise_state.proposed_lanes.values() if p.shown]  # as `_Builder.proposals` takes them
    members: dict[str, set[str]] = {}
    for group in cluster([clean_text(p.title) for p in proposed]):
        members[proposed[group[0]].id] = {proposed[i].id for i in group}
    return members
