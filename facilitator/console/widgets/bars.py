"""The two bars every screen has: the screens with their keys at the top, and
the join URL and code at the bottom, so a latecomer can always join."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

# (mode, key) in the order the facilitator meets them in a meeting
SCREENS: tuple[tuple[str, str], ...] = (
    ("lobby", "1"),
    ("exercise", "2"),
    ("moderation", "3"),
    ("plenum", "4"),
    ("participants", "5"),
    ("export", "6"),
)


class NavBar(Static):
    """`1 Lobby  2 Øvelse  …`: where you are, and the key for every other screen.
    A click on a name switches there too. At the right end, whether the console
    is projector-safe (`badge`); where the line is too narrow, only its sign."""

    DEFAULT_CSS = "NavBar { height: 1; width: 1fr; }"

    def __init__(self, current: str, labels: dict[str, str]) -> None:
        super().__init__(classes="navbar")
        parts: list[str] = []
        for mode, key in SCREENS:
            label = escape(f" {key} {labels[mode]} ")
            if mode == current:
                parts.append(f"[reverse bold]{label}[/]")
            else:
                parts.append(f"[@click=app.switch_mode('{mode}')]{label}[/]")
        self._nav = Content.from_markup(" ".join(parts))
        self.badge = ""
        self._badge_on = False

    def show_badge(self, badge: str, on: bool) -> None:
        if (badge, on) != (self.badge, self._badge_on):
            self.badge, self._badge_on = badge, on
            self.refresh()

    def render(self) -> Content:
        room = self.size.width - self._nav.cell_length - 1
        if not self.badge or room < 1:
            return self._nav
        badge = self.badge if len(self.badge) <= room else self.badge[0]
        style = "bold reverse" if self._badge_on else "dim"
        return Content.assemble(self._nav, " " * (room - len(badge) + 1), (badge, style))


class JoinBar(Static):
    """`Deltag: http://…/j/K7M2QX9D · Kode: K7M2-QX9D · 12 forbundet` (or the
    server's problem, when it could not start)."""

    DEFAULT_CSS = "JoinBar { height: 1; width: 1fr; }"

    _shown: tuple[str, str, str, str | None] | None = None

    def show(self, join: str, code: str, connected: str, problem: str | None) -> None:
        if (join, code, connected, problem) == self._shown:
            return
        self._shown = (join, code, connected, problem)
        if problem:
            self.set_class(True, "problem")
            self.update(Content(problem))
            return
        self.set_class(False, "problem")
        self.update(
            Content.assemble(
                (join, "bold"),
                "   ",
                (code, "bold"),
                "   ",
                connected,
            )
        )
