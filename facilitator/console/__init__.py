"""The Textual host console: run the meeting from the laptop.

`run_console` is what the composition root (`facilitator.app`) calls without
`--headless`: the console starts the server in its own event loop (so a
taken port is shown on screen, with a way out, instead of ending the
program), and stops it cleanly when the facilitator quits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.console.app import ConsoleApp

if TYPE_CHECKING:
    from facilitator.gc_pacer import GcPacer
    from facilitator.runtime import LiveSession
    from facilitator.server import SessionServer

__all__ = ["ConsoleApp", "run_console"]


async def run_console(
    server: SessionServer,
    session: LiveSession,
    language: str | None = None,
    *,
    export_dir: Path | None = None,
    dark: bool = False,
    start: bool = False,
    after_start: Callable[[], None] | None = None,
    pacer: GcPacer | None = None,
) -> None:
    """Run the console until the facilitator quits; then stop the server
    (phones are told the meeting paused).

    The console speaks `language` (the root passes `--lang`, else
    $STJERNESTUND_LANG), else the plan's language.

    `start` opens the current exercise's writing at once (`--start`);
    `after_start` runs once the server listens (e.g. to write `--qr-out`);
    `pacer` is told of the facilitator's key presses. All three are built
    by the composition root (`facilitator.app`), which closes the journal."""
    app = ConsoleApp(
        session,
        language=language,
        server=server,
        export_dir=export_dir,
        dark=dark,
        start=start,
        after_start=after_start,
        pacer=pacer,
    )
    try:
        await app.run_async()
    finally:
        await server.stop()
