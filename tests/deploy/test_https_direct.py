"""HTTPS on its own: `facilitator run --tls-cert --tls-key` serves the page
over https:// and the phones' socket over wss:// on the one port; the join
URL, its QR code and the wall's URL say https; a phone in Chromium joins,
writes, and reconnects by itself after the server restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from participant import join, record_sockets, stored, write
from PIL import Image
from playwright.sync_api import expect

from tests.support.processes import facilitator, free_port, make_certificate

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_phone_joins_over_https_and_wss_and_reconnects_after_the_server_restarts(tmp_path: Path, phone) -> None:
    certificate = make_certificate(tmp_path / "tls", "localhost")
    port = free_port()
    args = (
        "--host", "127.0.0.1", "--port", str(port), "--db", str(tmp_path / "meeting.sqlite3"),
        "--tls-cert", str(certificate.cert), "--tls-key", str(certificate.key),
    )
    with facilitator(*args, "--start", "--qr-out", str(tmp_path / "join.png"), cwd=tmp_path) as run:
        url = run.line_with("Join: ").removeprefix("Join: ")
        assert url.startswith(f"https://127.0.0.1:{port}/j/")
        assert run.line_with("Wall: ").startswith(f"Wall: https://127.0.0.1:{port}/w/")
        run.line_with("QR-kode skrevet")
        assert [r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "join.png"))] == [url]

        page = phone()
        sockets = record_sockets(page)
        join(page, url, name="Mette")
        write(page, "Over TLS")
        stored(page, "Over TLS")
        run.line_with("Note fra Gruppe 1 på behov: Over TLS")
        assert sockets == [f"wss://127.0.0.1:{port}/ws"]

        code, err = run.stop()
        assert code == 0 and "Traceback" not in err
    expect(page.get_by_role("status")).to_contain_text("Forbinder")
    write(page, "Mens serveren var væk")

    with facilitator(*args, cwd=tmp_path) as again:  # same journal, same port, same certificate
        assert again.line_with("Join: ") == f"Join: {url}"
        expect(page.get_by_role("status")).to_have_text("Forbundet")
        stored(page, "Mens serveren var væk")
        again.line_with("Note fra Gruppe 1 på behov: Mens serveren var væk")
        assert len(sockets) >= 2 and set(sockets) == {f"wss://127.0.0.1:{port}/ws"}
        code, err = again.stop()
        assert code == 0 and "Traceback" not in err
