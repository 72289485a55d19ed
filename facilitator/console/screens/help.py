"""The help screen: every key of every screen, in the facilitator's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from facilitator import actions
from facilitator.console.localise import describe, key_label
from facilitator.console.screens.base import ConsoleModal
from facilitator.console.widgets.bars import SCREENS
from facilitator.console.widgets.keys import KeyFooter

if TYPE_CHECKING:
    from facilitator.console.app import ConsoleApp


def key_table(app: ConsoleApp) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(key, what it does)]) for the app and each screen."""
    language = app.language
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    everywhere = [
        (key_label(b), describe(language, b))
        for b in app.BINDINGS
        if isinstance(b, Binding) and not (b.action == "quit" and not b.show)  # ctrl+q repeats q
    ]
    sections.append((app.tr("help.everywhere"), everywhere))
    for mode, _ in SCREENS:
        screen_class = app.MODES[mode]
        rows = [(key_label(b), describe(language, b)) for b in vars(screen_class).get("BINDINGS", []) if isinstance(b, Binding)]
        if rows:
            sections.append((app.tr(f"screen.{mode}"), rows))
    return sections


class HelpScreen(ConsoleModal):
    BINDINGS = [Binding("escape,question_mark,q", "close", "key.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Label(self.tr("help.title"), classes="dialog-title", markup=False)
            for title, rows in key_table(self.console):
                table = Table(title=title, title_justify="left", title_style="bold underline", show_header=False, box=None)
                table.add_column(min_width=10, style="bold")
                table.add_column()
                for key, description in rows:
                    table.add_row(key, description)
                yield Static(table, markup=False)
            yield Label(self.tr("help.commands"), classes="caption", markup=False)
            yield Static(actions.help_text(self.console.language), markup=False, id="help-commands")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
