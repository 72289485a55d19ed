"""The join URL and its QR codes (decoded with a real QR reader, zxing-cpp)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import psutil
import pytest
import zxingcpp
from PIL import Image

from facilitator.server.transport.address import choose_lan_address, join_url, lan_address
from facilitator.server.transport.qr import QrFormatError, terminal_qr, write_qr

URL = "http://192.168.1.20:8765/j/K7M2QX9D"


def test_a_private_address_of_a_real_interface_is_preferred():
    interfaces = {
        "lo": ["127.0.0.1"],
        "docker0": ["172.17.0.1"],
        "veth12ab": ["169.254.3.3"],
        "br-5f2e": ["172.18.0.1"],
        "eth0": ["203.0.113.7"],
        "wlp2s0": ["192.168.1.20"],
        "tailscale0": ["100.101.1.2"],
    }
    up = list(interfaces)
    assert choose_lan_address(interfaces, up) == "192.168.1.20"


def test_interfaces_that_are_down_or_only_loopback_give_no_address():
    assert choose_lan_address({"lo": ["127.0.0.1"], "wlan0": ["192.168.1.9"]}, up=["lo"]) is None
    assert choose_lan_address({"eth0": ["203.0.113.7", "fe80::1"]}, up=["eth0"]) == "203.0.113.7"


def test_this_machines_lan_address_comes_from_one_of_its_interfaces():
    address = lan_address()
    ours = {a.address for entries in psutil.net_if_addrs().values() for a in entries}
    assert address is None or (address in ours and not address.startswith("127."))


def test_the_join_url_uses_public_url_then_host_then_the_lan_address():
    assert join_url("K7M2QX9D", port=8765, public_url="https://moede.example.org/") == "https://moede.example.org/j/K7M2QX9D"
    assert join_url("K7M2QX9D", port=8765, host="10.0.0.5") == "http://10.0.0.5:8765/j/K7M2QX9D"
    assert join_url("K7M2QX9D", port=9000, host="::1") == "http://[::1]:9000/j/K7M2QX9D"
    expected_host = lan_address() or "127.0.0.1"
    assert join_url("K7M2QX9D", port=8765, host="0.0.0.0") == f"http://{expected_host}:8765/j/K7M2QX9D"
    assert join_url("K7M2QX9D", port=8765) == f"http://{expected_host}:8765/j/K7M2QX9D"


def test_the_png_qr_code_decodes_to_the_join_url(tmp_path):
    path = write_qr(URL, tmp_path / "slides" / "join.png")
    results = zxingcpp.read_barcodes(Image.open(path))
    assert [r.text for r in results] == [URL]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode


def test_the_svg_qr_code_is_written_as_svg(tmp_path):
    path = write_qr(URL, tmp_path / "join.SVG")
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


def test_the_terminal_qr_code_decodes_to_the_join_url():
    """Turn the half-block drawing back into pixels and read it like a phone camera would."""
    lines = terminal_qr(URL).splitlines()
    # The blocks are the light parts (drawn in the terminal's light foreground); True: a dark module.
    top = {"█": False, "▄": True, "▀": False, " ": True}
    bottom = {"█": False, "▄": False, "▀": True, " ": True}
    rows = []
    for line in lines:
        rows.append([top[ch] for ch in line])
        rows.append([bottom[ch] for ch in line])
    scale = 8
    image = Image.new("L", (len(rows[0]) * scale, len(rows) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [URL]
    assert all(not dark for dark in rows[0]) and all(not row[0] for row in rows)  # a light quiet zone


def test_a_qr_file_must_be_png_or_svg(tmp_path):
    with pytest.raises(QrFormatError):
        write_qr(URL, tmp_path / "join.jpg")
