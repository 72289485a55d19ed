"""Where the bundled files are: `client/` (the phone page) and `exercises/`.

In a wheel they are packed inside the package as `facilitator/_bundled/`;
in a source checkout (editable install, tests) they are the top-level
folders beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    packed = _PACKAGE / "_bundled" / name
    if packed.is_dir():
        return packed
    return _PACKAGE.parent / name


def client_dir() -> Path:
    return _bundled("client")


def exercises_dir() -> Path:
    return _bundled("exercises")


SAMPLE_PLAN_NAME = "amk-netvaerksmoede.toml"


def sample_plan() -> Path:
    return exercises_dir() / SAMPLE_PLAN_NAME
