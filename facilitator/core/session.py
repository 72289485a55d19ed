"""`handle`: the session's rules. One function for every command, from a
phone or from the facilitator; it reads the state, never changes it, and
returns the events to record, or raises a `DomainError`."""

from __future__ import annotations

import re
from typing import assert_never

from facilitator.core import commands as cmd
from facilitator.core import events as ev
from facilitator.core.errors import DomainError
from facilitator.core.plan_convert import snapshot_of
from facilitator.core.rules import can_see, can_write, dots_used, place_in_group, shown
from facilitator.core.state import ExerciseState, ModerationStep, Note, Participant, ProposedLane, SessionState
from facilitator.printable import readable

NAME_LIMIT = 80
TITLE_LIMIT = 120
PLENUM_LIMIT = 1000
FOLLOW_UP_FIELD_LIMIT = 200  # who / by when: a name or two, a date
MAX_TIMER_SECONDS = 4 * 3600
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def handle(state: SessionState, command: cmd.Command, now: float) -> list[ev.Event]:
    """The events that `command` leads to, given `state` and the time `now`.

    An empty list means the command asks for nothing new (e.g. a phone
    resending a note the journal already has): the caller acknowledges it.
    """
    if not isinstance(command, cmd.CreateSession) and state.plan is None:
        raise DomainError("no_session")
    return _dispatch(state, command, now)


def _dispatch(state: SessionState, command: cmd.Command, now: float) -> list[ev.Event]:
    """One rule per command. `assert_never` makes a command without a rule a
    type error (mypy, in `make check`), not a surprise at the meeting."""
    match command:
        case cmd.Join():
            return _join(state, command, now)
        case cmd.Leave():
            return _leave(state, command, now)
        case cmd.AddNote():
            return _add_note(state, command, now)
        case cmd.EditNote():
            return _edit_note(state, command, now)
        case cmd.DeleteNote():
            return _delete_note(state, command, now)
        case cmd.CastVote():
            return _cast_vote(state, command, now)
        case cmd.RemoveVote():
            return _remove_vote(state, command, now)
        case cmd.ProposeLane():
            return _propose_lane(state, command, now)
        case cmd.CreateSession():
            return _create_session(state, command, now)
        case cmd.StartExercise():
            return _start_exercise(state, command, now)
        case cmd.SetCurrentExercise():
            return _set_current(state, command, now)
        case cmd.SetPhase():
            return _set_phase(state, command, now)
        case cmd.SetTimer():
            return _set_timer(state, command, now)
        case cmd.ExtendTimer():
            return _extend_timer(state, command, now)
        case cmd.Reveal():
            return _reveal(state, command, now)
        case cmd.AddNoteForGroup():
            return _add_for_group(state, command, now)
        case cmd.ModerateEdit():
            return _moderate_edit(state, command, now)
        case cmd.HideNote():
            return _hide_note(state, command, now)
        case cmd.MoveNote():
            return _move_note(state, command, now)
        case cmd.MergeNotes():
            return _merge_notes(state, command, now)
        case cmd.HighlightNote():
            return _highlight(state, command, now)
        case cmd.SetPlenumLine():
            return _set_plenum_line(state, command, now)
        case cmd.RemovePlenumLine():
            return _remove_plenum_line(state, command, now)
        case cmd.SetFollowUp():
            return _set_follow_up(state, command, now)
        case cmd.RemoveFollowUp():
            return _remove_follow_up(state, command, now)
        case cmd.MoveParticipant():
            return _move_participant(state, command, now)
        case cmd.AssignLaneOwner():
            return _assign_owner(state, command, now)
        case cmd.SetGroupHeadcount():
            return _set_headcount(state, command, now)
        case cmd.KeepNotesApart():
            return _keep_apart(state, command, now)
        case cmd.LockJoining():
            return _lock_joining(state, command, now)
        case cmd.RemoveParticipant():
            return _remove_participant(state, command, now)
        case cmd.UndoModeration():
            return _undo_moderation(state, command, now)
        case cmd.HideProposal():
            return _hide_proposal(state, command, now)
        case cmd.RenameProposal():
            return _rename_proposal(state, command, now)
        case cmd.MergeProposals():
            return _merge_proposals(state, command, now)
        case cmd.FocusLane():
            return _focus_lane(state, command, now)
        case cmd.FocusNote():
            return _focus_note(state, command, now)
        case _:
            assert_never(command)


# -- shared checks -------------------------------------------------------------------


def _check_id(value: str) -> None:
    if not _CLIENT_ID.match(value):
        raise DomainError("bad_id")


def _participant(state: SessionState, participant_id: str) -> Participant:
    participant = state.participants.get(participant_id)
    if participant is None:
        raise DomainError("unknown_participant")
    if not participant.present:
        raise DomainError("participant_removed" if participant.removed else "participant_left")
    return participant


def _exercise_state(state: SessionState, exercise_id: str) -> ExerciseState:
    if exercise_id not in state.exercises:
        raise DomainError("unknown_exercise")
    return state.exercises[exercise_id]


def _note(state: SessionState, note_id: str) -> Note:
    note = state.notes.get(note_id)
    if note is None or note.deleted:
        raise DomainError("unknown_note")
    return note


def _clean_text(state: SessionState, exercise_id: str, text: str) -> str:
    text = text.strip()
    if not readable(text):  # nothing to read, e.g. only zero-width joiners: counted nowhere, so never stored
        raise DomainError("note_empty")
    exercise = state.exercise(exercise_id)
    assert exercise is not None
    limit = exercise.options.max_note_length
    if len(text) > limit:
        raise DomainError("note_too_long", length=len(text), limit=limit)
    return text


def _lane_exists(state: SessionState, exercise_id: str, lane_id: str) -> None:
    exercise = state.exercise(exercise_id)
    assert exercise is not None
    if exercise.lane(lane_id) is not None:
        return
    proposed = state.exercises[exercise_id].proposed_lanes.get(lane_id)
    if proposed is None or not proposed.shown:  # a hidden or merged proposal is no lane to write on
        raise DomainError("unknown_lane")


def _require_writing(state: SessionState, exercise_id: str) -> None:
    if _exercise_state(state, exercise_id).phase != "writing":
        raise DomainError("phase_closed")


def _own_note(state: SessionState, participant_id: str, note_id: str) -> Note:
    _participant(state, participant_id)
    note = _note(state, note_id)
    if note.author_id != participant_id:
        raise DomainError("not_your_note")
    return note


# -- participants --------------------------------------------------------------------


def _join(state: SessionState, c: cmd.Join, now: float) -> list[ev.Event]:
    assert state.plan is not None
    _check_id(c.participant_id)
    if c.participant_id in state.participants:
        raise DomainError("participant_exists")
    if state.joining_locked:
        raise DomainError("joining_locked")
    name = (c.name or "").strip() or None
    if state.plan.ask_names and name is None:
        raise DomainError("name_required")
    if name is not None and len(name) > NAME_LIMIT:
        raise DomainError("name_too_long", limit=NAME_LIMIT)
    if not state.plan.ask_names:
        name = None  # a name nobody asked for is not kept
    unit = (c.unit or "").strip() or None
    if state.plan.units:
        if unit not in state.plan.units:
            raise DomainError("unknown_unit")
    else:
        unit = None
    if c.group_id is not None:
        if state.group(c.group_id) is None:
            raise DomainError("unknown_group")
        group_id = c.group_id
    else:
        group_id = place_in_group(state, unit)
    return [
        ev.ParticipantJoined(
            participant_id=c.participant_id,
            name=name,
            unit=unit,
            group_id=group_id,
            secret_hash=c.secret_hash,
            at=now,
        )
    ]


def _leave(state: SessionState, c: cmd.Leave, now: float) -> list[ev.Event]:
    _participant(state, c.participant_id)
    return [ev.ParticipantLeft(participant_id=c.participant_id)]


def _add_note(state: SessionState, c: cmd.AddNote, now: float) -> list[ev.Event]:
    participant = _participant(state, c.participant_id)
    _check_id(c.note_id)
    existing = state.notes.get(c.note_id)
    if existing is not None:
        if existing.author_id == c.participant_id:
            return []  # the phone sent it again: stored once, acknowledged again
        raise DomainError("note_exists")
    _require_writing(state, c.exercise_id)
    _lane_exists(state, c.exercise_id, c.lane_id)
    if not can_write(state, c.exercise_id, participant, c.lane_id):
        # another group's proposal this participant may not see is no lane for them
        proposed = c.lane_id in state.exercises[c.exercise_id].proposed_lanes
        raise DomainError("unknown_lane" if proposed else "lane_not_for_group")
    text = _clean_text(state, c.exercise_id, c.text)
    _check_note_floods(state, participant.id, c.exercise_id, now)
    return [
        ev.NoteAdded(
            note_id=c.note_id,
            exercise_id=c.exercise_id,
            lane_id=c.lane_id,
            group_id=participant.group_id,
            author_id=c.participant_id,
            text=text,
            at=now,
        )
    ]


NOTE_MINUTE = 60.0  # seconds: the window of the plan's notes_per_minute


def _check_note_floods(state: SessionState, participant_id: str, exercise_id: str, now: float) -> None:
    """One participant's notes, counted across all their phones: at most the
    plan's `notes_per_minute` in any 60 s, and `notes_per_exercise` (not
    deleted) in one exercise. Together they bound what a snapshot carries."""
    plan = state.plan
    assert plan is not None
    per_exercise = plan.notes_per_exercise
    if per_exercise is not None and state.notes_written[(participant_id, exercise_id)] >= per_exercise:
        raise DomainError("notes_per_exercise_reached", limit=per_exercise)
    per_minute = plan.notes_per_minute
    recent = state.recent_notes.get(participant_id)
    if per_minute is not None and recent is not None and len(recent) >= per_minute and now - recent[0] < NOTE_MINUTE:
        raise DomainError("notes_too_fast", limit=per_minute)


def _edit_note(state: SessionState, c: cmd.EditNote, now: float) -> list[ev.Event]:
    note = _own_note(state, c.participant_id, c.note_id)
    if c.text.strip() == note.text:
        return []  # the phone sent it again (or changed nothing): acknowledged in any phase
    _require_writing(state, note.exercise_id)
    return [ev.NoteEdited(note_id=note.id, text=_clean_text(state, note.exercise_id, c.text))]


def _delete_note(state: SessionState, c: cmd.DeleteNote, now: float) -> list[ev.Event]:
    note = state.notes.get(c.note_id)
    if note is not None and note.deleted and note.author_id == c.participant_id:
        return []  # deleted already: a resent delete changes nothing
    note = _own_note(state, c.participant_id, c.note_id)
    _require_writing(state, note.exercise_id)
    return [ev.NoteDeleted(note_id=note.id)]


def _votable(state: SessionState, participant: Participant, note_id: str) -> Note:
    note = _note(state, note_id)
    exercise = state.exercise(note.exercise_id)
    assert exercise is not None
    if exercise.options.dots_per_participant == 0:
        raise DomainError("no_voting")
    if state.exercises[note.exercise_id].phase != "voting":
        raise DomainError("voting_closed")
    if not can_see(state, participant, note):
        raise DomainError("note_not_visible")
    return note


def _cast_vote(state: SessionState, c: cmd.CastVote, now: float) -> list[ev.Event]:
    participant = _participant(state, c.participant_id)
    if _note(state, c.note_id).id in state.votes.get(participant.id, set()):
        return []  # the dot is there: a resent vote is acknowledged in any phase
    note = _votable(state, participant, c.note_id)
    exercise = state.exercise(note.exercise_id)
    if exercise is None:
        raise DomainError("unknown_exercise")
    limit = exercise.options.dots_per_participant
    if dots_used(state, participant.id, note.exercise_id) >= limit:
        raise DomainError("dots_used_up", limit=limit)
    return [ev.VoteCast(participant_id=participant.id, note_id=note.id)]


def _remove_vote(state: SessionState, c: cmd.RemoveVote, now: float) -> list[ev.Event]:
    participant = _participant(state, c.participant_id)
    if _note(state, c.note_id).id not in state.votes.get(participant.id, set()):
        return []  # no dot there (taken back already): acknowledged in any phase
    note = _votable(state, participant, c.note_id)
    return [ev.VoteRemoved(participant_id=participant.id, note_id=note.id)]


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise DomainError("title_empty")
    if len(title) > TITLE_LIMIT:
        raise DomainError("title_too_long", limit=TITLE_LIMIT)
    return title


def _propose_lane(state: SessionState, c: cmd.ProposeLane, now: float) -> list[ev.Event]:
    participant = _participant(state, c.participant_id)
    _check_id(c.lane_id)
    exercise_state = _exercise_state(state, c.exercise_id)
    exercise = state.exercise(c.exercise_id)
    assert exercise is not None
    if not exercise.options.allow_proposals:
        raise DomainError("proposals_not_allowed")
    existing = exercise_state.proposed_lanes.get(c.lane_id)
    if existing is not None and existing.author_id == c.participant_id:
        return []  # resent
    if existing is not None or exercise.lane(c.lane_id) is not None:
        raise DomainError("lane_exists")
    _require_writing(state, c.exercise_id)
    assert state.plan is not None
    limit = state.plan.proposals_per_group
    if limit is not None:
        proposed = sum(1 for lane in exercise_state.proposed_lanes.values() if lane.group_id == participant.group_id)
        if proposed >= limit:
            raise DomainError("proposals_used_up", limit=limit)
    title = _clean_title(c.title)
    prompt = c.prompt.strip()
    if len(prompt) > exercise.options.max_note_length:
        raise DomainError("note_too_long", length=len(prompt), limit=exercise.options.max_note_length)
    return [
        ev.LaneProposed(
            exercise_id=c.exercise_id,
            lane_id=c.lane_id,
            title=title,
            prompt=prompt,
            group_id=participant.group_id,
            author_id=participant.id,
            at=now,
        )
    ]


# -- the facilitator -----------------------------------------------------------------


def _create_session(state: SessionState, c: cmd.CreateSession, now: float) -> list[ev.Event]:
    if state.plan is not None:
        raise DomainError("session_exists")
    return [ev.SessionCreated(plan=snapshot_of(c.plan), code=c.code, at=now)]


def _start_exercise(state: SessionState, c: cmd.StartExercise, now: float) -> list[ev.Event]:
    exercise_state = _exercise_state(state, c.exercise_id)
    events: list[ev.Event] = []
    if state.current_exercise_id != c.exercise_id:
        events.append(ev.CurrentExerciseSet(exercise_id=c.exercise_id))
    if exercise_state.phase != "writing":
        events.append(ev.PhaseSet(exercise_id=c.exercise_id, phase="writing"))
    return events


def _set_current(state: SessionState, c: cmd.SetCurrentExercise, now: float) -> list[ev.Event]:
    _exercise_state(state, c.exercise_id)
    if state.current_exercise_id == c.exercise_id:
        return []
    return [ev.CurrentExerciseSet(exercise_id=c.exercise_id)]


def _set_phase(state: SessionState, c: cmd.SetPhase, now: float) -> list[ev.Event]:
    exercise_state = _exercise_state(state, c.exercise_id)
    exercise = state.exercise(c.exercise_id)
    assert exercise is not None
    if c.phase == "voting" and exercise.options.dots_per_participant == 0:
        raise DomainError("phase_invalid")
    if exercise_state.phase == c.phase:
        return []
    return [ev.PhaseSet(exercise_id=c.exercise_id, phase=c.phase)]


def _set_timer(state: SessionState, c: cmd.SetTimer, now: float) -> list[ev.Event]:
    _exercise_state(state, c.exercise_id)
    if c.seconds is None:
        if state.exercises[c.exercise_id].timer_ends_at is None:
            raise DomainError("timer_not_running")
        return [ev.TimerSet(exercise_id=c.exercise_id, ends_at=None)]
    if not 1 <= c.seconds <= MAX_TIMER_SECONDS:
        raise DomainError("timer_invalid")
    return [ev.TimerSet(exercise_id=c.exercise_id, ends_at=now + c.seconds)]


def _extend_timer(state: SessionState, c: cmd.ExtendTimer, now: float) -> list[ev.Event]:
    ends_at = _exercise_state(state, c.exercise_id).timer_ends_at
    if ends_at is None:
        raise DomainError("timer_not_running")
    new_end = max(ends_at, now) + c.seconds
    if not now < new_end <= now + MAX_TIMER_SECONDS:
        raise DomainError("timer_invalid")
    return [ev.TimerSet(exercise_id=c.exercise_id, ends_at=new_end)]


def _reveal(state: SessionState, c: cmd.Reveal, now: float) -> list[ev.Event]:
    if _exercise_state(state, c.exercise_id).revealed == c.revealed:
        return []
    return [ev.NotesRevealed(exercise_id=c.exercise_id, revealed=c.revealed)]


def _add_for_group(state: SessionState, c: cmd.AddNoteForGroup, now: float) -> list[ev.Event]:
    _check_id(c.note_id)
    _exercise_state(state, c.exercise_id)
    if c.note_id in state.notes:
        raise DomainError("note_exists")
    if state.group(c.group_id) is None:
        raise DomainError("unknown_group")
    _lane_exists(state, c.exercise_id, c.lane_id)
    text = _clean_text(state, c.exercise_id, c.text)
    # The facilitator may add in any phase: paper sheets come in late.
    return [
        ev.NoteAdded(
            note_id=c.note_id,
            exercise_id=c.exercise_id,
            lane_id=c.lane_id,
            group_id=c.group_id,
            author_id=None,
            text=text,
            at=now,
        )
    ]


def _moderate_edit(state: SessionState, c: cmd.ModerateEdit, now: float) -> list[ev.Event]:
    note = _note(state, c.note_id)
    text = _clean_text(state, note.exercise_id, c.text)
    if text == note.text:
        return []
    return [ev.NoteEdited(note_id=note.id, text=text, by_facilitator=True)]


def _hide_note(state: SessionState, c: cmd.HideNote, now: float) -> list[ev.Event]:
    note = _note(state, c.note_id)
    if note.hidden == c.hidden:
        return []
    return [ev.NoteHidden(note_id=note.id, hidden=c.hidden)]


def _move_note(state: SessionState, c: cmd.MoveNote, now: float) -> list[ev.Event]:
    note = _note(state, c.note_id)
    _lane_exists(state, note.exercise_id, c.lane_id)
    if note.lane_id == c.lane_id:
        return []
    return [ev.NoteMoved(note_id=note.id, lane_id=c.lane_id)]


def _merge_notes(state: SessionState, c: cmd.MergeNotes, now: float) -> list[ev.Event]:
    keep = _note(state, c.note_id)
    if keep.merged_into is not None:
        raise DomainError("merge_invalid", reason="merge_reason_gone")
    merged: list[str] = []
    for note_id in dict.fromkeys(c.merged_ids):
        if note_id == keep.id:
            raise DomainError("merge_invalid", reason="merge_reason_self")
        other = _note(state, note_id)
        if other.exercise_id != keep.exercise_id:
            raise DomainError("merge_invalid", reason="merge_reason_exercise")
        if other.merged_into is not None:
            raise DomainError("merge_invalid", reason="merge_reason_gone")
        merged.append(note_id)
        # notes already merged into `other` follow it to `keep`
        merged.extend(
            n.id for n in state.notes.values() if n.merged_into == note_id and not n.deleted
        )
    if not merged:
        return []
    return [ev.NotesMerged(note_id=keep.id, merged_ids=merged)]


def _highlight(state: SessionState, c: cmd.HighlightNote, now: float) -> list[ev.Event]:
    note = _note(state, c.note_id)
    if note.highlighted == c.highlighted:
        return []
    return [ev.NoteHighlighted(note_id=note.id, highlighted=c.highlighted)]


def _require_revealed(state: SessionState, exercise_id: str) -> ExerciseState:
    """The wall shows a group's notes only after the reveal (docs/wall.md), so
    a focus before it would show nothing the room may read."""
    exercise_state = _exercise_state(state, exercise_id)
    if not exercise_state.revealed:
        raise DomainError("focus_not_revealed")
    return exercise_state


def _focus_lane(state: SessionState, c: cmd.FocusLane, now: float) -> list[ev.Event]:
    exercise_state = _exercise_state(state, c.exercise_id)
    if c.lane_id is None:
        if exercise_state.focus_lane is None and exercise_state.focus_note is None:
            return []
        return [ev.LaneFocused(exercise_id=c.exercise_id, lane_id=None)]
    _lane_exists(state, c.exercise_id, c.lane_id)
    _require_revealed(state, c.exercise_id)
    if exercise_state.focus_lane == c.lane_id and exercise_state.focus_note is None:
        return []
    return [ev.LaneFocused(exercise_id=c.exercise_id, lane_id=c.lane_id)]


def _focus_note(state: SessionState, c: cmd.FocusNote, now: float) -> list[ev.Event]:
    exercise_state = _exercise_state(state, c.exercise_id)
    if c.note_id is None:
        if exercise_state.focus_note is None:
            return []
        return [ev.NoteFocused(exercise_id=c.exercise_id, note_id=None, lane_id=None)]
    note = _note(state, c.note_id)
    if note.exercise_id != c.exercise_id:
        raise DomainError("unknown_note")
    if not shown(note):
        raise DomainError("focus_note_not_shown")
    _require_revealed(state, c.exercise_id)
    if exercise_state.focus_note == note.id and exercise_state.focus_lane == note.lane_id:
        return []
    return [ev.NoteFocused(exercise_id=c.exercise_id, note_id=note.id, lane_id=note.lane_id)]


def _set_plenum_line(state: SessionState, c: cmd.SetPlenumLine, now: float) -> list[ev.Event]:
    exercise_state = _exercise_state(state, c.exercise_id)
    _check_id(c.line_id)
    text = c.text.strip()
    if not text:
        raise DomainError("plenum_line_empty")
    if len(text) > PLENUM_LIMIT:
        raise DomainError("note_too_long", length=len(text), limit=PLENUM_LIMIT)
    if exercise_state.plenum_lines.get(c.line_id) == text:
        return []
    return [ev.PlenumLineSet(exercise_id=c.exercise_id, line_id=c.line_id, text=text)]


def _remove_plenum_line(state: SessionState, c: cmd.RemovePlenumLine, now: float) -> list[ev.Event]:
    if c.line_id not in _exercise_state(state, c.exercise_id).plenum_lines:
        raise DomainError("unknown_plenum_line")
    return [ev.PlenumLineRemoved(exercise_id=c.exercise_id, line_id=c.line_id)]


def _set_follow_up(state: SessionState, c: cmd.SetFollowUp, now: float) -> list[ev.Event]:
    exercise_state = _exercise_state(state, c.exercise_id)
    _check_id(c.follow_up_id)
    what, who, due = c.what.strip(), c.who.strip(), c.due.strip()
    if not what:
        raise DomainError("follow_up_empty")
    if len(what) > PLENUM_LIMIT:
        raise DomainError("note_too_long", length=len(what), limit=PLENUM_LIMIT)
    if len(who) > FOLLOW_UP_FIELD_LIMIT or len(due) > FOLLOW_UP_FIELD_LIMIT:
        raise DomainError("follow_up_too_long", limit=FOLLOW_UP_FIELD_LIMIT)
    if c.lane_id is not None:
        _lane_exists(state, c.exercise_id, c.lane_id)
    existing = exercise_state.follow_ups.get(c.follow_up_id)
    if existing is not None and (existing.what, existing.who, existing.due, existing.lane_id) == (what, who, due, c.lane_id):
        return []
    return [
        ev.FollowUpSet(
            exercise_id=c.exercise_id, follow_up_id=c.follow_up_id, what=what, who=who, due=due, lane_id=c.lane_id
        )
    ]


def _remove_follow_up(state: SessionState, c: cmd.RemoveFollowUp, now: float) -> list[ev.Event]:
    if c.follow_up_id not in _exercise_state(state, c.exercise_id).follow_ups:
        raise DomainError("unknown_follow_up")
    return [ev.FollowUpRemoved(exercise_id=c.exercise_id, follow_up_id=c.follow_up_id)]


def _move_participant(state: SessionState, c: cmd.MoveParticipant, now: float) -> list[ev.Event]:
    participant = state.participants.get(c.participant_id)
    if participant is None:
        raise DomainError("unknown_participant")
    if state.group(c.group_id) is None:
        raise DomainError("unknown_group")
    if participant.group_id == c.group_id:
        return []
    return [ev.ParticipantMoved(participant_id=c.participant_id, group_id=c.group_id)]


OWNER_LIMIT = 120
MAX_HEADCOUNT = 100


def _assign_owner(state: SessionState, c: cmd.AssignLaneOwner, now: float) -> list[ev.Event]:
    exercise_state = _exercise_state(state, c.exercise_id)
    _lane_exists(state, c.exercise_id, c.lane_id)
    owner = " ".join(c.owner.split())
    if len(owner) > OWNER_LIMIT:
        raise DomainError("owner_too_long", length=len(owner), limit=OWNER_LIMIT)
    if exercise_state.lane_owners.get(c.lane_id, "") == owner:
        return []
    return [ev.LaneOwnerAssigned(exercise_id=c.exercise_id, lane_id=c.lane_id, owner=owner)]


def _set_headcount(state: SessionState, c: cmd.SetGroupHeadcount, now: float) -> list[ev.Event]:
    if state.group(c.group_id) is None:
        raise DomainError("unknown_group")
    if c.people is not None and not 1 <= c.people <= MAX_HEADCOUNT:
        raise DomainError("bad_headcount", limit=MAX_HEADCOUNT)
    if state.headcounts.get(c.group_id) == c.people:
        return []
    return [ev.GroupHeadcountSet(group_id=c.group_id, people=c.people)]


def _keep_apart(state: SessionState, c: cmd.KeepNotesApart, now: float) -> list[ev.Event]:
    notes = [_note(state, note_id) for note_id in dict.fromkeys(c.note_ids)]
    changed = [note.id for note in notes if note.kept_apart != c.apart]
    if not changed:
        return []
    return [ev.NotesKeptApart(note_ids=changed, apart=c.apart)]


def _lock_joining(state: SessionState, c: cmd.LockJoining, now: float) -> list[ev.Event]:
    if state.joining_locked == c.locked:
        return []
    return [ev.JoiningLocked(locked=c.locked)]


def _remove_participant(state: SessionState, c: cmd.RemoveParticipant, now: float) -> list[ev.Event]:
    """Their dots go (each a `vote_removed`, so every count follows), their
    notes too unless kept; then the removal itself. Nothing of theirs is
    rewritten: the journal keeps what they did and that it was undone."""
    participant = state.participants.get(c.participant_id)
    if participant is None:
        raise DomainError("unknown_participant")
    if participant.removed:
        return []
    events: list[ev.Event] = [
        ev.VoteRemoved(participant_id=participant.id, note_id=nid)
        for nid in sorted(state.votes.get(participant.id, set()), key=lambda nid: state.notes[nid].seq)
    ]
    if not c.keep_notes:
        events.extend(
            ev.NoteDeleted(note_id=note.id)
            for note in state.notes.values()
            if note.author_id == participant.id and not note.deleted
        )
    events.append(ev.ParticipantRemoved(participant_id=participant.id, notes_kept=c.keep_notes))
    return events


# -- moderation people can undo (issue 16) -------------------------------------------


def _proposal(state: SessionState, exercise_id: str, lane_id: str) -> ProposedLane:
    """A proposal the facilitator may moderate: proposed, not merged away."""
    exercise = state.exercise(exercise_id)
    lane = _exercise_state(state, exercise_id).proposed_lanes.get(lane_id)
    if lane is None:
        raise DomainError("not_a_proposal" if exercise is not None and exercise.lane(lane_id) else "unknown_lane")
    if lane.merged_into is not None:
        raise DomainError("unknown_lane")
    return lane


def _hide_proposal(state: SessionState, c: cmd.HideProposal, now: float) -> list[ev.Event]:
    lane = _proposal(state, c.exercise_id, c.lane_id)
    if lane.hidden == c.hidden:
        return []
    return [ev.ProposalHidden(exercise_id=c.exercise_id, lane_id=lane.id, hidden=c.hidden)]


def _rename_proposal(state: SessionState, c: cmd.RenameProposal, now: float) -> list[ev.Event]:
    lane = _proposal(state, c.exercise_id, c.lane_id)
    title = _clean_title(" ".join(c.title.split()))
    if title == lane.title:
        return []
    return [ev.ProposalRenamed(exercise_id=c.exercise_id, lane_id=lane.id, title=title)]


def _merge_proposals(state: SessionState, c: cmd.MergeProposals, now: float) -> list[ev.Event]:
    _exercise_state(state, c.exercise_id)
    _lane_exists(state, c.exercise_id, c.lane_id)  # the lane that stays: a plan lane or a shown proposal
    merged: list[str] = []
    for lane_id in dict.fromkeys(c.merged_ids):
        if lane_id == c.lane_id:
            raise DomainError("merge_invalid", reason="merge_reason_self")
        merged.append(_proposal(state, c.exercise_id, lane_id).id)
    if not merged:
        return []
    return [ev.ProposalsMerged(exercise_id=c.exercise_id, lane_id=c.lane_id, merged_ids=merged)]


def _undo_moderation(state: SessionState, c: cmd.UndoModeration, now: float) -> list[ev.Event]:
    """The latest step of the exercise first (last in, first out), so each
    step is undone on the state it left. A merge's dots come back where
    their owner still has the dot on the kept note, never past their limit."""
    _exercise_state(state, c.exercise_id)
    step = next((s for s in reversed(state.moderations) if s.exercise_id == c.exercise_id), None)
    if step is None:
        raise DomainError("nothing_to_undo")
    note_ids: list[str] = []
    lane_ids: list[str] = []
    if step.kind in ("hide_lane", "rename_lane", "merge_lanes"):
        lane_ids = [step.target, *step.merged]
        note_ids = [nid for nid, _ in step.previous]
    else:
        note_ids = [step.target, *step.merged]
    undone = ev.ModerationUndone(
        step=step.id, exercise_id=step.exercise_id, kind=step.kind, note_ids=note_ids, lane_ids=lane_ids
    )
    return [undone, *_dots_back(state, step)]


def _dots_back(state: SessionState, step: ModerationStep) -> list[ev.Event]:
    """The dots a note merge moved onto the kept note, moved back (in reverse,
    so a participant who had dots on two of the merged notes gets both)."""
    if step.kind != "merge":
        return []
    exercise = state.exercise(step.exercise_id)
    limit = exercise.options.dots_per_participant if exercise is not None else 0
    votes = {pid: set(voted) for pid, voted in state.votes.items()}
    events: list[ev.Event] = []
    for pid, mid, had_target in reversed(step.dots):
        voted = votes.get(pid, set())
        if step.target not in voted or state.notes[mid].deleted:
            continue  # the dot was taken back since (or its owner removed): nothing to move
        if had_target:
            used = sum(1 for nid in voted if state.notes[nid].exercise_id == step.exercise_id)
            if used >= limit:
                continue
            voted.add(mid)
            events.append(ev.VoteCast(participant_id=pid, note_id=mid))
        else:
            voted.add(mid)
            voted.discard(step.target)
            events += [ev.VoteCast(participant_id=pid, note_id=mid), ev.VoteRemoved(participant_id=pid, note_id=step.target)]
    return events
