"""Moderation: browse the notes by lane or group; edit, hide, move, merge or
highlight the selected one; add a note for a group that wrote on paper;
undo the latest moderation (`z`); hide, rename or merge a group's proposal (`p`)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding

from facilitator import actions
from facilitator.console import model
from facilitator.console.screens.base import ConsoleScreen
from facilitator.console.screens.dialogs import ChoicePrompt, MultiChoicePrompt, TextPrompt
from facilitator.console.screens.notes import NotePrompt, PaperNotes
from facilitator.console.widgets.line import Line
from facilitator.console.widgets.table import KeyedTable, Row, RowOf
from facilitator.core import commands as cmd
from facilitator.core.state import Note

ALL = "*"
MERGE_CHOICES = 300  # the same lane's notes first; a longer list is no help to the eye, and slow to draw


class ModerationScreen(ConsoleScreen):
    MODE = "moderation"
    LOOKS = True
    BINDINGS = [
        Binding("e", "edit", "key.edit"),
        Binding("h", "hide", "key.hide"),
        Binding("m", "move", "key.move"),
        Binding("u", "merge", "key.merge"),
        Binding("f", "highlight", "key.highlight"),
        Binding("z", "undo", "key.undo"),
        Binding("p", "proposals", "key.proposals"),
        Binding("o", "focus_note", "key.focus_note"),  # the selected note full-screen on the wall (again: back); z is undo, v the projector-safe mode
        Binding("a", "add", "key.add_note"),
        Binding("l", "filter_lane", "key.filter_lane"),
        Binding("g", "filter_group", "key.filter_group"),
        Binding("less_than_sign", "exercise(-1)", "key.previous_exercise", key_display="<"),
        Binding("greater_than_sign", "exercise(1)", "key.next_exercise", key_display=">"),
        Binding("c", "results", "key.results"),  # c: count (v is the projector-safe mode, p the port)
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chosen_exercise: str | None = None  # None: follow the room
        self.lane_filter = ALL
        self.group_filter = ALL
        self._columns_for: str | None = None
        self.paper_group: str | None = None  # where the paper dialog was left: the next paper note goes there too
        self.paper_lane: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Line(id="mod-filters")
        yield KeyedTable(id="notes")
        yield Line(id="mod-selected")

    def note_keys(self) -> list[str]:
        """The notes the list shows, in the order they arrived: this exercise's,
        neither merged nor deleted, through the lane and group filters."""
        state = self.console.session.state
        exercise_id, lane, group = self.exercise_id, self.lane_filter, self.group_filter
        return [
            note.id
            for note in state.notes.values()
            if note.exercise_id == exercise_id and note.live
            and lane in (ALL, note.lane_id) and group in (ALL, note.group_id)
        ]

    def note_row(self) -> RowOf:
        """A function giving a note's cells: lane, group, text, marks (and votes)."""
        state = self.console.session.state
        language = self.console.language
        exercise = self.exercise
        lanes = model.lane_titles(state, exercise, language)
        groups = model.group_labels(state, language)
        merged = model.merged_counts(state)
        votes = model.votes_by_note(state) if exercise.options.dots_per_participant else None
        marks = (self.tr("mod.mark_highlight"), self.tr("mod.mark_hidden"), self.tr("mod.mark_edited"))
        session = self.console.session
        hidden = self.tr("safe.note_hidden") if self.console.hides_notes(exercise.id) else None  # projected, not revealed

        def row_of(note_id: str) -> tuple[Row, bool]:
            note = session.state.notes.get(note_id)  # the state itself, not this one: a failed commit rebuilds it
            if note is None:
                return ("", "", "", ""), True
            flags = [mark for mark, on in zip(marks, (note.highlighted, note.hidden, note.edited), strict=True) if on]
            if merged.get(note.id):
                flags.append(f"+{merged[note.id]}")
            cells = [
                f"#{actions.note_number(note)}",  # the number headless mode and the command line (`:highlight 12`) use
                lanes.get(note.lane_id, note.lane_id),
                groups.get(note.group_id, note.group_id),
                hidden or note.text,
                " ".join(flags),
            ]
            if votes is not None:
                cells.append(str(votes.get(note.id, 0)))
            return tuple(cells), note.hidden

        return row_of

    def refresh_view(self) -> None:
        state = self.console.session.state
        exercise = self.exercise
        table = self.query_one(KeyedTable)
        voting = exercise.options.dots_per_participant > 0
        if self._columns_for != exercise.id:
            self.lane_filter = ALL  # the lanes of another exercise
            titles = [self.tr(f"mod.col_{name}") for name in ("number", "lane", "group", "text", "marks")]
            widths: list[int | None] = [5, 16, 10, None, 14]
            if voting:
                titles.append(self.tr("mod.col_votes"))
                widths.append(max(6, len(titles[-1])))  # "Prikker" whole, not "Prikk…"
            table.set_columns(titles, widths)
            self._columns_for = exercise.id
        keys = self.note_keys()
        table.show_keys(keys, self.note_row())
        lanes = model.lane_titles(state, exercise, self.console.language)
        groups = model.group_labels(state, self.console.language)
        self.query_one("#mod-filters", Line).show(
            self.tr(
                "mod.filters",
                exercise=exercise.title.get(self.console.language),
                lane=lanes.get(self.lane_filter, self.tr("mod.all")),
                group=groups.get(self.group_filter, self.tr("mod.all")),
                notes=self.tr_count("mod.notes", len(keys)),  # "1 note", not "1 noter"
            )
        )
        self._show_selected()

    @on(KeyedTable.Highlighted)
    def _show_selected(self) -> None:
        note = self.selected()
        text = note.text if note else self.tr("mod.none_selected")
        if note is not None and self.console.hides_notes(note.exercise_id):
            text = self.tr("safe.note_hidden")
        shown: str | Text = text
        if note is not None:
            # The lane's whole title above the text: the list's lane column holds
            # 16 characters, and the bundled plan's module titles run to 70.
            state, language = self.console.session.state, self.console.language
            lane = model.lane_titles(state, self.exercise, language).get(note.lane_id, note.lane_id)
            group = model.group_labels(state, language).get(note.group_id, note.group_id)
            shown = Text.assemble((f"{lane} · {group}", "bold"), "\n", text)
        self.query_one("#mod-selected", Line).show(shown)

    def selected(self) -> Note | None:
        note_id = self.query_one(KeyedTable).selected_key
        return self.console.session.state.notes.get(note_id) if note_id else None

    def _need_selected(self) -> Note | None:
        note = self.selected()
        if note is None:
            self.notify(self.tr("mod.none_selected"), severity="warning", markup=False)
        return note

    # -- actions ------------------------------------------------------------------------
    @work(exclusive=True, group="dialog")
    async def action_edit(self) -> None:
        note = self._need_selected()
        if note is None:
            return
        await self.app.push_screen_wait(
            NotePrompt(self.tr("mod.edit_title"), note.text, lambda text: self.console.execute(actions.edit_note(note, text)))
        )

    def action_hide(self) -> None:
        note = self._need_selected()
        if note is not None:
            self.console.execute(actions.hide(note))

    def action_highlight(self) -> None:
        note = self._need_selected()
        if note is not None:
            self.console.execute(actions.highlight(note))

    def action_focus_note(self) -> None:
        note = self._need_selected()
        if note is not None:
            self.console.execute(actions.focus_note(self.console.session.state, note))

    def _lane_choices(self) -> list[tuple[str, str]]:
        state = self.console.session.state
        exercise = self.exercise
        return [(row.id, row.title) for row in model.lanes_of(state, exercise, self.console.language)]

    def _group_choices(self) -> list[tuple[str, str]]:
        state = self.console.session.state
        return [(g.id, model.group_label(g, self.console.language)) for g in state.groups]

    @work(exclusive=True, group="dialog")
    async def action_move(self) -> None:
        note = self._need_selected()
        if note is None:
            return
        choices = [(lane_id, title) for lane_id, title in self._lane_choices() if lane_id != note.lane_id]
        lane_id = await self.app.push_screen_wait(ChoicePrompt(self.tr("mod.move_title"), choices))
        if isinstance(lane_id, str):
            self.console.execute(actions.move_note(note, lane_id))

    @work(exclusive=True, group="dialog")
    async def action_merge(self) -> None:
        keep = self._need_selected()
        if keep is None:
            return
        state = self.console.session.state
        others = [n for n in state.notes.values() if n.exercise_id == keep.exercise_id and n.live and n.id != keep.id]
        others.sort(key=lambda n: (n.lane_id != keep.lane_id, n.seq))  # the same lane first
        others = others[:MERGE_CHOICES]
        groups = model.group_labels(state, self.console.language)
        choices = [(n.id, f"{groups.get(n.group_id, n.group_id)}: {n.text}") for n in others]
        picked = await self.app.push_screen_wait(MultiChoicePrompt(self.tr("mod.merge_title", text=keep.text), choices))
        if isinstance(picked, list) and picked:
            self.console.execute(actions.merge(keep, [state.notes[note_id] for note_id in picked]))

    @work(exclusive=True, group="dialog")
    async def action_add(self) -> None:
        """Notes from a paper sheet: one dialog for as many as there are, in
        the group and lane chosen last (else the filters', else the first)."""
        exercise_id = self.exercise_id
        groups, lanes = self._group_choices(), self._lane_choices()
        group_id = _first_of(groups, self.paper_group, self.group_filter)
        lane_id = _first_of(lanes, self.paper_lane, self.lane_filter)

        def save(group_id: str, lane_id: str, text: str) -> bool:
            state = self.console.session.state
            return self.console.execute(actions.note_for_group(state, exercise_id, group_id, lane_id, text))

        where = await self.app.push_screen_wait(PaperNotes(groups, lanes, group_id, lane_id, save))
        if isinstance(where, tuple):
            self.paper_group, self.paper_lane = where

    @work(exclusive=True, group="dialog")
    async def action_filter_lane(self) -> None:
        choices = [(ALL, self.tr("mod.all")), *self._lane_choices()]
        picked = await self.app.push_screen_wait(ChoicePrompt(self.tr("mod.filter_lane"), choices, current=self.lane_filter))
        if isinstance(picked, str):
            self.lane_filter = picked
            self.update_view(force=True)

    @work(exclusive=True, group="dialog")
    async def action_filter_group(self) -> None:
        choices = [(ALL, self.tr("mod.all")), *self._group_choices()]
        picked = await self.app.push_screen_wait(ChoicePrompt(self.tr("mod.filter_group"), choices, current=self.group_filter))
        if isinstance(picked, str):
            self.group_filter = picked
            self.update_view(force=True)

    def action_undo(self) -> None:
        """Take back the exercise's latest moderation step, and say which it was."""
        console = self.console
        state = console.session.state
        step = actions.last_step(state, self.exercise_id)
        if step is None:
            self.notify(self.tr("mod.nothing_to_undo"), severity="warning", markup=False)
            return
        line = actions.undo_line(actions.Context(state, self.exercise_id, console.language), step)
        if console.execute(actions.undo(self.exercise_id)):
            self.notify(line, markup=False)

    @work(exclusive=True, group="dialog")
    async def action_proposals(self) -> None:
        """A group's proposal: hide (or show again), rename, or merge into another lane."""
        state = self.console.session.state
        exercise_id = self.exercise_id
        proposed = [lane for lane in state.exercises[exercise_id].proposed_lanes.values() if lane.merged_into is None]
        if not proposed:
            self.notify(self.tr("mod.no_proposals"), markup=False)
            return
        hidden_mark = self.tr("mod.proposal_hidden_mark")
        choices = [(lane.id, lane.title + (f" {hidden_mark}" if lane.hidden else "")) for lane in proposed]
        lane_id = await self.app.push_screen_wait(ChoicePrompt(self.tr("mod.proposals_title"), choices))
        if not isinstance(lane_id, str):
            return
        lane = state.exercises[exercise_id].proposed_lanes[lane_id]
        verbs = [
            ("show" if lane.hidden else "hide", self.tr("mod.proposal_show" if lane.hidden else "mod.proposal_hide")),
            ("rename", self.tr("mod.proposal_rename")),
            ("merge", self.tr("mod.proposal_merge")),
        ]
        verb = await self.app.push_screen_wait(ChoicePrompt(self.tr("mod.proposal_action", lane=lane.title), verbs))
        if verb in ("hide", "show"):
            self.console.execute(cmd.HideProposal(exercise_id, lane.id, verb == "hide"))
        elif verb == "rename":
            title = await self.app.push_screen_wait(TextPrompt(self.tr("mod.rename_title"), lane.title))
            if isinstance(title, str):
                self.console.execute(cmd.RenameProposal(exercise_id, lane.id, title))
        elif verb == "merge":
            others = [(lane_id, title) for lane_id, title in self._lane_choices() if lane_id != lane.id]
            keep = await self.app.push_screen_wait(ChoicePrompt(self.tr("mod.merge_into", lane=lane.title), others))
            if isinstance(keep, str):
                self.console.execute(cmd.MergeProposals(exercise_id, keep, (lane.id,)))

    def exercise_changed(self) -> None:
        self.lane_filter = ALL

    def action_exercise(self, step: int) -> None:
        if self.look_at_exercise(step):
            self.lane_filter = ALL
            self.update_view(force=True)


def _first_of(choices: list[tuple[str, str]], *wanted: str | None) -> str:
    """The first of `wanted` that is one of the choices, else the first choice."""
    ids = [value for value, _ in choices]
    return next((w for w in wanted if w in ids), ids[0])
