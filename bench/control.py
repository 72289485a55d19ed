"""The runner's line to a server process: JSON commands on standard input,
one JSON answer a line on standard output. Shared by our server and the
bare baseline, so the runner drives both the same way."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from bench import clock

Command = Callable[[dict[str, Any]], Awaitable[dict[str, Any]] | dict[str, Any]]


def say(answer: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


async def obey(commands: dict[str, Command]) -> None:
    """Answer commands until `stop` (which is answered last) or the end of input."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        command = json.loads(line)
        kind = command.pop("cmd")
        if kind == "stop":
            return
        handler = commands.get(kind)
        if handler is None:
            say({"error": f"unknown command {kind!r}"})
            continue
        answer = handler(command)
        say(await answer if asyncio.iscoroutine(answer) else answer)  # type: ignore[arg-type]


class ConsoleProbe:
    """Plays the console's part: a subscriber that notes the moment each note
    reaches it, on the benchmark's shared clock."""

    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {}

    def seen(self, note_id: str) -> None:
        parsed = clock.parse_note_id(note_id)
        if parsed is not None:
            self.latency.setdefault(parsed[0], []).append(clock.now() - parsed[1])

    def report(self, command: dict[str, Any]) -> dict[str, Any]:
        latencies = self.latency.get(command["phase"], [])
        return {"console_seen": len(latencies), "console_latency": [round(v, 6) for v in latencies]}
