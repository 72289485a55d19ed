"""The lobby: a QR code to scan off the wall, the join URL and code in large
type, the plan, and the participants arriving, by group."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label

from facilitator.console import model
from facilitator.console.screens.base import ConsoleScreen
from facilitator.console.widgets.bigtext import BigText
from facilitator.console.widgets.line import Line
from facilitator.console.widgets.qr import QrCode

NAMES_PER_GROUP = 40  # beyond this a group shows "+ 12 flere"; the count stays exact


class LobbyScreen(ConsoleScreen):
    MODE = "lobby"

    def compose_body(self) -> ComposeResult:
        console = self.console
        code = model.formatted_code(console.session.state.code)
        with Horizontal(id="lobby"):
            with Vertical(id="qr-pane"):
                wifi = console.server.wifi if console.server is not None else None
                if wifi is not None:  # the network first, then the meeting: two scans, in that order
                    yield Label(self.tr("lobby.wifi", network=wifi.ssid), id="wifi-caption", classes="caption", markup=False)
                    yield QrCode(wifi.qr_payload(), id="wifi-qr", share=2)
                yield QrCode(console.qr_url or "-", id="qr", share=2 if wifi is not None else 1)
                yield Line(self.tr("lobby.no_qr"), id="no-qr", classes="hint")  # a taken port: no code at all
            with VerticalScroll(id="lobby-info"):  # scrolls on a small terminal
                yield Label(self.tr("lobby.scan"), classes="caption", markup=False)
                yield Line(console.join_url, id="join-url")
                yield Line(self.tr("lobby.wall_hint"), id="wall-hint", classes="hint")  # the wall's secret URL: only on `w`
                yield Line(id="reach", classes="hint")  # the reachability check: green once a phone got through
                yield Label(self.tr("lobby.code"), classes="caption", markup=False)
                yield BigText(code, id="big-code")
                yield Line(id="lobby-plan")
                with VerticalScroll(id="people"):
                    yield Line(id="people-count")
                    yield Line(id="people-groups")

    def refresh_view(self) -> None:
        console = self.console
        state = console.session.state
        url = console.join_url
        qr = self.query_one("#qr", QrCode)
        scannable = console.qr_url
        if scannable and scannable != qr.data:
            qr.set_data(scannable)
        qr.display = bool(scannable)  # never a code pointing at a port another program holds
        self.query_one("#no-qr", Line).display = not scannable
        self._fit_wifi(qr)
        self.query_one("#join-url", Line).show((url if scannable else "") or self.tr("lobby.no_url"))
        self.query_one("#wall-hint", Line).display = bool(console.wall_url)
        self._show_reach()
        self.query_one("#lobby-plan", Line).show(self._plan_text())
        present = model.present_participants(state)
        connected = console.connected()
        self.query_one("#people-count", Line).show(
            Text(self.tr_count("lobby.people", len(present), connected=len(connected)), style="bold")
        )
        self.query_one("#people-groups", Line).show(self._groups_text(connected))

    def _fit_wifi(self, join: QrCode) -> None:
        """The Wi-Fi code above the join code when both fit the terminal's height
        (at one module a character); else only the join code, and the caption
        names the network and its password to type."""
        wifi = self.query("#wifi-qr")
        if not wifi:
            return
        code = wifi.first(QrCode)
        needed = (len(code.matrix) + 1) // 2 + (len(join.matrix) + 1) // 2 + 2 + 5
        fits = needed <= self.console.size.height
        if code.display != fits:
            code.display = fits
            join.share = code.share = 2 if fits else 1
            join.refresh(layout=True)
        network = self.console.server.wifi if self.console.server is not None else None
        if network is not None:
            key = "lobby.wifi" if fits else "lobby.wifi_typed"
            caption = self.query_one("#wifi-caption", Label)
            caption.update(self.tr(key, network=network.ssid, password=network.password or "-"))

    def _show_reach(self) -> None:
        """Before the check: where to open it; after: that a phone got through, in green."""
        console = self.console
        line = self.query_one("#reach", Line)
        line.display = bool(console.check_url)
        reached = console.reached
        line.set_class(reached is not None, "reached")
        if reached is not None:
            line.show(self.tr("lobby.reached", ms=reached.ms, device=reached.device, address=reached.address))
        elif console.check_url:
            line.show(self.tr("lobby.check", url=console.check_url))

    def _plan_text(self) -> Text:
        state = self.console.session.state
        assert state.plan is not None
        language = self.console.language
        text = Text()
        text.append(self.tr("lobby.plan") + "\n", style="bold")
        for number, exercise in enumerate(state.plan.exercises, start=1):
            current = exercise.id == state.current_exercise_id
            phase = self.tr(f"phase.{state.exercises[exercise.id].phase}")
            line = f"{'▶' if current else ' '} {number}. {exercise.title.get(language)}  ({phase})\n"
            text.append(line, style="bold" if current else "")
        return text

    def _groups_text(self, connected: frozenset[str]) -> Text:
        state = self.console.session.state
        language = self.console.language
        show_names = bool(state.plan and state.plan.ask_names)
        console_safe = self.console.projector_safe  # projected: counts, not names
        text = Text()
        by_group = model.people_by_group(state)
        for group in state.groups:
            people = by_group.get(group.id, [])
            online = sum(1 for p in people if p.id in connected)
            text.append(f"{model.group_label(group, language)}: ", style="bold")
            text.append(self.tr("lobby.group_count", count=len(people), connected=online))
            if show_names and people and not console_safe:
                names = [p.name or "?" for p in people[:NAMES_PER_GROUP]]
                text.append("\n  " + ", ".join(names))
                if len(people) > NAMES_PER_GROUP:
                    text.append(" " + self.tr("lobby.more", count=len(people) - NAMES_PER_GROUP), style="italic")
            text.append("\n")
        if show_names and console_safe and state.participants:
            text.append(self.tr("safe.names_hidden"), style="italic")
        return text
