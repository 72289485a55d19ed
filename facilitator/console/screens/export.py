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
from facilitator.console.screens.dialogs import ChoicePrompt, TextPrompt
from facilitator.console.widgets.line import Line
from facilitator.core import commands as cmd
from facilitator.export import DEFAULT_FORMATS, FORMATS, ExportError, PartialExport, export_journal
from facilitator.export.model import automatic_groups
from facilitator.journal import JournalError

NOTICE_SECONDS = 6  # how long "4 filer skrevet" stays over the bottom right corner


class ExportScreen(ConsoleScreen):
    MODE = "export"
    BINDINGS = [
        Binding("x", "export", "key.export"),
        Binding("o", "folder", "key.folder"),
        Binding("g", "groups", "key.groups"),
        Binding("t", "owner", "key.owner"),
        Binding("n", "headcount", "key.headcount"),
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
        yield Line(id="export-prepare")
        yield ProgressBar(total=None, show_eta=False, id="export-progress")
        yield Line(id="export-result")

    def refresh_view(self) -> None:
        self.query_one("#export-folder", Line).show(self.tr("export.folder", folder=str(self.folder)))
        self.query_one(ProgressBar).display = self.running
        state = self.console.session.state
        count = len(automatic_groups(state)) if state.plan is not None else 0
        self.query_one("#export-prepare", Line).show(self.tr("export.prepare", count=count))

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

    @work(exclusive=True, group="dialog")
    async def action_groups(self) -> None:
        """Accept an automatic group (it becomes the facilitator's merge, so it
        stays whatever the rules do later) or split it (its notes are kept
        apart): both journaled before the appendix is written."""
        state = self.console.session.state
        groups = automatic_groups(state)
        if not groups:
            self.notify(self.tr("export.no_groups"), markup=False)
            return
        labels = {g.id: (g.name or self.tr("export.group", number=g.index + 1)) for g in state.groups}
        choices = [
            (str(i), f"{group.lane_title}: {group.text}  ({', '.join(labels.get(g, g) for g in group.group_ids)}; "
             + self.tr("export.wordings", count=len(group.variants) + 1) + ")")
            for i, group in enumerate(groups)
        ]
        picked = await self.app.push_screen_wait(ChoicePrompt(self.tr("export.groups_title"), choices))
        if not isinstance(picked, str):
            return
        group = groups[int(picked)]
        what = await self.app.push_screen_wait(
            ChoicePrompt(self.tr("export.group_what", text=group.text), [("accept", self.tr("export.accept")), ("split", self.tr("export.split"))])
        )
        if what == "accept":
            self.console.execute(cmd.MergeNotes(note_id=group.note_ids[0], merged_ids=group.note_ids[1:]))
        elif what == "split":
            self.console.execute(cmd.KeepNotesApart(group.note_ids))
        self.update_view(force=True)

    @work(exclusive=True, group="dialog")
    async def action_owner(self) -> None:
        """Give a proposed lane (or a plan lane) an owner, so their file holds it."""
        state = self.console.session.state
        lanes = [
            (f"{exercise_id}/{lane.id}", lane.title, exercise_id, lane.id, exercise.lane_owners.get(lane.id, ""))
            for exercise_id, exercise in state.exercises.items()
            for lane in exercise.proposed_lanes.values()
            if lane.shown
        ]
        if not lanes:
            self.notify(self.tr("export.no_proposals"), markup=False)
            return
        choices = [(key, f"{title}" + (f" – {owner}" if owner else "")) for key, title, _, _, owner in lanes]
        picked = await self.app.push_screen_wait(ChoicePrompt(self.tr("export.owner_title"), choices))
        chosen = next((lane for lane in lanes if lane[0] == picked), None)
        if chosen is None:
            return
        _, title, exercise_id, lane_id, owner = chosen
        answer = await self.app.push_screen_wait(TextPrompt(self.tr("export.owner_prompt", lane=title), owner, max_length=120))
        if isinstance(answer, str):
            self.console.execute(cmd.AssignLaneOwner(exercise_id, lane_id, answer.strip()))

    @work(exclusive=True, group="dialog")
    async def action_headcount(self) -> None:
        """How many people a group that shares a phone is (empty: count its phones)."""
        state = self.console.session.state
        choices = [
            (g.id, (g.name or self.tr("export.group", number=g.index + 1)) + (f" – {state.headcounts[g.id]}" if g.id in state.headcounts else ""))
            for g in state.groups
        ]
        picked = await self.app.push_screen_wait(ChoicePrompt(self.tr("export.headcount_title"), choices))
        if not isinstance(picked, str):
            return
        label = next(label for key, label in choices if key == picked).split(" – ")[0]

        def check(text: str) -> str | None:
            text = text.strip()
            return None if not text or (text.isdigit() and 1 <= int(text) <= 100) else self.tr("export.headcount_bad")

        current = str(state.headcounts.get(picked, ""))
        answer = await self.app.push_screen_wait(TextPrompt(self.tr("export.headcount_prompt", group=label), current, check=check))
        if isinstance(answer, str):
            self.console.execute(cmd.SetGroupHeadcount(picked, int(answer) if answer.strip() else None))
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
        except PartialExport as partial:
            problem = self.tr("export.failed", error=str(partial))
            self.app.call_from_thread(self._done, [Path(p) for p in partial.written], problem)
            return
        except (OSError, ExportError, JournalError) as error:
            self.app.call_from_thread(self._done, None, self.tr("export.failed", error=str(error)))
            return
        self.app.call_from_thread(self._done, [Path(p) for p in written], None)

    def _done(self, written: list[Path] | None, problem: str | None) -> None:
        self.running = False
        if problem is not None:
            names = "".join(f"\n{path}" for path in written or [])
            if written:  # some formats failed, the others are there to use
                problem = self.tr("export.written", count=len(written)) + names + "\n" + problem
            self.query_one("#export-result", Line).show(problem)
            self.notify(problem, severity="error", timeout=20, markup=False)
        else:
            assert written is not None
            names = "\n".join(str(path) for path in written)
            self.query_one("#export-result", Line).show(self.tr("export.written", count=len(written)) + "\n" + names)
            # One short line: the files are listed on the screen, and a long
            # notification covered the join URL's bar for 20 s on a small terminal.
            notice = self.tr("export.written", count=len(written)) + " " + str(self.folder)
            self.notify(notice, timeout=NOTICE_SECONDS, markup=False)
        self.update_view(force=True)
