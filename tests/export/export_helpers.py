"""Helpers for the appendix tests: the realistic meeting module, notes that
look like markup, and a small in-memory meeting driven through the real core.
(Test modules import this by name; pytest puts this folder on sys.path.)"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from facilitator.config.models import ResolvedPlan
from facilitator.core import commands as cmd
from facilitator.core.session import handle
from facilitator.core.state import SessionState, apply

DATA = Path(__file__).resolve().parents[1] / "data"


def _load_realistic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realistic_session", DATA / "realistic_session.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["realistic_session"] = module
    spec.loader.exec_module(module)
    return module


realistic = _load_realistic()

# Notes a participant could type that look like markup in some format.
HOSTILE_NOTES = [
    ("x-heading", "# Overskrift <script>alert('bilag')</script> [klik](javascript:alert(1)) *fed* | a | b |"),
    ("x-lines", "første linje\n- anden linje\n## tredje linje\n1. fjerde"),
    ("x-control", "klokke\x07 og lodret\x0btabulator & <b>fed</b> &amp; {{ skabelon }}"),
]
HOSTILE_LANE_TITLE = "<i>Modul 8</i> # [link](http://example.org)"


class Meeting:
    """A session run through the real core in memory, for rules that need no file."""

    def __init__(self, plan: ResolvedPlan) -> None:
        self.state = SessionState()
        self.now = 1_738_670_000.0
        self.do(cmd.CreateSession(plan=plan, code="TESTCODE"))

    def do(self, command: cmd.Command) -> None:
        self.now += 1
        for event in handle(self.state, command, self.now):
            apply(self.state, event)

    def join(self, count: int, group_id: str, prefix: str = "p") -> list[str]:
        start = len(self.state.participants)
        ids = [f"{prefix}{start + i}" for i in range(count)]
        for pid in ids:
            self.do(cmd.Join(participant_id=pid, secret_hash="h", name=f"Navn {pid}", unit=None, group_id=group_id))
        return ids

    def note(self, note_id: str, participant_id: str, text: str, lane_id: str = "behov", exercise_id: str = "netvaerksstjernen") -> None:
        self.do(cmd.AddNote(participant_id=participant_id, note_id=note_id, exercise_id=exercise_id, lane_id=lane_id, text=text))
