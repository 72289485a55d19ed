"""Room moves that ask first (issue 16): leaving an exercise the phones are
writing or voting in, reopening a closed one, and a vote on notes each group
sees only its own of. Both UIs ask the same question: headless mode wants the
line again with a `!` (as the timer does above two hours), the console the
same key again."""

from __future__ import annotations

from facilitator.config.models import Visibility
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.state import SessionState

BUSY_PHASES = ("writing", "voting")


def guard_problem(state: SessionState, command: cmd.AnyFacilitatorCommand, connected: int) -> DomainError | None:
    """Why `command` should be confirmed first, or None. A room move with no
    phone connected asks nothing: nobody is taken away from their work."""
    if isinstance(command, cmd.SetCurrentExercise | cmd.StartExercise) and connected:
        current = state.current_exercise_id
        if (
            current
            and command.exercise_id != current
            and current in state.exercises
            and state.exercises[current].phase in BUSY_PHASES
        ):
            return DomainError("confirm_room_move", phones=connected)
        target = state.exercises.get(command.exercise_id)
        if isinstance(command, cmd.StartExercise) and target is not None and target.phase == "closed":
            return DomainError("confirm_reopen", phones=connected)
    if isinstance(command, cmd.SetPhase) and command.phase == "voting":
        exercise = state.exercise(command.exercise_id)
        ex_state = state.exercises.get(command.exercise_id)
        if (
            exercise
            and ex_state
            and exercise.options.dots_per_participant > 0  # no dots: the core says so itself
            and ex_state.phase != "voting"
            and not ex_state.revealed
            and exercise.options.visibility is Visibility.GROUP
        ):
            return DomainError("confirm_vote_hidden", phones=connected)
    return None
