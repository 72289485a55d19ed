"""Plain HTTP on the server's port: only client/ files, safe headers, 404 otherwise."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from facilitator.texts import table_for
from tests.support.phones import TIMEOUT


async def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A raw GET, sent byte for byte as given (no client-side path clean-up)."""
    async with asyncio.timeout(TIMEOUT):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        raw = await reader.read()
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), parsed, body


async def test_the_root_and_join_links_serve_the_phone_page(server, client_dir):
    page = (client_dir / "index.html").read_bytes()
    for path in ("/", f"/j/{server.code}", "/j/k7m2-qx9d", f"/j/{server.code}?from=qr"):
        status, headers, body = await get(server.port, path)
        assert (status, body) == (200, page), path
        assert headers["content-type"] == "text/html; charset=utf-8"


async def test_files_of_the_client_folder_are_served_with_their_types(server, client_dir):
    status, headers, body = await get(server.port, "/app.js")
    assert status == 200 and body == (client_dir / "app.js").read_bytes()
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    status, headers, _ = await get(server.port, "/img/star.svg")
    assert status == 200 and headers["content-type"] == "image/svg+xml"
    status, headers, _ = await get(server.port, "/style.css")
    assert status == 200 and headers["content-type"] == "text/css; charset=utf-8"


async def test_every_answer_carries_a_csp_without_inline_script_and_the_security_headers(server):
    for path in ("/", "/app.js", "/nope", "/healthz"):
        _, headers, _ = await get(server.port, path)
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp.replace("ws:", "")
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-cache"


TRAVERSALS = [
    "/../outside.txt",
    "/%2e%2e/outside.txt",
    "/%2E%2E/outside.txt",
    "/..%2foutside.txt",
    "/%2e%2e%2foutside.txt",
    "/img/%2e%2e/%2e%2e/outside.txt",
    "/img/../../outside.txt",
    "/img/..%5c..%5coutside.txt",
    "/%252e%252e/outside.txt",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/img/../app.js",
    "/./app.js",
]


@pytest.mark.parametrize("path", TRAVERSALS)
async def test_no_path_leaves_the_client_folder(server, path):
    status, _, body = await get(server.port, path)
    assert status == 404, path
    assert b"not for phones" not in body and b"root:" not in body


@pytest.mark.parametrize("path", ["/.secret", "/img", "/img/", "/nope.html", "/j/", "/ws2", "/%ff", "/a%00.js"])
async def test_hidden_files_folders_and_unknown_paths_are_404(server, path):
    status, headers, _ = await get(server.port, path)
    assert status == 404, path
    assert headers["content-security-policy"]


async def test_healthz_says_ok_and_how_many_connections(server, make_phone):
    await make_phone(server)
    status, headers, body = await get(server.port, "/healthz")
    assert status == 200 and headers["content-type"] == "application/json"
    assert json.loads(body) == {"ok": True, "connections": 1}


async def test_the_phone_texts_are_served_per_language(server):
    for language in ("da", "en"):
        status, _, body = await get(server.port, f"/texts/{language}.json")
        assert status == 200
        texts = json.loads(body)
        assert texts == table_for(language, "phone.")
        assert all(key.startswith("phone.") for key in texts)
    status, _, _ = await get(server.port, "/texts/fr.json")
    assert status == 404


async def test_a_socket_opened_from_another_site_is_refused(server):
    with pytest.raises(InvalidStatus) as refused:
        async with asyncio.timeout(TIMEOUT):
            await connect(f"ws://127.0.0.1:{server.port}/ws", origin="http://evil.example")
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):
        async with asyncio.timeout(TIMEOUT):
            await connect(f"ws://127.0.0.1:{server.port}/ws", origin="null")


async def test_a_socket_from_the_page_itself_or_without_origin_is_accepted(make_server):
    server = await make_server(public_url="https://moede.example.org")
    for origin in (f"http://127.0.0.1:{server.port}", "https://moede.example.org", None):
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{server.port}/ws", origin=origin)
            await ws.send(json.dumps({"type": "ping", "v": 1}))
            assert json.loads(await ws.recv())["type"] == "pong"
            await ws.close()


async def test_the_socket_lives_only_at_ws(server):
    with pytest.raises(InvalidStatus) as refused:
        async with asyncio.timeout(TIMEOUT):
            await connect(f"ws://127.0.0.1:{server.port}/app.js")
    assert refused.value.response.status_code == 404
    status, _, _ = await get(server.port, "/ws")  # a plain GET, no upgrade
    assert status == 426


async def test_behind_a_proxy_the_public_urls_origin_is_accepted_with_or_without_its_default_port(make_server):
    """The page comes from --public-url (a name no check of this computer's
    addresses knows); a port written out is the same origin as the scheme's
    default, while another scheme or port is another site."""
    server = await make_server(public_url="https://moede.example.org:443/")
    for origin in ("https://moede.example.org", "https://MOEDE.example.org:443"):
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{server.port}/ws", origin=origin)
            await ws.send(json.dumps({"type": "ping", "v": 1}))
            assert json.loads(await ws.recv())["type"] == "pong"
            await ws.close()
    for origin in ("http://moede.example.org", "https://moede.example.org:8443", "https://moede.example.org.evil.example"):
        with pytest.raises(InvalidStatus) as refused:
            async with asyncio.timeout(TIMEOUT):
                await connect(f"ws://127.0.0.1:{server.port}/ws", origin=origin)
        assert refused.value.response.status_code == 403, origin


async def test_a_phone_connection_costs_no_more_memory_than_websockets_own(server, joined):
    """Our connection class adds the gate's bookkeeping; kept out of the
    instance's dictionary, every phone's connection still shares its keys
    with the others as websockets' own does (a dictionary of its own would
    be about 1.3 KB more a phone: 3 MB with 2,000 phones)."""
    import sys

    from websockets.asyncio.server import ServerConnection

    await joined(server, group_id="g1")
    (phone,) = server.hub.phones
    connection = phone.ws
    assert type(connection) is not ServerConnection  # ours, with the gate
    plain = ServerConnection(connection.protocol, server._server)
    plain.connection_made(connection.transport)  # as websockets sets up its own, attribute by attribute
    assert set(vars(plain)) == set(vars(connection))
    assert sys.getsizeof(vars(connection)) <= sys.getsizeof(vars(plain))
