"""The Wi-Fi QR payload: the spec's escaping, and a real decoder reading it back."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from facilitator.server.transport.qr import write_qr
from facilitator.wifi import WifiNetwork, escape, parse_wifi_option


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("a;b", "a\\;b"),
        ("a,b", "a\\,b"),
        ("a:b", "a\\:b"),
        ('say "hi"', 'say \\"hi\\"'),
        ("back\\slash", "back\\\\slash"),
        ('all;,:\\"', 'all\\;\\,\\:\\\\\\"'),
        ("blåbær øl", "blåbær øl"),
    ],
)
def test_escape_puts_a_backslash_before_each_special_character(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_wpa_payload_names_security_network_and_password() -> None:
    network = WifiNetwork(ssid="Stjerne", password="hemmelig1")
    assert network.qr_payload() == "WIFI:T:WPA;S:Stjerne;P:hemmelig1;;"


def test_open_network_has_no_password_field() -> None:
    assert WifiNetwork(ssid="Café", security="nopass").qr_payload() == "WIFI:T:nopass;S:Café;;"
    assert WifiNetwork(ssid="Café").qr_payload() == "WIFI:T:nopass;S:Café;;"  # no password: nothing to send


def test_hidden_network_says_so() -> None:
    assert WifiNetwork(ssid="x", password="12345678", hidden=True).qr_payload() == "WIFI:T:WPA;S:x;P:12345678;H:true;;"


def test_command_line_option_without_password_is_an_open_network() -> None:
    assert parse_wifi_option("Lokale 3", None) == WifiNetwork("Lokale 3", "", "nopass")
    assert parse_wifi_option("Lokale 3", "pw:1;2").qr_payload() == "WIFI:T:WPA;S:Lokale 3;P:pw\\:1\\;2;;"


def test_qr_of_a_network_name_with_semicolon_and_quote_decodes_to_the_exact_payload(tmp_path) -> None:
    network = WifiNetwork(ssid='Mødelokale;3 "Nord"', password='k,a:f\\e;"')
    payload = network.qr_payload()
    assert payload == 'WIFI:T:WPA;S:Mødelokale\\;3 \\"Nord\\";P:k\\,a\\:f\\\\e\\;\\";;'
    png = write_qr(payload, tmp_path / "wifi.png")
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.read_bytes())))
    assert [r.text for r in results] == [payload]
