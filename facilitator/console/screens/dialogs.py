"""Small dialogs the screens open: type a text, pick one, pick several, a follow-up.

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

from facilitator import actions
from facilitator.console.screens.base import ConsoleModal
from facilitator.console.widgets.keys import KeyFooter
from facilitator.core.errors import DomainError
from facilitator.core.session import FOLLOW_UP_FIELD_LIMIT, PLENUM_LIMIT
from facilitator.printable import printable

Check = Callable[[str], str | None]  # the problem with a typed text, or None when it is fine


class TextPrompt(ConsoleModal):
    """One line of text: Enter saves, Escape cancels. `check` can refuse the
    text with a message, and the dialog stays open with what was typed."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(
        self, title: str, value: str = "", *, hint: str = "", check: Check | None = None, max_length: int = 0, select: bool = False
    ) -> None:
        super().__init__()
        self._select = select  # a pre-filled value the facilitator usually replaces (the timer's minutes): typing overwrites it
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
        if self._select:
            field.select_all()
        else:
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


FollowUpAnswer = tuple[str, str, str, str | None]  # what, who, by when, lane id


class FollowUpPrompt(ConsoleModal):
    """A follow-up: what, who, by when, and optionally a lane (its number or
    name, read as headless mode reads it). Tab moves on; Enter saves."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, find_lane: Callable[[str], str]) -> None:
        super().__init__()
        self._find_lane = find_lane  # raises DomainError for a lane that is not there

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.tr("follow_up.title"), classes="dialog-title", markup=False)
            for name in ("what", "who", "due", "lane"):
                yield Label(self.tr(f"follow_up.{name}"), markup=False)
                yield Input(id=f"follow-up-{name}", max_length=PLENUM_LIMIT if name == "what" else FOLLOW_UP_FIELD_LIMIT)
            yield Label(self.tr("follow_up.hint"), classes="hint", markup=False)
            yield Label("", id="prompt-problem", classes="problem", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#follow-up-what", Input).focus()

    def _value(self, name: str) -> str:
        return printable(self.query_one(f"#follow-up-{name}", Input).value).strip()

    @on(Input.Submitted)
    def submit(self) -> None:
        problem = self.query_one("#prompt-problem", Label)
        what = self._value("what")
        if not what:
            problem.update(self.tr("follow_up.what"))
            self.query_one("#follow-up-what", Input).focus()
            return
        lane = self._value("lane")
        try:
            lane_id = self._find_lane(lane) if lane else None
        except DomainError as error:
            problem.update(actions.error_text(error, self.console.language))
            return
        self.dismiss((what, self._value("who"), self._value("due"), lane_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
