"""Phases in order and stepping between the plan's exercises."""

from __future__ import annotations

from facilitator.config.models import Exercise
from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.events import Phase
from facilitator.core.state import SessionState

PHASE_WORDS: dict[str, Phase] = {"writing": "writing", "voting": "voting", "closed": "closed", "not_started": "not_started"}


def phases_of(exercise: Exercise) -> list[Phase]:
    """The exercise's phases in order; voting only when it gives dots."""
    if exercise.options.dots_per_participant > 0:
        return ["not_started", "writing", "voting", "closed"]
    return ["not_started", "writing", "closed"]


def neighbour_phase(exercise: Exercise, phase: Phase, step: int) -> Phase | None:
    phases = phases_of(exercise)
    index = (phases.index(phase) if phase in phases else 0) + step
    return phases[index] if 0 <= index < len(phases) else None


def step_phase(state: SessionState, exercise_id: str, step: int) -> cmd.SetPhase:
    """The next (`step` 1) or previous (-1) phase of the exercise."""
    exercise = exercise_of(state, exercise_id)
    target = neighbour_phase(exercise, state.exercises[exercise_id].phase, step)
    if target is None:
        raise DomainError("no_next_phase" if step > 0 else "no_previous_phase")
    return cmd.SetPhase(exercise_id, target)


def exercise_ids(state: SessionState) -> list[str]:
    return [exercise.id for exercise in state.plan.exercises] if state.plan else []


def neighbour_exercise(state: SessionState, step: int, from_id: str | None = None) -> str | None:
    """The exercise `step` places from `from_id` (by default the room's), if any."""
    ids = exercise_ids(state)
    start = from_id or state.current_exercise_id
    if start not in ids:
        return ids[0] if ids else None
    index = ids.index(start) + step
    return ids[index] if 0 <= index < len(ids) else None


def exercise_position(state: SessionState, exercise_id: str) -> tuple[int, int]:
    ids = exercise_ids(state)
    return ids.index(exercise_id) + 1, len(ids)


def step_exercise(state: SessionState, step: int) -> cmd.SetCurrentExercise:
    """Move the room to the next (1) or previous (-1) exercise of the plan."""
    target = neighbour_exercise(state, step)
    if target is None:
        raise DomainError("no_next_exercise" if step > 0 else "no_previous_exercise")
    return cmd.SetCurrentExercise(target)


def exercise_of(state: SessionState, exercise_id: str) -> Exercise:
    exercise = state.exercise(exercise_id)
    if exercise is None:
        raise DomainError("unknown_exercise")
    return exercise
