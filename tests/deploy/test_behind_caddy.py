"""Behind a real reverse proxy: Debian's Caddy on loopback does TLS with the
test's self-signed certificate and passes the page and the WebSockets on to
`facilitator run --trusted-proxy 127.0.0.1 --public-url https://moede.localhost:PORT`.

Phones in Chromium join, write and reconnect over wss:// after the server
restarts; the page's origin is the public URL, not an address of this
computer, so the Origin check must accept it. (The limits behind the proxy:
test_forwarded_limits.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from participant import join, record_sockets, stored, write
from playwright.sync_api import expect

from tests.support.processes import PUBLIC_NAME, behind_proxy_args, caddy, facilitator, free_port, make_certificate


@pytest.mark.browser
@pytest.mark.slow
def test_phones_behind_caddy_join_write_and_reconnect_over_wss_after_the_server_restarts(tmp_path: Path, phone) -> None:
    certificate = make_certificate(tmp_path / "tls", PUBLIC_NAME)
    server_port, proxy_port = free_port(), free_port()
    with caddy(tmp_path / "caddy", certificate, port=proxy_port, upstream=server_port) as public_url:
        args = behind_proxy_args(tmp_path, server_port, public_url)
        with facilitator(*args, "--start", cwd=tmp_path) as run:
            url = run.line_with("Join: ").removeprefix("Join: ")
            assert url.startswith(f"https://{PUBLIC_NAME}:{proxy_port}/j/")
            assert run.line_with("Wall: ").startswith(f"Wall: {public_url}/w/")

            mette, jens = phone(), phone()
            mette_sockets, jens_sockets = record_sockets(mette), record_sockets(jens)
            join(mette, url, name="Mette")
            join(jens, url, name="Jens")
            write(mette, "Bag proxyen")
            write(jens, "Også bag proxyen")
            stored(mette, "Bag proxyen")
            stored(jens, "Også bag proxyen")
            assert mette_sockets == jens_sockets == [f"wss://{PUBLIC_NAME}:{proxy_port}/ws"]
            code, err = run.stop()
            assert code == 0 and "Traceback" not in err

        for page in (mette, jens):  # Caddy answers, the server behind it is gone
            expect(page.get_by_role("status")).to_contain_text("Forbinder")
        write(mette, "Mens serveren genstartede")

        with facilitator(*args, cwd=tmp_path) as again:
            assert again.line_with("Join: ") == f"Join: {url}"
            for page in (mette, jens):
                expect(page.get_by_role("status")).to_have_text("Forbundet")
            stored(mette, "Mens serveren genstartede")
            write(jens, "Efter genstarten")
            stored(jens, "Efter genstarten")
            again.line_with("Efter genstarten")
            assert set(mette_sockets + jens_sockets) == {f"wss://{PUBLIC_NAME}:{proxy_port}/ws"}
            assert len(mette_sockets) >= 2 and len(jens_sockets) >= 2
            code, err = again.stop()
            assert code == 0 and "Traceback" not in err
