"""Every frame the server sends during the test run, checked against the
published schema (docs/protocol.schema.json), so the suite's meetings prove
the contract a client is written from.

`install()` (called once by conftest.py) makes every websockets client in
the tests — the test phones, the fleet, the hostile clients, the console's
phones, the walls — hand each frame it receives to `CHECK`; a browser page
is watched with `watch_page(page)`. A frame that does not validate fails the
test that received it (websockets clients) and, in any case, the run
(conftest.py's session check names every such frame). A module of its own
name in tests/support/, imported as `tests.support.frames`."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from facilitator.server.schema import messages

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "protocol.schema.json"
CHANNELS = {"/ws": "ServerToPhone", "/wall-ws": "ServerToWall", "/check-ws": "ServerToCheck"}
EVERY_CHANNEL = ("PhoneToServer", "ServerToPhone", "WallToServer", "ServerToWall", "CheckToServer", "ServerToCheck")
MAX_REPORTED = 20  # bad frames kept for the report; the count goes on
_SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# Every frame type the server sends, per channel, as the schema lists them: a
# run of tests/server must see each, so a new message cannot go unchecked.
EVERY_TYPE = {channel: set(messages(_SCHEMA, channel)) for channel in CHANNELS.values()}


def _validators() -> dict[str, Draft202012Validator]:
    """A validator per message the server sends (keyed `channel:type`, found
    through the channel's discriminator, so a problem is named by its field
    rather than as "matches none of 13"), per channel as a whole, and one for
    a single note; all from the committed schema."""
    schema = _SCHEMA

    def validator(name: str) -> Draft202012Validator:
        return Draft202012Validator({"$schema": schema["$schema"], "$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})

    validators = {name: validator(name) for name in [*CHANNELS.values(), "NoteView"]}
    for channel in CHANNELS.values():
        for kind, ref in messages(schema, channel).items():
            validators[f"{channel}:{kind}"] = validator(ref.rsplit("/", 1)[-1])
    return validators


@dataclass
class BadFrame:
    channel: str
    test: str
    frame: str
    problem: str

    def __str__(self) -> str:
        excerpt = self.frame if len(self.frame) <= 300 else self.frame[:300] + "..."
        return f"{self.channel} in {self.test}: {self.problem}\n    frame: {excerpt}"


@dataclass
class FrameCheck:
    """The frames seen so far: how many of each (channel, type), and the bad ones."""

    validators: dict[str, Draft202012Validator] = field(default_factory=_validators)
    seen: Counter[tuple[str, str]] = field(default_factory=Counter)
    bad: list[BadFrame] = field(default_factory=list)
    bad_count: int = 0
    seconds: float = 0.0  # spent checking: the price of this in the suite's time
    _valid: set[int] = field(default_factory=set)  # hashes of frames already found valid (a broadcast reaches many)
    _valid_notes: set[int] = field(default_factory=set)  # hashes of notes already found valid

    def check(self, channel: str, raw: str | bytes) -> BadFrame | None:
        """Validate one received frame; the problem, or None when it keeps the contract."""
        started = time.perf_counter()
        try:
            return self._check(channel, raw)
        finally:
            self.seconds += time.perf_counter() - started

    def _check(self, channel: str, raw: str | bytes) -> BadFrame | None:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        try:
            frame = json.loads(text)
        except ValueError as exc:
            return self._refuse(channel, text, f"not JSON ({exc})")
        kind = frame.get("type") if isinstance(frame, dict) else None
        self.seen[(channel, kind if isinstance(kind, str) else "?")] += 1
        key = hash((channel, text))
        if key in self._valid:
            return None
        if isinstance(raw, bytes):
            return self._refuse(channel, text, "a binary frame (the protocol sends text frames only)")
        schema = f"{channel}:{kind}" if f"{channel}:{kind}" in self.validators else channel
        problem = self._notes_problem(frame) or self._problem(schema, frame)
        if problem is not None:
            return self._refuse(channel, text, problem)
        self._valid.add(key)
        return None

    def _problem(self, schema: str, value: Any, prefix: str = "") -> str | None:
        error = next(iter(sorted(self.validators[schema].iter_errors(value), key=lambda e: list(e.path))), None)
        if error is None:
            return None
        where = "/".join(str(part) for part in [prefix, *error.absolute_path] if part != "") or "(the frame)"
        return f"{where}: {error.message}"

    def _notes_problem(self, frame: Any) -> str | None:
        """A snapshot's notes, each checked once however many phones get it.
        A snapshot of 600 notes takes jsonschema a fifth of a second, and a
        reveal sends one to every phone, nearly all with the same notes: each
        distinct note is validated against `NoteView` once, and the frame
        itself with its note list emptied, which together is the same check
        as the whole frame (the list's only rule is "each item a NoteView")."""
        holder = frame.get("snapshot") if isinstance(frame, dict) and frame.get("type") == "welcome" else frame
        if not (isinstance(holder, dict) and holder.get("type") == "snapshot" and isinstance(holder.get("notes"), list)):
            return None
        prefix = "snapshot/notes" if holder is not frame else "notes"
        for i, note in enumerate(holder["notes"]):
            key = hash(json.dumps(note, sort_keys=True))
            if key not in self._valid_notes:
                problem = self._problem("NoteView", note, f"{prefix}/{i}")
                if problem is not None:
                    return problem
                self._valid_notes.add(key)
        holder["notes"] = []
        return None

    def _refuse(self, channel: str, text: str, problem: str) -> BadFrame:
        test = os.environ.get("PYTEST_CURRENT_TEST", "(outside a test)").removesuffix(" (call)")
        bad = BadFrame(channel, test, text, problem)
        self.bad_count += 1
        if len(self.bad) < MAX_REPORTED:
            self.bad.append(bad)
        return bad

    def types(self, channel: str, seen: Counter[tuple[str, str]] | None = None) -> set[str]:
        """The frame types received on `channel` (so far, or in `seen`)."""
        return {kind for (ch, kind), count in (self.seen if seen is None else seen).items() if ch == channel and count}


CHECK = FrameCheck()


def received(path: str, raw: str | bytes) -> None:
    """A websockets client read `raw` from the server's `path`: fail at once if it breaks the contract."""
    channel = CHANNELS.get(path.split("?")[0])
    if channel is None:
        return  # not a protocol socket
    bad = CHECK.check(channel, raw)
    if bad is not None:
        raise AssertionError(f"the server sent a frame that does not keep docs/protocol.schema.json: {bad}")


def install() -> None:
    """Have every websockets client (asyncio and sync) report what it receives.
    `recv` is wrapped, not replaced: the frame still comes from the real
    socket; iterating over a connection goes through `recv` too."""
    from websockets.asyncio.client import ClientConnection as AsyncClient
    from websockets.sync.client import ClientConnection as SyncClient

    if getattr(AsyncClient.recv, "_checks_frames", False):
        return
    async_recv, sync_recv = AsyncClient.recv, SyncClient.recv

    async def recv_async(self: AsyncClient, *args: Any, **kwargs: Any) -> Any:
        data = await async_recv(self, *args, **kwargs)
        received(self.request.path if self.request else "", data)
        return data

    def recv_sync(self: SyncClient, *args: Any, **kwargs: Any) -> Any:
        data = sync_recv(self, *args, **kwargs)
        received(self.request.path if self.request else "", data)
        return data

    recv_async._checks_frames = True  # type: ignore[attr-defined]
    AsyncClient.recv = recv_async  # type: ignore[method-assign,assignment]
    SyncClient.recv = recv_sync  # type: ignore[method-assign,assignment]


def watch_page(page: Any) -> None:
    """Check every frame a browser page's WebSockets receive. Playwright calls
    back on its own dispatcher, where an exception would be lost, so a bad
    frame is only recorded: the session check fails the run and names it."""

    def on_socket(ws: Any) -> None:
        path = "/" + ws.url.split("://", 1)[-1].split("/", 1)[-1]
        channel = CHANNELS.get(path.split("?")[0])
        if channel is not None:
            ws.on("framereceived", lambda payload: CHECK.check(channel, payload))

    page.on("websocket", on_socket)
