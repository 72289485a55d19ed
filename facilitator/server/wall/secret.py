"""The projector wall's secret: a small file beside the journal.

The wall's URL (`/w/<secret>`) must survive a restart on the same journal,
so a projector left open reconnects by itself. The secret lives in a
sidecar file, `<journal>.wall`, not in the journal: the journal is the
meeting's record (it is read for the appendix and may be handed on), and the
wall's key is the server's business, not a fact of the meeting. So the
journal's format stays as it is, old journals get a wall on their first
run, and deleting the sidecar gives the wall a new URL if the old one was
seen by the wrong people.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".wall"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{22,100}$")


def new_wall_secret() -> str:
    """128 random bits, URL-safe: nothing guessable, nothing derived from the code."""
    return secrets.token_urlsafe(16)


def sidecar_path(journal: Path, suffix: str = SUFFIX) -> Path:
    return journal.with_name(journal.name + suffix)


@dataclass(frozen=True)
class WallSecret:
    secret: str
    path: Path
    problem: str | None = None  # set when the sidecar could not be read or written


def load_or_create(journal: Path, suffix: str = SUFFIX) -> WallSecret:
    """The secret stored beside `journal` (in `<journal><suffix>`), or a new one stored there.
    The table cards' key uses the same kind of file (`.tables`).

    A sidecar that cannot be read as a secret is replaced (the wall gets a
    new URL; nothing of the meeting is lost). If the new one cannot be
    written, the secret still works until the server stops, and `problem`
    says why the URL will change on the next start."""
    path = sidecar_path(journal, suffix)
    try:
        stored = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):  # missing (the first run) or unreadable
        stored = None
    if stored is not None and _SECRET.match(stored):
        return WallSecret(stored, path)
    secret = new_wall_secret()
    try:
        _write_private(path, secret)
    except OSError as error:
        return WallSecret(secret, path, problem=f"{path}: {error.strerror or error}")
    return WallSecret(secret, path)


def _write_private(path: Path, secret: str) -> None:
    """Write readable by the owner only, all at once (a crash leaves the old file or the new)."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secret + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
