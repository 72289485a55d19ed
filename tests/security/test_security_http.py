"""HTTP from someone on the same Wi-Fi who tries more than a browser would:
paths encoded every which way, long URLs and headers, other methods, slow
clients. No file outside client/ is ever served, every answer carries the
security headers (also the refusals the WebSocket library makes itself),
and the server keeps answering everyone else promptly. (The ordinary cases
are in tests/server/test_server_http.py.)"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from http_raw import Answer, exchange, request
from websockets.datastructures import Headers
from websockets.http11 import Request

from facilitator.server.transport.http import HttpRoutes
from facilitator.server.transport.limits import Limits
from tests.support.phones import STAR, TIMEOUT

SECRET = b"not for phones"  # the content of outside.txt, next to client/

# Beyond the list in tests/server/test_server_http.py: double encoding, overlong
# UTF-8, raw and encoded backslashes, NUL, other routes' prefixes, no leading slash.
TRAVERSALS = [
    "/%25%32%65%25%32%65/outside.txt",
    "/%252e%252e%252foutside.txt",
    "/%c0%ae%c0%ae/outside.txt",
    "/%e0%80%ae%e0%80%ae/outside.txt",
    "/.%2e/outside.txt",
    "/%2e./outside.txt",
    "/%2E%2e%2F%2e%2E%2Foutside.txt",
    "/..\\outside.txt",
    "/img\\..\\..\\outside.txt",
    "/img/..%5c..%5coutside.txt",
    "/img/..;/..;/outside.txt",
    "/img//../../outside.txt",
    "/./../outside.txt",
    "/outside.txt%00",
    "/%00/../outside.txt",
    "/app.js%00/../../outside.txt",
    "/j/../outside.txt",
    "/j/..%2f..%2foutside.txt",
    "/texts/..%2f..%2foutside.txt",
    "/texts/../../outside.txt",
    "/w/..%2f..%2foutside.txt",
    "/wall-texts/..%2f..%2foutside.txt",
    "/%EF%BC%8E%EF%BC%8E/outside.txt",
    "..%2foutside.txt",
    "outside.txt",
    "http://127.0.0.1/../outside.txt",
    "/link-out.txt",
    "/img/link-up/outside.txt",
]


@pytest.fixture
async def linked(server, client_dir):
    """Symbolic links inside client/ that point outside it."""
    (client_dir / "link-out.txt").symlink_to(client_dir.parent / "outside.txt")
    (client_dir / "img" / "link-up").symlink_to(client_dir.parent)
    return server


@pytest.mark.parametrize("path", TRAVERSALS)
async def test_no_encoding_of_a_path_reaches_a_file_outside_the_client_folder(linked, path):
    answer = await request(linked.port, path)
    if answer is not None:  # the library may also just close on a request it cannot parse
        assert answer.status in (400, 404), (path, answer.status)
        assert SECRET not in answer.body
        assert answer.missing_security_headers() == set()
    assert (await request(linked.port, "/app.js")).status == 200  # and it carries on


async def test_every_answer_has_the_security_headers_also_the_refusals_the_websocket_library_makes(make_server):
    server = await make_server()
    full = await make_server(limits=Limits(max_connections=0))
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    port = server.port
    cases = {
        "a missing file": (lambda: request(port, "/nope.js"), 404),
        "another site's socket": (lambda: request(port, "/ws", headers={**upgrade, "Origin": "http://evil.example"}), 403),
        "another method": (lambda: request(port, "/", method="DELETE"), 405),
        "a HEAD of the socket": (lambda: request(port, "/ws", method="HEAD", headers=upgrade), 400),
        "a plain GET of the socket": (lambda: request(port, "/ws"), 426),
        "a bad WebSocket key": (lambda: request(port, "/ws", headers={**upgrade, "Sec-WebSocket-Key": "short"}), 400),
        "an old WebSocket version": (lambda: request(port, "/ws", headers={**upgrade, "Sec-WebSocket-Version": "8"}), 400),
        "a URL too long": (lambda: request(port, "/" + "a" * 10_000), 414),
        "a file name too long": (lambda: request(port, "/" + "a" * 300), 404),
        "a header too long": (lambda: request(port, "/", headers={"X-Long": "b" * 10_000}), 431),
        "too many headers": (lambda: request(port, "/", headers={f"X-{i}": "c" for i in range(200)}), 431),
        "no room for more phones": (lambda: request(full.port, "/ws", headers=upgrade), 503),
    }
    for what, (send, status) in cases.items():
        answer = await send()
        assert answer is not None and answer.status == status, (what, answer)
        assert answer.missing_security_headers() == set(), what


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO"])
async def test_methods_other_than_get_and_head_are_refused_and_serve_nothing(server, client_dir, method):
    page = (client_dir / "index.html").read_bytes()
    for path in ("/", "/app.js", f"/j/{server.code}", "/healthz", "/texts/da.json"):
        answer = await request(server.port, path, method=method, headers={"X-Echo": "<script>alert(1)</script>"})
        assert answer is not None and answer.status == 405, (method, path)
        assert answer.headers["allow"] == "GET, HEAD"
        assert page not in answer.body and b"<script>" not in answer.body and b'"ok"' not in answer.body
        assert answer.missing_security_headers() == set()


async def test_head_answers_with_the_headers_of_get_and_no_body(server, client_dir):
    get, head = await request(server.port, "/app.js"), await request(server.port, "/app.js", method="HEAD")
    assert head.status == get.status == 200 and head.body == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.body))
    assert head.headers["content-type"] == get.headers["content-type"]


async def test_a_request_with_a_body_is_refused_without_serving_anything(server, client_dir):
    page = (client_dir / "index.html").read_bytes()
    answer = await request(server.port, "/", method="POST", headers={"Content-Length": "11"}, body=b"code=AAAAAA")
    assert answer is None or (answer.status >= 400 and page not in answer.body)
    assert (await request(server.port, "/")).body == page


@pytest.mark.parametrize("length", [2_000, 8_000, 9_000, 100_000])
async def test_a_long_url_gets_a_short_answer_at_once_and_the_server_carries_on(server, length):
    started = time.monotonic()
    answer = await request(server.port, "/" + "a" * length)
    assert answer is not None and answer.status in (404, 414) and len(answer.body) < 200
    assert time.monotonic() - started < 1.0
    assert (await request(server.port, "/healthz")).status == 200


async def test_slow_clients_are_cut_off_after_the_opening_timeout_and_nobody_else_waits(make_server, joined):
    """Slowloris: connections that dribble a request byte by byte, or send
    nothing, hold no phone up and are closed once the opening time is over."""
    limits = Limits(open_timeout=1.5)
    server = await make_server(limits=limits)
    slow: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    for i in range(100):
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        if i % 2 == 0:
            writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        slow.append((reader, writer))
    opened = time.monotonic()

    async def dribble() -> None:
        while time.monotonic() - opened < limits.open_timeout + 1.0:
            for _, writer in slow[::2]:
                if not writer.is_closing():
                    writer.write(b"z")
            await asyncio.sleep(0.1)

    dribbling = asyncio.create_task(dribble())
    phone = await joined(server)  # meanwhile, a phone joins and writes, and pages load
    for i in range(5):
        started = time.monotonic()
        await phone.note(f"n-{i}")
        assert (await phone.expect("ack"))["note_id"] == f"n-{i}"
        answer = await request(server.port, "/app.js")
        assert answer.status == 200
        assert time.monotonic() - started < 1.0
        await asyncio.sleep(0.1)

    async def closed_by_server(reader: asyncio.StreamReader) -> bool:
        try:
            async with asyncio.timeout(limits.open_timeout + 3.0):
                return await reader.read() == b"" or True
        except ConnectionError:
            return True

    results = await asyncio.gather(*(closed_by_server(reader) for reader, _ in slow))
    assert all(results)
    assert time.monotonic() - opened < limits.open_timeout + 3.0
    await dribbling
    for _, writer in slow:
        writer.transport.abort()
    answer = await request(server.port, "/healthz")
    assert answer.status == 200 and json.loads(answer.body)["connections"] == 1  # only the phone


async def test_a_request_that_is_not_http_is_closed_and_leaves_the_server_answering(make_server):
    server = await make_server(limits=Limits(open_timeout=1.5))  # a TLS hello waits for a line that never comes
    for raw in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(40), b"GARBAGE\r\n\r\n", b"GET /\xff\xfe HTTP/1.1\r\n\r\n", b"\r\n" * 10):
        answer = await exchange(server.port, raw)
        assert answer is None or answer.status >= 400
    assert (await request(server.port, "/healthz")).status == 200


def test_the_answers_parse_helper_reads_status_and_headers() -> None:
    assert Answer(404, {"content-security-policy": "x"}, b"").missing_security_headers() == {
        "x-content-type-options", "referrer-policy", "x-frame-options", "cache-control",
    }
    assert TIMEOUT > 0 and STAR


# -- the WebSocket upgrade's origin -------------------------------------------------------------

UPGRADE = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
           "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


def look_alikes(port: int) -> list[str]:
    """Origins of pages that are not the phone page, dressed up to look like it."""
    return [
        "http://evil.example", "null", "", "file://", f"http://127.0.0.1:{port + 1}",
        f"http://127.0.0.1:{port}.evil.example", f"http://evil.example/127.0.0.1:{port}",
        f"http://127.0.0.1:{port}@evil.example", f"http://evil.example#@127.0.0.1:{port}",
        f"http://evil.example?127.0.0.1:{port}", f"http://127.0.0.2:{port}", "http://moede.example.org.evil.example",
    ]


@pytest.mark.parametrize("path", ["/ws", "/wall-ws"])
async def test_a_socket_from_any_other_origin_is_refused_at_the_upgrade(make_server, path):
    server = await make_server(public_url="https://moede.example.org")
    for origin in look_alikes(server.port):
        answer = await request(server.port, path, headers={**UPGRADE, "Origin": origin})
        assert answer is not None and answer.status == 403, origin
        assert answer.missing_security_headers() == set()
    for origin in (f"http://127.0.0.1:{server.port}", f"HTTP://127.0.0.1:{server.port}", "https://moede.example.org"):
        answer = await request(server.port, path, headers={**UPGRADE, "Origin": origin})
        assert answer is not None and answer.status == 101, origin


async def test_a_page_on_another_name_for_this_computer_cannot_open_a_socket(make_server):
    """DNS rebinding: a site makes its own name point at the laptop, so its page's
    Origin and the Host its browser sends agree. Only the names the join URL can
    have (an IP address, localhost, the --host name, the public URL) are let in."""
    server = await make_server()
    port = server.port
    for name in ("rebind.evil.example", "1.2.3.4.nip.io", "laptop.local"):
        answer = await request(port, "/ws", headers={**UPGRADE, "Host": f"{name}:{port}", "Origin": f"http://{name}:{port}"})
        assert answer is not None and answer.status == 403, name
    for name in ("127.0.0.1", "localhost", "[::1]"):
        answer = await request(port, "/ws", headers={**UPGRADE, "Host": f"{name}:{port}", "Origin": f"http://{name}:{port}"})
        assert answer is not None and answer.status == 101, name


async def test_a_header_sent_twice_is_a_bad_request_not_a_server_error(server):
    for name, values in (("Host", [f"127.0.0.1:{server.port}", "evil.example"]),
                         ("Origin", [f"http://127.0.0.1:{server.port}", "http://evil.example"]),
                         ("Upgrade", ["websocket", "websocket"])):
        raw = f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n" if name != "Host" else "GET /ws HTTP/1.1\r\n"
        raw += "".join(f"{k}: {v}\r\n" for k, v in UPGRADE.items() if k != name)
        raw += "".join(f"{name}: {value}\r\n" for value in values) + "\r\n"
        answer = await exchange(server.port, raw.encode())
        assert answer is not None and answer.status == 400, name
        assert answer.missing_security_headers() == set()


def test_the_host_name_given_with_host_is_one_of_this_computers_names(client_dir):
    routes = HttpRoutes(client_dir, connections=lambda: 0, max_connections=10, host_names=frozenset(["Moede-Laptop.local"]))
    for host, expected in (("moede-laptop.local:8765", None), ("other.local:8765", 403), ("192.168.1.20:8765", None)):
        request_ = Request("/ws", Headers([("Host", host), ("Origin", f"http://{host}"), *UPGRADE.items()]))
        answer = routes(None, request_)  # type: ignore[arg-type]  # no connection is needed for /ws
        assert (answer.status_code if answer else None) == expected, host
