"""`facilitator doctor`: the report for machines described as data (their
interfaces, as psutil gives them), a port really taken on loopback, and the
check page served by the doctor itself, opened by a real Chromium phone."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from cli_runner import Lines, free_port
from PIL import Image

from facilitator.cli.doctor import advice, diagnose
from facilitator.server.transport.address import survey
from facilitator.server.transport.check import port_problem

FACILITATOR = Path(sys.executable).parent / "facilitator"


def report(interfaces: dict[str, list[str]], up: list[str] | None = None, *, port_error: str | None = None, **kw):
    notes = survey(interfaces, list(interfaces) if up is None else up)
    return notes, diagnose(notes, port=8765, port_problem=port_error, host=kw.get("host"), public_url=kw.get("public_url"), language="da")


def test_a_machine_with_only_loopback_has_no_address_for_phones_and_is_told_what_to_do() -> None:
    notes, diagnosis = report({"lo": ["127.0.0.1", "::1"]})
    assert [(n.address, n.verdict, n.reason) for n in notes] == [("127.0.0.1", "skipped", "loopback"), ("::1", "skipped", "loopback")]
    assert diagnosis.usable is False
    assert diagnosis.test_url == "http://127.0.0.1:8765/check"
    assert any("Ingen adresse, som telefoner kan nå" in line for line in diagnosis.lines)
    told = "\n".join(advice("da"))
    assert "hotspot" in told and "rejse-router" in told and "--public-url" in told


def test_bridges_and_vpns_are_skipped_with_their_reason_and_the_wifi_is_chosen() -> None:
    notes, diagnosis = report({
        "lo": ["127.0.0.1"],
        "docker0": ["172.17.0.1"],
        "tun0": ["10.8.0.2"],
        "virbr0": ["192.168.122.1"],
        "wlp2s0": ["192.168.1.23", "fe80::1%wlp2s0"],
    })
    verdicts = {(n.interface, n.address): (n.verdict, n.reason) for n in notes}
    assert verdicts[("docker0", "172.17.0.1")] == ("skipped", "container")
    assert verdicts[("tun0", "10.8.0.2")] == ("skipped", "vpn")
    assert verdicts[("virbr0", "192.168.122.1")] == ("skipped", "virtual_machine")
    assert verdicts[("wlp2s0", "192.168.1.23")] == ("chosen", "private")
    assert diagnosis.usable and diagnosis.test_url == "http://192.168.1.23:8765/check"
    text = "\n".join(diagnosis.lines)
    assert "VPN eller tunnel" in text and "containere" in text
    assert "VPN eller et virtuelt netværk er slået til" in text


def test_a_machine_with_only_a_vpn_and_a_bridge_is_not_usable() -> None:
    _, diagnosis = report({"lo": ["127.0.0.1"], "wg0": ["10.0.0.5"], "br-1a2b": ["172.18.0.1"]})
    assert diagnosis.usable is False and diagnosis.test_url == "http://127.0.0.1:8765/check"


def test_windows_hotspot_is_chosen_and_wsl_skipped() -> None:
    notes, diagnosis = report({
        "Loopback Pseudo-Interface 1": ["127.0.0.1"],
        "vEthernet (WSL)": ["172.29.80.1"],
        "Local Area Connection* 10": ["192.168.137.1"],
    })
    assert diagnosis.test_url == "http://192.168.137.1:8765/check"
    assert [n.reason for n in notes] == ["loopback", "container", "private"]


def test_a_self_assigned_address_and_a_down_interface_are_explained() -> None:
    notes, diagnosis = report({"en0": ["169.254.10.20"], "eth1": ["192.168.5.5"]}, up=["en0"])
    assert [(n.verdict, n.reason) for n in notes] == [("skipped", "link_local"), ("skipped", "down")]
    assert not diagnosis.usable


def test_a_public_url_is_the_test_url_whatever_the_interfaces() -> None:
    _, diagnosis = report({"lo": ["127.0.0.1"]}, public_url="https://moede.example.dk/")
    assert diagnosis.usable and diagnosis.test_url == "https://moede.example.dk/check"


def test_a_taken_port_is_found_by_binding_and_reported() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert port_problem("127.0.0.1", port) == "in_use"
        _, diagnosis = report({"lo": ["127.0.0.1"]}, port_error="in_use")
        assert any("Port 8765 er optaget" in line for line in diagnosis.lines) and not diagnosis.port_free
        run = subprocess.run([str(FACILITATOR), "doctor", "--host", "127.0.0.1", "--port", str(port), "--wait", "0"],
                             capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 1
        assert f"Port {port} er optaget" in run.stdout
    assert port_problem("127.0.0.1", port) is None  # free again once let go


@pytest.mark.browser
def test_the_doctor_serves_the_check_page_and_says_when_a_phone_got_through(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("no chromium")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "STJERNESTUND_LANG"}
    doctor = subprocess.Popen([str(FACILITATOR), "doctor", "--host", "127.0.0.1", "--port", str(port), "--wait", "60"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = Lines(doctor)
        url = lines.wait_for("Test-adresse").rsplit(" ", 1)[1]
        assert url == f"http://127.0.0.1:{port}/check"
        lines.wait_for("Venter på telefoner")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True,
                                       user_agent="Mozilla/5.0 (Linux; Android 14) Mobile").new_page()
            page.goto(url)
            result = page.locator("#check-result")
            expect(result).to_have_text(__import__("re").compile(r"^Din telefon nåede frem ✓ \(\d+ ms\)$"), timeout=15000)
            assert "ok" in (result.get_attribute("class") or "")
            browser.close()
        line = lines.wait_for("nåede frem")
        assert "Din telefon nåede frem ✓ (" in line and "Android, 127.0.0.1" in line
        doctor.send_signal(signal.SIGINT)
        lines.wait_for("1 telefon(er) nåede frem")
        assert doctor.wait(20) == 0
    finally:
        if doctor.poll() is None:
            doctor.kill()
            doctor.wait()


def modules_of(art: list[str]) -> Image.Image:
    """A terminal QR code (light modules drawn as blocks) back into a picture, 8 pixels a module."""
    halves = {"█": (False, False), "▄": (True, False), "▀": (False, True), " ": (True, True)}
    rows: list[list[bool]] = []
    for line in art:
        pairs = [halves[char] for char in line]
        rows.append([top for top, _ in pairs])
        rows.append([bottom for _, bottom in pairs])
    image = Image.new("L", (len(rows[0]) * 8, len(rows) * 8), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * 8, y * 8, x * 8 + 8, y * 8 + 8))
    return image


def test_the_doctor_with_a_plan_prints_its_wifi_qr_that_decodes_to_the_exact_network(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'title = "Møde"\ndate = 2025-02-04\nexercises = [{ file = "netvaerksstjernen.toml" }]\n\n'
        "[wifi]\nssid = 'Lokale;3 \"Nord\"'\npassword = \"kaffe:kage\"\n",
        encoding="utf-8",
    )
    run = subprocess.run([str(FACILITATOR), "doctor", str(plan), "--port", str(free_port()), "--wait", "0"],
                         capture_output=True, text=True, timeout=60, check=False)
    lines = run.stdout.splitlines()
    assert "Plan: Møde" in lines
    start = lines.index('Wi-Fi til telefonerne: Lokale;3 "Nord"') + 1
    end = next(i for i in range(start, len(lines)) if not set(lines[i]) <= set("█▄▀ "))
    decoded = [r.text for r in zxingcpp.read_barcodes(modules_of(lines[start:end]))]
    assert decoded == ['WIFI:T:WPA;S:Lokale\\;3 \\"Nord\\";P:kaffe\\:kage;;']
