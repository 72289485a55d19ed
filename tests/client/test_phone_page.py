"""The phone page in a real browser against the real server: joining from the
QR code, writing with the group, editing, the limit, and text that stays text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from plans import make_plan
from playwright.sync_api import expect

from facilitator.core import commands as cmd
from facilitator.server.transport.qr import write_qr
from tests.support.phonepage import join, note, stored_texts, write

pytestmark = pytest.mark.browser


def test_the_url_in_the_qr_code_opens_the_page_and_joining_from_it_works(start_server, phone, tmp_path: Path) -> None:
    server = start_server()
    png = write_qr(server.join_url, tmp_path / "join.png")
    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(png))]
    assert decoded == [server.join_url]
    assert decoded[0] == f"http://127.0.0.1:{server.port}/j/{server.code}"

    page = phone()
    page.goto(decoded[0])
    expect(page.get_by_role("heading", name="AMK-netværksmøde")).to_be_visible()
    page.get_by_label("Dit navn").fill("Mette")
    page.get_by_label("Din enhed").select_option("AHR")
    page.get_by_role("radio", name=re.compile(r"^Gruppe 2\b")).check()
    page.get_by_role("button", name="Deltag").click()

    expect(page.get_by_text("AMK-netværksmøde · Gruppe 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Netværksstjernen")).to_be_visible()
    joined = [e for e in server.journal_events() if e.type == "participant_joined"]
    assert [(e.name, e.unit, e.group_id) for e in joined] == [("Mette", "AHR", "g2")]


def test_the_join_form_asks_for_what_is_missing_and_says_which_group_one_was_placed_in(start_server, phone) -> None:
    server = start_server(exercise=None)
    first, second = phone(), phone()
    first.goto(server.join_url)
    first.get_by_role("button", name="Deltag").click()
    expect(first.get_by_role("alert")).to_have_text("Skriv dit navn.")
    first.get_by_label("Dit navn").fill("Mette")
    first.get_by_role("button", name="Deltag").click()
    expect(first.get_by_role("alert")).to_have_text("Vælg din enhed.")
    first.get_by_label("Din enhed").select_option("AKM")
    expect(first.get_by_role("radio", name="Placér mig automatisk")).to_be_checked()
    first.get_by_role("button", name="Deltag").click()
    expect(first.get_by_role("heading", name="Du er i Gruppe 1.")).to_be_visible()
    expect(first.get_by_text("Netværksstjernen")).to_be_visible()  # what comes next

    join(second, server.join_url, name="Lars", unit="AKM")  # automatic: the smaller group
    expect(second.get_by_role("heading", name="Du er i Gruppe 2.")).to_be_visible()
    assert [e.type for e in server.journal_events()].count("participant_joined") == 2


def test_a_wrong_code_in_the_link_is_said_plainly_and_the_right_one_can_be_typed(start_server, phone) -> None:
    server = start_server()
    page = phone()
    page.goto(server.base + "/j/ZZZZ-ZZZZ")
    expect(page.get_by_role("alert")).to_have_text("Koden passer ikke til mødet her. Tjek koden på skærmen.")
    page.get_by_label("Mødekode").fill(f"{server.code[:4]}-{server.code[4:]}".lower())
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_label("Dit navn")).to_be_visible()
    expect(page).to_have_url(f"{server.base}/j/{server.code}")


def test_a_plan_without_names_or_units_asks_only_for_the_group(start_server, phone) -> None:
    server = start_server(make_plan(groups=2, ask_names=False, units=[]))
    page = phone()
    page.goto(server.join_url)
    expect(page.get_by_role("button", name="Deltag")).to_be_visible()
    expect(page.get_by_label("Dit navn")).to_have_count(0)
    expect(page.get_by_label("Din enhed")).to_have_count(0)
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_text("AMK-netværksmøde · Gruppe 1")).to_be_visible()


def test_a_reload_keeps_the_participant_group_and_notes(start_server, phone) -> None:
    server = start_server()
    page = phone()
    join(page, server.join_url, group="Gruppe 3")
    write(page, "Fælles sparring")
    expect(note(page, "Fælles sparring").get_by_text("Gemt")).to_be_visible()

    page.reload()
    expect(page.get_by_text("AMK-netværksmøde · Gruppe 3")).to_be_visible()
    expect(note(page, "Fælles sparring").get_by_text("Gemt")).to_be_visible()
    expect(note(page, "Fælles sparring").get_by_role("button", name="Ret")).to_be_visible()  # still mine
    assert [e.type for e in server.journal_events()].count("participant_joined") == 1


def test_a_group_sees_its_notes_live_and_another_group_only_after_the_reveal(start_server, phone) -> None:
    server = start_server()
    anna, bo, carl = phone(), phone(), phone()
    join(anna, server.join_url, name="Anna", group="Gruppe 1")
    join(bo, server.join_url, name="Bo", group="Gruppe 1")
    join(carl, server.join_url, name="Carl", group="Gruppe 2")

    write(anna, "Sparring med de andre koordinatorer")
    expect(note(bo, "Sparring med de andre koordinatorer")).to_be_visible()
    expect(note(bo, "Sparring med de andre koordinatorer").get_by_role("button", name="Ret")).to_have_count(0)
    write(bo, "Korte oplæg", lane="Behov")
    expect(note(anna, "Korte oplæg")).to_be_visible()
    # newest first in the lane
    expect(anna.get_by_role("listitem").first).to_contain_text("Korte oplæg")

    write(carl, "Carls egen note")
    expect(note(carl, "Carls egen note").get_by_text("Gemt")).to_be_visible()
    expect(note(carl, "Sparring med de andre koordinatorer")).to_have_count(0)
    expect(note(anna, "Carls egen note")).to_have_count(0)

    server.execute(cmd.Reveal(exercise_id="netvaerksstjernen"))
    expect(note(carl, "Sparring med de andre koordinatorer")).to_be_visible()
    expect(note(carl, "Korte oplæg")).to_be_visible()
    expect(note(anna, "Carls egen note")).to_be_visible()


def test_own_notes_can_be_edited_and_deleted(start_server, phone) -> None:
    server = start_server()
    anna, bo = phone(), phone()
    join(anna, server.join_url, name="Anna", group="Gruppe 1")
    join(bo, server.join_url, name="Bo", group="Gruppe 1")
    write(anna, "Sparing")
    expect(note(bo, "Sparing")).to_be_visible()

    note(anna, "Sparing").get_by_role("button", name="Ret").click()
    anna.get_by_label("Ret noten").fill("Sparring i netværket")
    anna.get_by_role("button", name="Gem").click()
    expect(note(anna, "Sparring i netværket").get_by_text("Gemt")).to_be_visible()
    expect(note(anna, "Sparring i netværket").get_by_text("rettet")).to_be_visible()
    expect(note(bo, "Sparring i netværket")).to_be_visible()
    expect(note(bo, "Sparing")).to_have_count(0)

    note(anna, "Sparring i netværket").get_by_role("button", name="Slet").click()
    expect(anna.get_by_text("Slet noten?")).to_be_visible()
    anna.get_by_role("button", name="Ja, slet").click()
    expect(note(anna, "Sparring i netværket")).to_have_count(0)
    expect(note(bo, "Sparring i netværket")).to_have_count(0)
    types = [e.type for e in server.journal_events()]
    assert types.count("note_edited") == 1 and types.count("note_deleted") == 1


def test_the_character_count_follows_the_text_and_a_note_over_the_limit_cannot_be_added(start_server, phone) -> None:
    server = start_server(make_plan(groups=2, star_options={"max_note_length": 20}))
    page = phone()
    join(page, server.join_url)
    box = page.get_by_label("Ny note til Behov")
    add = page.get_by_role("button", name="Tilføj note")
    expect(page.get_by_text("0 / 20 tegn")).to_be_visible()
    expect(add).to_be_disabled()

    box.fill("x" * 21)
    expect(page.get_by_text("21 / 20 tegn")).to_be_visible()
    expect(page.get_by_text("Noten er for lang: højst 20 tegn.")).to_be_visible()
    expect(add).to_be_disabled()

    box.fill("æøå" * 6 + "ok")  # 20 characters, more than 20 bytes
    expect(page.get_by_text("20 / 20 tegn")).to_be_visible()
    add.click()
    expect(note(page, "æøåæøåæøåæøåæøåæøåok").get_by_text("Gemt")).to_be_visible()
    assert stored_texts(server) == ["æøåæøåæøåæøåæøåæøåok"]


def test_a_note_with_markup_shows_as_text_and_runs_nothing(start_server, phone, dialogs) -> None:
    server = start_server()
    anna, bo = phone(), phone()
    join(anna, server.join_url, name="Anna", group="Gruppe 1")
    join(bo, server.join_url, name="<b>Bo</b>", group="Gruppe 1")
    attack = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    write(anna, attack)
    for page in (anna, bo):
        expect(note(page, attack)).to_be_visible()
        assert page.locator("main img, main script, main b").count() == 0
        # Nowhere in the page either: no element exists whose onerror or script could run later.
        assert page.locator("img[src=x]").count() == 0
        assert page.locator("script", has_text="alert(").count() == 0
    assert dialogs == []
    assert stored_texts(server) == [attack]


def test_a_locked_meeting_says_so_on_the_join_form_and_a_plan_without_free_choice_offers_no_group(start_server, phone) -> None:
    server = start_server(make_plan(free_group_change=False))
    server.execute(cmd.LockJoining(True))
    page = phone()
    page.goto(server.join_url)
    expect(page.get_by_role("heading", name="AMK-netværksmøde")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)  # the server places newcomers
    page.get_by_label("Dit navn").fill("Mette")
    page.get_by_label("Din enhed").select_option("AHR")
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_text("Mødet er lukket for nye deltagere.")).to_be_visible()
    assert not [e for e in server.journal_events() if e.type == "participant_joined"]
