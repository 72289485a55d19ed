"""A countdown as the facilitator types it: `2`, `2,5`, `1:30`, `+1`, `stop`, `180!`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.core import commands as cmd
from facilitator.core.errors import DomainError
from facilitator.core.session import MAX_TIMER_SECONDS

CONFIRM_TIMER_SECONDS = 120 * 60  # a longer countdown is asked for with a "!" (a typo such as 205 is not pushed to every phone)
EXTEND_SECONDS = 60  # the console's `+` key


_MINUTES = re.compile(r"^\d{1,4}(?:[.,]\d{1,3})?$")
_CLOCK = re.compile(r"^(\d{0,3}):([0-5]\d)$")
STOP_WORDS = ("stop", "off", "fra")


@dataclass(frozen=True)
class TimerRequest:
    seconds: int | None  # None: stop the countdown
    extend: bool = False

    def command(self, exercise_id: str) -> cmd.AnyFacilitatorCommand:
        if self.extend and self.seconds is not None:
            return cmd.ExtendTimer(exercise_id, self.seconds)
        return cmd.SetTimer(exercise_id, self.seconds)


def _seconds(text: str, original: str) -> int:
    clock = _CLOCK.match(text)
    if clock:
        return int(clock.group(1) or "0") * 60 + int(clock.group(2))
    if _MINUTES.match(text):
        return round(float(text.replace(",", ".")) * 60)
    raise DomainError("timer_unreadable", text=original.strip())


def parse_timer(text: str, default_minutes: int | None = None) -> TimerRequest:
    """`5` or `2,5` / `2.5` minutes, `1:30` (minutes:seconds), `+1` to extend,
    `stop`; empty means `default_minutes` (the exercise's `writing_minutes`).
    Above two hours it wants a `!` (`180!`), so a slip is not pushed to every phone."""
    word = text.strip().lower()
    confirmed = word.endswith("!")
    if confirmed:
        word = word[:-1].rstrip()
    if word in STOP_WORDS:
        return TimerRequest(None)
    if not word:
        if default_minutes is None:
            raise DomainError("timer_unreadable", text="")
        word = str(default_minutes)
    extend = word.startswith("+")
    seconds = _seconds(word[1:].strip() if extend else word, text)
    if not 1 <= seconds <= MAX_TIMER_SECONDS:
        raise DomainError("timer_invalid")
    if seconds > CONFIRM_TIMER_SECONDS and not confirmed:
        raise DomainError("timer_confirm", minutes=round(seconds / 60), again=f"{word}!")
    return TimerRequest(seconds, extend)
