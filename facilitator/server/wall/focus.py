"""The wall's plenary views: one lane in focus (grouped as the appendix groups
it), one note full-screen, and the vote's results.

The grouping is the appendix's own (`facilitator.export.model.lane_report`),
handed in by the composition root as a `LaneReporter`: the server may not
import the exporters (docs/architecture.md), and a second grouping here
could print other lines than the appendix. The results rank notes by the
core's one rule (`core/counting.ranked_by_dots`), the console's too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from facilitator.core.ranking import RankedNote, ranked_notes
from facilitator.core.rules import shown
from facilitator.core.state import SessionState
from facilitator.server.phone.protocol import View

RESULT_PLACES = 10  # the results show the top ten places, ties included ...
RESULT_LINES = 15  # ... but never more lines than fit a projector


class EntryLike(Protocol):
    """What the wall reads of one line of the appendix (`export.model.Entry`)."""

    @property
    def text(self) -> str: ...
    @property
    def group_ids(self) -> tuple[str, ...]: ...
    @property
    def votes(self) -> int: ...
    @property
    def note_ids(self) -> tuple[str, ...]: ...
    @property
    def variants(self) -> tuple[str, ...]: ...
    @property
    def highlighted(self) -> bool: ...


class LaneLike(Protocol):
    """What the wall reads of one lane of the appendix (`export.model.LaneReport`)."""

    @property
    def title(self) -> str: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def note_count(self) -> int: ...
    @property
    def entries(self) -> Sequence[EntryLike]: ...


class LaneReporter(Protocol):
    """One lane as the appendix prints it, or None for a lane it does not know."""

    def __call__(self, state: SessionState, exercise_id: str, lane_id: str, language: str | None = None) -> LaneLike | None: ...


class CachedReporter:
    """The focused lane's grouping, made again only when something it is made
    of changed (its notes, their flags and dots, the lane's title or owner):
    the wall's frame is built after every change in the room, and grouping a
    long lane costs far more than the rest of a frame (bench/wall_bench.py --focus)."""

    def __init__(self, reporter: LaneReporter) -> None:
        self.reporter = reporter
        self._made: dict[str | None, tuple[object, LaneLike | None]] = {}  # per language: (what it was made of, the report)

    def __call__(self, state: SessionState, exercise_id: str, lane_id: str, language: str | None = None) -> LaneLike | None:
        key = _made_of(state, exercise_id, lane_id)
        made = self._made.get(language)
        if made is None or made[0] != key:
            made = self._made[language] = (key, self.reporter(state, exercise_id, lane_id, language))
        return made[1]


def _made_of(state: SessionState, exercise_id: str, lane_id: str) -> object:
    """What the appendix's lines of one lane depend on, as a value to compare."""
    notes = tuple(
        (n.id, n.lane_id, n.group_id, n.text, n.deleted, n.hidden, n.highlighted, n.merged_into, n.kept_apart)
        for n in state.notes_of(exercise_id)
        if n.lane_id == lane_id or n.merged_into is not None
    )
    ids = {note[0] for note in notes}
    dots = tuple(sorted((pid, nid) for pid, voted in state.votes.items() for nid in voted if nid in ids))
    ex_state = state.exercises[exercise_id]
    proposals = tuple((p.id, p.title, p.prompt, p.group_id, p.hidden, p.merged_into) for p in ex_state.proposed_lanes.values())
    return (exercise_id, lane_id, id(state.plan), notes, dots, proposals, tuple(sorted(ex_state.lane_owners.items())))


class WallFocusLine(View):
    """A line of the appendix, big: the notes that say the same thing, once."""

    id: str  # the first note it stands for
    text: str
    groups: int  # "nævnt af 3 grupper"
    dots: int | None  # None until the vote has run
    highlighted: bool
    wordings: int  # other wordings folded into it


class WallFocus(View):
    lane_id: str
    title: str
    owner: str | None
    proposed: bool
    count: int  # the one counting rule (core/counting.py), as on the star and in the appendix
    lines: list[WallFocusLine]  # highlighted first, then the appendix's order
    note: WallFocusLine | None  # the note shown full-screen, with its line's groups and dots


class WallResult(View):
    place: int  # ties share a place: 1, 2, 2, 4
    dots: int
    id: str
    lane_id: str
    text: str
    highlighted: bool


class WallResults(View):
    places: int  # the rule: every note placed this well or better
    lines: list[WallResult]
    more: int  # notes with dots left out


def _voted(state: SessionState, exercise_id: str) -> bool:
    """Whether the vote has run: the exercise has dots and its vote is closed."""
    exercise = state.exercise(exercise_id)
    return (
        exercise is not None
        and exercise.options.dots_per_participant > 0
        and state.exercises[exercise_id].phase == "closed"
    )


def focus_view(state: SessionState, exercise_id: str, language: str, reporter: LaneReporter) -> WallFocus | None:
    """The lane in focus, or None (no focus, not revealed, or a lane gone)."""
    ex_state = state.exercises[exercise_id]
    lane_id = ex_state.focus_lane
    if lane_id is None or not ex_state.revealed:
        return None
    report = reporter(state, exercise_id, lane_id, language)
    if report is None:
        return None
    dots = _voted(state, exercise_id)
    lines = [
        WallFocusLine(
            id=entry.note_ids[0],
            text=entry.text,
            groups=len(entry.group_ids),
            dots=entry.votes if dots else None,
            highlighted=entry.highlighted,
            wordings=len(entry.variants),
        )
        for entry in report.entries
        if entry.note_ids
    ]
    lines.sort(key=lambda line: not line.highlighted)  # stable: the appendix's order within each
    note = None
    focused = state.notes.get(ex_state.focus_note or "")
    if focused is not None and shown(focused):
        entry = next((e for e in report.entries if focused.id in e.note_ids), None)
        note = WallFocusLine(
            id=focused.id,
            text=focused.text,
            groups=len(entry.group_ids) if entry else 1,
            dots=(entry.votes if entry else 0) if dots else None,
            highlighted=focused.highlighted or bool(entry and entry.highlighted),
            wordings=len(entry.variants) if entry else 0,
        )
    exercise = state.exercise(exercise_id)
    proposed = exercise is not None and exercise.lane(lane_id) is None
    return WallFocus(
        lane_id=lane_id,
        title=report.title,
        owner=report.owner,
        proposed=proposed,
        count=report.note_count,
        lines=lines,
        note=note,
    )


def top_places(ranked: Sequence[RankedNote], places: int, most: int) -> tuple[list[RankedNote], int]:
    """The results the room is shown: every note with dots placed `places` or
    better (so a tie at the last place shows all of it), but never more than
    `most` lines; and how many notes with dots were left out."""
    voted = [r for r in ranked if r.dots > 0]
    shown_ = [r for r in voted if r.rank <= places][:most]
    return shown_, len(voted) - len(shown_)


def results_view(state: SessionState, exercise_id: str) -> WallResults | None:
    """The vote's results once the facilitator closed the vote (and revealed
    the notes: the wall shows no group's note before that); None otherwise."""
    if not _voted(state, exercise_id) or not state.exercises[exercise_id].revealed:
        return None
    ranked, more = top_places(ranked_notes(state, exercise_id), RESULT_PLACES, RESULT_LINES)
    return WallResults(
        places=RESULT_PLACES,
        lines=[
            WallResult(place=r.rank, dots=r.dots, id=r.note.id, lane_id=r.note.lane_id, text=r.note.text, highlighted=r.note.highlighted)
            for r in ranked
        ],
        more=more,
    )
