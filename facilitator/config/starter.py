"""Starter files for `facilitator new`: valid as written, with comments.

The data is built as plain dicts and written with tomli-w (so it is valid
TOML by construction); tomli-w writes no comments, so a comment from the text
tables is put above each key and table afterwards. Every option is written
out with its default, so a facilitator sees what can be changed. Texts in the
files have both Danish and English (from the two text tables); the comments
are in the language the command was run in.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import TypeAdapter, ValidationError

from facilitator.config.models import ExerciseOptions, Identifier
from facilitator.texts import t

StarterKind = Literal["exercise", "plan"]

# The bundled exercise a starter plan runs, so the plan is valid wherever it is written.
STARTER_PLAN_EXERCISE = "netvaerksstjernen.toml"

_IDENTIFIER: TypeAdapter[str] = TypeAdapter(Identifier)
_HEADER = re.compile(r"^\[\[?([^\]]+)\]\]?$")
_KEY = re.compile(r"^([A-Za-z0-9_-]+) = ")


def _both(key: str) -> dict[str, str]:
    return {"da": t("da", key), "en": t("en", key)}


def exercise_data(exercise_id: str) -> dict[str, Any]:
    options = ExerciseOptions().model_dump(mode="json")
    return {
        "id": exercise_id,
        "kind": "brainstorm",
        "title": _both("new.sample.exercise_title"),
        "instructions": _both("new.sample.instructions"),
        "options": options,
        "lanes": [
            {
                "id": "emne-1",
                "title": _both("new.sample.lane1_title"),
                "prompt": _both("new.sample.lane1_prompt"),
            },
            {
                "id": "emne-2",
                "owner": t("da", "new.sample.owner"),
                "title": _both("new.sample.lane2_title"),
                "prompt": _both("new.sample.lane2_prompt"),
            },
        ],
    }


def plan_data(language: str, today: dt.date) -> dict[str, Any]:
    return {
        "title": t(language, "new.sample.plan_title"),
        "date": today,
        "network": "",
        "language": language if language in ("da", "en") else "da",
        "groups": 4,
        "units": [],
        "ask_names": True,
        "show_names": False,
        "names_in_appendix": False,
        "exercises": [{"file": STARTER_PLAN_EXERCISE}],
    }


def exercise_id_for(path: Path, language: str) -> str:
    """The file's name as the exercise id when it is a valid id
    (`mit-modul.toml` -> `mit-modul`), else a sample id."""
    try:
        return _IDENTIFIER.validate_python(path.stem.lower())
    except ValidationError:
        return t(language, "new.sample.exercise_id")


def starter_text(kind: StarterKind, path: Path, language: str, today: dt.date | None = None) -> str:
    """The commented TOML text of a new exercise or plan file."""
    if kind == "exercise":
        data = exercise_data(exercise_id_for(path, language))
    else:
        data = plan_data(language, today or dt.date.today())
    return _with_comments(tomli_w.dumps(data, multiline_strings=True), kind, language)


def _with_comments(text: str, kind: StarterKind, language: str) -> str:
    """Put `# …` from `new.comment.<kind>.<key>` above each key or table the
    first time it appears; the file starts with `new.comment.<kind>`."""
    out = _comment(t(language, f"new.comment.{kind}")) + [""]
    table = ""
    done: set[str] = set()
    for line in text.splitlines():
        header = _HEADER.match(line)
        key = _KEY.match(line)
        if header:
            table = header.group(1)
            name = table
        elif key:
            name = f"{table}.{key.group(1)}" if table else key.group(1)
        else:
            name = ""
        text_key = f"new.comment.{kind}.{name}"
        if name and name not in done and t(language, text_key) != text_key:
            done.add(name)
            if out[-1] != "":
                out.append("")
            out.extend(_comment(t(language, text_key)))
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]
