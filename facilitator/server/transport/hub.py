"""The hub: which connection belongs to which participant, and who is told what.

It listens to the live session (after each commit) and pushes each change to
the phones allowed to see it. Frames are encoded once per distinct payload
and written with `websockets.broadcast()`, which never waits for a phone: a
phone that stops reading is dropped once too much waits for it, so it cannot
hold up the others (it resumes and gets a snapshot when it comes back).
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import logging
import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection, broadcast

from facilitator.core import events as ev
from facilitator.core.rules import groups_seeing, sees_group_work, shown, shown_on_a_lane
from facilitator.core.state import Note, Participant
from facilitator.runtime import LiveSession
from facilitator.server.phone import protocol as p
from facilitator.server.phone import views
from facilitator.server.transport.limits import Limits, TokenBucket
from facilitator.texts import error_text

log = logging.getLogger("facilitator.server")

# Events after which every phone gets a fresh snapshot: what it may see changed wholesale.
# A proposal hidden, renamed or merged changes every phone's lanes (and a
# merge moves notes): rare, so each phone gets a fresh snapshot.
_SNAPSHOT_ALL = (
    ev.SessionCreated,
    ev.CurrentExerciseSet,
    ev.NotesRevealed,
    ev.ProposalHidden,
    ev.ProposalRenamed,
    ev.ProposalsMerged,
)


def _snapshot_all(event: ev.Event) -> bool:
    return isinstance(event, _SNAPSHOT_ALL) or (isinstance(event, ev.ModerationUndone) and bool(event.lane_ids))


def _changed_notes(event: ev.Event) -> tuple[str, ...]:
    """The notes whose view `event` may change (a vote changes none: dots are not in a note)."""
    match event:
        case (
            ev.NoteAdded(note_id=nid)
            | ev.NoteEdited(note_id=nid)
            | ev.NoteMoved(note_id=nid)
            | ev.NoteHighlighted(note_id=nid)
            | ev.NoteHidden(note_id=nid)
            | ev.NoteDeleted(note_id=nid)
        ):
            return (nid,)
        case ev.NotesMerged(note_id=keep, merged_ids=merged_ids):
            return (keep, *merged_ids)
        case ev.ModerationUndone(note_ids=note_ids):
            return tuple(note_ids)
        case _:
            return ()


@dataclass(eq=False)
class Phone:
    """One open WebSocket connection, joined to a participant or not yet."""

    ws: ServerConnection
    address: str
    language: str
    bucket: TokenBucket
    participant_id: str | None = None
    last_rate_error: float = field(default=-1e9)
    hello_deadline: asyncio.TimerHandle | None = None  # until its first hello, join or resume


class Hub:
    def __init__(self, session: LiveSession, limits: Limits) -> None:
        self.session = session
        self.limits = limits
        self.phones: set[Phone] = set()
        self.by_participant: dict[str, set[Phone]] = {}
        # The same phone sets, filed by group: a note goes to its group's
        # phones without looking at the other 1,990 (group id -> participant id -> phones).
        self.by_group: dict[str, dict[str, set[Phone]]] = {}
        self._group_of: dict[str, str] = {}  # participant id -> the group it is filed under
        self._encoder: tuple[int, views.SnapshotEncoder] | None = None
        self.shelf = views.NoteShelf()  # the notes filed and encoded, kept across changes
        self.exercise_views = views.ExerciseViews()  # the exercise as phones see it, encoded, kept likewise
        self.dropped_slow = 0
        # What a resume needs to send only the changes (docs/protocol.md, `since`).
        # `rev` counts the events the hub has been told, in order: every frame
        # that changes a phone's notes or lanes carries it. It is the hub's own
        # count, not `state.event_count`: a background commit's events are in
        # the state before they are on disk, and the listeners are told them
        # only after (runtime.LiveSession.commit_in_background); the pushes
        # for an event are sent while the hub is told it, so once the hub has
        # counted an event, every phone connected has been sent its pushes.
        self.floor = self.rev = session.state.event_count  # nothing is remembered from before (a restart)
        self._change_revs = array("q")  # per change: the rev of the event that changed a note ...
        self._change_notes: list[str] = []  # ... and the note's id (the state's own string)
        self._merged_into: dict[str, list[str]] = {}  # kept note -> the notes merged into it (their writers see its text)
        self._whole_rev = self.floor  # the last event after which every phone needs a whole snapshot
        self._moved_rev: dict[str, int] = {}  # participant -> the rev of their last move to another group
        # A resume is answered with the changes only while they are at most
        # this many times the exercise's notes; past that, sorting and sending
        # them costs more than the whole snapshot (the tests raise it).
        self.partial_up_to = 1.0
        session.subscribe(self.on_events)

    # -- registry ---------------------------------------------------------------------
    def add(self, phone: Phone) -> None:
        self.phones.add(phone)

    def remove(self, phone: Phone) -> None:
        self.phones.discard(phone)
        self.detach(phone)

    def attach(self, phone: Phone, participant_id: str) -> None:
        phone.participant_id = participant_id
        phones = self.by_participant.setdefault(participant_id, set())
        phones.add(phone)
        if participant_id not in self._group_of:
            group_id = self.session.state.participants[participant_id].group_id
            self._group_of[participant_id] = group_id
            self.by_group.setdefault(group_id, {})[participant_id] = phones

    def detach(self, phone: Phone) -> None:
        if phone.participant_id is None:
            return
        phones = self.by_participant.get(phone.participant_id)
        if phones is not None:
            phones.discard(phone)
            if not phones:
                del self.by_participant[phone.participant_id]
                self._unfile(phone.participant_id)
        phone.participant_id = None

    def _unfile(self, participant_id: str) -> None:
        group_id = self._group_of.pop(participant_id, None)
        members = self.by_group.get(group_id) if group_id is not None else None
        if group_id is not None and members is not None:
            members.pop(participant_id, None)
            if not members:
                del self.by_group[group_id]

    def _refile(self, participant_id: str, group_id: str) -> None:
        """A participant moved to another group: its phones go with it."""
        phones = self.by_participant.get(participant_id)
        if phones is None:
            return
        self._unfile(participant_id)
        self._group_of[participant_id] = group_id
        self.by_group.setdefault(group_id, {})[participant_id] = phones

    def connected_participants(self) -> int:
        return len(self.by_participant)

    # -- sending ----------------------------------------------------------------------
    def deliver(self, phones: Iterable[Phone], data: bytes) -> None:
        """Queue `data` (one encoded frame) for each phone without waiting for any."""
        targets = []
        for phone in phones:
            transport = phone.ws.transport
            if transport is None or transport.is_closing():
                continue
            if transport.get_write_buffer_size() > self.limits.max_waiting_bytes:
                self.dropped_slow += 1
                log.info("dropping a phone that does not read (%s)", phone.address)
                transport.abort()
                continue
            targets.append(phone.ws)
        if targets:
            broadcast(targets, data, text=True)

    def send(self, phone: Phone, message: p._Out) -> None:
        self.deliver((phone,), p.encode(message))

    def send_all_joined(self, message: p._Out) -> None:
        self.deliver(self._joined_phones(), p.encode(message))

    def send_snapshot(self, participant_id: str, encoder: views.SnapshotEncoder | None = None) -> None:
        participant = self.session.state.participants.get(participant_id)
        if participant is None:
            return
        encoder = encoder or self.snapshot_encoder()
        frames: dict[str, bytes] = {}  # one frame per language among this participant's phones
        for phone in self.by_participant.get(participant_id, ()):
            if phone.language not in frames:
                frames[phone.language] = encoder.snapshot(participant, phone.language, self.rev)
            self.deliver((phone,), frames[phone.language])

    def welcome(self, participant: Participant, language: str, secret: str | None, since: int | None = None) -> bytes:
        """The `welcome` frame for a phone that joins or resumes: with a whole
        snapshot, or, for a resume whose `since` the hub can answer, with only
        the notes changed from `since` on (`partial`)."""
        encoder = self.snapshot_encoder()  # first: it files the notes added since on the shelf
        changed = self.changed_since(participant.id, since) if since is not None else None
        return encoder.welcome(participant, language, secret, self.rev, changed)

    def changed_since(self, participant_id: str, since: int) -> list[str] | None:
        """The ids of the notes changed by the events from `since` on, in the
        order the notes were written; None when a partial snapshot cannot be
        trusted: `since` from before what the hub remembers (a restart) or
        after what it counted (another session's phone), or something changed
        wholesale since (the exercise, the reveal, a proposal hidden, renamed
        or merged, an undo of lanes: `_SNAPSHOT_ALL`), or the participant
        moved to another group since."""
        if since < self.floor or since > self.rev or since < self._whole_rev:
            return None
        if since < self._moved_rev.get(participant_id, -1):
            return None
        # the changes of the event `since` itself too: an event may be several
        # frames to one phone (a merge of three notes), and a connection may
        # have carried only the first of them before it dropped
        start = bisect.bisect_left(self._change_revs, since)
        state = self.session.state
        since_then = len(self._change_notes) - bisect.bisect_right(self._change_revs, since, lo=start)
        if since_then > self.partial_up_to * self.shelf.count(state.current_exercise_id):
            return None  # a phone long gone: the whole snapshot is the cheaper answer
        notes = state.notes
        return sorted(set(itertools.islice(self._change_notes, start, None)), key=lambda nid: notes[nid].seq)

    def _remember(self, events: list[ev.Event]) -> None:
        """Count `events` (told to the hub in order) and file what they changed."""
        notes = self.session.state.notes
        for event in events:
            self.rev += 1
            if _snapshot_all(event):
                self._whole_rev = self.rev
            elif isinstance(event, ev.ParticipantMoved):
                self._moved_rev[event.participant_id] = self.rev
            if isinstance(event, ev.NotesMerged):
                self._merged_into.setdefault(event.note_id, []).extend(notes[mid].id for mid in event.merged_ids)
            for nid in _changed_notes(event):
                self._note_changed(notes[nid].id)

    def _note_changed(self, note_id: str) -> None:
        self._change_revs.append(self.rev)
        self._change_notes.append(note_id)
        # a note merged into this one shows its text to its writer (views._moderation)
        for merged in self._merged_into.get(note_id, ()):
            self._change_revs.append(self.rev)
            self._change_notes.append(merged)

    def snapshot_encoder(self) -> views.SnapshotEncoder:
        """One encoder for every snapshot until the session changes: when a
        room's Wi-Fi comes back, hundreds of phones resume at once and would
        otherwise each sort and encode every note of the exercise again."""
        state = self.session.state
        if self._encoder is None or self._encoder[0] != state.event_count or self._encoder[1].state is not state:
            self._encoder = (state.event_count, views.SnapshotEncoder(state, self.shelf, self.exercise_views))
        return self._encoder[1]

    def _joined_phones(self) -> Iterable[Phone]:
        for phones in self.by_participant.values():
            yield from phones

    def _viewers(self) -> Iterable[tuple[Participant, set[Phone]]]:
        participants = self.session.state.participants
        for pid, phones in self.by_participant.items():
            participant = participants.get(pid)
            if participant is not None:
                yield participant, phones

    # -- the session's changes ----------------------------------------------------------
    def on_events(self, events: list[ev.Event], origin: object) -> None:
        """Called by the live session after the events are committed; `origin`
        is the phone that asked (it gets the ack instead of the push), or None.
        A failure here must not undo the caller's acknowledgement, so it is
        logged, not raised."""
        try:
            if any(_snapshot_all(event) for event in events):
                self._remember(events)  # one whole snapshot per phone holds all of them
                self._fan_out(events, origin)
                return
            # One event at a time: each push carries its own event's rev, so a
            # phone that got the first frames of a command of several events
            # (a participant removed with their notes) asks for the rest.
            for event in events:
                self._remember([event])
                self._fan_out([event], origin)
        except Exception:  # pragma: no cover - a bug in a push must not lose a note
            self._whole_rev = self.rev  # what the phones were sent is unknown: the next resumes get it all
            log.exception("pushing a change to the phones failed")

    def _fan_out(self, events: list[ev.Event], origin: object) -> None:
        state = self.session.state
        for event in events:
            if isinstance(event, ev.ParticipantMoved):
                self._refile(event.participant_id, event.group_id)
        if any(_snapshot_all(event) for event in events):
            encoder = self.snapshot_encoder()
            for pid in list(self.by_participant):
                self.send_snapshot(pid, encoder)
            return
        for event in events:
            match event:
                case ev.ParticipantMoved(participant_id=pid):
                    self.send_snapshot(pid)
                case ev.PhaseSet(exercise_id=eid, phase=phase):
                    self.send_all_joined(
                        p.PhasePush(
                            exercise_id=eid,
                            phase=phase,
                            timer_ends_at=state.exercises[eid].timer_ends_at,
                            server_time=time.time(),
                        )
                    )
                case ev.TimerSet(exercise_id=eid, ends_at=ends_at):
                    self.send_all_joined(p.TimerPush(exercise_id=eid, ends_at=ends_at, server_time=time.time()))
                case (
                    ev.NoteAdded(note_id=nid)
                    | ev.NoteEdited(note_id=nid)
                    | ev.NoteMoved(note_id=nid)
                    | ev.NoteHighlighted(note_id=nid)
                ):
                    self._push_note(state.notes[nid], origin)
                case ev.NoteHidden(note_id=nid, hidden=hidden):
                    if hidden:
                        self._push_removed(state.notes[nid], origin)
                    else:
                        self._push_note(state.notes[nid], origin)
                case ev.NoteDeleted(note_id=nid):
                    self._push_removed(state.notes[nid], origin)
                case ev.NotesMerged(note_id=keep, merged_ids=merged_ids):
                    for mid in merged_ids:
                        self._push_removed(state.notes[mid], origin, merged_into=keep)
                case ev.ModerationUndone(note_ids=note_ids):
                    for nid in note_ids:
                        if shown(state.notes[nid]):
                            self._push_note(state.notes[nid], origin)
                        else:
                            self._push_removed(state.notes[nid], origin, merged_into=state.notes[nid].merged_into)
                case ev.VoteCast(participant_id=pid, note_id=nid) | ev.VoteRemoved(participant_id=pid, note_id=nid):
                    self._push_votes(pid, state.notes[nid].exercise_id, origin)
                case ev.LaneProposed():
                    self._push_lane(event, origin)
                case ev.ParticipantRemoved(participant_id=pid):
                    self._send_away(pid)
                case _:
                    pass  # joins, leaves, plenary lines: nothing for the phones

    def _send_away(self, participant_id: str) -> None:
        """A participant the facilitator removed: each of their phones is told
        so and hears nothing more of the meeting (the socket stays, so the
        page can show why; a resume is refused with the same code)."""
        for phone in list(self.by_participant.get(participant_id, ())):
            message = error_text(phone.language, "participant_removed")
            self.send(phone, p.ErrorMsg(code="participant_removed", message=message, request=None, note_id=None))
            self.detach(phone)

    def _push_note(self, note: Note, origin: object) -> None:
        state = self.session.state
        if note.exercise_id != state.current_exercise_id:
            return  # phones only hold the exercise the room is on
        if not shown_on_a_lane(state, note):
            return  # what `can_see` refuses whoever looks
        # The writer's own phones always see it (as theirs); everyone else by
        # group, the rule asked once for the note (`core.rules`, as `can_see`).
        mine = [phone for phone in self.by_participant.get(note.author_id or "", ()) if phone is not origin]
        groups = groups_seeing(state, note.exercise_id, note.group_id, note.author_id)
        seeing = self.by_group.values() if groups is None else [self.by_group.get(g, {}) for g in groups]
        others = [
            phone
            for members in seeing
            for pid, phones in members.items()
            if pid != note.author_id
            for phone in phones
            if phone is not origin
        ]
        if others:
            # encoded once, and kept on the shelf: a phone resuming later gets the same bytes
            piece = self.shelf.others_piece(state, note)
            self.deliver(others, views.note_push(state, note, mine=False, rev=self.rev, piece=piece))
        if mine:
            self.deliver(mine, views.note_push(state, note, mine=True, rev=self.rev))

    def _push_removed(self, note: Note, origin: object, merged_into: str | None = None) -> None:
        state = self.session.state
        if note.exercise_id != state.current_exercise_id:
            return
        by_group: dict[tuple[str, bool], bool] = {}
        recipients: list[Phone] = []
        for viewer, phones in self._viewers():
            key = (viewer.group_id, viewer.id == note.author_id)
            allowed = by_group.get(key)
            if allowed is None:
                allowed = by_group[key] = sees_group_work(state, viewer, note.exercise_id, note.group_id, note.author_id)
            if allowed:
                recipients.extend(phone for phone in phones if phone is not origin)
        # The author's own phones keep it, muted, with what the facilitator did (views.moderated_for_author).
        author_phones: list[Phone] = []
        if views.moderated_for_author(note):
            author_phones = [phone for phone in self.by_participant.get(note.author_id or "", ()) if phone is not origin]
            recipients = [phone for phone in recipients if phone not in author_phones]
        message = p.NoteRemoved(note_id=note.id, exercise_id=note.exercise_id, merged_into=merged_into, rev=self.rev)
        self.deliver(recipients, p.encode(message))
        if author_phones:
            self.deliver(author_phones, views.note_push(state, note, mine=True, rev=self.rev))

    def votes_push(self, participant_id: str, exercise_id: str) -> p.VotesPush | None:
        """The participant's dots in the exercise; None where it has no dots."""
        state = self.session.state
        participant = state.participants.get(participant_id)
        exercise = state.exercise(exercise_id)
        votes = views.votes_view(state, participant, exercise) if participant and exercise else None
        return p.VotesPush(**votes.model_dump()) if votes is not None else None

    def _push_votes(self, participant_id: str, exercise_id: str, origin: object) -> None:
        """The participant's other phones (a second tab) learn the dots; the
        phone that voted (the origin) gets them with its `ack` (endpoint)."""
        message = self.votes_push(participant_id, exercise_id)
        if message is not None:
            phones = [phone for phone in self.by_participant.get(participant_id, ()) if phone is not origin]
            self.deliver(phones, p.encode(message))

    def _push_lane(self, event: ev.LaneProposed, origin: object) -> None:
        state = self.session.state
        if event.exercise_id != state.current_exercise_id:
            return
        lane = state.exercises[event.exercise_id].proposed_lanes[event.lane_id]
        recipients = [
            phone
            for viewer, phones in self._viewers()
            if views.proposed_lane_visible(state, viewer, lane)
            for phone in phones
            if phone is not origin
        ]
        # Every group may write on a proposed lane it can see (core.rules.group_lanes).
        lane_view = views.proposed_lane_view(lane, writable=True)
        message = p.LanePush(exercise_id=event.exercise_id, lane=lane_view, rev=self.rev)
        self.deliver(recipients, p.encode(message))
