"""Read exercise and plan files (TOML) into the models, or say what is wrong.

Public API (the console, server and export code against it):

- `load_exercise(path) -> Exercise`
- `load_plan(path) -> ResolvedPlan` (every referenced exercise file read in)
- `load_any(path) -> Exercise | ResolvedPlan` (decides by content, see `file_kind`)
- `check_files(paths) -> list[Problem]`

The loaders raise `ConfigError`, whose `.problems` lists every problem found,
not just the first: a facilitator fixing a file before a meeting should see
them all at once. Nothing here raises anything else for bad input.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from facilitator.config.explain import explain
from facilitator.config.locate import key_lines, line_of
from facilitator.config.models import Exercise, ResolvedPlan, SessionPlan
from facilitator.config.problems import ConfigError, Expected, Problem, format_key_path
from facilitator.resources import exercises_dir

FileKind = Literal["plan", "exercise"]
M = TypeVar("M", bound=BaseModel)

# What makes a file a plan or an exercise (see docs/exercises.md).
PLAN_KEYS = ("exercises", "date")
EXERCISE_KEYS = ("lanes", "kind")

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def file_kind(data: dict[str, Any]) -> FileKind | None:
    """A plan has `exercises` or `date` at the top; otherwise an exercise has
    `lanes` or `kind`. A file with neither is neither."""
    if any(key in data for key in PLAN_KEYS):
        return "plan"
    if any(key in data for key in EXERCISE_KEYS):
        return "exercise"
    return None


def load_exercise(path: str | Path) -> Exercise:
    """An exercise file, validated."""
    file = str(path)
    data, text = _read(Path(path), file)
    if file_kind(data) == "plan":
        raise ConfigError([Problem(file, "", 1, Expected.of("not_exercise"))])
    return _validate(Exercise, data, text, file)


def load_plan(path: str | Path) -> ResolvedPlan:
    """A plan file with every exercise read in (inline or from its file)."""
    file = str(path)
    data, text = _read(Path(path), file)
    if file_kind(data) == "exercise":
        raise ConfigError([Problem(file, "", 1, Expected.of("not_plan"))])
    return _resolve(Path(path), data, text)


def load_any(path: str | Path) -> Exercise | ResolvedPlan:
    """An exercise or a plan, whichever the file is."""
    file = str(path)
    data, text = _read(Path(path), file)
    kind = file_kind(data)
    if kind == "plan":
        return _resolve(Path(path), data, text)
    if kind == "exercise":
        return _validate(Exercise, data, text, file)
    raise ConfigError([Problem(file, "", 1, Expected.of("unknown_kind"))])


def check_file(path: str | Path) -> list[Problem]:
    """Every problem in one file (and in the exercise files a plan refers to)."""
    try:
        load_any(path)
    except ConfigError as error:
        return error.problems
    return []


def check_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in these files, each reported once."""
    problems: dict[Problem, None] = {}
    for path in paths:
        problems.update(dict.fromkeys(check_file(path)))
    return list(problems)


# -- reading --


def _read(path: Path, file: str) -> tuple[dict[str, Any], str]:
    """The file's TOML table and its text, or a ConfigError saying why not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError([Problem(file, "", None, Expected.of("file_missing"))]) from None
    except IsADirectoryError:
        raise ConfigError([Problem(file, "", None, Expected.of("not_a_file"))]) from None
    except OSError as exc:
        if path.is_dir():
            raise ConfigError([Problem(file, "", None, Expected.of("not_a_file"))]) from None
        reason = exc.strerror or exc.__class__.__name__
        raise ConfigError([Problem(file, "", None, Expected.of("unreadable", reason=reason))]) from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM from Notepad is harmless
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        expected = Expected.of("not_utf8", byte=f"0x{raw[exc.start]:02X}", column=exc.start - line_start + 1)
        raise ConfigError([Problem(file, "", line, expected)]) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_syntax_problem(file, str(exc), text)]) from None


def _syntax_problem(file: str, message: str, text: str) -> Problem:
    """tomllib says where in its message: "... (at line 3, column 7)"."""
    match = _TOML_POSITION.search(message)
    detail = _TOML_POSITION.sub("", message).strip()
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:  # at end of document: just after the last character written
        body = text.rstrip("\r\n")
        line = body.count("\n") + 1
        column = len(body) - body.rfind("\n")
    return Problem(file, "", max(line, 1), Expected.of("toml_syntax", column=column, detail=detail))


def _validate(model: type[M], data: dict[str, Any], text: str, file: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = sorted(explain(error, model, data, text, file), key=lambda problem: problem.line or 0)
        raise ConfigError(problems) from None


# -- plans --


def _resolve(path: Path, data: dict[str, Any], text: str) -> ResolvedPlan:
    """Validate the plan, read every referenced exercise, and report all that
    is wrong in the plan and in those files together."""
    file = str(path)
    plan_problems: list[Problem] = []
    plan: SessionPlan | None = None
    try:
        plan = _validate(SessionPlan, data, text, file)
    except ConfigError as error:
        plan_problems.extend(error.problems)

    lines = key_lines(text)
    entries = data.get("exercises")
    exercises: list[Exercise | None] = []
    file_problems: list[Problem] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        reference = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(reference, str) or not reference.strip():
            exercises.append(None)  # inline, or wrong in a way validation reported
            continue
        key = ("exercises", index, "file")
        candidates = _exercise_file_candidates(path.parent, reference.strip())
        found = next((candidate for candidate in candidates if candidate.is_file()), None)
        if found is None:
            looked, bundled = (str(candidate) for candidate in candidates)
            expected = Expected.of("exercise_file_missing", name=reference.strip(), looked=looked, bundled=bundled)
            plan_problems.append(Problem(file, format_key_path(key), line_of(lines, key), expected))
            exercises.append(None)
            continue
        try:
            exercises.append(load_exercise(found))
        except ConfigError as error:
            file_problems.extend(error.problems)
            exercises.append(None)

    if plan is not None:
        for index, entry in enumerate(plan.exercises):
            if isinstance(entry, Exercise):
                exercises[index] = entry
    if plan is not None and not plan_problems and not file_problems:
        plan_problems.extend(_duplicate_exercises(file, lines, data, exercises))
    if plan is None or plan_problems or file_problems:
        raise ConfigError(sorted(plan_problems, key=lambda problem: problem.line or 0) + file_problems)

    groups = plan.groups
    return ResolvedPlan(
        title=plan.title,
        date=plan.date,
        network=plan.network,
        language=plan.language,
        group_names=list(groups) if isinstance(groups, list) else None,
        group_count=len(groups) if isinstance(groups, list) else groups,
        units=plan.units,
        ask_names=plan.ask_names,
        show_names=plan.show_names,
        names_in_appendix=plan.names_in_appendix,
        free_group_change=plan.free_group_change,
        wifi=plan.wifi,
        appendix=plan.appendix,
        agenda_item=plan.agenda_item,
        time=plan.time,
        place=plan.place,
        people_per_group=plan.people_per_group,
        joins_per_address_per_minute=plan.joins_per_address_per_minute,
        participants_per_address=plan.participants_per_address,
        notes_per_minute=plan.notes_per_minute,
        notes_per_exercise=plan.notes_per_exercise,
        proposals_per_group=plan.proposals_per_group,
        max_phones=plan.max_phones,
        exercises=[exercise for exercise in exercises if exercise is not None],
    )


def _exercise_file_candidates(plan_folder: Path, reference: str) -> tuple[Path, Path]:
    """Where a referenced exercise is looked for, in order: beside the plan;
    then among the bundled exercises, by file name."""
    return plan_folder / reference, exercises_dir() / Path(reference).name


def _duplicate_exercises(
    file: str, lines: dict[Any, int], data: dict[str, Any], exercises: list[Exercise | None]
) -> list[Problem]:
    """Two entries with the same exercise id (often the same file twice): the
    session could not tell them apart."""
    problems: list[Problem] = []
    first_index: dict[str, int] = {}
    for index, exercise in enumerate(exercises):
        if exercise is None:
            continue
        if exercise.id not in first_index:
            first_index[exercise.id] = index
            continue
        entry = data["exercises"][index]
        key = ("exercises", index, "file" if "file" in entry else "id")
        expected = Expected.of(
            "exercise_id_duplicate",
            exercise_id=exercise.id,
            first=format_key_path(("exercises", first_index[exercise.id])),
        )
        problems.append(Problem(file, format_key_path(key), line_of(lines, key), expected))
    return problems
