"""Headless mode: the facilitator's UI on standard input and output.

The console's sibling: the same actions (`facilitator/actions/`), typed as
lines. `shell.py` runs the server and prints the log; `controls.py` runs
each typed line through the one write path.
"""

from __future__ import annotations

from facilitator.headless.controls import Controls
from facilitator.headless.shell import EventLog, ListenError, Printer, run_headless, stdin_or_none

__all__ = ["Controls", "EventLog", "ListenError", "Printer", "run_headless", "stdin_or_none"]
