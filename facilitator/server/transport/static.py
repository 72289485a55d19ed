"""The phone page's files as the server sends them: compressed once, with validators.

A room of phones loads the same few files: each is read, gzipped and given
an `ETag` once (at start for everything under `client/`, again only when
the file changes on disk), so a load costs a lookup and a reload a `304`.
Every answer still says `Cache-Control: no-cache` (the browser asks again
each time, so a new version is seen at once) and `Vary: Accept-Encoding`.

Why not keep-alive: websockets' server answers exactly one HTTP request per
connection (`ServerProtocol.send_response` closes the connection after any
answer that is not the WebSocket upgrade), so every file costs a connection;
what can be saved is bytes (gzip, 304) and requests (docs/phone.md, "Over
HTTP").
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import http
from dataclasses import dataclass
from pathlib import Path

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

COMPRESSIBLE = ("text/", "application/json", "application/manifest+json", "image/svg+xml")
MIN_SIZE = 256  # bytes: below this, gzip's own header and a second variant are not worth it


@dataclass(frozen=True)
class Variant:
    body: bytes
    etag: str
    encoding: str | None  # "gzip", or None for the file as it is


@dataclass(frozen=True)
class Entry:
    """One file (or fixed answer) in every form it is sent in."""

    content_type: str
    plain: Variant
    gzipped: Variant | None
    stamp: tuple[int, int] = (0, 0)  # the file's (mtime_ns, size) when read; (0, 0) for a fixed answer

    @classmethod
    def of(cls, body: bytes, content_type: str, stamp: tuple[int, int] = (0, 0)) -> Entry:
        tag = hashlib.sha256(body).hexdigest()[:20]
        plain = Variant(body, f'"{tag}"', None)
        gzipped = None
        if content_type.startswith(COMPRESSIBLE) and len(body) >= MIN_SIZE:
            packed = gzip.compress(body, compresslevel=9, mtime=0)
            if len(packed) < len(body):
                gzipped = Variant(packed, f'"{tag}-gz"', "gzip")
        return cls(content_type, plain, gzipped, stamp)

    def variant_for(self, request: Request) -> Variant:
        if self.gzipped is not None and accepts_gzip(request.headers.get("Accept-Encoding", "")):
            return self.gzipped
        return self.plain


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an `Accept-Encoding` header allows gzip (`gzip`, `x-gzip` or `*`, not at q=0)."""
    qualities: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name:
            qualities[name.lower()] = quality
    for name in ("gzip", "x-gzip", "*"):  # the named coding decides before the wildcard
        if name in qualities:
            return qualities[name] > 0
    return False


def matches(if_none_match: str | None, etag: str) -> bool:
    """`If-None-Match` (weak comparison, as RFC 9110 asks for GET)."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def answer(request: Request, entry: Entry, security_headers: tuple[tuple[str, str], ...]) -> Response:
    """200 with the best variant the client accepts, or 304 when it has it already."""
    variant = entry.variant_for(request)
    fresh = matches(request.headers.get("If-None-Match"), variant.etag)
    status = http.HTTPStatus.NOT_MODIFIED if fresh else http.HTTPStatus.OK
    headers = Headers([("Date", email.utils.formatdate(usegmt=True)), ("Connection", "close")])
    if not fresh:
        headers["Content-Length"] = str(len(variant.body))
    headers["Content-Type"] = entry.content_type
    if variant.encoding:
        headers["Content-Encoding"] = variant.encoding
    if entry.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
    headers["ETag"] = variant.etag
    for name, value in security_headers:
        headers[name] = value
    return Response(status.value, status.phrase, headers, b"" if fresh else variant.body)


class StaticFiles:
    """The files under one folder, each read and compressed once (again when it changes)."""

    def __init__(self, root: Path, content_type: dict[str, str], default_type: str = "application/octet-stream") -> None:
        self.root = root
        self.content_type = content_type
        self.default_type = default_type
        self._entries: dict[Path, Entry] = {}
        for path in sorted(root.rglob("*")):  # at start: the first phones find everything ready
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
                resolved = path.resolve()
                if resolved.is_relative_to(root):  # a link out of the folder is never served, so never read
                    self.get(resolved)

    def get(self, path: Path) -> Entry | None:
        """The entry of a resolved file under the root, read again if it changed; None if unreadable."""
        try:
            status = path.stat()
        except OSError:
            return None
        stamp = (status.st_mtime_ns, status.st_size)
        entry = self._entries.get(path)
        if entry is not None and entry.stamp == stamp:
            return entry
        try:
            body = path.read_bytes()
        except OSError:
            return None
        entry = Entry.of(body, self.content_type.get(path.suffix.lower(), self.default_type), stamp)
        self._entries[path] = entry
        return entry
