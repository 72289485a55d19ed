"""What one phone may see, built from the session state.

Pure functions: the hub decides whom to send to, these decide what goes in
a frame. Visibility comes from `core.rules` only (`shown`, `can_see`), so the
server, the wall and the console cannot disagree about who sees which note.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import time
from collections.abc import Iterable

from facilitator import texts
from facilitator.config.models import Exercise
from facilitator.core.rules import can_see, dots_used, groups_seeing, proposals, sees_group_work, writable_lanes
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


_session_views: dict[str, tuple[object, object, int, p.SessionView, bytes]] = {}  # language -> (plan, groups, count, view, JSON)


def session_view(state: SessionState, language: str) -> p.SessionView:
    """The meeting as a phone shows it after joining: title, date, units,
    groups. The same for every phone of a session and language (the plan and
    its groups never change in a session), so built once: every join and
    resume sends it, and with 100 groups it was a fifth of a join's work."""
    return _session(state, language)[0]


def session_json(state: SessionState, language: str) -> bytes:
    """`session_view` encoded, kept with it: with 100 groups it is 4 KB, the
    largest part of every welcome, and the same for every phone."""
    return _session(state, language)[1]


def _session(state: SessionState, language: str) -> tuple[p.SessionView, bytes]:
    plan = state.plan
    assert plan is not None
    kept = _session_views.get(language)
    if kept is not None and kept[0] is plan and kept[1] is state.groups and kept[2] == len(state.groups):
        return kept[3], kept[4]
    view = p.SessionView(
        title=plan.title,
        network=plan.network,
        date=plan.date.isoformat(),
        language=plan.language,
        ask_names=plan.ask_names,
        show_names=plan.show_names,
        units=list(plan.units),
        groups=list(group_views(tuple((g.id, g.index, g.name) for g in state.groups), language)),
    )
    _session_views[language] = (plan, state.groups, len(state.groups), view, view.model_dump_json().encode("utf-8"))
    return view, _session_views[language][4]


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


_json_string = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def author_name(state: SessionState, note: Note) -> str | None:
    """The writer's name, where the plan shows names."""
    if state.plan is not None and state.plan.show_names and note.author_id is not None:
        author = state.participants.get(note.author_id)
        return author.name if author else None
    return None


def note_json(state: SessionState, note: Note, *, mine: bool) -> bytes:
    """`note_view(state, note, mine=mine)` encoded, the same bytes in a
    quarter of the time: the fields are written in order and only the strings
    go through a JSON encoder. Every push of a note, every ack and a resume
    after a busy hour are mostly this; tests/server/test_server_views.py
    holds it equal to the model's own encoding for any text. A note the
    facilitator moderated, shown to its writer, goes through the model."""
    if mine and (note.hidden or note.merged_into is not None or note.moved_from is not None):
        return note_view(state, note, mine=True).model_dump_json().encode("utf-8")
    name = author_name(state, note)
    j = _json_string
    edited, highlighted, mine_ = ("true" if flag else "false" for flag in (note.edited, note.highlighted, mine))
    text = (
        f'{{"id":{j(note.id)},"exercise_id":{j(note.exercise_id)},"lane_id":{j(note.lane_id)},'
        f'"group_id":{j(note.group_id)},"text":{j(note.text)},"edited":{edited},"highlighted":{highlighted},'
        f'"mine":{mine_},"author_name":{"null" if name is None else j(name)},'
        '"moderation":null,"merged_with":null,"moved_from":null}'
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: let the model say what it makes of it
        return note_view(state, note, mine=mine).model_dump_json().encode("utf-8")


def note_push(state: SessionState, note: Note, *, mine: bool, rev: int, piece: bytes | None = None) -> bytes:
    """The `note` push frame, encoded; `piece` is the note as this phone sees it, if at hand."""
    return b'{"v":1,"type":"note","note":' + (piece or note_json(state, note, mine=mine)) + b',"rev":%d}' % rev


def note_ack(request: str, note_id: str, piece: bytes | None) -> bytes:
    """The `ack` of a note sent or edited, encoded: `piece` is the note as its
    writer's phone now shows it (`note_json`), None when it shows it no more."""
    return (
        b'{"v":1,"type":"ack","request":' + _json_string(request).encode("utf-8")
        + b',"note_id":' + _json_string(note_id).encode("utf-8")
        + b',"note":' + (piece if piece is not None else b"null") + b',"lane":null}'
    )


def shown_to(state: SessionState, viewer: Participant, note: Note) -> bool:
    """Whether the viewer's phone holds this note: one it may see, or its
    own the facilitator hid or merged (shown muted, `moderated_for_author`)."""
    return can_see(state, viewer, note) or (note.author_id == viewer.id and moderated_for_author(note))


def note_view(state: SessionState, note: Note, *, mine: bool) -> p.NoteView:
    """A note as phones see it: never the author's id; the name only if the
    plan shows names; the facilitator's moderation only to its author."""
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
        author_name=author_name(state, note),
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


class ExerciseViews:
    """The exercise as phones see it, encoded, kept by everything it shows:
    the exercise (the plan's object), the language, the phase, the timer, the
    reveal, the lanes the phone may write on and the proposals it may see. The
    same for every phone of a group almost always, and it was a fifth of a
    join's work (pydantic objects for each lane, then encoded) though no join
    changes it. Keyed by what `exercise_view` reads, so nothing has to say
    when it went stale; a few dozen entries at most in a meeting."""

    LIMIT = 512  # entries; past it, start again (a timer ticking down many times, say)

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], tuple[Exercise, bytes]] = {}

    def json(self, state: SessionState, viewer: Participant, exercise: Exercise, language: str) -> bytes:
        ex_state = state.exercises[exercise.id]
        writable = tuple(writable_lanes(state, exercise.id, viewer))
        seen = tuple(
            (lane.id, lane.title, lane.prompt)
            for lane in proposals(state, exercise.id)
            if proposed_lane_visible(state, viewer, lane)
        )
        key = (id(exercise), language, ex_state.phase, ex_state.timer_ends_at, ex_state.revealed, writable, seen)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is exercise:
            return kept[1]
        encoded = exercise_view(state, viewer, exercise, language).model_dump_json().encode("utf-8")
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        self._kept[key] = (exercise, encoded)
        return encoded


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


def snapshot(
    state: SessionState,
    viewer: Participant,
    language: str,
    *,
    rev: int = 0,
) -> p.Snapshot:
    """Everything this participant's phone may see, at once; `rev` is the
    hub's count of the events it has told the phones (`Hub.rev`)."""
    plan = state.plan
    assert plan is not None
    group = state.group(viewer.group_id)
    assert group is not None
    exercise = state.current_exercise
    notes: list[p.NoteView] = []
    if exercise is not None:
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
        rev=rev,
    )


PIECES_BUDGET = 4 * 1024 * 1024  # bytes of encoded notes a `NoteShelf` keeps (about 10,000 notes)
_PIECE_OVERHEAD = 200  # bytes a kept piece costs beyond its text: its entry, its tuple, the bytes object


class NoteShelf:
    """Every note of the session filed by exercise, by group and by writer,
    and the notes as others see them, encoded, kept from one change to the next.

    A snapshot then reads only the notes its viewer may be shown (its
    group's and its own, or the whole exercise once every group may see
    it), each encoded once: when a room's Wi-Fi comes back, hundreds of
    phones resume at once, and each would otherwise walk, sort and encode
    every note of the exercise again (issue 18: a resume after 5,000 notes
    costs about what one after 50 does). Notes only ever join the state's
    dict at its end, in `seq` order, so filing is appending.

    The encoded notes ("pieces") are kept up to `PIECES_BUDGET` bytes, the
    oldest dropped first past it: a meeting's exercise (hundreds of notes,
    a few thousand at most) is always kept whole, and a benchmark's 100,000
    notes do not double the server's memory (issue 14: peak memory within
    5 % of what it was). A dropped piece is encoded again when asked for, by
    `note_json`, two microseconds. A changed note (edited, moved,
    highlighted) gets a new piece because the piece is kept with what it
    shows; whether it is still shown is asked at each read."""

    def __init__(self, budget: int = PIECES_BUDGET) -> None:
        self.encoded = 0  # pieces encoded so far: what a resume costs, counted (tests/server/test_server_views.py)
        self.budget = budget
        self._start(None)

    def _start(self, source: dict[str, Note] | None) -> None:
        self._source = source
        self._count = 0
        self._by_exercise: dict[str, list[Note]] = {}
        self._by_group: dict[tuple[str, str], list[Note]] = {}
        self._by_author: dict[tuple[str, str], list[Note]] = {}
        # note id -> (text, lane, group, edited, highlighted, author's name: what the piece shows; the piece)
        self._pieces: dict[str, tuple[object, ...]] = {}
        self._kept_bytes = 0

    def sync(self, state: SessionState) -> None:
        """File the notes added since the last call (all of them after the
        state was rebuilt from the journal)."""
        if self._source is not state.notes or self._count > len(state.notes):
            self._start(state.notes)  # a new state (rebuilt from the journal): file everything again
        if self._count == len(state.notes):
            return
        for note in itertools.islice(state.notes.values(), self._count, None):
            self._by_exercise.setdefault(note.exercise_id, []).append(note)
            self._by_group.setdefault((note.exercise_id, note.group_id), []).append(note)
            if note.author_id is not None:
                self._by_author.setdefault((note.exercise_id, note.author_id), []).append(note)
        self._count = len(state.notes)

    def candidates(self, state: SessionState, viewer: Participant, exercise_id: str) -> list[Note]:
        """In `seq` order, every note of the exercise the viewer might see:
        all of them when `groups_seeing` lets every group see (revealed, or
        visibility "all"); otherwise their group's and their own, which is
        all `groups_seeing` can ever allow (the note's own group, or none).
        `can_see` still decides each one."""
        if groups_seeing(state, exercise_id, viewer.group_id, None) is None:
            return self._by_exercise.get(exercise_id, [])
        group = self._by_group.get((exercise_id, viewer.group_id), [])
        own = [n for n in self._by_author.get((exercise_id, viewer.id), []) if n.group_id != viewer.group_id]
        return list(heapq.merge(group, own, key=lambda n: n.seq)) if own else group

    def count(self, exercise_id: str | None) -> int:
        """How many notes the exercise has (as filed by the last `sync`)."""
        return len(self._by_exercise.get(exercise_id, ())) if exercise_id is not None else 0

    def own(self, viewer: Participant, exercise_id: str) -> list[Note]:
        """The viewer's own notes of the exercise, in `seq` order."""
        return self._by_author.get((exercise_id, viewer.id), [])

    def piece(self, state: SessionState, note: Note, mine: bool) -> bytes:
        """The note encoded as phones see it. Everyone else's view is kept
        while what it shows stays the same; the writer's own view also says
        how the facilitator moderated it (and with which note's text), so it
        is encoded afresh: a phone has at most its own few dozen."""
        if mine:
            self.encoded += 1
            return note_json(state, note, mine=True)
        return self.others_piece(state, note)

    def others_piece(self, state: SessionState, note: Note) -> bytes:
        """The note as every phone but its writer's sees it: kept, or encoded and kept."""
        shows = (note.text, note.lane_id, note.group_id, note.edited, note.highlighted, author_name(state, note))
        kept = self._pieces.get(note.id)
        if kept is not None and kept[:-1] == shows:
            piece = kept[-1]
            assert isinstance(piece, bytes)
            return piece
        piece = note_json(state, note, mine=False)
        self.encoded += 1
        self._keep(note.id, (*shows, piece), kept)
        return piece

    def _keep(self, note_id: str, entry: tuple[object, ...], replaced: tuple[object, ...] | None) -> None:
        if replaced is not None:
            self._kept_bytes -= len(replaced[-1]) + _PIECE_OVERHEAD  # type: ignore[arg-type]
            del self._pieces[note_id]  # re-inserted at the end: the newest
        self._pieces[note_id] = entry
        self._kept_bytes += len(entry[-1]) + _PIECE_OVERHEAD  # type: ignore[arg-type]
        if self._kept_bytes > self.budget:
            # drop the oldest half: one sweep now and then, not one per piece
            for old in list(itertools.islice(self._pieces, len(self._pieces) // 2)):
                self._kept_bytes -= len(self._pieces.pop(old)[-1]) + _PIECE_OVERHEAD  # type: ignore[arg-type]

    @property
    def kept_bytes(self) -> int:
        """What the kept pieces cost, as counted against the budget."""
        return self._kept_bytes


class SnapshotEncoder:
    """Snapshots for many phones at once (a reveal, the next exercise, a
    room resuming), their notes from a `NoteShelf`: each note is encoded
    once (twice at most: as the writer's and as everyone else's) and the
    pieces are joined into each phone's frame, so a reveal to 200 phones
    does not build 200 x 2,000 note objects. Valid for one state: make a
    new one after the next change (cheap: the shelf is kept)."""

    def __init__(self, state: SessionState, shelf: NoteShelf | None = None, exercises: ExerciseViews | None = None) -> None:
        self.state = state
        self.shelf = shelf or NoteShelf()
        self.shelf.sync(state)
        self.exercises = exercises or ExerciseViews()

    def _snapshot_json(self, viewer: Participant, language: str, rev: int, notes: bytes, removed: list[str] | None = None) -> bytes:
        """`snapshot(...)` encoded field by field, in the model's order, around
        the kept session and exercise views and the notes' pieces (`notes`: the
        `"notes":[...]` member): a join built the model only to encode it, and
        that was half of its own work. `removed` (not None) makes it partial.
        tests/server/test_server_views.py holds it to the model."""
        state = self.state
        group = state.group(viewer.group_id)
        assert group is not None
        exercise = state.current_exercise
        j = _json_string
        you = (
            f'{{"participant_id":{j(viewer.id)},"name":{"null" if viewer.name is None else j(viewer.name)},'
            f'"unit":{"null" if viewer.unit is None else j(viewer.unit)},"group_id":{j(viewer.group_id)},'
            f'"group_label":{j(group_label(group, language))}}}'
        )
        votes = votes_view(state, viewer, exercise) if exercise is not None else None
        tail = f',"rev":{rev},"partial":' + ("false,\"removed\":[]}" if removed is None else f"true,\"removed\":{j(removed)}}}")
        return b"".join((
            f'{{"v":1,"type":"snapshot","server_time":{time.time()!r},"session":'.encode(),
            session_json(state, language),
            f',"you":{you},"exercise":'.encode(),
            b"null" if exercise is None else self.exercises.json(state, viewer, exercise, language),
            b",", notes,
            b',"votes":', b"null" if votes is None else votes.model_dump_json().encode("utf-8"),
            tail.encode("utf-8"),
        ))

    def notes_json(self, viewer: Participant) -> bytes:
        exercise_id = self.state.current_exercise_id
        pieces = []
        if exercise_id is not None:
            for note in self.shelf.candidates(self.state, viewer, exercise_id):
                if can_see(self.state, viewer, note):
                    pieces.append(self.shelf.piece(self.state, note, note.author_id == viewer.id))
            # then the viewer's own notes the facilitator hid or merged, muted (as `snapshot` puts them)
            pieces.extend(
                self.shelf.piece(self.state, note, True)
                for note in self.shelf.own(viewer, exercise_id)
                if moderated_for_author(note)
            )
        return b'"notes":[' + b",".join(pieces) + b"]"

    def changed_notes_json(self, viewer: Participant, note_ids: Iterable[str]) -> tuple[bytes, list[str]]:
        """The notes of a partial snapshot: of the notes `note_ids` names (the
        ones changed since the phone's `since`), each the viewer may see as
        the whole snapshot would show it (`notes_json`: `can_see`, or its own
        hidden or merged one, muted), and the ids of the others, which the
        phone drops (`removed`; dropping one it never had is harmless)."""
        exercise_id = self.state.current_exercise_id
        notes = self.state.notes
        pieces: list[bytes] = []
        removed: list[str] = []
        for note_id in note_ids:
            note = notes[note_id]
            if note.exercise_id != exercise_id:
                continue  # a phone holds only the current exercise's notes
            if shown_to(self.state, viewer, note):
                pieces.append(self.shelf.piece(self.state, note, note.author_id == viewer.id))
            else:
                removed.append(note_id)
        return b'"notes":[' + b",".join(pieces) + b"]", removed

    def snapshot(self, viewer: Participant, language: str, rev: int = 0) -> bytes:
        """The `snapshot` frame for `viewer`, encoded."""
        return self._snapshot_json(viewer, language, rev, self.notes_json(viewer))

    def welcome(
        self, viewer: Participant, language: str, secret: str | None, rev: int = 0, changed: Iterable[str] | None = None
    ) -> bytes:
        """The `welcome` frame (with its snapshot) for `viewer`, encoded:
        whole, or with `changed` (note ids) only those notes (`partial`)."""
        if changed is None:
            snapshot = self._snapshot_json(viewer, language, rev, self.notes_json(viewer))
        else:
            notes, removed = self.changed_notes_json(viewer, changed)
            snapshot = self._snapshot_json(viewer, language, rev, notes, removed)
        head = f'{{"v":1,"type":"welcome","participant_id":{_json_string(viewer.id)},"secret":'
        head += "null" if secret is None else _json_string(secret)
        return b"".join((head.encode("utf-8"), b',"snapshot":', snapshot, b"}"))
