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

import copy
import dataclasses
import functools
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from facilitator.core.state import SessionState, replay
from facilitator.export.figures import numbered_charts
from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, build_appendix
from facilitator.journal import JournalError, read_events
from facilitator.printable import one_line
from facilitator.texts import t

FORMATS = ("docx", "pdf", "md", "html", "csv", "json")
DEFAULT_FORMATS = ("docx", "pdf", "md", "html")
__all__ = [
    "FORMATS",
    "DEFAULT_FORMATS",
    "ExportError",
    "PartialExport",
    "export_journal",
    "export_state",
    "load_session",
    "slug",
]


class ExportError(Exception):
    """The export cannot be done; the message says why, in the export's language."""


class PartialExport(ExportError):
    """Some formats could not be written; the others were. `written` lists
    the files that were, the message names each format that failed and, where
    one note alone makes it fail, that note — so a secretary always gets an
    appendix, and knows what to look at."""

    def __init__(self, message: str, written: list[Path]) -> None:
        super().__init__(message)
        self.written = written


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
    failures: list[str] = []
    charts = None
    if {"docx", "html", "pdf"} & set(chosen):
        try:
            charts = numbered_charts(appendix.exercises, Labels(appendix))
        except Exception as exc:  # noqa: BLE001 - no text may cost the appendix: it is written without its figures
            failures.append(_failure(state, language, "charts", exc, lambda part: _charts_of(part, language)))
            charts = {}
    base = base_name(appendix)
    written: list[Path] = []
    pdf_child = _fork_pdf(appendix, charts, state, out / f"{base}.pdf") if "pdf" in chosen and len(chosen) > 1 else None
    for fmt in chosen:
        path = out / f"{base}.{fmt}"
        if fmt == "pdf" and pdf_child is not None:
            continue
        try:
            data = _render(appendix, fmt, charts, state)
        except Exception as exc:  # noqa: BLE001 - one format failing must not cost the others
            failures.append(_failure(state, language, fmt, exc, functools.partial(_render_part, language=language, fmt=fmt)))
            continue
        _write(path, data)
        written.append(path)
    if pdf_child is not None:
        path = out / f"{base}.pdf"
        if _joined(pdf_child):
            written.insert(_place(written, chosen), path)
        else:  # written here after all, so a failure is reported as for any format
            try:
                _write(path, _render(appendix, "pdf", charts, state))
                written.insert(_place(written, chosen), path)
            except Exception as exc:  # noqa: BLE001 - as below
                failures.append(_failure(state, language, "pdf", exc, functools.partial(_render_part, language=language, fmt="pdf")))
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
                try:
                    data = _render(mine, fmt, None, state)
                except Exception as exc:  # noqa: BLE001 - as above
                    failures.append(_failure(state, language, f"{fmt} ({owner})", exc, None))
                    continue
                _write(path, data)
                written.append(path)
    if failures:
        raise PartialExport("\n".join(failures), written)
    return written


def _fork_pdf(appendix: Appendix, charts: dict | None, state: SessionState, path: Path) -> int | None:
    """Lay the PDF out in a forked copy of this process while this one writes
    the other formats: WeasyPrint's layout is most of an export's time, and
    the machine has a second core. Only where forking is safe — a POSIX
    system and no other thread in this process (the command line, not the
    console, whose threads a fork could catch holding a lock); None means
    "write it here". The child writes the file itself (whole or not at all)
    and says by its exit status whether it did."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        status = 1
        try:
            _write(path, _render(appendix, "pdf", charts, state))
            status = 0
        except BaseException:  # noqa: BLE001 - the parent writes it again and reports why
            pass
        finally:
            os._exit(status)
    return pid


def _place(written: list[Path], chosen: tuple[str, ...]) -> int:
    """Where the PDF goes in `written`, which lists files in the order of `chosen`."""
    return sum(1 for p in written if chosen.index(p.suffix[1:]) < chosen.index("pdf"))


def _joined(pid: int) -> bool:
    """Whether the forked PDF writer finished and wrote its file."""
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _charts_of(state: SessionState, language: str) -> None:
    appendix = build_appendix(state, language)
    numbered_charts(appendix.exercises, Labels(appendix))


def _render_part(state: SessionState, language: str, fmt: str) -> None:
    appendix = build_appendix(state, language)
    charts = numbered_charts(appendix.exercises, Labels(appendix)) if fmt in ("docx", "html", "pdf") else None
    _render(appendix, fmt, charts, state)


def _with_notes(state: SessionState, keep: set[str]) -> SessionState:
    """`state` as if every note outside `keep` were hidden (a shallow copy:
    the live state is not touched)."""
    part = copy.copy(state)
    part.notes = {
        nid: note if nid in keep or note.hidden else dataclasses.replace(note, hidden=True)
        for nid, note in state.notes.items()
    }
    return part


def _culprit(state: SessionState, render: Callable[[SessionState], None]) -> str | None:
    """The one note whose text makes `render` fail, found by halving the notes
    (a dozen renders for 2,000 notes); None when it fails without any note
    (a name or a title, say) or only with several together."""

    def fails(keep: set[str]) -> bool:
        try:
            render(_with_notes(state, keep))
        except Exception:  # noqa: BLE001 - failing is what is being looked for
            return True
        return False

    candidates = [nid for nid, note in state.notes.items() if not note.hidden and not note.deleted]
    if not candidates or fails(set()):
        return None
    while len(candidates) > 1:
        half = candidates[: len(candidates) // 2]
        if fails(set(half)):
            candidates = half
        elif fails(set(candidates[len(half) :])):
            candidates = candidates[len(half) :]
        else:
            return None
    return candidates[0] if fails(set(candidates)) else None


def _failure(
    state: SessionState,
    language: str,
    what: str,
    exc: Exception,
    render: Callable[[SessionState], None] | None,
) -> str:
    """One line for a format that could not be written: which, why, and the note behind it."""
    reason = str(exc) if isinstance(exc, ExportError) else f"{type(exc).__name__}: {exc}"
    culprit = None if render is None or isinstance(exc, ExportError) else _culprit(state, render)
    if culprit is None:
        return t(language, "cli.export.format_failed", format=what, reason=reason)
    note = state.notes[culprit]
    excerpt = one_line(note.text if len(note.text) <= 60 else note.text[:59] + "…")
    return t(
        language,
        "cli.export.format_failed_note",
        format=what,
        reason=reason,
        note=culprit,
        exercise=note.exercise_id,
        lane=note.lane_id,
        text=excerpt,
    )


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
