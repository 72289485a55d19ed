"""The exercise screen: the board filling in, the newest notes, the phase and
the countdown, and the keys that run the exercise."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from facilitator import actions
from facilitator.config.models import Visibility
from facilitator.console import model
from facilitator.console.screens.base import ConsoleScreen
from facilitator.console.screens.dialogs import ChoicePrompt, TextPrompt
from facilitator.console.widgets.board import Board, NoteFeed
from facilitator.console.widgets.line import Line
from facilitator.console.widgets.timer import PhaseBox, TimerDisplay
from facilitator.core import commands as cmd
from facilitator.core import ranking
from facilitator.core.errors import DomainError
from facilitator.core.state import SessionState

NO_FOCUS = "*"  # the focus dialog's first choice: the wall's normal view (no lane id has a star)


class ExerciseScreen(ConsoleScreen):
    MODE = "exercise"
    BINDINGS = [
        Binding("s", "start", "key.start"),
        Binding("n", "phase(1)", "key.next_phase"),
        Binding("b", "phase(-1)", "key.previous_phase"),
        Binding("r", "reveal", "key.reveal"),
        Binding("t", "set_timer", "key.timer"),
        Binding("plus", "extend_timer", "key.extend", key_display="+"),
        Binding("x", "stop_timer", "key.stop_timer"),
        Binding("o", "focus_lane", "key.focus_lane"),  # fOcus: one lane big on the wall (v is the projector-safe mode, z undo)
        Binding("pagedown,greater_than_sign", "exercise(1)", "key.next_exercise", key_display="PgDn"),
        Binding("pageup,less_than_sign", "exercise(-1)", "key.previous_exercise", key_display="PgUp"),
        Binding("c", "results", "key.results"),  # c: count (v is the projector-safe mode, p the port)
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="ex-head"):
            with Vertical(id="ex-titles"):
                yield Line(id="ex-title")
                yield Line(id="ex-instructions")
                yield Line(id="ex-status")
            yield PhaseBox(id="phase")
            yield TimerDisplay(self.tr("exercise.timer"), id="timer")
        yield Line(id="ex-votes")  # while voting and after: who has voted (`c`: the dots per group and the ranking)
        with Horizontal(id="ex-body"):
            with VerticalScroll(id="board-pane"):
                yield Board(id="board")
            yield NoteFeed(id="feed")

    def refresh_view(self) -> None:
        console = self.console
        state = console.session.state
        language = console.language
        exercise = self.exercise
        ex_state = state.exercises[exercise.id]
        number, count = model.exercise_position(state, exercise.id)
        self.query_one("#ex-title", Line).show(
            self.tr("exercise.title", number=number, count=count, title=exercise.title.get(language))
        )
        self.query_one("#ex-instructions", Line).show(exercise.instructions.get(language))
        connected = model.connected_by_group(state, set(console.connected()))
        board = self.query_one(Board)
        board.show(state, exercise.id, language, connected)
        self.query_one(NoteFeed).show(state, exercise.id, language, hidden=console.hides_notes(exercise.id))
        revealed = self.tr(_who_sees(ex_state.revealed, exercise.options.visibility))
        status = self.tr_count("exercise.status", board.total_shown, revealed=revealed)
        focus = _focus_text(self, state, exercise.id)
        self.query_one("#ex-status", Line).show(f"{status} · {focus}" if focus else status)
        self.query_one(PhaseBox).show(ex_state.phase, self.tr(f"phase.{ex_state.phase}"))
        self._show_votes(ex_state.phase in ("voting", "closed") and exercise.options.dots_per_participant > 0)
        self.tick()

    def _show_votes(self, voting: bool) -> None:
        """The vote's progress on one line under the head, the full width (80
        columns hold it); `c` opens the dots per group and the ranking."""
        votes = self.query_one("#ex-votes", Line)
        votes.display = voting
        if voting:
            state, language = self.console.session.state, self.console.language
            progress = ranking.vote_progress(state, self.exercise_id)
            votes.show(actions.progress_text(progress, language))

    def tick(self) -> None:
        ends_at = self.console.session.state.exercises[self.exercise_id].timer_ends_at
        # `query`, not `query_one`: the once-a-second tick can fall while the
        # screen is between two compositions (`:look` switching its exercise
        # on a busy machine), when it has no countdown to update.
        for display in self.query(TimerDisplay):
            display.show(ends_at, self.console.clock())

    # -- actions: each one a facilitator command ----------------------------------------
    def action_start(self) -> None:
        self.console.guarded(lambda: cmd.StartExercise(self.exercise_id))

    def action_phase(self, step: int) -> None:
        self.console.guarded(lambda: actions.step_phase(self.console.session.state, self.exercise_id, step))

    def action_reveal(self) -> None:
        revealed = self.console.session.state.exercises[self.exercise_id].revealed
        self.console.execute(cmd.Reveal(self.exercise_id, not revealed))

    @work(exclusive=True, group="timer")
    async def action_set_timer(self) -> None:
        exercise = self.exercise
        exercise_id = exercise.id
        answer = await self.app.push_screen_wait(
            TextPrompt(
                self.tr("exercise.timer_prompt"),
                str(exercise.options.writing_minutes),
                hint=self.tr("exercise.timer_hint"),
                check=self._timer_problem,
                select=True,
            )
        )
        if isinstance(answer, str):
            request = actions.parse_timer(answer, exercise.options.writing_minutes)
            self.console.execute(request.command(exercise_id))

    def _timer_problem(self, text: str) -> str | None:
        """What is wrong with a typed countdown (the rules headless mode uses too), or None."""
        try:
            actions.parse_timer(text, self.exercise.options.writing_minutes)
        except DomainError as error:
            return actions.error_text(error, self.console.language)
        return None

    def action_extend_timer(self) -> None:
        self.console.execute(cmd.ExtendTimer(self.exercise_id, actions.EXTEND_SECONDS))

    def action_stop_timer(self) -> None:
        self.console.execute(cmd.SetTimer(self.exercise_id, None))

    def action_exercise(self, step: int) -> None:
        self.console.guarded(lambda: actions.step_exercise(self.console.session.state, step))

    @work(exclusive=True, group="dialog")
    async def action_focus_lane(self) -> None:
        """Pick the lane the wall shows big (or none: the wall's normal view)."""
        state = self.console.session.state
        exercise_id = self.exercise_id
        lanes = [(row.id, row.title) for row in model.lanes_of(state, self.exercise, self.console.language)]
        choices = [(NO_FOCUS, self.tr("exercise.focus_none")), *lanes]
        current = state.exercises[exercise_id].focus_lane or NO_FOCUS
        picked = await self.app.push_screen_wait(ChoicePrompt(self.tr("exercise.focus_title"), choices, current=current))
        if isinstance(picked, str):
            self.console.execute(cmd.FocusLane(exercise_id, None if picked == NO_FOCUS else picked))


def _focus_text(screen: ExerciseScreen, state: SessionState, exercise_id: str) -> str:
    """What the wall has in focus (`o`), so the facilitator knows what the room sees; "" for none."""
    ex_state = state.exercises[exercise_id]
    if ex_state.focus_lane is None or not ex_state.revealed:
        return ""
    note = state.notes.get(ex_state.focus_note or "")
    if note is not None:
        return screen.tr("exercise.focus_note", number=actions.note_number(note))
    lanes = actions.lane_titles(state, screen.exercise, screen.console.language)
    return screen.tr("exercise.focus_lane", lane=lanes.get(ex_state.focus_lane, ex_state.focus_lane))


def _who_sees(revealed: bool, visibility: Visibility) -> str:
    """The status line's key for who sees which notes now: the plan's
    visibility unless the facilitator revealed them (it said "groups see their
    own notes only" even for an exercise that shows everything)."""
    if revealed:
        return "exercise.revealed"
    if visibility is Visibility.ALL:
        return "exercise.visible_all"
    if visibility is Visibility.HIDDEN:
        return "exercise.visible_hidden"
    return "exercise.not_revealed"
