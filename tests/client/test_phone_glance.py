"""What a participant sees at a glance on the phone (issue 16): time-up stays
in sight in a sticky bar and vibrates once where the browser can; other
people's notes carry no "Gemt" mark (only one's own notes were saved by
this phone); titles break between words, never inside one."""

from __future__ import annotations

import pytest
from plans import make_plan
from playwright.sync_api import Page, expect

from facilitator.config.models import LocalText
from facilitator.core import commands as cmd
from tests.support.phonepage import join, note, write

pytestmark = pytest.mark.browser

STAR = "netvaerksstjernen"
MODULES = "kompetencemoduler"

# navigator.vibrate, replaced before the page's scripts run: the page calls it
# as a browser would let it, and the calls are recorded for the test to read.
RECORD_VIBRATIONS = """
window.__vibrations = [];
Object.defineProperty(Navigator.prototype, "vibrate", {
  configurable: true,
  value: function (pattern) { window.__vibrations.push(pattern); return true; },
});
"""

# The words of an element's text that are split across two lines (a split
# word has client rects on two lines).
WORDS_SPLIT_JS = """
(el) => {
  const split = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const tops = new Set(rects.map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}
"""


def test_time_up_stays_in_a_sticky_bar_after_scrolling_and_vibrates_once(start_server, phone) -> None:
    server = start_server()
    page: Page = phone()
    page.add_init_script(RECORD_VIBRATIONS)
    join(page, server.join_url, group="Gruppe 1")
    for i in range(12):  # a long page: the countdown would scroll away with the instructions
        write(page, f"Note nummer {i} om noget vigtigt, der fylder et par linjer på en lille skærm")
    expect(page.get_by_role("listitem")).to_have_count(12)
    server.execute(cmd.SetTimer(STAR, 2))
    timer = page.get_by_role("timer")
    expect(timer).to_contain_text("tilbage")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 600
    expect(timer).to_have_text("Tiden er gået. Skriv din sidste note færdig.")
    box = timer.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844, box  # in the viewport, scrolled down
    assert page.evaluate("window.__vibrations") == [[200, 100, 200]]
    write(page, "Den sidste note")  # the page draws again: the vibration is not repeated
    expect(note(page, "Den sidste note").get_by_text("Gemt")).to_be_visible()
    assert page.evaluate("window.__vibrations") == [[200, 100, 200]]


def test_a_phone_without_vibration_shows_time_up_all_the_same(start_server, phone) -> None:
    server = start_server()
    page = phone()
    page.add_init_script("delete Navigator.prototype.vibrate;")
    join(page, server.join_url, group="Gruppe 1")
    server.execute(cmd.SetTimer(STAR, 1))
    expect(page.get_by_role("timer")).to_have_text("Tiden er gået. Skriv din sidste note færdig.")
    assert page.evaluate("'vibrate' in navigator") is False


def test_other_peoples_notes_carry_no_saved_mark(start_server, phone) -> None:
    server = start_server()
    anna, bo = phone(), phone()
    join(anna, server.join_url, name="Anna", group="Gruppe 1")
    join(bo, server.join_url, name="Bo", group="Gruppe 1")
    write(anna, "Annas note")
    expect(note(anna, "Annas note").get_by_text("Gemt")).to_be_visible()
    expect(note(bo, "Annas note")).to_be_visible()
    expect(note(bo, "Annas note").get_by_text("Gemt")).to_have_count(0)
    server.execute(cmd.Reveal(exercise_id=STAR))
    expect(note(bo, "Annas note").get_by_text("Gemt")).to_have_count(0)


def test_long_titles_break_between_words_only(start_server, phone) -> None:
    plan = make_plan(groups=3)
    long_title = LocalText(da="Kompetenceudviklingsforløbet i psykisk arbejdsmiljø for arbejdsmiljøkoordinatorer", en="x")
    plan = plan.model_copy(update={"exercises": [plan.exercises[0], plan.exercises[1].model_copy(update={"title": long_title})]})
    server = start_server(plan, exercise=MODULES)
    page = phone()
    join(page, server.join_url, group="Gruppe 1")
    page.get_by_role("radio", name="Dialog, samarbejde og håndtering af konflikter").check()
    expect(page.locator("h2").first).to_have_text("Dialog, samarbejde og håndtering af konflikter")
    for selector in ("h1", "h2", "h3", ".chip", ".where", ".bar-row", ".owner", ".instructions", "legend"):
        for element in page.locator(selector).element_handles():
            assert page.evaluate(WORDS_SPLIT_JS, element) == [], (selector, element.inner_text())
    assert page.evaluate("document.documentElement.lang") == "da"  # the browser knows the words' language
