"""The appendix (bilag) to the minutes, written from a session.

`export_journal` reads a journal read-only (during the meeting, after it, or
after a crash) and writes the appendix; `export_state` does the same from a
live session's state (the console's export). Both return the files written.

File names: `{prefix}-{date}-{meeting}.{ext}`, e.g.
`bilag-2025-02-04-amk-netvaerksmoede.docx` ("appendix-…" in English), the
meeting's title made into plain ASCII (æ→ae, ø→oe, å→aa). With `by_owner`,
each lane owner also gets `{prefix}-{date}-{meeting}-{owner}.{ext}`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from facilitator.core.state import SessionState, replay
from facilitator.export.figures import numbered_charts
from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, build_appendix
from facilitator.journal import JournalError, read_events
from facilitator.texts import t

FORMATS = ("docx", "pdf", "md", "html", "csv", "json")
DEFAULT_FORMATS = ("docx", "pdf", "md", "html")
__all__ = ["FORMATS", "DEFAULT_FORMATS", "ExportError", "export_journal", "export_state", "load_session", "slug"]


class ExportError(Exception):
    """The export cannot be done; the message says why, in the export's language."""


_ASCII = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss"}


def slug(text: str, limit: int = 60) -> str:
    """Plain lower-case ASCII with dashes, safe as a file name on any system."""
    text = "".join(_ASCII.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].rstrip("-")


def base_name(appendix: Appendix) -> str:
    prefix = t(appendix.language, "appendix.file_prefix")
    meeting = slug(appendix.meeting) or "session"
    return f"{prefix}-{appendix.date.isoformat()}-{meeting}"


def _render(appendix: Appendix, fmt: str, charts: dict | None, state: SessionState) -> bytes:
    if fmt == "docx":
        from facilitator.export.docx import render_docx

        return render_docx(appendix, charts)
    if fmt == "pdf":
        from facilitator.export.pdf import PdfUnavailable, render_pdf

        try:
            return render_pdf(appendix, charts)
        except PdfUnavailable as exc:
            raise ExportError(t(appendix.language, "cli.export.no_pdf", reason=str(exc))) from exc
    if fmt == "csv":
        from facilitator.export.csv import render_csv

        return render_csv(appendix, state)
    if fmt == "md":
        from facilitator.export.markdown import render_markdown

        return render_markdown(appendix).encode("utf-8")
    if fmt == "html":
        from facilitator.export.html import render_html

        return render_html(appendix, charts).encode("utf-8")
    from facilitator.export.json import render_json

    return render_json(appendix).encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def check_formats(formats: Iterable[str], language: str = "da") -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    for fmt in chosen:
        if fmt not in FORMATS:
            raise ExportError(t(language, "cli.export.bad_format", format=fmt, choices=", ".join(FORMATS)))
    if not chosen:
        raise ExportError(t(language, "cli.export.bad_format", format="", choices=", ".join(FORMATS)))
    return chosen


def export_state(
    state: SessionState,
    out_dir: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    language: str | None = None,
    by_owner: bool = False,
) -> list[Path]:
    """Write the appendix of `state` to `out_dir` in each of `formats`; the paths written.

    `language` defaults to the plan's. Raises `ExportError` for an unknown
    format or a session without a plan, `OSError` if a file cannot be written."""
    if state.plan is None:
        raise ExportError(t(language or "da", "cli.export.no_session", path="?"))
    language = language if language in ("da", "en") else state.plan.language
    chosen = check_formats(formats, language)
    appendix = build_appendix(state, language)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    charts = numbered_charts(appendix.exercises, Labels(appendix)) if {"docx", "html", "pdf"} & set(chosen) else None
    base = base_name(appendix)
    written: list[Path] = []
    for fmt in chosen:
        path = out / f"{base}.{fmt}"
        _write(path, _render(appendix, fmt, charts, state))
        written.append(path)
    if by_owner:
        taken: set[str] = set()
        for owner in appendix.owners():
            name = slug(owner) or "owner"
            unique, n = name, 2
            while unique in taken:
                unique, n = f"{name}-{n}", n + 1
            taken.add(unique)
            mine = appendix.for_owner(owner)
            for fmt in chosen:
                path = out / f"{base}-{unique}.{fmt}"
                _write(path, _render(mine, fmt, None, state))
                written.append(path)
    return written


def load_session(
    journal_path: str | Path, on_warning: Callable[[str], None] | None = None, language: str = "da"
) -> SessionState:
    """The session in a journal, read without changing it. Raises `JournalError`
    (missing, not a journal, newer format) or `ExportError` (no meeting in it);
    a damaged tail is reported to `on_warning` and the whole events before it are used."""
    events, warnings = read_events(journal_path)
    for warning in warnings:
        if on_warning is not None:
            on_warning(warning)
    try:
        state = replay(events)
    except (KeyError, TypeError, ValueError) as exc:
        raise JournalError(f"{journal_path}: the events do not fit together ({exc!r})") from exc
    if state.plan is None:
        raise ExportError(t(language, "cli.export.no_session", path=journal_path))
    return state


def export_journal(
    journal_path: str | Path,
    out_dir: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    language: str | None = None,
    by_owner: bool = False,
    on_warning: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the appendix of the session in `journal_path`; the paths written."""
    state = load_session(journal_path, on_warning, language or "da")
    return export_state(state, out_dir, formats, language, by_owner)
