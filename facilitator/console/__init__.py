"""The Textual host console: run the meeting from the laptop.

`run_console` is what `facilitator run` calls without `--headless`: the
console starts the server in its own event loop (so a taken port is shown
on screen, with a way out, instead of ending the program), and stops it
cleanly when the facilitator quits.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.console.app import ConsoleApp

if TYPE_CHECKING:
    from facilitator.runtime import LiveSession
    from facilitator.server.app import SessionServer

__all__ = ["ConsoleApp", "run_console"]


async def run_console(
    server: SessionServer,
    session: LiveSession,
    language: str | None = None,
    *,
    export_dir: Path | None = None,
    dark: bool = False,
) -> None:
    """Run the console until the facilitator quits; then stop the server
    (phones are told the meeting paused) and close the journal."""
    app = ConsoleApp(session, language=language, server=server, export_dir=export_dir, dark=dark)
    try:
        await app.run_async()
    finally:
        await server.stop()
