"""The plenary: per exercise, the highlighted notes, the facilitator's own
summary lines ("Det er vigtigt: at …") and the follow-ups agreed (what, who,
by when), which go into the appendix."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from facilitator import actions
from facilitator.console import model
from facilitator.console.screens.base import ConsoleScreen
from facilitator.console.screens.confirm import ConfirmDelete
from facilitator.console.screens.dialogs import FollowUpPrompt, TextPrompt
from facilitator.console.widgets.line import Line
from facilitator.core import commands as cmd
from facilitator.core.session import PLENUM_LIMIT


class PlenumScreen(ConsoleScreen):
    MODE = "plenum"
    LOOKS = True
    AUTO_FOCUS = "#lines"  # the arrows pick a line at once: `e` and `Del` act on the one picked
    BINDINGS = [
        Binding("a", "add_line", "key.add_line"),
        Binding("e", "edit_line", "key.edit_line"),
        Binding("delete,x", "remove_line", "key.remove_line", key_display="Del"),
        Binding("o", "add_follow_up", "key.follow_up"),
        Binding("less_than_sign", "exercise(-1)", "key.previous_exercise", key_display="<"),
        Binding("greater_than_sign", "exercise(1)", "key.next_exercise", key_display=">"),
        Binding("c", "results", "key.results"),  # c: count (v is the projector-safe mode, p the port)
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chosen_exercise: str | None = None  # None: follow the room
        self._line_ids: list[str] = []
        self._shown_lines: list[tuple[str, str]] | None = None  # None: not drawn yet
        self._select_next: str | None = None  # a line just added: picked when the list is drawn again

    def compose_body(self) -> ComposeResult:
        yield Line(id="plenum-title")
        with VerticalScroll(id="plenum-highlights"):
            yield Line(id="highlights")
        yield Label(self.tr("plenum.lines"), classes="caption", markup=False)
        yield OptionList(id="lines")
        yield Label(self.tr("plenum.follow_ups"), classes="caption", markup=False)
        yield Line(id="follow-ups")

    def refresh_view(self) -> None:
        console = self.console
        state = console.session.state
        language = console.language
        exercise = self.exercise
        number, count = model.exercise_position(state, exercise.id)
        self.query_one("#plenum-title", Line).show(
            self.tr("exercise.title", number=number, count=count, title=exercise.title.get(language))
        )
        lanes = model.lane_titles(state, exercise, language)
        groups = model.group_labels(state, language)
        votes = model.votes_by_note(state)
        text = Text()
        text.append(self.tr("plenum.highlights") + "\n", style="bold")
        notes = model.highlighted_notes(state, exercise.id)
        hidden = self.tr("safe.note_hidden") if console.hides_notes(exercise.id) else None  # projected, not revealed
        if not notes:
            text.append(self.tr("plenum.no_highlights"), style="dim italic")
        for note in notes:
            text.append(f"★ {lanes.get(note.lane_id, note.lane_id)} · {groups.get(note.group_id, note.group_id)}", style="bold")
            if votes.get(note.id):
                text.append("  " + self.tr("plenum.dots", count=votes[note.id]))
            text.append(f"\n  {hidden or note.text}\n")
        self.query_one("#highlights", Line).show(text)
        lines = list(state.exercises[exercise.id].plenum_lines.items())
        if lines != self._shown_lines:
            self._draw_lines(lines)
        self.query_one("#follow-ups", Line).show(self._follow_ups_text())

    def _draw_lines(self, lines: list[tuple[str, str]]) -> None:
        """Draw the summary lines, keeping the one picked: the same line after
        an edit, the one in its place after a delete, a new one after `a`
        (clearing the list used to leave the first line picked)."""
        options = self.query_one("#lines", OptionList)
        index = options.highlighted
        picked = self._shown_lines[index][0] if self._shown_lines and index is not None and index < len(self._shown_lines) else None
        wanted, self._select_next = self._select_next or picked, None
        options.clear_options()
        if lines:
            options.add_options([Option(Text(line_text), id=line_id) for line_id, line_text in lines])
            ids = [line_id for line_id, _ in lines]
            options.highlighted = ids.index(wanted) if wanted in ids else min(index or 0, len(lines) - 1)
        else:
            options.add_option(Option(self.tr("plenum.no_lines"), disabled=True))
        self._shown_lines = lines

    def _follow_ups_text(self) -> str:
        console = self.console
        follow_ups = console.session.state.exercises[self.exercise_id].follow_ups
        if not follow_ups:
            return self.tr("plenum.no_follow_ups")
        context = actions.Context(console.session.state, self.exercise_id, console.language)
        return "\n".join(actions.follow_up_line(context, n, f) for n, f in enumerate(follow_ups.values(), start=1))

    def _selected_line(self) -> tuple[str, str] | None:
        options = self.query_one("#lines", OptionList)
        if options.highlighted is None or not self._shown_lines:
            return None
        return self._shown_lines[options.highlighted]

    def _check(self, text: str) -> str | None:
        if not text.strip() or text.strip() == self.tr("plenum.prefix").strip():
            return self.tr("plenum.empty")
        return None

    @work(exclusive=True, group="dialog")
    async def action_add_line(self) -> None:
        exercise_id = self.exercise_id
        text = await self.app.push_screen_wait(
            TextPrompt(self.tr("plenum.add_title"), self.tr("plenum.prefix"), check=self._check, max_length=PLENUM_LIMIT)
        )
        if isinstance(text, str):
            command = actions.add_plenum_line(self.console.session.state, exercise_id, text)
            self._select_next = command.line_id
            if not self.console.execute(command):
                self._select_next = None

    @work(exclusive=True, group="dialog")
    async def action_edit_line(self) -> None:
        exercise_id = self.exercise_id
        line = self._selected_line()
        if line is None:
            self.notify(self.tr("plenum.none_selected"), severity="warning", markup=False)
            return
        text = await self.app.push_screen_wait(TextPrompt(self.tr("plenum.edit_title"), line[1], check=self._check, max_length=PLENUM_LIMIT))
        if isinstance(text, str):
            self.console.execute(actions.edit_plenum_line(exercise_id, line[0], text))

    @work(exclusive=True, group="dialog")
    async def action_remove_line(self) -> None:
        """Asks first, showing the line: one stray key used to delete it for good."""
        exercise_id = self.exercise_id
        line = self._selected_line()
        if line is None:
            self.notify(self.tr("plenum.none_selected"), severity="warning", markup=False)
            return
        if await self.app.push_screen_wait(ConfirmDelete(self.tr("plenum.remove_title"), line[1])):
            self.console.execute(cmd.RemovePlenumLine(exercise_id, line[0]))

    def exercise_changed(self) -> None:
        self._shown_lines = None  # another exercise: draw its lines

    def action_exercise(self, step: int) -> None:
        if self.look_at_exercise(step):
            self._shown_lines = None  # another exercise: draw its lines
            self.update_view(force=True)

    @work(exclusive=True, group="dialog")
    async def action_add_follow_up(self) -> None:
        exercise_id = self.exercise_id
        state, language = self.console.session.state, self.console.language
        answer = await self.app.push_screen_wait(FollowUpPrompt(lambda word: actions.find_lane(state, exercise_id, word, language)))
        if isinstance(answer, tuple):
            what, who, due, lane_id = answer
            self.console.execute(actions.set_follow_up(self.console.session.state, exercise_id, what, who, due, lane_id))
