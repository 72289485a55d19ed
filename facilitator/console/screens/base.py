"""What every console screen shares: the bars, the footer, and how it is told
that the session changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message_pump import MessagePump
from textual.screen import ModalScreen, Screen

from facilitator import actions
from facilitator.console.localise import localise_bindings
from facilitator.console.widgets.bars import SCREENS, JoinBar, NavBar
from facilitator.console.widgets.keys import KeyFooter
from facilitator.core.errors import DomainError

if TYPE_CHECKING:
    from facilitator.config.models import Exercise
    from facilitator.console.app import ConsoleApp


Result = TypeVar("Result")


class OfTheConsole(MessagePump):
    """What every console screen and dialog reads: the app, typed, and its texts."""

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def tr(self, key: str, **params: object) -> str:
        return self.console.tr(key, **params)

    def tr_count(self, key: str, count: int, **params: object) -> str:
        """'1 deltager' / '3 deltagere': the `.one` or `.other` form of `key`."""
        return self.tr(f"{key}.one" if count == 1 else f"{key}.other", count=count, **params)


class ConsoleScreen(OfTheConsole, Screen[None]):
    """A screen of the console. Subclasses compose their body and redraw it in
    `refresh_view`, which the app calls after changes (throttled)."""

    MODE: ClassVar[str] = ""
    chosen_exercise: str | None = None  # None: follow the room; moderation and plenum may look at another

    def __init__(self) -> None:
        super().__init__()
        self._shown_version = -1
        self._left_with: tuple[object, ...] | None = None  # see on_screen_resume
        localise_bindings(self, self.console.language)

    @property
    def exercise_id(self) -> str:
        """The exercise this screen shows: the one chosen here, else the room's."""
        chosen = self.chosen_exercise or self.console.session.state.current_exercise_id
        assert chosen is not None  # a plan has at least one exercise
        return chosen

    @property
    def exercise(self) -> Exercise:
        exercise = self.console.session.state.exercise(self.exercise_id)
        assert exercise is not None
        return exercise

    LOOKS: ClassVar[bool] = False  # True: may show another exercise than the room's (< / >, `:look`)

    def show_exercise(self, exercise_id: str | None) -> None:
        """Show `exercise_id` on this screen (None: follow the room again)."""
        self.chosen_exercise = exercise_id
        self.exercise_changed()
        self.update_view(force=True)

    def exercise_changed(self) -> None:
        """The screen now shows another exercise: forget what was drawn for the last one."""

    def look_at_exercise(self, step: int) -> bool:
        """Show the exercise `step` places away on this screen only (the room
        stays where it is). False at either end of the plan."""
        target = actions.neighbour_exercise(self.console.session.state, step, from_id=self.exercise_id)
        if target is None:
            return False
        self.chosen_exercise = target
        return True

    def compose(self) -> ComposeResult:
        labels = {mode: self.tr(f"screen.{mode}") for mode, _ in SCREENS}
        yield NavBar(self.MODE, labels)
        with Vertical(classes="body"):
            yield from self.compose_body()
        yield JoinBar()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.update_view(force=True)

    def on_screen_suspend(self) -> None:
        self._left_with = self._style_inputs()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every widget of the screen it switches to, a third of
        # what a switch costs. Our styles change only with the theme and with
        # the terminal's focus; the rest (a class set by `refresh_view`) is
        # restyled when it is set, on a hidden screen too.
        if self._left_with == self._style_inputs():
            event.refresh_styles = False
        self.update_view()

    def _style_inputs(self) -> tuple[object, ...]:
        app = self.app
        return (app.theme, app.app_focus, app.size)

    def update_view(self, force: bool = False) -> None:
        """Redraw if the session (or who is connected) changed since the last time.
        Not before the screen is mounted: an event can arrive while the console
        is still composing its screens at start; mounting draws it then."""
        if not self.is_mounted:
            return
        console = self.console
        if not force and self._shown_version == console.version:
            return
        self._shown_version = console.version
        self.refresh_view()
        self.query_one(JoinBar).show(*console.join_bar_parts())
        safe = console.projector_safe
        self.query_one(NavBar).show_badge(self.tr("safe.badge_on" if safe else "safe.badge_off"), safe)

    def refresh_view(self) -> None:
        """Redraw the body from the session state."""

    def tick(self) -> None:
        """Called once a second (countdowns)."""

    def action_results(self) -> None:
        """`c`: the vote's results for the exercise this screen shows, live."""
        from facilitator.console.screens.results import VoteResults  # the results screen is built on this module

        if self.exercise.options.dots_per_participant == 0:
            self.notify(actions.error_text(DomainError("no_voting"), self.console.language), severity="warning", markup=False)
            return
        self.app.push_screen(VoteResults(self.exercise_id))


class ConsoleModal(OfTheConsole, ModalScreen[Result]):
    """A dialog: its keys in the facilitator's language, Escape cancels."""

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self, self.console.language)


class LiveModal(ConsoleModal[None]):
    """A dialog that follows the session while it is open (the vote's
    results): the app redraws it with the screens (`refresh_view`)."""

    def __init__(self) -> None:
        super().__init__()
        self._shown_version = -1

    def update_view(self, force: bool = False) -> None:
        version = self.console.version
        if force or self._shown_version != version:
            self._shown_version = version
            self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw from the session state."""
