"""Participants: who joined, in which group, who is connected now; move
someone to another group; how many participants each address holds (one
above the plan's `participants_per_address` is flagged) and whether joining
is locked; take someone out (their dots go, their notes as chosen)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding

from facilitator import actions
from facilitator.console import model
from facilitator.console.screens.base import ConsoleScreen
from facilitator.console.screens.dialogs import ChoicePrompt
from facilitator.console.widgets.line import Line
from facilitator.console.widgets.table import KeyedTable, Row
from facilitator.core import commands as cmd
from facilitator.core.state import Participant


class ParticipantsScreen(ConsoleScreen):
    MODE = "participants"
    BINDINGS = [
        Binding("m", "move", "key.move_participant"),
        Binding("delete,x", "remove", "key.remove_participant", key_display="x"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Line(id="people-summary")
        yield Line(id="people-addresses")
        yield KeyedTable(id="participants")

    def on_mount(self) -> None:
        titles = [self.tr(f"people.col_{name}") for name in ("name", "unit", "group", "connected")]
        self.query_one(KeyedTable).set_columns(titles, [None, 14, 10, 20])  # the name takes the rest: 80 columns show every column

    def refresh_view(self) -> None:
        console = self.console
        state = console.session.state
        language = console.language
        connected = console.connected()
        groups = model.group_labels(state, language)
        numbers = model.participant_numbers(state)
        rows: list[tuple[str, Row, bool]] = []
        for participant in state.participants.values():
            online = participant.id in connected
            if not participant.present:
                status = self.tr("people.removed" if participant.removed else "people.left")
            else:
                status = self.tr("people.online" if online else "people.offline")
            cells = (
                console.person_name(participant, numbers[participant.id]),  # projector-safe: "Deltager 3"
                "" if console.projector_safe else participant.unit or "",
                groups.get(participant.group_id, participant.group_id),
                status,
            )
            rows.append((participant.id, cells, not online))
        self.query_one(KeyedTable).show(rows)
        present = len(model.present_participants(state))
        locked = self.tr("people.locked") if state.joining_locked else ""
        self.query_one("#people-summary", Line).show(
            self.tr_count("people.summary", present, connected=len(connected)) + locked
        )
        context = actions.Context(state, state.current_exercise_id or "", language, per_address=console.per_address())
        self.query_one("#people-addresses", Line).show("   ".join(actions.address_lines(context)))

    def _selected(self) -> Participant | None:
        """The participant the list's cursor is on; if none, says so."""
        participant_id = self.query_one(KeyedTable).selected_key
        participant = self.console.session.state.participants.get(participant_id) if participant_id else None
        if participant is None:
            self.notify(self.tr("people.none_selected"), severity="warning", markup=False)
        return participant

    @work(exclusive=True, group="dialog")
    async def action_move(self) -> None:
        state = self.console.session.state
        participant = self._selected()
        if participant is None:
            return
        numbers = model.participant_numbers(state)
        name = self.console.person_name(participant, numbers[participant.id])
        choices = [(g.id, model.group_label(g, self.console.language)) for g in state.groups if g.id != participant.group_id]
        group_id = await self.app.push_screen_wait(ChoicePrompt(self.tr("people.move_title", name=name), choices))
        if isinstance(group_id, str):
            self.console.execute(actions.move_participant(participant, group_id))

    @work(exclusive=True, group="dialog")
    async def action_remove(self) -> None:
        """Take the selected participant out: their dots go; the facilitator
        chooses whether their notes stay."""
        state = self.console.session.state
        participant = self._selected()
        if participant is None:
            return
        name = self.console.person_name(participant, model.participant_numbers(state)[participant.id])
        choices = [("keep", self.tr("people.remove_keep")), ("drop", self.tr("people.remove_drop"))]
        choice = await self.app.push_screen_wait(ChoicePrompt(self.tr("people.remove_title", name=name), choices))
        if choice in ("keep", "drop"):
            self.console.execute(cmd.RemoveParticipant(participant.id, keep_notes=choice == "keep"))
