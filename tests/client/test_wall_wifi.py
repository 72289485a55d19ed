"""The wall's lobby shows the Wi-Fi network's QR code beside the join QR code
when the meeting names a network, and both decode to exactly what they hold."""

from __future__ import annotations

import io
import urllib.error
import urllib.request

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from facilitator.wifi import WifiNetwork

pytestmark = pytest.mark.browser


def decoded(locator) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))]


@pytest.mark.parametrize("size", ["1920x1080", "1024x768"])
def test_the_wall_lobby_shows_the_wifi_qr_and_it_decodes_to_the_exact_network(start_server, wall, size) -> None:
    network = WifiNetwork(ssid='Lokale;3 "Nord"', password="kaffe,kage")
    server = start_server(exercise=None, wifi=network)
    wall_page = wall(server, size)
    page = wall_page.page
    expect(page.get_by_text("Først: scan Wi-Fi-koden for at komme på netværket")).to_be_visible()
    expect(page.locator(".wifi-name")).to_have_text('Lokale;3 "Nord"')
    page.wait_for_function("() => document.querySelector('img.wifi-qr').naturalWidth > 0 && document.querySelector('img.qr').naturalWidth > 0")
    assert decoded(page.locator("img.wifi-qr")) == ['WIFI:T:WPA;S:Lokale\\;3 \\"Nord\\";P:kaffe\\,kage;;']
    assert decoded(page.locator("img.qr")) == [server.join_url]
    wall_page.screenshot(f"wall-1-lobby-wifi-da-{size}")
    assert wall_page.layout_problems() == []


def test_without_a_network_the_wall_shows_no_wifi_and_has_no_wifi_code(start_server, wall) -> None:
    server = start_server(exercise=None)
    page = wall(server).page
    expect(page.locator("img.qr")).to_be_visible()
    expect(page.locator(".wifi")).to_be_hidden()
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{server.base}/w/{server.server.wall_secret}/wifi.svg", timeout=10)
    assert error.value.code == 404
