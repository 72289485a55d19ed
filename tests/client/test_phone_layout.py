"""Every screen in Danish and English: fits 320 px without sideways scrolling,
thumb-sized controls, readable contrast, the user's font size respected.

With STJERNESTUND_SCREENSHOTS=1 the walk through the screens also writes the
screenshots in docs/screenshots/ (checked in, linked from the README).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from websockets.datastructures import Headers
from websockets.http11 import Request

from facilitator.core import commands as cmd
from facilitator.resources import client_dir
from facilitator.server.transport.http import CONTENT_TYPES, json_body
from facilitator.server.transport.static import Entry, StaticFiles
from facilitator.texts import table_for
from tests.support.phonepage import note

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGE_BUDGET = 60_000  # bytes: "under 60 KB", read strictly

# Every visible piece of text against its real background: WCAG AA (4.5:1, or
# 3:1 for large text). Runs in the page, on what the browser actually drew.
CONTRAST_JS = """
() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const problems = [];
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility === "hidden") continue;
    const fg = lum(rgb(style.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) problems.push(`${el.textContent.trim().slice(0, 40)}: ${ratio.toFixed(2)}`);
  }
  return problems;
}
"""

# Controls a thumb must hit: at least 44 x 44 CSS pixels (a radio counts by its label).
SMALL_TARGETS_JS = """
() => [...document.querySelectorAll("button, select, textarea, input:not([type=radio]), summary, label:has(input[type=radio])")]
  .filter((el) => el.getClientRects().length)
  .map((el) => [el.textContent.trim().slice(0, 30) || el.tagName, el.getBoundingClientRect()])
  .filter(([, r]) => r.height < 44 || r.width < 44)
  .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)
"""


# Resolves once the browser has painted the next frame: everything changed so far is laid out.
NEXT_PAINT_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def check_screen(page: Page, name: str, language: str) -> None:
    """The checks every screen passes, then (on request) its screenshot."""
    expect(page.locator("main")).not_to_be_empty()
    page.evaluate(NEXT_PAINT_JS)  # the last change's redraw has been painted
    assert page.evaluate(CONTRAST_JS) == [], f"{name}: text below WCAG AA contrast"
    assert page.evaluate(SMALL_TARGETS_JS) == [], f"{name}: touch targets under 44 px"
    if os.environ.get("STJERNESTUND_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{language}.png", full_page=True, scale="css")
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, f"{name} scrolls sideways at 320 px"
    page.set_viewport_size({"width": 390, "height": 844})


@pytest.mark.browser
def test_every_screen_in_both_languages_fits_320_px_with_thumb_sized_readable_controls(start_server, phone) -> None:
    server = start_server(exercise=None)  # the room waits for the first exercise
    da, en, other = phone("da-DK"), phone("en-US"), phone("da-DK")
    pages = {"da": da, "en": en}

    for language, page in pages.items():
        page.goto(server.base + "/")
        expect(page.get_by_role("button", name={"da": "Fortsæt", "en": "Continue"}[language])).to_be_visible()
        check_screen(page, "1-code", language)
        page.get_by_label({"da": "Mødekode", "en": "Meeting code"}[language]).fill(server.code.lower())
        page.get_by_role("button", name={"da": "Fortsæt", "en": "Continue"}[language]).click()
        expect(page).to_have_url(re.compile(f"/j/{server.code}$"))
        expect(page.get_by_role("heading", name="AMK-netværksmøde")).to_be_visible()
        check_screen(page, "2-join", language)
    da.get_by_label("Dit navn").fill("Mette Hansen")
    da.get_by_label("Din enhed").select_option("AKM")
    da.get_by_role("radio", name=re.compile(r"^Gruppe 2\b")).check()
    da.get_by_role("button", name="Deltag").click()
    en.get_by_label("Your name").fill("Sam Lee")
    en.get_by_label("Your unit").select_option("AIT")
    en.get_by_role("radio", name=re.compile(r"^Group 2\b")).check()
    en.get_by_role("button", name="Join").click()
    other.goto(server.join_url)
    other.get_by_label("Dit navn").fill("Lars")
    other.get_by_label("Din enhed").select_option("AHR")
    other.get_by_role("radio", name=re.compile(r"^Gruppe 2\b")).check()
    other.get_by_role("button", name="Deltag").click()
    expect(da.get_by_role("heading", name="Du er i Gruppe 2.")).to_be_visible()
    expect(en.get_by_role("heading", name="You are in Group 2.")).to_be_visible()
    expect(da.get_by_role("heading", name="Netværksstjernen")).to_be_visible()  # what comes next
    expect(en.get_by_role("heading", name="The network star")).to_be_visible()
    for language, page in pages.items():
        check_screen(page, "3-waiting", language)

    server.execute(cmd.StartExercise(exercise_id="netvaerksstjernen"))
    server.execute(cmd.SetTimer(exercise_id="netvaerksstjernen", seconds=12 * 60))
    for text in ["Sparring med andre koordinatorer om svære sager", "Et fast netværk på tværs af enhederne"]:
        other.get_by_label("Ny note til Behov").fill(text)
        other.get_by_role("button", name="Tilføj note").click()
    da.get_by_label("Ny note til Behov").fill("Konkrete værktøjer til APV-arbejdet")
    da.get_by_role("button", name="Tilføj note").click()
    en.get_by_label("New note for Needs").fill("Short talks, then time to talk in small groups")
    en.get_by_role("button", name="Add note").click()
    expect(note(da, "Short talks, then time to talk in small groups")).to_be_visible()
    for page in pages.values():
        page.context.set_offline(True)
    da.get_by_label("Ny note til Behov").fill("Erfaringsudveksling om trivselsmålinger")
    da.get_by_role("button", name="Tilføj note").click()
    en.get_by_label("New note for Needs").fill("Shared examples of good risk assessments")
    en.get_by_role("button", name="Add note").click()
    expect(en.get_by_text("Waiting to be sent", exact=True)).to_be_visible()
    for language, page in pages.items():
        check_screen(page, "4-writing-offline", language)
        page.context.set_offline(False)
    expect(note(da, "Erfaringsudveksling om trivselsmålinger").get_by_text("Gemt")).to_be_visible()
    expect(note(en, "Shared examples of good risk assessments").get_by_text("Saved")).to_be_visible()
    own = {"da": "Konkrete værktøjer til APV-arbejdet", "en": "Short talks, then time to talk in small groups"}
    words = {"da": ("Ret", "Slet", "Fortryd"), "en": ("Edit", "Delete", "Cancel")}
    for language, page in pages.items():
        edit, delete, cancel = words[language]
        note(page, own[language]).get_by_role("button", name=edit).click()
        check_screen(page, "5-writing-edit", language)
        page.get_by_role("button", name=cancel).click()
        note(page, own[language]).get_by_role("button", name=delete).click()
        check_screen(page, "5-writing-delete", language)
        page.get_by_role("button", name=cancel).click()

    server.execute(cmd.SetPhase(exercise_id="netvaerksstjernen", phase="closed"))
    for language, page in pages.items():
        expect(page.get_by_role("heading", name={"da": "Tak for jeres noter", "en": "Thank you for your notes"}[language])).to_be_visible()
        check_screen(page, "8-closed", language)

    server.execute(cmd.StartExercise(exercise_id="kompetencemoduler"))
    for text in ["Roller og ansvar i AMO ved omstruktureringer", "Cases fra egne enheder"]:
        other.get_by_label("Ny note til AMO i forandring: Roller og ansvar").fill(text)
        other.get_by_role("button", name="Tilføj note").click()
    da.get_by_role("radio", name="Neurodiversitet").check()
    da.get_by_label("Ny note til Neurodiversitet").fill("Hvordan tilpasser vi arbejdspladsen?")
    da.get_by_role("button", name="Tilføj note").click()
    da.get_by_text("Foreslå et nyt emne").click()
    da.get_by_label("Titel på forslaget").fill("Psykisk arbejdsmiljø i praksis")
    en.get_by_text("Propose a new topic").click()
    expect(en.get_by_text("Lead: Anders Jacobsen")).to_be_visible()
    for language, page in pages.items():
        check_screen(page, "6-writing-modules", language)

    server.execute(cmd.SetPhase(exercise_id="kompetencemoduler", phase="voting"))
    expect(da.get_by_text("3 af 3 prikker tilbage")).to_be_visible()
    da.get_by_role("button", name=re.compile("^Cases fra egne enheder")).click()
    en.get_by_role("button", name=re.compile("^Cases fra egne enheder")).click()
    en.get_by_role("button", name=re.compile("^Roller og ansvar")).click()
    expect(en.get_by_text("1 of 3 dots left")).to_be_visible()
    for language, page in pages.items():
        check_screen(page, "7-voting", language)


@pytest.mark.browser
def test_the_page_follows_the_phones_font_size_and_still_fits(start_server, phone) -> None:
    server = start_server()
    page = phone()
    page.goto(server.join_url)
    button = page.get_by_role("button", name="Deltag")
    normal = button.bounding_box()["height"]
    page.evaluate("document.documentElement.style.fontSize = '150%'")  # as a phone set to large text
    page.set_viewport_size({"width": 320, "height": 700})
    assert button.bounding_box()["height"] >= normal * 1.4
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.browser
def test_english_when_the_browser_prefers_it_and_a_visible_switch_changes_the_language(start_server, phone) -> None:
    server = start_server()
    page = phone("en-GB")
    page.goto(server.join_url)
    expect(page.get_by_label("Your name")).to_be_visible()
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Your unit").select_option("AIT")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name="The network star")).to_be_visible()
    expect(page.get_by_label("New note for Needs")).to_be_visible()

    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", name="Netværksstjernen")).to_be_visible()
    expect(page.get_by_label("Ny note til Behov")).to_be_visible()
    page.reload()  # the choice is remembered
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_label("Ny note til Behov")).to_be_visible()


def test_the_whole_page_with_its_texts_is_under_60_kb_as_the_server_sends_it() -> None:
    """Every file a phone may ever load (the later screens' too) and its texts,
    as they go over the wire to a browser that accepts gzip (test_phone_http.py
    measures a real first load in Chromium, headers and all)."""
    files = [path for path in client_dir().rglob("*") if path.is_file() and not path.name.startswith(("wall", "check"))]  # the projector wall's and the check page's own files are not the phone's
    assert {"index.html", "app.js", "style.css"} <= {path.name for path in files}
    gzip_browser = Request("/", Headers([("Accept-Encoding", "gzip, deflate, br")]))
    files_sent = [StaticFiles(client_dir(), CONTENT_TYPES).get(path.resolve()) for path in files]
    texts = max(len(Entry.of(json_body(table_for(lang, "phone.")), "application/json").variant_for(gzip_browser).body) for lang in ("da", "en"))
    total = sum(len(entry.variant_for(gzip_browser).body) for entry in files_sent if entry is not None) + texts
    assert total < PAGE_BUDGET, f"{total} bytes"


def test_the_page_loads_nothing_from_another_origin() -> None:
    pattern = re.compile(r"(https?:)?//(?!www\.w3\.org/2000/svg)[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
    offenders = [
        f"{path.name}: {match.group(0)}"
        for path in client_dir().rglob("*")
        if path.is_file()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
