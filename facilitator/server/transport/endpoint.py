"""One phone's connection: read frames, turn them into participant commands,
answer each one.

Only participant commands can be built here; the facilitator's commands
have no message that reaches them. Every change goes through
the session's write path, which commits to the journal before it answers,
so an `ack` is only ever sent for something on disk. A phone's commands go
through `GroupCommit`: those that arrive in the same turn of the event loop
share one journal commit (see commits.py). A connection reads its next frame
only after answering this one, so each phone's answers come in the order of
its messages, and pushes leave in the order things were committed.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from facilitator.codes import codes_match, hash_secret, new_secret, secret_matches
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.state import SessionState
from facilitator.journal import JournalWriteError
from facilitator.server.phone import protocol as p
from facilitator.server.phone import views
from facilitator.server.phone.table_token import BadGroupToken, TableKeys
from facilitator.server.transport.commits import GroupCommit
from facilitator.server.transport.hub import Hub, Phone
from facilitator.server.transport.limits import FailedAttempts, Limits, RecentJoins, TokenBucket
from facilitator.server.transport.proxies import TrustedProxies, address_of
from facilitator.texts import error_text, t

log = logging.getLogger("facilitator.server")

RATE_ERROR_EVERY = 1.0  # seconds between two `rate_limited` answers to one flooding phone
CLOSE_NO_HELLO = 1008  # policy violation: no hello, join or resume with the right code within `Limits.hello_timeout`


class Refused(Exception):
    """A request answered with an error; nothing changed."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class PhoneHandler:
    def __init__(
        self,
        hub: Hub,
        limits: Limits,
        *,
        on_problem: Callable[[str], None] | None = None,
        table_keys: TableKeys | None = None,
        proxies: TrustedProxies | None = None,
    ) -> None:
        self.hub = hub
        self.table_keys = table_keys  # checks the group tokens of table cards
        self.proxies = proxies or TrustedProxies()  # whose X-Forwarded-For names the phone
        self.commits = GroupCommit(hub.session)
        self.limits = limits
        self.attempts = FailedAttempts.from_limits(limits)
        self.joins = RecentJoins()
        # The address each participant joined or last resumed from: the
        # console counts participants per address (not journaled; an address
        # is the network's, not the meeting's).
        self.addresses: dict[str, str] = {}
        self.stopping = False
        self._closing: set[asyncio.Future[None]] = set()  # closes of sockets that said no hello in time
        # Who hears of a phone's command the journal could not store: the log
        # when headless, a notification in the console (SessionServer.on_problem).
        self.on_problem: Callable[[str], None] = on_problem or (lambda text: log.error("%s", text))

    @property
    def state(self) -> SessionState:
        return self.hub.session.state

    def _plan_language(self) -> str:
        return self.state.plan.language if self.state.plan else "da"

    # -- the connection ---------------------------------------------------------------
    async def serve(self, ws: ServerConnection) -> None:
        if len(self.hub.phones) >= self.limits.max_connections:
            await ws.close(1013, "too many connections")  # try again later
            return
        phone = Phone(
            ws=ws,
            address=address_of(self.proxies, ws),
            language=self._plan_language(),
            bucket=TokenBucket(self.limits.messages_per_second, self.limits.message_burst),
        )
        self.hub.add(phone)
        # A socket that has not said hello, join or resume with the right code
        # in time is closed: sockets without the code cannot pile up (a timer
        # handle, not a task, per phone).
        phone.hello_deadline = asyncio.get_running_loop().call_later(self.limits.hello_timeout, self._no_hello, phone)
        try:
            async for frame in ws:
                await self.receive(phone, frame)
        except ConnectionClosed:
            pass  # a phone going away is normal; it resumes later
        finally:
            if phone.hello_deadline is not None:
                phone.hello_deadline.cancel()
            self.hub.remove(phone)

    def _no_hello(self, phone: Phone) -> None:
        phone.hello_deadline = None
        task = asyncio.ensure_future(phone.ws.close(CLOSE_NO_HELLO, "no hello in time"))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def receive(self, phone: Phone, frame: str | bytes) -> None:
        if not phone.bucket.take():
            now = time.monotonic()
            if now - phone.last_rate_error >= RATE_ERROR_EVERY:
                phone.last_rate_error = now
                self._error(phone, "rate_limited")
            return  # dropped unread; the phone resends what was not acknowledged
        if isinstance(frame, bytes):
            self._error(phone, "binary_frame")
            return
        try:
            message = p.parse_incoming(frame)
        except p.BadFrame as bad:
            self._error(phone, bad.code, request=bad.request, note_id=bad.note_id, **bad.params)
            return
        note_id = getattr(message, "note_id", None)
        try:
            await self.dispatch(phone, message)
        except Refused as refused:
            self._error(phone, refused.code, request=message.type, note_id=note_id, **refused.params)
        except DomainError as error:
            self._send_error(phone, error.code, error_text(phone.language, error.code, error.params), message.type, note_id)
        except JournalWriteError as error:
            self.on_problem(str(error))
            self._error(phone, "not_stored", request=message.type, note_id=note_id)

    def _error(self, phone: Phone, code: str, request: str | None = None, note_id: str | None = None, **params: object) -> None:
        self._send_error(phone, code, t(phone.language, f"server.error.{code}", **params), request, note_id)

    def _send_error(self, phone: Phone, code: str, message: str, request: str | None, note_id: str | None) -> None:
        self.hub.send(phone, p.ErrorMsg(code=code, message=message, request=request, note_id=note_id))

    # -- messages ---------------------------------------------------------------------
    async def dispatch(self, phone: Phone, message: p.Incoming) -> None:
        if isinstance(message, p.Ping):
            self.hub.send(phone, p.Pong(server_time=time.time()))
            return
        if isinstance(message, (p.Hello, p.JoinMsg, p.ResumeMsg)):
            if message.lang is not None:
                phone.language = message.lang
            if isinstance(message, p.ResumeMsg) and self._valid_resume(message):
                self._admitted(phone)
                self._check_joinable(phone)
                await self.commits.settled()  # its snapshot shows only what is on disk
                self._resume(phone, message)  # a valid secret is never held up by guessing nearby
                return
            await self._check_code(phone, message.code)
            self._admitted(phone)
            table_group = self._table_group(phone, message) if not isinstance(message, p.ResumeMsg) else None
            if isinstance(message, p.Hello):
                self.hub.send(phone, views.session_info(self.state, phone.language, table_group))
                return
            self._check_joinable(phone)
            if isinstance(message, p.JoinMsg):
                await self._join(phone, message, table_group)
            else:
                await self.commits.settled()
                self._resume(phone, message)
            return
        if phone.participant_id is None:
            raise Refused("not_joined")
        if self.stopping:
            raise Refused("paused")
        pid = phone.participant_id
        match message:
            case p.NoteMsg():
                await self._execute(phone, cmd.AddNote(pid, message.note_id, message.exercise_id, message.lane_id, message.text))
                self._ack_note(phone, "note", message.note_id)
            case p.EditMsg():
                await self._execute(phone, cmd.EditNote(pid, message.note_id, message.text))
                self._ack_note(phone, "edit", message.note_id)
            case p.DeleteMsg():
                await self._execute(phone, cmd.DeleteNote(pid, message.note_id))
                self.hub.send(phone, p.Ack(request="delete", note_id=message.note_id))
            case p.VoteMsg():
                await self._execute(phone, cmd.CastVote(pid, message.note_id))
                self._ack_votes(phone, "vote", message.note_id)
            case p.UnvoteMsg():
                await self._execute(phone, cmd.RemoveVote(pid, message.note_id))
                self._ack_votes(phone, "unvote", message.note_id)
            case p.ProposeMsg():
                propose = cmd.ProposeLane(pid, message.lane_id, message.exercise_id, message.title, message.prompt or "")
                await self._execute(phone, propose)
                lane = self.state.exercises[message.exercise_id].proposed_lanes[message.lane_id]
                self.hub.send(phone, p.Ack(request="propose", lane=views.proposed_lane_view(lane, writable=True)))
            case p.LeaveMsg():
                await self._execute(phone, cmd.Leave(pid))
                self.hub.send(phone, p.Ack(request="leave"))
                self.hub.detach(phone)

    async def _execute(self, phone: Phone, command: cmd.AnyParticipantCommand) -> None:
        """Run a phone's command through the one write path; the listeners'
        pushes skip this phone (the origin), which gets the answer instead."""
        await self.commits.execute(command, origin=phone)

    def _ack_note(self, phone: Phone, request: p.AckRequest, note_id: str) -> None:
        """`ack` with the note as stored; `note` is null when this phone no
        longer shows it (deleted since it was first sent); a note hidden or
        merged since comes muted, as the author's phone shows it (issue 16)."""
        note = self.state.notes.get(note_id)
        viewer = self.state.participants.get(phone.participant_id or "")
        shown = note is not None and viewer is not None and views.shown_to(self.state, viewer, note)
        piece = views.note_json(self.state, note, mine=True) if shown and note is not None else None
        self.hub.deliver((phone,), views.note_ack(request, note_id, piece))

    def _ack_votes(self, phone: Phone, request: p.AckRequest, note_id: str) -> None:
        """`votes` (the dots in the note's exercise, whichever the room is on),
        then `ack`: also when the vote was there already and nothing changed."""
        votes = self.hub.votes_push(phone.participant_id or "", self.state.notes[note_id].exercise_id)
        if votes is not None:
            self.hub.send(phone, votes)
        self.hub.send(phone, p.Ack(request=request, note_id=note_id))

    # -- joining ----------------------------------------------------------------------
    async def _check_code(self, phone: Phone, code: str) -> None:
        """A wrong code says only that it is wrong. Past its allowance an
        address is slowed, never blocked: the check waits first, whatever the
        code, so a guess learns nothing sooner and the right code still gets in."""
        slowed = self.attempts.slowed(phone.address)
        if slowed:
            await asyncio.sleep(self.attempts.delay)
        if not codes_match(code, self.state.code):
            self.attempts.record(phone.address)
            raise Refused("too_many_attempts" if slowed else "bad_code")

    def _valid_resume(self, message: p.ResumeMsg) -> bool:
        """The right code and a participant's own secret: 192 random bits no one guesses."""
        participant = self.state.participants.get(message.participant_id)
        return (
            participant is not None
            and secret_matches(message.secret, participant.secret_hash)
            and codes_match(message.code, self.state.code)
        )

    @staticmethod
    def _admitted(phone: Phone) -> None:
        """The right code: this socket may stay as long as it likes."""
        if phone.hello_deadline is not None:
            phone.hello_deadline.cancel()
            phone.hello_deadline = None

    def _check_joinable(self, phone: Phone) -> None:
        if phone.participant_id is not None:
            raise Refused("already_joined")

    def _table_group(self, phone: Phone, message: p.Hello | p.JoinMsg) -> str | None:
        """The group a table card's token names; a token this session did not
        sign is refused (and counts as a wrong attempt, like a wrong code)."""
        if message.group_token is None:
            return None
        try:
            if self.table_keys is None:
                raise BadGroupToken(message.group_token)
            group_id = self.table_keys.group_of(message.group_token)
        except BadGroupToken:
            self.attempts.record(phone.address)
            raise Refused("bad_group_token") from None
        if self.state.group(group_id) is None:
            raise Refused("bad_group_token")
        return group_id

    async def _join(self, phone: Phone, message: p.JoinMsg, table_group: str | None = None) -> None:
        if self.stopping:
            raise Refused("paused")
        group_id = message.group_id
        free = self.state.plan is not None and self.state.plan.free_group_change
        if table_group is not None:
            if group_id is None:
                group_id = table_group
            elif group_id != table_group and not free:
                raise Refused("group_fixed")
        elif not free:
            # No card and no free choice: the server places the newcomer, so a
            # second identity cannot be steered into another group (issue 14,
            # attack 3); moving someone is the facilitator's move.
            group_id = None
        limit = self.joins_per_address()
        taken = self.joins.take(phone.address, limit) if limit is not None else None
        if limit is not None and taken is None:
            raise Refused("too_many_joins", limit=limit)
        participant_id = "p_" + secrets.token_urlsafe(9)
        secret = new_secret()
        command = cmd.Join(
            participant_id,
            secret_hash=hash_secret(secret),
            name=message.name,
            unit=message.unit,
            group_id=group_id,
        )
        try:
            await self._execute(phone, command)
        except BaseException:
            if taken is not None:
                self.joins.give_back(phone.address, taken)
            raise
        self.addresses[participant_id] = phone.address
        self._welcome(phone, participant_id, secret)

    def joins_per_address(self) -> int | None:
        """New participants a minute from one address: `facilitator run
        --joins-per-address` if given, else the plan's (None: no limit)."""
        if self.limits.joins_per_address is not None:
            return self.limits.joins_per_address
        plan = self.state.plan
        return plan.joins_per_address_per_minute if plan is not None else None

    def participants_per_address(self) -> dict[str, int]:
        """How many present participants each address holds, most first."""
        participants = self.state.participants
        counts: dict[str, int] = {}
        for pid, address in self.addresses.items():
            participant = participants.get(pid)
            if participant is not None and participant.present:
                counts[address] = counts.get(address, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def _resume(self, phone: Phone, message: p.ResumeMsg) -> None:
        participant = self.state.participants.get(message.participant_id)
        if participant is None or not secret_matches(message.secret, participant.secret_hash):
            self.attempts.record(phone.address)
            raise Refused("wrong_secret")
        if not participant.present:
            raise DomainError("participant_removed" if participant.removed else "participant_left")
        self.addresses[participant.id] = phone.address
        self._welcome(phone, participant.id, None, message.since)

    def _welcome(self, phone: Phone, participant_id: str, secret: str | None, since: int | None = None) -> None:
        participant = self.state.participants[participant_id]
        self.hub.attach(phone, participant_id)
        frame = self.hub.welcome(participant, phone.language, secret, since)
        self.hub.deliver((phone,), frame)
