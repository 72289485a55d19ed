"""Plain HTTP on the WebSocket port: the phone page, its texts and a health check.

Files are sent gzipped when the browser accepts it, with an `ETag` (and
`304` when the browser has them already): `static.py` reads and compresses
each once. Only regular files inside `client/` are served; a path is decoded once and
refused if any part of it is empty, `.`, `..` or hidden, or if it resolves
(symlinks included) outside `client/`. No folder is ever listed. Every
answer carries a Content-Security-Policy without inline script or any other
origin, so a note's text can never run as code on a phone.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import hmac
import http
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.http11 import Request, Response
from websockets.server import ServerProtocol
from websockets.typing import StatusLike

from facilitator.server.transport.gate import REFUSAL, ConnectionGate
from facilitator.server.transport.limits import FailedAttempts
from facilitator.server.transport.proxies import TrustedProxies, address_of
from facilitator.server.transport.static import Entry, StaticFiles, answer
from facilitator.texts import TABLES, table_for

WS_PATH = "/ws"
WALL_WS_PATH = "/wall-ws"
CHECK_WS_PATH = "/check-ws"  # the reachability check (transport/check.py)
_JOIN_PATH = re.compile(r"^/j/[A-Za-z0-9 -]{1,40}/?$")
_TEXTS_PATH = re.compile(r"^/texts/([a-z]{2})\.json$")
_WALL_PATH = re.compile(r"^/w/([^/]{1,200})(/qr\.svg|/wifi\.svg|/)?$")
_WALL_TEXTS_PATH = re.compile(r"^/wall-texts/([a-z]{2})\.json$")
_CHECK_TEXTS_PATH = re.compile(r"^/check-texts/([a-z]{2})\.json$")  # the reachability check's page

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-cache"),
)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}


def response(status: int, body: bytes, content_type: str) -> Response:
    status_ = http.HTTPStatus(status)
    headers = Headers(
        [
            ("Date", email.utils.formatdate(usegmt=True)),
            ("Connection", "close"),
            ("Content-Length", str(len(body))),
            ("Content-Type", content_type),
            *SECURITY_HEADERS,
        ]
    )
    return Response(status_.value, status_.phrase, headers, body)


def with_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS:
        if name not in response.headers:
            response.headers[name] = value
    return response


class SecureConnection(ServerConnection):
    """A connection whose refusals made by websockets itself (a request line
    or header too long, a broken upgrade, a server shutting down) carry the
    same security headers as every answer of ours: they come from
    `ServerProtocol.reject`, which no `process_response` hook sees.

    It also passes the `ConnectionGate` first: over the bound per address or
    the open-file budget, it answers `503` and closes before reading a byte."""

    # Its own attributes in slots: a connection of websockets already has 27,
    # and past 30 Python gives each instance a dictionary of its own instead of
    # sharing the keys (1.6 KB against 0.3 KB a phone: 3 MB at 2,000 phones).
    __slots__ = ("gate", "gate_key", "gate_assigned")

    def __init__(self, protocol: ServerProtocol, *args: Any, gate: ConnectionGate | None = None, **kwargs: Any) -> None:
        super().__init__(protocol, *args, **kwargs)
        self.gate = gate
        self.gate_key: str | None = None  # the address counted at the gate; None: not counted
        self.gate_assigned: str | None = None  # behind a trusted proxy: the phone's address, once known
        reject = protocol.reject

        def secure_reject(status: StatusLike, text: str) -> Response:
            return with_security_headers(reject(status, text))

        protocol.reject = secure_reject  # type: ignore[method-assign]  # websockets offers no hook for its own refusals

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        if self.gate is None:
            return
        peer = transport.get_extra_info("peername")
        self.gate_key = self.gate.admit(str(peer[0]) if peer else "?")
        if self.gate_key is None:
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(REFUSAL)
            transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.gate is not None:
            self.gate.release(self.gate_key, self.gate_assigned)
            self.gate_key = self.gate_assigned = None
        super().connection_lost(exc)

    def assign_address(self, address: str) -> bool:
        """Behind a trusted proxy: count this connection under the phone's
        address; False if that address already holds its share."""
        if self.gate is None or self.gate_key != "" or self.gate_assigned is not None:
            return True  # counted under its own peer already, or once
        if not self.gate.assign(address):
            return False
        self.gate_assigned = address
        return True


def text_response(status: int, text: str) -> Response:
    return response(status, text.encode("utf-8"), "text/plain; charset=utf-8")


def json_body(value: object) -> bytes:
    """JSON without spaces between items: the texts every phone fetches are a few hundred bytes shorter."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(value: object, status: int = 200) -> Response:
    return response(status, json_body(value), "application/json")


@dataclass(frozen=True)
class WallRoutes:
    """What HTTP needs to know of the projector wall: its secret, the shared
    count of failed attempts per address, and the join URL's QR code as SVG."""

    secret: str
    attempts: FailedAttempts
    qr_svg: Callable[[], bytes]
    wifi_svg: bytes | None = None  # the Wi-Fi network's QR code, when the meeting names one


def web_origin(url: str) -> tuple[str, str, int] | None:
    """A URL's origin as a browser compares it: scheme, host, port (the
    scheme's default when none is written), so `https://moede.example.org`
    and `https://moede.example.org:443` are one origin."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return (scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80))


class HttpRoutes:
    """`process_request` for `websockets.serve`: answers every plain HTTP
    request itself and lets only acceptable upgrades at `/ws` through."""

    def __init__(
        self,
        client_dir: Path,
        *,
        connections: Callable[[], int],
        max_connections: int,
        public_origin: str | None = None,
        host_names: frozenset[str] = frozenset(),
        wall: WallRoutes | None = None,
        proxies: TrustedProxies | None = None,
    ) -> None:
        self.wall = wall
        self.proxies = proxies or TrustedProxies()
        self.client_dir = client_dir.resolve()
        self.files = StaticFiles(self.client_dir, CONTENT_TYPES)
        self._texts: dict[tuple[str, str], Entry] = {}  # (prefix, language) -> the JSON texts, encoded once
        self._connections = connections
        self.max_connections = max_connections
        self.public_origin = web_origin(public_origin) if public_origin else None  # --public-url
        self.host_names = frozenset(name.lower() for name in host_names)  # --host, when it is a name

    def __call__(self, connection: ServerConnection, request: Request) -> Response | None:
        if isinstance(connection, SecureConnection) and connection.gate_key == "":  # from a trusted proxy
            if not connection.assign_address(address_of(self.proxies, connection, request)):
                return text_response(503, "Too many connections from this address; try again shortly\n")
        for name in ("Host", "Origin", "Upgrade"):
            if len(request.headers.get_all(name)) > 1:  # which one would count? neither
                return text_response(400, f"Bad request: {name} given twice\n")
        if request.method not in ("GET", "HEAD"):
            refused = text_response(405, "Method not allowed\n")
            refused.headers["Allow"] = "GET, HEAD"
            return refused  # nothing here changes anything over HTTP; the phones talk over the socket
        answer = self._route(connection, request)
        if request.method == "HEAD" and answer is not None:
            return dataclasses.replace(answer, body=b"")  # the headers of GET, Content-Length included
        return answer

    def _route(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path).path
        if path in (WS_PATH, WALL_WS_PATH, CHECK_WS_PATH):
            if request.method != "GET":
                return text_response(400, "Bad request: a WebSocket opens with GET\n")
            return self._upgrade(request)
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return text_response(404, "Not found: the WebSocket is at /ws\n")
        if path == "/healthz":
            return json_response({"ok": True, "connections": self._connections()})
        texts = _TEXTS_PATH.match(path)
        if texts:
            language = texts.group(1)
            if language not in TABLES:
                return text_response(404, "Not found\n")
            return self._texts_of(request, "phone.", language)
        if path == "/" or _JOIN_PATH.match(path):
            return self._file(request, "index.html")
        if path in ("/check", "/check/"):
            return self._file(request, "check.html")
        wall = _WALL_PATH.match(path)
        if wall:
            return self._wall(connection, request, wall.group(1), wall.group(2))
        wall_texts = _WALL_TEXTS_PATH.match(path)
        if wall_texts and wall_texts.group(1) in TABLES:
            return self._texts_of(request, "wall.", wall_texts.group(1))
        check_texts = _CHECK_TEXTS_PATH.match(path)
        if check_texts and check_texts.group(1) in TABLES:
            return self._texts_of(request, "reach.", check_texts.group(1))
        if path == "/wall.html":
            return text_response(404, "Not found\n")  # the wall page exists only at its secret URL
        return self._file(request, path)

    def _texts_of(self, request: Request, prefix: str, language: str) -> Response:
        """A language's texts as JSON, encoded and compressed once (they do not change while the server runs)."""
        entry = self._texts.get((prefix, language))
        if entry is None:
            entry = self._texts[prefix, language] = Entry.of(json_body(table_for(language, prefix)), "application/json")
        return answer(request, entry, SECURITY_HEADERS)

    def _wall(self, connection: ServerConnection, request: Request, given: str, rest: str | None) -> Response:
        """The projector wall's page and QR code, only for the right secret.
        A wrong secret is a failed attempt for the address, like a wrong code."""
        if self.wall is None:
            return text_response(404, "Not found\n")
        address = address_of(self.proxies, connection, request)
        if not hmac.compare_digest(unquote(given).encode("utf-8", "replace"), self.wall.secret.encode("utf-8")):
            self.wall.attempts.record(address)
            return text_response(404, "Not found\n")
        if rest == "/qr.svg":
            return response(200, self.wall.qr_svg(), "image/svg+xml")
        if rest == "/wifi.svg":
            if self.wall.wifi_svg is None:
                return text_response(404, "Not found\n")
            return response(200, self.wall.wifi_svg, "image/svg+xml")
        return self._file(request, "wall.html")

    def _upgrade(self, request: Request) -> Response | None:
        origin = request.headers.get("Origin")
        if origin is not None and not self._same_host(origin, request.headers.get("Host", "")):
            return text_response(403, "Forbidden: this page may only be used from its own address\n")
        if self._connections() >= self.max_connections:
            return text_response(503, "Too many connections; try again in a moment\n")
        return None  # websockets does the handshake

    def _same_host(self, origin: str, host: str) -> bool:
        """A browser's page may open the socket only from the address it was
        served from (or the public URL in front of it): cross-site pages cannot."""
        try:
            origin_host = urlsplit(origin).netloc.lower()
        except ValueError:
            return False
        if not origin_host:
            return False  # "null" and other opaque origins
        if self.public_origin is not None and web_origin(origin) == self.public_origin:
            return True  # behind a proxy or tunnel: the Host it sends may be anything
        return origin_host == host.lower() and self._names_this_computer(host)

    def _names_this_computer(self, host: str) -> bool:
        """Whether `Host` is an address the join URL can have: an IP address,
        localhost or the --host name. Another name that leads here is a site
        that pointed its own name at this computer (DNS rebinding), so that
        its page and the Host its browser sends agree."""
        try:
            name = urlsplit("//" + host).hostname
        except ValueError:
            return False
        if name is None:
            return False
        if name == "localhost" or name in self.host_names:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def _file(self, request: Request, url_path: str) -> Response:
        target = self._resolve(url_path)
        entry = None if target is None else self.files.get(target)
        if entry is None:
            return text_response(404, "Not found\n")
        return answer(request, entry, SECURITY_HEADERS)

    def _resolve(self, url_path: str) -> Path | None:
        """The file under `client/` that a URL path names, or None."""
        try:
            decoded = unquote(url_path, errors="strict")
        except UnicodeDecodeError:
            return None
        if "\\" in decoded or "\x00" in decoded:
            return None
        parts = decoded.lstrip("/").split("/")
        if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
            return None
        target = self.client_dir.joinpath(*parts)
        try:
            resolved = target.resolve()
            if not resolved.is_relative_to(self.client_dir) or not resolved.is_file():
                return None
        except (OSError, RuntimeError, ValueError):  # a name too long for the file system, a loop of links
            return None
        return resolved
