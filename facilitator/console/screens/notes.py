"""The dialogs that take a note's text: editing one, and typing in a paper
group's notes.

Both use `NoteArea`, so a multi-line note is shown whole. Each hands the
text to a `save` function that runs the command and says whether it was
taken; a refused text (too long, empty) keeps the dialog open with what was
typed, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select

from facilitator.console.screens.base import ConsoleModal
from facilitator.console.widgets.keys import KeyFooter
from facilitator.console.widgets.notearea import NoteArea
from facilitator.printable import one_line

Save = Callable[[str], bool]  # runs the command; False when it was refused (the app has said why)
SaveFor = Callable[[str, str, str], bool]  # (group id, lane id, text)
Choices = Sequence[tuple[str, str]]  # (id, label)
PREVIEW = 40  # characters of the last added note on the dialog's counter line


class NotePrompt(ConsoleModal[bool]):
    """Edit a note, every line of it: Enter saves, Ctrl+N starts a new line,
    Escape leaves it as it was. Dismisses True when saved."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, title: str, text: str, save: Save) -> None:
        super().__init__()
        self._title = title
        self._text = text
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield NoteArea(self._text, id="note-text")
            yield Label(self.tr("dialog.note_keys"), classes="hint", markup=False)
            yield Label("", id="prompt-problem", classes="problem", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(NoteArea).focus()

    @on(NoteArea.Submitted)
    def submit(self, event: NoteArea.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#prompt-problem", Label).update(self.tr("dialog.note_empty"))
            return
        if self._save(event.value):
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PaperNotes(ConsoleModal[tuple[str, str]]):
    """Notes a group wrote on paper, typed in one after the other: the group
    and the lane stay chosen between notes (and are handed back, so the next
    time the dialog opens it starts where it was left). Enter adds the note
    and empties the text; Tab reaches the group and the lane; Escape closes."""

    BINDINGS = [Binding("escape", "close", "key.close")]

    def __init__(self, groups: Choices, lanes: Choices, group_id: str, lane_id: str, save: SaveFor) -> None:
        super().__init__()
        self._groups = list(groups)
        self._lanes = list(lanes)
        self._group_id = group_id
        self._lane_id = lane_id
        self._save = save
        self.added = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="paper-dialog"):
            yield Label(self.tr("paper.title"), classes="dialog-title", markup=False)
            with Horizontal(id="paper-where"):
                yield Select([(label, value) for value, label in self._groups], value=self._group_id, allow_blank=False, id="paper-group")
                yield Select([(label, value) for value, label in self._lanes], value=self._lane_id, allow_blank=False, id="paper-lane")
            yield NoteArea(id="paper-text")
            yield Label(self.tr("paper.hint"), classes="hint", markup=False)
            yield Label("", id="paper-added", markup=False)
            yield Label("", id="prompt-problem", classes="problem", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(NoteArea).focus()

    @property
    def group_id(self) -> str:
        return str(self.query_one("#paper-group", Select).value)

    @property
    def lane_id(self) -> str:
        return str(self.query_one("#paper-lane", Select).value)

    @on(NoteArea.Submitted)
    def add(self, event: NoteArea.Submitted) -> None:
        problem = self.query_one("#prompt-problem", Label)
        if not event.value.strip():
            problem.update(self.tr("dialog.note_empty"))
            return
        group_id, lane_id = self.group_id, self.lane_id
        if not self._save(group_id, lane_id, event.value):
            return  # refused: the text stays to be corrected
        self.added += 1
        groups, lanes = dict(self._groups), dict(self._lanes)
        text = one_line(event.value)
        short = text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"
        added = self.tr_count("paper.added", self.added, group=groups.get(group_id, group_id), lane=lanes.get(lane_id, lane_id), text=short)
        self.query_one("#paper-added", Label).update(added)
        problem.update("")
        area = self.query_one(NoteArea)
        area.clear()
        area.focus()

    def action_close(self) -> None:
        self.dismiss((self.group_id, self.lane_id))
