"""The phone page over real HTTP on 127.0.0.1: gzip when the browser accepts it,
an `ETag` on every file and `304` when the browser has the file already."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path

import pytest

from facilitator.server.transport.static import accepts_gzip, matches
from facilitator.texts import table_for
from tests.server.test_server_http import get

SCRIPT = "".join(f"export function screen{n}(app) {{ return app.t('screen.{n}'); }}\n" for n in range(200)).encode()


@pytest.fixture
def big_file(client_dir: Path) -> bytes:
    (client_dir / "views").mkdir(exist_ok=True)
    (client_dir / "views" / "writing.js").write_bytes(SCRIPT)
    return SCRIPT


async def test_a_browser_that_accepts_gzip_gets_bytes_that_decompress_to_the_file(server, big_file):
    status, headers, body = await get(server.port, "/views/writing.js", {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body) < len(big_file) // 4
    assert gzip.decompress(body) == big_file
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert "content-security-policy" in headers and headers["cache-control"] == "no-cache"


async def test_without_gzip_in_accept_encoding_the_file_comes_as_it_is(server, big_file):
    for accepted in (None, "identity", "gzip;q=0, br", "br"):
        status, headers, body = await get(server.port, "/views/writing.js", {"Accept-Encoding": accepted} if accepted else None)
        assert (status, body) == (200, big_file), accepted
        assert "content-encoding" not in headers and headers["vary"] == "Accept-Encoding"


async def test_the_phones_texts_come_gzipped_and_decompress_to_the_table(server):
    status, headers, body = await get(server.port, "/texts/da.json", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(body)) == table_for("da", "phone.")


async def test_a_matching_etag_gets_304_without_a_body_and_another_gets_the_file(server, big_file):
    for accepted in ("gzip", "identity"):
        _, first, body = await get(server.port, "/views/writing.js", {"Accept-Encoding": accepted})
        etag = first["etag"]
        assert etag.startswith('"') and etag.endswith('"')
        status, headers, again = await get(server.port, "/views/writing.js", {"Accept-Encoding": accepted, "If-None-Match": etag})
        assert (status, again, headers["etag"]) == (304, b"", etag), accepted
        assert "content-length" not in headers and "content-security-policy" in headers
        status, _, full = await get(server.port, "/views/writing.js", {"Accept-Encoding": accepted, "If-None-Match": '"other"'})
        assert (status, full) == (200, body)
    _, plain, _ = await get(server.port, "/views/writing.js")
    _, packed, _ = await get(server.port, "/views/writing.js", {"Accept-Encoding": "gzip"})
    assert plain["etag"] != packed["etag"]  # two representations, two validators


async def test_the_page_itself_and_a_join_link_answer_304_to_their_etag(server, client_dir):
    _, headers, _ = await get(server.port, f"/j/{server.code}")
    status, _, body = await get(server.port, "/", {"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")


async def test_a_file_changed_on_disk_gets_a_new_etag_and_its_new_content(server, client_dir, big_file):
    _, before, _ = await get(server.port, "/views/writing.js", {"Accept-Encoding": "gzip"})
    changed = big_file + b"export const changed = true;\n"
    (client_dir / "views" / "writing.js").write_bytes(changed)
    status, after, body = await get(server.port, "/views/writing.js", {"Accept-Encoding": "gzip", "If-None-Match": before["etag"]})
    assert status == 200 and after["etag"] != before["etag"] and gzip.decompress(body) == changed


async def test_head_answers_the_headers_of_the_gzipped_get_without_a_body(server, big_file):
    _, got, body = await get(server.port, "/views/writing.js", {"Accept-Encoding": "gzip"})
    headers = await _head(server.port, "/views/writing.js", {"Accept-Encoding": "gzip"})
    assert headers["content-length"] == str(len(body)) and headers["etag"] == got["etag"]


async def _head(port: int, path: str, headers: dict[str, str]) -> dict[str, str]:
    """A raw HEAD: the headers, and nothing after them."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"HEAD {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    raw = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert rest == b""
    return {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in head.decode().split("\r\n")[1:])}


@pytest.mark.parametrize(
    ("header", "allowed"),
    [("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.8, *;q=0.1", True), ("*", True), ("x-gzip", True),
     ("identity", False), ("", False), ("gzip;q=0", False), ("gzip;q=0, *", False), ("*;q=0", False), ("GZIP", True)],
)
def test_accept_encoding_is_read_with_its_q_values(header: str, allowed: bool) -> None:
    assert accepts_gzip(header) is allowed


def test_if_none_match_compares_weakly_and_takes_lists_and_star() -> None:
    assert matches('"a", W/"b"', '"b"') and matches("*", '"x"') and matches('"a"', '"a"')
    assert not matches('"a"', '"b"') and not matches(None, '"a"') and not matches("", '"a"')
