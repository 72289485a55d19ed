"""What one phone may see, built from the session state.

Pure functions: the hub decides whom to send to, these decide what goes in
a frame. Visibility comes from `core.rules` only (`shown`, `can_see`), so the
server, the wall and the console cannot disagree about who sees which note.
"""

from __future__ import annotations

import functools
import time

from facilitator import texts
from facilitator.config.models import Exercise
from facilitator.core.rules import can_see, dots_used, proposals, sees_group_work, shown, writable_lanes
from facilitator.core.state import Group, Note, Participant, ProposedLane, SessionState
from facilitator.server.phone import protocol as p


def group_label(group: Group, language: str) -> str:
    return texts.group_label(language, group.name, group.index + 1)


@functools.lru_cache(maxsize=8)
def group_views(groups: tuple[tuple[str, int, str | None], ...], language: str) -> tuple[p.GroupView, ...]:
    """The groups as every snapshot lists them. Built once per session and
    language: with 700 groups (5,000 people) building them took half of
    each join's time, and every phone's snapshot lists them all."""
    return tuple(p.GroupView(id=gid, label=group_label(Group(gid, index, name), language)) for gid, index, name in groups)


def session_view(state: SessionState, language: str) -> p.SessionView:
    """The meeting as a phone shows it after joining: title, date, units, groups."""
    plan = state.plan
    assert plan is not None
    return p.SessionView(
        title=plan.title,
        network=plan.network,
        date=plan.date.isoformat(),
        language=plan.language,
        ask_names=plan.ask_names,
        show_names=plan.show_names,
        units=list(plan.units),
        groups=list(group_views(tuple((g.id, g.index, g.name) for g in state.groups), language)),
    )


def session_info(state: SessionState, language: str, table_group: str | None = None) -> p.SessionInfo:
    """The answer to `hello`: the session view, with how many are in each group
    (the join form shows it); with a table card's group (fixed unless the plan
    lets phones change it); the groups are offered only when the plan lets
    participants choose (otherwise the server places them)."""
    view = session_view(state, language)
    groups = [p.GroupInfo(id=g.id, label=group_label(g, language), size=state.group_sizes[g.id]) for g in state.groups]
    free = state.plan is not None and state.plan.free_group_change
    fixed = table_group is not None and not free
    return p.SessionInfo(
        **{**dict(view), "groups": groups}, table_group=table_group, group_fixed=fixed, group_choice=free
    )


def moderated_for_author(note: Note) -> bool:
    """A note its author's phone still shows, muted, though it no longer
    counts: hidden by the facilitator or merged into another (not deleted)."""
    return note.author_id is not None and not note.deleted and (note.hidden or note.merged_into is not None)


def _moderation(state: SessionState, note: Note) -> dict[str, str | None]:
    """What the author's phone is told of the facilitator's moderation; the
    text of the note it was merged with only if the author may see that note."""
    moderation: str | None = None
    merged_with = None
    if note.merged_into is not None:
        moderation = "merged"
        kept = state.notes.get(note.merged_into)
        author = state.participants.get(note.author_id or "")
        if kept is not None and author is not None and can_see(state, author, kept):
            merged_with = kept.text
    elif note.hidden:
        moderation = "hidden"
    return {"moderation": moderation, "merged_with": merged_with, "moved_from": note.moved_from}


def note_view(state: SessionState, note: Note, *, mine: bool) -> p.NoteView:
    """A note as phones see it: never the author's id; the name only if the
    plan shows names; the facilitator's moderation only to its author."""
    author_name = None
    if state.plan is not None and state.plan.show_names and note.author_id is not None:
        author = state.participants.get(note.author_id)
        author_name = author.name if author else None
    moderation = _moderation(state, note) if mine and note.author_id is not None else {}
    return p.NoteView(
        id=note.id,
        exercise_id=note.exercise_id,
        lane_id=note.lane_id,
        group_id=note.group_id,
        text=note.text,
        edited=note.edited,
        highlighted=note.highlighted,
        mine=mine,
        author_name=author_name,
        **moderation,  # type: ignore[arg-type]
    )


def proposed_lane_visible(state: SessionState, viewer: Participant, lane: ProposedLane) -> bool:
    return sees_group_work(state, viewer, lane.exercise_id, lane.group_id, lane.author_id)


def proposed_lane_view(lane: ProposedLane, *, writable: bool) -> p.LaneView:
    return p.LaneView(id=lane.id, title=lane.title, prompt=lane.prompt or None, owner=None, writable=writable, proposed=True)


def lane_views(state: SessionState, viewer: Participant, exercise: Exercise, language: str) -> list[p.LaneView]:
    writable = set(writable_lanes(state, exercise.id, viewer))
    lanes = [
        p.LaneView(
            id=lane.id,
            title=lane.title.get(language),
            prompt=lane.prompt.get(language) if lane.prompt else None,
            owner=lane.owner,
            writable=lane.id in writable,
            proposed=False,
        )
        for lane in exercise.lanes
    ]
    for proposed in proposals(state, exercise.id):
        if proposed_lane_visible(state, viewer, proposed):
            lanes.append(proposed_lane_view(proposed, writable=proposed.id in writable))
    return lanes


def votes_view(state: SessionState, viewer: Participant, exercise: Exercise) -> p.VotesView | None:
    limit = exercise.options.dots_per_participant
    if limit == 0:
        return None
    voted = sorted(
        nid for nid in state.votes.get(viewer.id, set()) if state.notes[nid].exercise_id == exercise.id
    )
    return p.VotesView(exercise_id=exercise.id, voted=voted, dots_left=max(0, limit - dots_used(state, viewer.id, exercise.id)))


def exercise_view(state: SessionState, viewer: Participant, exercise: Exercise, language: str) -> p.ExerciseView:
    ex_state = state.exercises[exercise.id]
    options = exercise.options
    return p.ExerciseView(
        id=exercise.id,
        kind=exercise.kind,
        title=exercise.title.get(language),
        instructions=exercise.instructions.get(language),
        phase=ex_state.phase,
        timer_ends_at=ex_state.timer_ends_at,
        revealed=ex_state.revealed,
        visibility=options.visibility,
        max_note_length=options.max_note_length,
        dots_per_participant=options.dots_per_participant,
        allow_proposals=options.allow_proposals,
        lanes=lane_views(state, viewer, exercise, language),
    )


def snapshot(state: SessionState, viewer: Participant, language: str, *, with_notes: bool = True) -> p.Snapshot:
    """Everything this participant's phone may see, at once."""
    plan = state.plan
    assert plan is not None
    group = state.group(viewer.group_id)
    assert group is not None
    exercise = state.current_exercise
    notes: list[p.NoteView] = []
    if exercise is not None and with_notes:
        ordered = sorted(state.notes_of(exercise.id), key=lambda n: n.seq)
        notes = [note_view(state, note, mine=note.author_id == viewer.id) for note in ordered if can_see(state, viewer, note)]
        # then the viewer's own notes the facilitator hid or merged, muted (as `SnapshotEncoder` puts them)
        notes += [
            note_view(state, note, mine=True) for note in ordered if note.author_id == viewer.id and moderated_for_author(note)
        ]
    return p.Snapshot(
        server_time=time.time(),
        session=session_view(state, language),
        you=p.YouView(
            participant_id=viewer.id,
            name=viewer.name,
            unit=viewer.unit,
            group_id=viewer.group_id,
            group_label=group_label(group, language),
        ),
        exercise=exercise_view(state, viewer, exercise, language) if exercise else None,
        notes=notes,
        votes=votes_view(state, viewer, exercise) if exercise else None,
    )


_EMPTY_NOTES = b'"notes":[]'


class SnapshotEncoder:
    """Snapshots for many phones at once (a reveal, the next exercise).

    Each note is encoded once (twice at most: as the writer's and as
    everyone else's) and the pieces are joined into each phone's frame, so a
    reveal to 200 phones does not build 200 x 2,000 note objects. Valid for
    one state: make a new one after the next change."""

    def __init__(self, state: SessionState) -> None:
        self.state = state
        exercise_id = state.current_exercise_id
        notes = state.notes_of(exercise_id) if exercise_id else []
        # what `can_see` refuses whoever looks (`shown`): deleted, hidden and merged notes
        self.notes = sorted((n for n in notes if shown(n)), key=lambda n: n.seq)
        # hidden or merged notes, each shown (muted) on its author's phones only
        self.moderated: dict[str, list[Note]] = {}
        for note in sorted(notes, key=lambda n: n.seq):
            if moderated_for_author(note):
                self.moderated.setdefault(note.author_id or "", []).append(note)
        self._pieces: dict[tuple[str, bool], bytes] = {}

    def _piece(self, note: Note, mine: bool) -> bytes:
        key = (note.id, mine)
        piece = self._pieces.get(key)
        if piece is None:
            piece = self._pieces[key] = note_view(self.state, note, mine=mine).model_dump_json().encode("utf-8")
        return piece

    def notes_json(self, viewer: Participant) -> bytes:
        # `sees_group_work` depends on the note only through its group and
        # writer, so it is asked once per (group, writer), not once per note.
        sees: dict[tuple[str, str | None], bool] = {}
        pieces = []
        for note in self.notes:
            key = (note.group_id, note.author_id)
            allowed = sees.get(key)
            if allowed is None:
                allowed = sees[key] = sees_group_work(self.state, viewer, note.exercise_id, note.group_id, note.author_id)
            if allowed:
                pieces.append(self._piece(note, note.author_id == viewer.id))
        pieces.extend(self._piece(note, True) for note in self.moderated.get(viewer.id, ()))
        return b'"notes":[' + b",".join(pieces) + b"]"

    def snapshot(self, viewer: Participant, language: str) -> bytes:
        """The `snapshot` frame for `viewer`, encoded."""
        frame = p.encode(snapshot(self.state, viewer, language, with_notes=False))
        return _splice(frame, self.notes_json(viewer))

    def welcome(self, viewer: Participant, language: str, secret: str | None) -> bytes:
        """The `welcome` frame (with its snapshot) for `viewer`, encoded."""
        message = p.Welcome(
            participant_id=viewer.id, secret=secret, snapshot=snapshot(self.state, viewer, language, with_notes=False)
        )
        return _splice(p.encode(message), self.notes_json(viewer))


def _splice(frame: bytes, notes: bytes) -> bytes:
    """Put the notes into a frame encoded with none. `"notes":[]` can only be
    the snapshot's own key: inside a JSON string every quote is escaped."""
    assert frame.count(_EMPTY_NOTES) == 1
    return frame.replace(_EMPTY_NOTES, notes, 1)
