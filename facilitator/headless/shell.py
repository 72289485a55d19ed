"""Headless mode: the server without a console, run from standard input.

Prints `Join: <url>`, the QR code and `Wall: <url>` (the projector's page)
once the server listens, then one log line per join, note and phase change.
Each line typed on standard input is a facilitator command (`controls.py`,
over the table in `facilitator/actions/` that the console uses too). The
end of standard input does not stop the server (it may run with no terminal
at all); SIGINT or SIGTERM stop it cleanly: phones are told the session
paused and the journal is closed.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from facilitator.actions import NOTE_PREVIEW, group_label
from facilitator.core import events as ev
from facilitator.headless.controls import Controls
from facilitator.printable import one_line
from facilitator.server import SessionServer
from facilitator.server.transport.check import Reached
from facilitator.server.transport.qr import terminal_qr
from facilitator.texts import t


class ListenError(Exception):
    """The server could not listen (port taken, address not this machine's)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class Printer:
    """Lines flushed as they come, so a pipe reader sees each one at once:
    on the event loop, once at the end of the loop's turn (a room joining
    logs a line per join, and a commit of forty joins made forty writes to
    the terminal, each a system call on the path the phones wait on);
    anywhere else, at once."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._flush_due = False

    def __call__(self, text: str) -> None:
        self.out.write(text + "\n")
        if self._flush_due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.out.flush()
            return
        self._flush_due = True
        loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_due = False
        self.out.flush()

    def log(self, text: str) -> None:
        self(f"{time.strftime('%H:%M:%S')}  {text}")


class EventLog:
    """The headless log: one line per join, note and phase change (and the
    other changes of the room), in the facilitator's language."""

    def __init__(self, server: SessionServer, language: str, say: Printer) -> None:
        self.server = server
        self.language = language
        self.say = say

    def _t(self, key: str, **params: object) -> str:
        return t(self.language, f"server.log.{key}", **params)

    def _group(self, group_id: str) -> str:
        group = self.server.session.state.group(group_id)
        return group_label(group, self.language) if group else group_id

    def __call__(self, events: list[ev.Event], origin: object) -> None:
        state = self.server.session.state
        for event in events:
            match event:
                case ev.ParticipantJoined():
                    who = one_line(event.name or self._t("anonymous"))
                    if event.unit:
                        who = f"{who} ({event.unit})"
                    self.say.log(self._t("joined", who=who, group=self._group(event.group_id)))
                case ev.NoteAdded():
                    text = one_line(event.text)
                    text = text if len(text) <= NOTE_PREVIEW else text[: NOTE_PREVIEW - 1] + "…"
                    self.say.log(self._t("note", group=self._group(event.group_id), lane=event.lane_id, text=text))
                case ev.PhaseSet(exercise_id=eid, phase=phase):
                    self.say.log(self._t("phase", exercise=eid, phase=t(self.language, f"actions.phase_{phase}")))
                case ev.CurrentExerciseSet(exercise_id=eid):
                    self.say.log(self._t("exercise", exercise=eid))
                case ev.NotesRevealed(exercise_id=eid, revealed=revealed):
                    self.say.log(self._t("revealed" if revealed else "unrevealed", exercise=eid))
                case ev.TimerSet(exercise_id=eid, ends_at=ends_at):
                    if ends_at is None:
                        self.say.log(self._t("timer_stopped", exercise=eid))
                    else:
                        at = time.strftime("%H:%M:%S", time.localtime(ends_at))
                        self.say.log(self._t("timer", exercise=eid, at=at))
                case ev.ParticipantLeft(participant_id=pid):
                    participant = state.participants.get(pid)
                    who = one_line((participant.name if participant else None) or self._t("anonymous"))
                    self.say.log(self._t("left", who=who))
                case ev.JoiningLocked(locked=locked):
                    self.say.log(self._t("joining_locked" if locked else "joining_opened"))
                case ev.ParticipantRemoved(participant_id=pid, notes_kept=kept):
                    participant = state.participants.get(pid)
                    who = one_line((participant.name if participant else None) or self._t("anonymous"))
                    self.say.log(self._t("removed_kept" if kept else "removed_dropped", who=who))
                case _:
                    pass


def _read_lines(stdin: TextIO, deliver: Callable[[str], None]) -> None:
    """Read standard input in a daemon thread (works for a terminal, a pipe or a
    file alike); at its end, simply stop reading: the server carries on."""
    try:
        for line in stdin:
            deliver(line)
    except (OSError, ValueError, RuntimeError):
        pass  # stdin closed under us, or the loop is gone: nothing more to read


def catch_stop_signals(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> Callable[[], None]:
    """Ctrl-C and SIGTERM set `stop`; returns how to undo that. Windows'
    event loop has no `add_signal_handler`: there a plain signal handler
    hands the signal to the loop instead (Ctrl-C still stops cleanly)."""
    signals = (signal.SIGINT, signal.SIGTERM)
    try:
        for sig in signals:
            loop.add_signal_handler(sig, stop.set)
    except (NotImplementedError, RuntimeError):
        previous = {sig: signal.getsignal(sig) for sig in signals}
        for sig in signals:
            signal.signal(sig, lambda _sig, _frame: loop.call_soon_threadsafe(stop.set))

        def restore_plain() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

        return restore_plain

    def restore() -> None:
        for sig in signals:
            loop.remove_signal_handler(sig)

    return restore


async def run_headless(
    server: SessionServer,
    controls: Controls,
    *,
    language: str,
    out: TextIO,
    stdin: TextIO | None,
    start: bool = False,
    after_start: Callable[[], None] | None = None,
) -> None:
    """Run until SIGINT/SIGTERM. Raises `ListenError` if the server cannot listen."""
    loop = asyncio.get_running_loop()
    say = Printer(out)
    stop = asyncio.Event()
    restore = catch_stop_signals(loop, stop)
    log = EventLog(server, language, say)
    server.session.subscribe(log)

    def reached(phone: Reached) -> None:
        say.log(t(language, "server.log.reached", ms=phone.ms, device=phone.device, address=phone.address))

    server.reach.listeners.append(reached)
    try:
        try:
            await server.start()
        except OSError as error:
            raise ListenError(error) from error
        say(f"Join: {server.join_url}")
        say(terminal_qr(server.join_url))
        say(f"Wall: {server.wall_url}")  # the projector's page; not for the participants
        if server.wifi is not None:
            say(t(language, "server.log.wifi", network=one_line(server.wifi.ssid)))
            say(terminal_qr(server.wifi.qr_payload()))
        say(t(language, "server.log.check", url=server.check_url))
        if after_start is not None:
            after_start()
        if start:
            for line in controls.run("start"):
                say(line)
        say(t(language, "server.log.ready"))

        def on_line(line: str) -> None:
            try:
                for reply in controls.run(line):
                    say(reply)
            except Exception as error:  # noqa: BLE001 - a typo must never stop the meeting
                say(t(language, "headless.failed", error=str(error)))

        if stdin is not None:
            thread = threading.Thread(
                target=_read_lines,
                args=(stdin, lambda line: loop.call_soon_threadsafe(on_line, line)),
                name="stdin-controls",
                daemon=True,
            )
            thread.start()
        await stop.wait()
        say(t(language, "server.log.stopping"))
    finally:
        server.session.unsubscribe(log)
        await server.stop()  # signals stay caught meanwhile: a second Ctrl-C does not cut the stop short
        restore()
    say(t(language, "server.log.stopped"))


def stdin_or_none() -> TextIO | None:
    return sys.stdin if sys.stdin is not None and not sys.stdin.closed else None
