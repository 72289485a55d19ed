"""Small dialogs the screens open: type a text, pick one, pick several.

Each returns its answer through `dismiss` (None when cancelled with Escape),
so the screen that opened it decides what command to run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option

from facilitator.console.screens.base import ConsoleModal
from facilitator.console.widgets.keys import KeyFooter
from facilitator.printable import printable

Check = Callable[[str], str | None]  # the problem with a typed text, or None when it is fine


class TextPrompt(ConsoleModal):
    """One line of text: Enter saves, Escape cancels. `check` can refuse the
    text with a message, and the dialog stays open with what was typed."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, title: str, value: str = "", *, hint: str = "", check: Check | None = None, max_length: int = 0) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._hint = hint
        self._check = check
        self._max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield Input(value=self._value, max_length=self._max_length, id="prompt-input")
            yield Label(self._hint or self.tr("dialog.enter_saves"), classes="hint", markup=False)
            yield Label("", id="prompt-problem", classes="problem", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        value = printable(event.value)  # a pasted escape sequence must not reach the journal or a terminal
        problem = self._check(value) if self._check else None
        if problem:
            self.query_one("#prompt-problem", Label).update(problem)
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePrompt(ConsoleModal):
    """Pick one of a list: arrows and Enter, or a click."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], *, current: str | None = None) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield OptionList(*(Option(Text(label), id=value) for value, label in self._choices), id="choices")
            yield Label(self.tr("dialog.enter_picks"), classes="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        values = [value for value, _ in self._choices]
        options.highlighted = values.index(self._current) if self._current in values else 0

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MultiChoicePrompt(ConsoleModal):
    """Pick several: Space marks, Enter confirms."""

    BINDINGS = [
        Binding("enter", "confirm", "key.confirm", priority=True),
        Binding("escape", "cancel", "key.cancel"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield SelectionList[str](*((Text(label), value) for value, label in self._choices), id="multi")
            yield Label(self.tr("dialog.space_marks"), classes="hint", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_confirm(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
