"""Turn pydantic's validation errors into problems a facilitator can act on.

Each error becomes a key path as written in the file (`lanes[3].title`, not
pydantic's internal `('lanes', 2, 'title')` with union tags), the line it is
on, and an expectation from our own text tables. Pydantic's English message is
only the fallback for error types we have not met in these models.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError

from facilitator.config.locate import KeyPath, key_lines, line_of
from facilitator.config.models import _ID as ID_PATTERN
from facilitator.config.problems import Choices, Expected, Problem, format_key_path

_MISSING = object()

# Tags pydantic puts in a location for the members of a union: the branches of
# the `exercises` entries, and of `groups` (int | list[str]).
_UNION_TAGS = frozenset({"ref", "inline"})

_INT_ERRORS = frozenset({"int_type", "int_parsing", "int_from_float", "int_parsing_size"})
_BOOL_ERRORS = frozenset({"bool_type", "bool_parsing"})
_DATE_ERRORS = frozenset(
    {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_past", "date_future"}
)
_TABLE_ERRORS = frozenset({"model_type", "dict_type", "model_attributes_type"})
_RANGE_ERRORS = frozenset({"greater_than_equal", "less_than_equal", "greater_than", "less_than"})
# The models' custom errors about one entry of a top-level list: which list,
# and which context value names the entry (None: the first empty one).
_LIST_ITEM_ERRORS: dict[str, tuple[str, str | None]] = {
    "group_name_empty": ("groups", None),
    "group_name_duplicate": ("groups", "name"),
    "unit_empty": ("units", None),
    "unit_duplicate": ("units", "unit"),
}


def explain(
    error: ValidationError, model: type[BaseModel], data: dict[str, Any], text: str, file: str
) -> list[Problem]:
    """The problems in `error`, raised validating `data` (read from `text`,
    shown to the user as `file`) against `model`."""
    lines = key_lines(text)
    problems: list[Problem] = []
    for raw in _one_error_per_union(error.errors(include_url=False), data):
        path = _path_in_file(raw["loc"], data)
        if raw["type"] == "missing" and _only_unknown_keys(model, path, data):
            continue  # a misspelt table: its unknown keys say it better than a list of missing ones
        expected, path = _expectation(raw, path, model, data)
        problems.append(Problem(file, format_key_path(path), line_of(lines, path), expected))
    return problems


def _one_error_per_union(errors: list[Any], data: dict[str, Any]) -> list[Any]:
    """`groups` is a number or a list of names; pydantic reports both branches.
    Keep the branch the writer clearly meant (the list, if they wrote a list),
    and say "a number or a list" once for anything else."""
    kept: list[Any] = []
    groups_said = False
    for raw in errors:
        loc = raw["loc"]
        if len(loc) > 1 and loc[0] == "groups" and isinstance(loc[1], str):
            if isinstance(data.get("groups"), list):
                if loc[1] == "int":
                    continue
            elif groups_said:
                continue
            else:
                groups_said = True
                raw = {**raw, "type": "groups_shape", "loc": ("groups",)}
        kept.append(raw)
    return kept


def _path_in_file(loc: tuple[Any, ...], data: Any) -> KeyPath:
    """Pydantic's location, walked through the data as written: union tags are
    dropped, and the walk stops at a plain value (a title written as a string
    has no `.da` in the file, even if pydantic validated one)."""
    path: list[str | int] = []
    node: Any = data
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
            elif part in _UNION_TAGS:
                continue
            else:  # a key that is not there: the one reported missing or unknown
                path.append(part)
                node = _MISSING
        elif isinstance(node, list):
            if isinstance(part, int) and 0 <= part < len(node):
                path.append(part)
                node = node[part]
            elif isinstance(part, str):  # a union tag such as 'list[str]'
                continue
            else:
                break
        else:
            break
    return tuple(path)


# -- which model and field a path is in --


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin is not None:  # list[...], unions, Literal (whose args are no models)
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
    return found


def _pick(candidates: list[type[BaseModel]], node: Any) -> type[BaseModel] | None:
    """The model a table was meant as: the one sharing most keys with it
    (an entry with `file` is a reference, anything else an inline exercise)."""
    if not candidates:
        return None
    keys = set(node) if isinstance(node, dict) else set()
    return max(candidates, key=lambda model: (len(keys & set(model.model_fields)), -candidates.index(model)))


def _table_model(model: type[BaseModel], path: KeyPath, data: Any) -> type[BaseModel] | None:
    """The model of the table that holds the last key of `path`."""
    candidates: list[type[BaseModel]] = [model]
    node: Any = data
    for part in path[:-1]:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else _MISSING
            continue
        current = _pick(candidates, node)
        if current is None or part not in current.model_fields:
            return None
        candidates = _models_in(current.model_fields[part].annotation)
        node = node.get(part, _MISSING) if isinstance(node, dict) else _MISSING
    return _pick(candidates, node)


def _bounds(model: type[BaseModel] | None, key: str | int) -> tuple[Any, Any]:
    """The field's lower and upper bound, as declared on the model."""
    if model is None or not isinstance(key, str) or key not in model.model_fields:
        return None, None
    low = high = None
    for rule in model.model_fields[key].metadata:
        if isinstance(rule, Ge):
            low = rule.ge
        elif isinstance(rule, Gt) and isinstance(rule.gt, int):
            low = rule.gt + 1
        elif isinstance(rule, Le):
            high = rule.le
        elif isinstance(rule, Lt) and isinstance(rule.lt, int):
            high = rule.lt - 1
    return low, high


# -- the expectation for one error --


def show(value: Any) -> str:
    """A value the way it looks in a TOML file, short enough for one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return '"' + shown.replace("\n", "\\n") + '"'
    if isinstance(value, (int, float, dt.date, dt.time)):
        return value.isoformat() if isinstance(value, (dt.date, dt.time)) else str(value)
    if isinstance(value, list):
        return "[…]"
    if isinstance(value, dict):
        return "{…}"
    return str(value)


def _choices(ctx: dict[str, Any]) -> Choices:
    return Choices(tuple(re.findall(r"'([^']*)'", str(ctx.get("expected", "")))))


def _index_of(data: Any, key: str, value: str, *, field: str | None = None, occurrence: int = 2) -> int | None:
    """Where `value` appears for the `occurrence`-th time in the list `data[key]`
    (compared on `field` of each table, or on the item itself)."""
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    seen = 0
    for index, item in enumerate(items):
        candidate = item.get(field) if field and isinstance(item, dict) else item
        if isinstance(candidate, str) and candidate.strip() == value:
            seen += 1
            if seen == occurrence:
                return index
    return None


def _expectation(
    raw: dict[str, Any], path: KeyPath, model: type[BaseModel], data: dict[str, Any]
) -> tuple[Expected, KeyPath]:
    """Our text for one pydantic error (and the path, made more precise where
    the error is about one item of a list)."""
    kind: str = raw["type"]
    ctx: dict[str, Any] = raw.get("ctx") or {}
    got = show(raw.get("input"))
    key = path[-1] if path else ""
    table = _table_model(model, path, data) if path else model

    if kind == "missing":
        if len(path) <= 1:
            return Expected.of("missing_top", key=key), path
        return Expected.of("missing", key=key), path
    if kind == "extra_forbidden":
        allowed = tuple(table.model_fields) if table else ()
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        if close:
            return Expected.of("unknown_key_suggest", suggestion=close[0], allowed=", ".join(allowed)), path
        return Expected.of("unknown_key", allowed=", ".join(allowed)), path
    if kind in _INT_ERRORS or kind in _RANGE_ERRORS:
        low, high = _bounds(table, key)
        low = ctx.get("ge") if low is None else low  # the field's own bounds say both ends
        high = ctx.get("le") if high is None else high
        if low is not None and high is not None:
            return Expected.of("int_range", low=low, high=high, got=got), path
        if low is not None:
            return Expected.of("int_min", low=low, got=got), path
        if high is not None:
            return Expected.of("int_max", high=high, got=got), path
        return Expected.of("int", got=got), path
    if kind == "string_type":
        return Expected.of("text", got=got), path
    if kind in _BOOL_ERRORS:
        return Expected.of("bool", got=got), path
    if kind in ("literal_error", "enum"):
        return Expected.of("choice", choices=_choices(ctx), got=got), path
    if kind == "string_too_short":
        return Expected.of("text_empty"), path
    if kind == "string_too_long":
        return Expected.of("text_too_long", high=ctx.get("max_length", "?"), length=len(str(raw.get("input", "")))), path
    if kind == "too_short":
        if key == "lanes":
            return Expected.of("lanes_empty"), path
        if key == "exercises":
            return Expected.of("exercises_empty"), path
        return Expected.of("too_short", low=ctx.get("min_length", "?"), count=ctx.get("actual_length", "?")), path
    if kind == "too_long":
        return Expected.of("too_long", high=ctx.get("max_length", "?"), count=ctx.get("actual_length", "?")), path
    if kind in _DATE_ERRORS:
        return Expected.of("date", got=got), path
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return Expected.of("identifier", got=got), path
        return Expected.of("pattern", pattern=str(ctx.get("pattern", "")), got=got), path
    if kind == "list_type":
        return Expected.of("list", got=got), path
    if kind in _TABLE_ERRORS:
        name = ctx.get("class_name")
        if name == "LocalText":
            return Expected.of("local_text", got=got), path
        if name in ("Exercise", "ExerciseRef") and len(path) == 2 and path[0] == "exercises":
            return Expected.of("exercise_entry", got=got), path
        return Expected.of("table", got=got), path
    if kind == "groups_shape":
        return Expected.of("groups", got=got), path
    if kind == "groups_range":
        return Expected.of("int_range", low=1, high=100, got=got), path
    if kind == "group_names_count":
        return Expected.of("group_names_count", count=len(raw.get("input") or [])), path
    if kind in _LIST_ITEM_ERRORS:  # point at the entry: groups[3], units[2]
        list_key, value_key = _LIST_ITEM_ERRORS[kind]
        value = str(ctx.get(value_key, "")) if value_key else ""
        index = _index_of(data, list_key, value, occurrence=2 if value_key else 1)
        params = {value_key: value} if value_key else {}
        return Expected.of(kind, **params), path + ((index,) if index is not None else ())
    if kind == "lane_id_duplicate":
        lane_id = str(ctx.get("lane_id", ""))
        lanes_holder = _holder(data, path)
        first = _index_of(lanes_holder, "lanes", lane_id, field="id", occurrence=1)
        second = _index_of(lanes_holder, "lanes", lane_id, field="id")
        if first is None or second is None:
            return Expected.of("lane_id_duplicate", lane_id=lane_id, first="lanes"), path
        return (
            Expected.of("lane_id_duplicate", lane_id=lane_id, first=format_key_path(("lanes", first))),
            path + (second, "id"),
        )
    return Expected.of("other", detail=str(raw.get("msg", kind)), got=got), path


def _only_unknown_keys(model: type[BaseModel], path: KeyPath, data: Any) -> bool:
    """Whether the table holding the last key of `path` has keys, none of them known
    (`{ fil = "x.toml" }`: one unknown key, not five missing ones)."""
    node = _holder(data, path)
    table = _table_model(model, path, data)
    return isinstance(node, dict) and bool(node) and table is not None and not set(node) & set(table.model_fields)


def _holder(data: Any, path: KeyPath) -> Any:
    """The table that holds the last key of `path`."""
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
