"""A footer that shows every key, wrapping onto a second line when needed.

Textual's own footer is one line that scrolls sideways, so on a 100-column
projector the last keys of a busy screen would be out of sight. This one
breaks between keys (never inside one) and grows to the lines it needs. A
click on a key presses it.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.markup import escape
from textual.screen import Screen
from textual.widget import Widget

Item = tuple[str, str, str]  # (key as shown, description, key to press)
GAP = 2


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: auto;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Item] = []
        self._rendered: tuple[tuple[int, str], Content] | None = None  # ((width, theme), content): parsing markup costs

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        items: list[Item] = []
        seen: set[str] = set()
        for _, binding, enabled, _ in screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            items.append((self.app.get_key_display(binding), binding.description, binding.key.split(",")[0]))
        if items != self._items:
            self._items = items
            self._rendered = None
            self.refresh(layout=True)

    @property
    def keys_shown(self) -> list[Item]:
        return list(self._items)

    def _lines(self, width: int) -> list[list[Item]]:
        lines: list[list[Item]] = [[]]
        used = 0
        for item in self._items:
            size = len(item[0]) + 1 + len(item[1])
            if lines[-1] and used + GAP + size > width:
                lines.append([])
                used = 0
            used += (GAP if lines[-1] else 0) + size
            lines[-1].append(item)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        if self._rendered is not None and self._rendered[0] == (width, self.app.theme):
            return self._rendered[1]
        rows = []
        for line in self._lines(width):
            parts = [
                f"[@click=app.simulate_key('{escape(press)}')][b $footer-key-foreground]{escape(shown)}[/] {escape(text)}[/]"
                for shown, text, press in line
            ]
            rows.append((" " * GAP).join(parts))
        content = Content.from_markup("\n".join(rows))
        self._rendered = ((width, self.app.theme), content)
        return content
