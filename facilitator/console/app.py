"""The host console: the facilitator's view of the meeting, in the same
process and event loop as the phones' server.

Every action the console takes is a facilitator command run through
`LiveSession.execute`, the one write path the phones use too. A refused
command becomes a notification in the facilitator's language; a journal
that cannot be written becomes a notification that says what to do. The
console subscribes to the session; the listener only bumps a version
number and schedules a redraw, at most `REFRESH_INTERVAL` apart, so 500
phones writing at once cost the event loop a redraw a few times a second,
not one per note.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding

from facilitator import actions
from facilitator.config.models import Visibility
from facilitator.console import model
from facilitator.console.localise import localise_bindings
from facilitator.console.screens.base import ConsoleScreen, LiveModal
from facilitator.console.screens.confirm import ConfirmQuit
from facilitator.console.screens.exercise import ExerciseScreen
from facilitator.console.screens.export import ExportScreen
from facilitator.console.screens.help import HelpScreen
from facilitator.console.screens.lobby import LobbyScreen
from facilitator.console.screens.moderation import ModerationScreen
from facilitator.console.screens.participants import ParticipantsScreen
from facilitator.console.screens.plenum import PlenumScreen
from facilitator.console.themes import LIGHT, THEMES, other_theme
from facilitator.core.commands import AnyFacilitatorCommand, StartExercise
from facilitator.core.errors import DomainError
from facilitator.core.events import Event
from facilitator.core.state import Participant
from facilitator.journal import JournalError
from facilitator.runtime import LiveSession
from facilitator.texts import t

if TYPE_CHECKING:
    from facilitator.gc_pacer import GcPacer
    from facilitator.server import SessionServer
    from facilitator.server.transport.check import Reached

REFRESH_INTERVAL = 0.05  # seconds between two redraws caused by the phones
CONFIRM_WINDOW = 10.0  # seconds in which the same key again confirms a guarded room move
SWITCH_DELAY = 0.001  # seconds Textual may hold the screen back when switching screens (not 0: its timer divides by it)


class ConsoleApp(App[None]):
    CSS_PATH = "console.tcss"
    TITLE = "Stjernestund"
    ENABLE_COMMAND_PALETTE = False
    DEFAULT_MODE = "lobby"
    # Classes on every screen by the terminal's size, for console.tcss: an
    # 80×24 or 100×30 terminal gets compact columns and fewer blank lines.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    MODES = {
        "lobby": LobbyScreen,
        "exercise": ExerciseScreen,
        "moderation": ModerationScreen,
        "plenum": PlenumScreen,
        "participants": ParticipantsScreen,
        "export": ExportScreen,
    }
    BINDINGS = [
        *(Binding(key, f"switch_mode('{mode}')", f"key.go_{mode}", show=False) for mode, key in (
            ("lobby", "1"), ("exercise", "2"), ("moderation", "3"), ("plenum", "4"), ("participants", "5"), ("export", "6"),
        )),
        Binding("question_mark,f1", "help", "key.help", key_display="?"),
        Binding("d", "toggle_theme", "key.theme"),
        Binding("w", "wall", "key.wall"),  # the projector wall's URL and QR code
        Binding("colon", "command_line", "key.command_line", key_display=":"),  # headless mode's typed commands
        Binding("k", "toggle_joining", "key.lock_joining"),  # close the door to newcomers, or open it
        Binding("v", "toggle_projector_safe", "key.projector_safe_on"),  # names and unrevealed notes: hidden / shown
        Binding("p", "retry_port", "key.retry_port"),
        Binding("q", "quit", "key.quit"),
        Binding("ctrl+q,ctrl+c", "quit", "key.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        session: LiveSession,
        *,
        language: str | None = None,
        server: SessionServer | None = None,
        join_url: str = "",
        presence: Callable[[], Collection[str]] | None = None,
        clock: Callable[[], float] = time.time,
        export_dir: Path | None = None,
        dark: bool = False,
        start: bool = False,
        after_start: Callable[[], None] | None = None,
        pacer: GcPacer | None = None,
        projector_safe: bool = True,
    ) -> None:
        """`server` is used through its documented interface only (see
        `SessionServer`); `pacer` is the GC pacer the composition root runs,
        told of each key press so no full collection lands on one.
        `projector_safe` starts the console hiding names and unrevealed
        notes (docs/console.md: on by default, the laptop is projected)."""
        super().__init__()
        self.session = session
        plan = session.state.plan
        self.language = language or (plan.language if plan else "da")
        self.server = server
        self._join_url = join_url
        self._presence = presence or (server.connected if server else frozenset)
        self.clock = clock
        self.export_dir = export_dir or Path.cwd()
        self.version = 0  # bumped on every change the screens may need to show
        self.server_problem: str | None = None
        self.listening = server is None  # the server listens: its join URL is real (no server: the URL given)
        self.projector_safe = projector_safe
        self._connected: frozenset[str] = frozenset(self._presence())
        self._pending_move: tuple[AnyFacilitatorCommand | None, float] = (None, 0.0)  # a guarded key pressed once, and when
        self._refresh_pending = False
        self._last_refresh = 0.0
        self._start_exercise = start
        self.pacer = pacer
        self._after_start = after_start
        self.reached: Reached | None = None  # the last phone that did the reachability check
        if server is not None:
            # A phone's note the journal could not store: the server reports it
            # through this hook (on stderr when headless); here it is a notification.
            server.on_problem = self.phone_problem
            server.reach.listeners.append(self._phone_reached)
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "stjernestund-dark" if dark else LIGHT.name
        localise_bindings(self, self.language)
        self._describe_projector_key()

    # -- texts and what every screen shows ------------------------------------------------
    def tr(self, key: str, **params: object) -> str:
        return t(self.language, f"console.{key}", **params)

    @property
    def join_url(self) -> str:
        if self.server is not None and self.server_problem is None:
            return self.server.join_url
        return self._join_url

    @property
    def qr_url(self) -> str:
        """The join URL a QR code may show: empty until the server listens (a
        taken port must not leave a code pointing at another program)."""
        return self.join_url if self.listening and self.server_problem is None else ""

    # -- projector-safe mode (docs/console.md) ------------------------------------------------
    def action_toggle_projector_safe(self) -> None:
        """Hide (or show again) names and the text of notes not yet revealed:
        the laptop's screen is often what the projector shows."""
        self.projector_safe = not self.projector_safe
        self._describe_projector_key()
        self.refresh_bindings()
        self.changed()

    def _describe_projector_key(self) -> None:
        """The footer says what `v` does now: the key's text follows the mode."""
        key = "key.projector_safe_off" if self.projector_safe else "key.projector_safe_on"
        mapping = self._bindings.key_to_bindings
        mapping["v"] = [replace(b, description=self.tr(key)) for b in mapping.get("v", [])]

    def hides_notes(self, exercise_id: str) -> bool:
        """True when the console must not show this exercise's note texts: in
        projector-safe mode, before the reveal, unless every group sees every note anyway."""
        if not self.projector_safe:
            return False
        state = self.session.state
        exercise = state.exercise(exercise_id)
        if exercise is None or state.exercises[exercise_id].revealed:
            return False
        return exercise.options.visibility is not Visibility.ALL

    def person_name(self, participant: Participant, number: int) -> str:
        """A participant as the console shows them: their name, or in
        projector-safe mode "Deltager 3" (the phone promised only the facilitator sees names)."""
        if self.projector_safe:
            return self.tr("participant_number", number=number)
        return model.participant_label(participant, number, self.language)

    @property
    def wall_url(self) -> str:
        """The projector wall's secret URL (docs/wall.md); empty without a listening server."""
        if self.server is not None and self.server_problem is None and self.server.port:
            return self.server.wall_url
        return ""

    @property
    def check_url(self) -> str:
        """The reachability check's page (docs/rooms.md); empty without a listening server."""
        if self.server is not None and self.server_problem is None and self.server.port:
            return self.server.check_url
        return ""

    def _phone_reached(self, phone: Reached) -> None:
        """A phone did the check: the lobby's line turns green (same loop as the server)."""
        self.reached = phone
        self.changed()

    def connected(self) -> frozenset[str]:
        return self._connected

    def per_address(self) -> tuple[tuple[str, int], ...]:
        """Present participants per address (the server's count), most first."""
        return tuple(self.server.participants_per_address().items()) if self.server is not None else ()

    def action_toggle_joining(self) -> None:
        """Lock joining (newcomers refused, resumes still work) or open it again."""
        self.run_line("unlock" if self.session.state.joining_locked else "lock")

    def join_bar_parts(self) -> tuple[str, str, str, str | None]:
        code = model.formatted_code(self.session.state.code)
        return (
            self.tr("join_bar.join", url=self.join_url),
            self.tr("join_bar.code", code=code),
            self.tr("join_bar.connected", count=len(self._connected)),
            self.server_problem,
        )

    # -- starting and stopping ------------------------------------------------------------
    async def on_mount(self) -> None:
        await self._mount_every_screen()
        self.session.subscribe(self._on_events)
        self.set_interval(1.0, self._tick)
        if self.server is not None:
            await self._start_server()
        if self._start_exercise and self.session.state.current_exercise_id:
            self.execute(StartExercise(self.session.state.current_exercise_id))

    async def _mount_every_screen(self) -> None:
        """Mount each screen once, out of sight, before the meeting needs it.

        A screen's first visit composes it and makes Textual parse the style
        sheet again for its widgets: 100–200 ms, once per screen, which would
        otherwise fall on the facilitator's first press of `3` in front of
        the room. `batch_update` keeps the screens from being drawn meanwhile."""
        with self.batch_update():
            for mode in self.MODES:
                if mode != self.DEFAULT_MODE:
                    await self.switch_mode(mode)
            await self.switch_mode(self.DEFAULT_MODE)

    def on_unmount(self) -> None:
        self.session.unsubscribe(self._on_events)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.pacer is not None:
            self.pacer.activity()
        await super().on_event(event)

    async def _start_server(self, port: int | None = None) -> None:
        assert self.server is not None
        try:
            await self.server.start(port)
        except OSError as error:
            port = self.server.requested_port
            self.listening = False
            self.server_problem = self.tr("port_problem", port=port, error=self._os_problem(error), next=port + 1)
            self.notify(self.server_problem, severity="error", timeout=30, markup=False)
        else:
            self.server_problem = None
            self.listening = True
            if self._after_start is not None:
                self._after_start()
        self.changed()
        self.refresh_bindings()

    def _os_problem(self, error: OSError) -> str:
        """Why the port could not be used, in the console's language (the
        OS's own message is English whatever the facilitator reads)."""
        known = {errno.EADDRINUSE: "in_use", errno.EACCES: "denied", errno.EADDRNOTAVAIL: "no_address"}
        reason = known.get(error.errno or 0)
        if reason is not None:
            return self.tr(f"port_reason.{reason}")
        return self.tr("port_reason.unknown", detail=error.strerror or str(error))

    async def action_retry_port(self) -> None:
        if self.server is None or self.server_problem is None:
            return
        await self._start_server(self.server.requested_port + 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_port":
            return self.server_problem is not None
        if action == "wall":
            return bool(self.wall_url)
        return True

    async def action_quit(self) -> None:
        """Quit; while phones are connected, ask first (they keep their notes and
        reconnect when the meeting is started again with the same journal)."""
        count = len(self._presence())
        if count == 0:
            self.exit()
            return
        if isinstance(self.screen, ConfirmQuit):
            return

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(ConfirmQuit(count), decided)

    def action_wall(self) -> None:
        from facilitator.console.screens.wall import WallDialog

        if not isinstance(self.screen, WallDialog):
            self.push_screen(WallDialog())

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds the screen back 50 ms when switching screens, to hide
        a screen composing itself. The console's screens are all composed at
        start (`_mount_every_screen`) and redraw within a few milliseconds of
        resuming, so the hold-back is only waiting: 50 ms is half of what a
        key press may take in all, and even 10 ms was 40 % of an idle switch."""
        super().delay_update(min(delay, SWITCH_DELAY))

    @work(exclusive=True, group="command-line")
    async def action_command_line(self) -> None:
        """Type one of headless mode's commands (`timer 1:30`, `highlight 12`,
        `followup add …`): the same table, acting on the exercise in view."""
        from facilitator.console.screens.dialogs import TextPrompt

        line = await self.push_screen_wait(TextPrompt(self.tr("command_line.title"), hint=self.tr("command_line.hint")))
        if isinstance(line, str):
            self.run_line(line)

    def run_line(self, line: str) -> None:
        screen = self.screen
        state = self.session.state
        exercise_id = screen.exercise_id if isinstance(screen, ConsoleScreen) else state.current_exercise_id
        assert exercise_id is not None
        context = actions.Context(state, exercise_id, self.language, self.clock(), len(self._connected), self.per_address())
        try:
            outcome = actions.run_line(line, context)
        except DomainError as error:
            self.notify(actions.error_text(error, self.language), severity="warning", markup=False)
            return
        for command in outcome.commands:
            if not self.execute(command):
                return
        if outcome.look is not None:
            if not (isinstance(screen, ConsoleScreen) and screen.LOOKS):
                self.notify(self.tr("look_elsewhere"), severity="warning", markup=False)
                return
            screen.show_exercise(outcome.look or None)  # as the screen's own < / >
        if outcome.export is not None:
            self.switch_mode("export")  # the appendix is written from its screen
        elif outcome.lines:
            self.notify("\n".join(outcome.lines), timeout=max(5, len(outcome.lines)), markup=False)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = other_theme(self.theme)

    # -- the one write path -----------------------------------------------------------------
    def act(self, build: Callable[[], AnyFacilitatorCommand]) -> bool:
        """Build a command with `facilitator.actions` and run it; an action
        that refuses (the last exercise, a closed phase) says why, like the core."""
        try:
            command = build()
        except DomainError as error:
            self.notify(actions.error_text(error, self.language), severity="warning", markup=False)
            return False
        return self.execute(command)

    def guarded(self, build: Callable[[], AnyFacilitatorCommand]) -> bool:
        """A key that moves the whole room: asks first (the same key again
        within `CONFIRM_WINDOW` seconds) when `actions.guard_problem` says it
        takes phones from their work or opens a vote on hidden notes."""
        try:
            command = build()
        except DomainError as error:
            self.notify(actions.error_text(error, self.language), severity="warning", markup=False)
            return False
        problem = actions.guard_problem(self.session.state, command, len(self._connected))
        now = time.monotonic()
        pending, asked_at = self._pending_move
        if problem is not None and not (pending == command and now - asked_at < CONFIRM_WINDOW):
            self._pending_move = (command, now)
            self.notify(self.tr(f"guard.{problem.code}", **problem.params), severity="warning", timeout=CONFIRM_WINDOW, markup=False)
            return False
        self._pending_move = (None, 0.0)
        return self.execute(command)

    def execute(self, command: AnyFacilitatorCommand) -> bool:
        """Run a facilitator command through the live session. False (and a
        notification saying why) when it was refused or could not be stored."""
        try:
            self.session.execute(command)
        except DomainError as error:
            self.notify(actions.error_text(error, self.language), severity="warning", markup=False)
            return False
        except JournalError as error:
            self.notify(self.tr("journal_failed", detail=str(error)), title=self.tr("journal_failed_title"), severity="error", timeout=60, markup=False)
            return False
        self.refresh_views()  # the facilitator's own key: show its effect at once
        return True

    def phone_problem(self, detail: str) -> None:
        self.notify(self.tr("phone_not_stored", detail=detail), title=self.tr("journal_failed_title"), severity="error", timeout=60, markup=False)

    # -- keeping the screens up to date -------------------------------------------------------
    def _on_events(self, events: list[Event], origin: object) -> None:
        """Called by the live session after each commit: cheap on purpose."""
        self.changed()

    def changed(self) -> None:
        self.version += 1
        if self._refresh_pending:
            return
        self._refresh_pending = True
        delay = self._last_refresh + REFRESH_INTERVAL - time.monotonic()
        if delay > 0:
            self.set_timer(delay, self.refresh_views)
        else:
            self.call_later(self.refresh_views)

    def refresh_views(self) -> None:
        self._refresh_pending = False
        self._last_refresh = time.monotonic()
        for screen in self.screen_stack:
            if isinstance(screen, ConsoleScreen | LiveModal) and screen.is_mounted:
                screen.update_view()

    def _tick(self) -> None:
        connected = frozenset(self._presence())
        if connected != self._connected:
            self._connected = connected
            self.changed()
        for screen in self.screen_stack:
            if isinstance(screen, ConsoleScreen) and screen.is_mounted:
                screen.tick()
