"""The countdown in big digits, and the phase in a box: the two things the
room looks for on the wall."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Label, Static

from facilitator.console import model


class TimerDisplay(Vertical):
    """`12:34` in three-line digits; a dash when no countdown runs. The time
    left is computed from the end time and the console's clock each second
    (the phones do the same from the same end time)."""

    DEFAULT_CSS = """
    TimerDisplay { width: auto; height: auto; min-width: 16; }
    TimerDisplay Digits { width: auto; }
    """

    def __init__(self, caption: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._caption = caption
        self.remaining: int | None = None

    def compose(self) -> ComposeResult:
        yield Label(self._caption, classes="caption", markup=False)
        yield Digits("-:--")

    def show(self, ends_at: float | None, now: float) -> None:
        remaining = model.remaining_seconds(ends_at, now)
        if remaining == self.remaining and self.is_mounted:
            return
        self.remaining = remaining
        digits = self.query_one(Digits)
        digits.update("-:--" if remaining is None else model.clock_text(remaining))
        self.set_class(remaining is not None and remaining <= 60, "ending")
        self.set_class(remaining == 0, "over")


class PhaseBox(Static):
    """The phase of the exercise, boxed and coloured per phase."""

    DEFAULT_CSS = "PhaseBox { width: auto; height: auto; }"

    _shown = ("", "")

    def show(self, phase: str, label: str) -> None:
        if (phase, label) == self._shown:
            return
        self._shown = (phase, label)
        for name in ("not_started", "writing", "voting", "closed"):
            self.set_class(name == phase, f"phase-{name}")
        self.update(label)
