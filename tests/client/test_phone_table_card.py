"""A table card's link in a real browser: the phone lands in the card's group;
a forged link is refused on the phone and the form lets it choose instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from plans import make_plan
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_a_phone_opening_a_table_card_url_joins_that_group_without_choosing(start_server, phone) -> None:
    server = start_server(make_plan(groups=["Bord 1", "Bord 2", "Bord 3"], free_group_change=False), exercise=None)
    card_url = server.call(lambda: server.server.table_keys.url(server.join_url, "g2"))
    page = phone()
    page.goto(card_url)
    expect(page.get_by_text("Bordkortet har sat dig i denne gruppe.")).to_be_visible()
    radios = page.get_by_role("radio")
    expect(radios).to_have_count(1)  # the card's group only: fixed
    expect(page.get_by_role("radio", name="Bord 2 · 0 tilmeldt")).to_be_checked()
    if os.environ.get("STJERNESTUND_SCREENSHOTS") == "1":  # docs/rooms.md shows it
        page.screenshot(path=SCREENSHOTS / "2-join-table-card-da.png", full_page=True, scale="css")
    page.get_by_label("Dit navn").fill("Mette")
    page.get_by_label("Din enhed").select_option("AKM")
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_role("heading", name="Du er i Bord 2.")).to_be_visible()
    joined = [e for e in server.journal_events() if e.type == "participant_joined"]
    assert [(e.name, e.group_id) for e in joined] == [("Mette", "g2")]


def test_a_plan_with_free_group_change_preselects_the_card_group_but_offers_the_others(start_server, phone) -> None:
    plan = make_plan(groups=3).model_copy(update={"free_group_change": True})
    server = start_server(plan, exercise=None)
    page = phone()
    page.goto(server.call(lambda: server.server.table_keys.url(server.join_url, "g3")))
    expect(page.get_by_text("Bordkortet har valgt din gruppe; du kan vælge en anden.")).to_be_visible()
    expect(page.get_by_role("radio", name="Gruppe 3 · 0 tilmeldt")).to_be_checked()
    page.get_by_role("radio", name="Gruppe 1 · 0 tilmeldt").check()
    page.get_by_label("Dit navn").fill("Lars")
    page.get_by_label("Din enhed").select_option("AKM")
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_role("heading", name="Du er i Gruppe 1.")).to_be_visible()


def test_a_forged_table_card_url_is_refused_on_the_phone_and_joins_nobody_to_that_group(start_server, phone) -> None:
    server = start_server(exercise=None)
    genuine = server.call(lambda: server.server.table_keys.token("g1"))
    forged = "g3." + genuine.split(".", 1)[1]
    page = phone()
    page.goto(f"{server.join_url}?g={forged}")
    expect(page.get_by_role("alert").filter(has_text="Bordkortets kode hører ikke til dette møde")).to_be_visible()
    expect(page.get_by_role("radio", name="Placér mig automatisk")).to_be_checked()  # the phone may still join
    assert "?g=" not in page.url  # the bad link is forgotten
    assert [e for e in server.journal_events() if e.type == "participant_joined"] == []


def test_a_phone_scanning_a_printed_card_lands_in_that_card_group(start_server, phone, tmp_path) -> None:
    """The whole path: `facilitator cards` prints the running meeting's cards,
    the printed page is read by a QR decoder, the phone opens what it read."""
    server = start_server(make_plan(groups=["Bord 1", "Bord 2", "Bord 3"], free_group_change=False), exercise=None)
    plan = tmp_path / "plan.toml"
    plan.write_text('title = "AMK-netværksmøde"\ndate = 2025-02-04\nexercises = [{ file = "netvaerksstjernen.toml" }]\n', encoding="utf-8")
    out = tmp_path / "cards.pdf"
    facilitator = Path(sys.executable).parent / "facilitator"
    run = subprocess.run(
        [str(facilitator), "cards", str(plan), "--db", str(server.journal), "--out", str(out), "--per-page", "4",
         "--host", "127.0.0.1", "--port", str(server.port)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr
    subprocess.run(["pdftoppm", "-r", "120", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")], check=True)
    scanned = {r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "page-1.png"))}
    (card3,) = [url for url in scanned if "?g=g3." in url]
    page = phone()
    page.goto(card3)
    expect(page.get_by_role("radio", name="Bord 3 · 0 tilmeldt")).to_be_checked()
    page.get_by_label("Dit navn").fill("Ulla")
    page.get_by_label("Din enhed").select_option("AKM")
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_role("heading", name="Du er i Bord 3.")).to_be_visible()
