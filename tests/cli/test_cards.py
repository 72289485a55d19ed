"""`facilitator cards`: a real PDF, rasterised by poppler's pdftoppm as a printer
would, and every QR code on it read back by a real decoder (zxing-cpp)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from cli_runner import facilitator
from PIL import Image

from facilitator.runtime import LiveSession
from facilitator.server.phone.table_token import table_keys

PLAN = """title = "AMK-netværksmøde"
date = 2025-02-04
groups = ["Bord 1", "Bord 2", "Bord 3", "Bord 4", "Bord 5"]
exercises = [{ file = "netvaerksstjernen.toml" }]

[wifi]
ssid = 'Stjerne;hotspot "A"'
password = 'kaffe,og:kage'
"""
WIFI = 'WIFI:T:WPA;S:Stjerne\\;hotspot \\"A\\";P:kaffe\\,og\\:kage;;'


def rasterise(pdf: Path, folder: Path, dpi: int = 150) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing (Debian's poppler-utils: make pdf-tools)")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")], check=True, timeout=120)
    return sorted(folder.glob("page-*.png"))


def codes_on(page: Path) -> list[str]:
    return sorted(result.text for result in zxingcpp.read_barcodes(Image.open(page)))


@pytest.mark.slow
@pytest.mark.parametrize("per_page", [2, 4])
def test_every_card_qr_decodes_to_its_group_signed_link_and_the_wifi_qr_to_the_exact_network(tmp_path: Path, per_page: int) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    journal = tmp_path / "m.sqlite3"
    out = tmp_path / "cards.pdf"
    run = facilitator("cards", str(plan), "--db", str(journal), "--out", str(out), "--per-page", str(per_page),
                      "--host", "192.168.137.1", "--port", "8765", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "5 bordkort skrevet" in run.stdout

    session = LiveSession.open(journal)  # the journal the cards made: the code `run` will resume
    code = session.state.code
    session.close()
    keys, _ = table_keys(journal, code)
    pages = rasterise(out, tmp_path)
    assert len(pages) == -(-5 // per_page)
    found = [text for page in pages for text in codes_on(page)]
    base = f"http://192.168.137.1:8765/j/{code}"
    expected = [keys.url(base, f"g{n}") for n in range(1, 6)]
    assert sorted(text for text in found if text.startswith("http")) == sorted(expected)
    assert [text for text in found if text.startswith("WIFI:")] == [WIFI] * 5
    for n, url in enumerate(expected, start=1):
        assert keys.group_of(url.split("?g=", 1)[1]) == f"g{n}"


def test_cards_without_wifi_have_one_code_each_and_a_bad_plan_is_a_clear_error(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN.split("[wifi]")[0].replace("groups = [", "groups = 2\n#["), encoding="utf-8")
    out = tmp_path / "cards.pdf"
    run = facilitator("cards", str(plan), "--db", str(tmp_path / "m.sqlite3"), "--out", str(out), "--lang", "en", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "2 table cards written" in run.stdout
    (page,) = rasterise(out, tmp_path, dpi=100)
    assert [text.split("?g=")[1][:3] for text in codes_on(page)] == ["g1.", "g2."]

    bad = facilitator("cards", str(tmp_path / "missing.toml"), "--out", str(out), cwd=tmp_path)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "missing.toml" in bad.stderr
