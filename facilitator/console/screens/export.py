"""Export: choose formats, language and folder, then write the appendix.

The exporter reads the journal alone (read-only, beside the live session),
in a worker thread, so the meeting keeps running while it writes."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Label, ProgressBar, RadioButton, RadioSet, SelectionList

from facilitator.console.screens.base import ConsoleScreen
from facilitator.console.screens.dialogs import TextPrompt
from facilitator.console.widgets.line import Line
from facilitator.export import DEFAULT_FORMATS, FORMATS, ExportError, export_journal
from facilitator.journal import JournalError


class ExportScreen(ConsoleScreen):
    MODE = "export"
    BINDINGS = [
        Binding("x", "export", "key.export"),
        Binding("o", "folder", "key.folder"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.folder: Path = self.console.export_dir
        self.running = False

    def compose_body(self) -> ComposeResult:
        plan = self.console.session.state.plan
        language = plan.language if plan else self.console.language
        formats = FORMATS
        with Horizontal(id="export-form"):
            with Vertical(classes="export-column"):
                yield Label(self.tr("export.formats"), classes="caption", markup=False)
                yield SelectionList[str](*((name.upper(), name, name in DEFAULT_FORMATS) for name in formats), id="formats")
            with Vertical(classes="export-column"):
                yield Label(self.tr("export.language"), classes="caption", markup=False)
                with RadioSet(id="language"):
                    yield RadioButton("Dansk", value=language == "da", id="lang-da")
                    yield RadioButton("English", value=language == "en", id="lang-en")
                yield Checkbox(self.tr("export.by_owner"), id="by-owner")
        yield Line(id="export-folder")
        yield ProgressBar(total=None, show_eta=False, id="export-progress")
        yield Line(id="export-result")

    def refresh_view(self) -> None:
        self.query_one("#export-folder", Line).show(self.tr("export.folder", folder=str(self.folder)))
        self.query_one(ProgressBar).display = self.running

    def chosen(self) -> tuple[list[str], str, bool]:
        formats = list(self.query_one("#formats", SelectionList).selected)
        language = "en" if self.query_one("#lang-en", RadioButton).value else "da"
        return formats, language, self.query_one("#by-owner", Checkbox).value

    @work(exclusive=True, group="dialog")
    async def action_folder(self) -> None:
        answer = await self.app.push_screen_wait(TextPrompt(self.tr("export.folder_title"), str(self.folder)))
        if isinstance(answer, str) and answer.strip():
            self.folder = Path(answer.strip()).expanduser()
            self.update_view(force=True)

    def action_export(self) -> None:
        if self.running:
            return
        formats, language, by_owner = self.chosen()
        if not formats:
            self.notify(self.tr("export.no_formats"), severity="warning", markup=False)
            return
        self.running = True
        self.query_one("#export-result", Line).show(self.tr("export.running"))
        self.update_view(force=True)
        self._export(formats, language, by_owner)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, formats: list[str], language: str, by_owner: bool) -> None:
        journal_path = self.console.session.journal.path
        try:
            written = export_journal(journal_path, self.folder, formats, language, by_owner)
        except (OSError, ExportError, JournalError) as error:
            self.app.call_from_thread(self._done, None, self.tr("export.failed", error=str(error)))
            return
        self.app.call_from_thread(self._done, [Path(p) for p in written], None)

    def _done(self, written: list[Path] | None, problem: str | None) -> None:
        self.running = False
        if problem is not None:
            self.query_one("#export-result", Line).show(problem)
            self.notify(problem, severity="error", timeout=20, markup=False)
        else:
            assert written is not None
            names = "\n".join(str(path) for path in written)
            self.query_one("#export-result", Line).show(self.tr("export.written", count=len(written)) + "\n" + names)
            self.notify(self.tr("export.written", count=len(written)) + "\n" + names, timeout=20, markup=False)
        self.update_view(force=True)
