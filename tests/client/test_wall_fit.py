"""The wall fits any plan: every lane of the bundled plan (six long module
titles with owners, proposals) and of a plan with twelve long-titled modules
lies inside the screen with its title and owner whole, at 1920x1080,
1366x768 and 1024x768, in the star and the modules view, before and after
the reveal; when the lanes do not fit on one screen the wall pages, shows
which page it is on, and every lane is on a page. A small QR code in a
corner of the wall holds the join URL in every phase."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from plans import make_plan
from playwright.sync_api import expect
from test_phone_layout import NEXT_PAINT_JS

from facilitator.config.loader import load_plan
from facilitator.config.models import Exercise, ExerciseKind, ExerciseOptions, Lane, LocalText, ResolvedPlan
from facilitator.core import commands as cmd
from facilitator.texts.da import DA
from facilitator.texts.en import EN
from tests.support.wallpage import STAR

pytestmark = pytest.mark.browser

BUNDLED = Path(__file__).resolve().parents[2] / "exercises" / "amk-netvaerksmoede.toml"
MODULES = "kompetencemoduler"
PAGE_MS = 12_000  # how long the wall shows one page (client/wall-views.js PAGE_SECONDS)

# Every lane's box inside the screen and inside the stage (not behind the top
# bar or the foot); its title and owner neither clipped nor ellipsed. Lanes on
# another page (paging) are left out and reported, so a test can turn pages.
# No two lanes overlap, and nothing covers a title.
LANES_JS = """
() => {
  const stage = document.getElementById("stage").getBoundingClientRect();
  const shown = [], problems = [], boxes = [];
  for (const lane of document.querySelectorAll("#stage [data-lane]")) {
    if (!lane.getClientRects().length) continue; // on another page
    const id = lane.dataset.lane;
    shown.push(id);
    const r = lane.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) problems.push(`${id}: outside the screen`);
    if (r.left < stage.left - 1 || r.top < stage.top - 1 || r.right > stage.right + 1 || r.bottom > stage.bottom + 1) problems.push(`${id}: outside the stage`);
    for (const text of lane.querySelectorAll(".point-name, .bar-title, .bar-owner, .proposal-title")) {
      if (!text.getClientRects().length) continue;
      const t = text.getBoundingClientRect();
      if (text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1) problems.push(`${id}: ${text.className} clipped`);
      if (getComputedStyle(text).textOverflow === "ellipsis") problems.push(`${id}: ${text.className} ellipsed`);
      if (t.left < r.left - 1 || t.top < r.top - 1 || t.right > r.right + 1 || t.bottom > r.bottom + 1) problems.push(`${id}: ${text.className} outside its lane`);
      const on = document.elementFromPoint((t.left + t.right) / 2, (t.top + t.bottom) / 2);
      if (!on || !(text === on || text.contains(on))) problems.push(`${id}: ${text.className} covered`);
    }
    boxes.push([id, r]);
    for (const note of lane.querySelectorAll("li")) {
      if (!note.getClientRects().length) continue;
      const n = note.getBoundingClientRect();
      if (n.top < r.top - 1 || n.bottom > r.bottom + 1 || n.left < r.left - 1 || n.right > r.right + 1) problems.push(`${id}: a note cut off`);
    }
  }
  for (const [i, [a, p]] of boxes.entries()) {
    for (const [b, q] of boxes.slice(i + 1)) {
      if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1) problems.push(`${a} and ${b} overlap`);
    }
  }
  return { shown, problems };
}
"""

LONG_TITLES = [  # as long as the bundled plan's longest, with owners as long as its longest
    "AMO i forandring: Roller og ansvar (HSU, KAMU, psykisk APV, TR) i den nye organisation",
    "Dialog, samarbejde og håndtering af konflikter mellem kolleger og ledere",
    "Neurodiversitet (viden og værktøjer til arbejdspladsen og til kollegerne)",
    "Sexisme (inkl. fokus på hvordan DTU håndterer krænkende adfærd i praksis)",
    "Balance i arbejdslivet (inkl. proaktive indsatser til stressreduktion)",
    "Inkluderende kultur (psykologisk tryghed og hvad når det ikke er der)",
    "Fysisk arbejdsmiljø i laboratorier og værksteder: indeklima, støj og kemi",
    "Ergonomi ved skærmarbejde, hjemmearbejde og i mødelokaler med fleksible pladser",
    "Trivselsmålingen (APV) fra spørgeskema til handleplan: hvem gør hvad hvornår",
    "Forebyggelse af vold, trusler og chikane, også online og fra studerende",
    "Nye medarbejdere og internationale kolleger: onboarding og arbejdsmiljø",
    "Forandringsledelse og omstrukturering: inddragelse af AMO fra begyndelsen",
]
LONG_OWNERS = [
    "Michel Onnik Berg Doukmadjian, Koncern HR",
    "Anne Marie Rosenlund Kjældgaard, Koncern HR",
    "Tina Messerschmidt Nielsen, Koncern HR",
]
PROPOSALS = [
    "Modul 7: Fra viden til praksis i den lokale arbejdsmiljøorganisation",
    "Modul 8: Arbejdsmiljø for ph.d.-studerende og tidsbegrænsede ansatte",
]
NOTE = "Konkrete værktøjer vi kan tage med hjem til enheden, fx en tjekliste til den svære samtale og eksempler fra andre institutter"


def bundled_plan() -> ResolvedPlan:
    """The plan `make run` opens, with the per-address limits off (every test phone is 127.0.0.1)."""
    return load_plan(BUNDLED).model_copy(
        update={"joins_per_address_per_minute": None, "participants_per_address": None, "notes_per_minute": None, "notes_per_exercise": None}
    )


def long_module_plan(count: int = 12) -> ResolvedPlan:
    modules = Exercise(
        id=MODULES,
        kind=ExerciseKind.BRAINSTORM,
        title=LocalText(da="Kompetenceudviklingsforløbet i psykisk arbejdsmiljø", en="The competence programme in psychosocial work environment"),
        instructions=LocalText(da="Giv input til modulerne.", en="Give input on the modules."),
        options=ExerciseOptions(allow_proposals=True, dots_per_participant=3),
        lanes=[
            Lane(id=f"modul-{i + 1}", title=LocalText(da=title), owner=LONG_OWNERS[i % len(LONG_OWNERS)])
            for i, title in enumerate(LONG_TITLES[:count])
        ],
    )
    plan = make_plan(groups=5)
    return plan.model_copy(update={"exercises": [plan.exercises[0], modules]})


def lanes_of(plan: ResolvedPlan, exercise_id: str) -> list[str]:
    return [lane.id for lane in next(ex for ex in plan.exercises if ex.id == exercise_id).lanes]


def write_notes(server, plan: ResolvedPlan, exercise_id: str, per_lane: int = 3) -> None:
    """Long notes on every lane, typed in by the facilitator for the groups (the paper way)."""
    for lane_id in lanes_of(plan, exercise_id):
        for n in range(per_lane):
            server.execute(cmd.AddNoteForGroup(f"{lane_id}-{n}", exercise_id, lane_id, f"g{n % 3 + 1}", f"{NOTE} ({n + 1})"))


def propose(server, phones, exercise_id: str) -> list[str]:
    ids = []
    for n, title in enumerate(PROPOSALS):
        phone = phones(server, f"Deltager {n}", "AKM", f"g{n + 1}")
        lane_id = f"forslag-{n}"
        phone.send("propose", exercise_id=exercise_id, lane_id=lane_id, title=title)
        phone.until("ack")
        server.execute(cmd.AddNoteForGroup(f"{lane_id}-note", exercise_id, lane_id, f"g{n + 1}", NOTE))
        ids.append(lane_id)
    return ids


def settled(page) -> None:
    page.evaluate(NEXT_PAINT_JS)
    page.wait_for_function("() => document.getAnimations().length === 0")


def every_lane_fits(wall_page, expected: list[str], what: str) -> None:
    """Every expected lane shown whole on the screen, on one page or, turning the pages, on some page."""
    page = wall_page.page
    settled(page)
    seen: list[str] = []
    pages = int(page.evaluate("() => document.querySelector('#stage [data-pages]')?.dataset.pages || '1'"))
    if os.environ.get("WALL_FIT_DEBUG"):
        page.screenshot(path=f"/tmp/wall-fit-{what.replace(' ', '_').replace(':', '').replace(',', '')}.png")
    for turn in range(pages):
        result = page.evaluate(LANES_JS)
        assert result["problems"] == [], f"{what}, page {turn + 1}: {result['problems']}"
        seen += result["shown"]
        if pages > 1:
            indicator = page.locator(".page-indicator")
            expect(indicator).to_be_visible()
            expect(indicator).to_contain_text(f"{turn + 1}")
            page.clock.run_for(PAGE_MS)
            settled(page)
    assert sorted(set(seen)) == sorted(expected), what
    assert wall_page.layout_problems() == [], what


@pytest.mark.parametrize("size", ["1920x1080", "1366x768", "1024x768"])
@pytest.mark.parametrize("plan_name", ["bundled", "bundled-en", "twelve", "two"])
def test_every_module_and_proposal_lies_whole_on_the_wall_before_and_after_the_reveal(start_server, wall, phones, plan_name, size) -> None:
    plans = {"bundled": bundled_plan, "bundled-en": bundled_plan, "twelve": long_module_plan, "two": lambda: long_module_plan(2)}
    plan = plans[plan_name]()
    server = start_server(plan, exercise=MODULES)
    wall_page = wall(server, size, fake_clock=True, lang="en" if plan_name.endswith("-en") else None)  # English titles: longer
    page = wall_page.page
    modules = lanes_of(plan, MODULES)
    expect(page.locator(".bar-row")).to_have_count(len(modules))
    write_notes(server, plan, MODULES)
    proposals = propose(server, phones, MODULES)
    server.execute(cmd.SetTimer(MODULES, 20 * 60))
    expect(page.get_by_role("timer")).to_be_visible()
    every_lane_fits(wall_page, modules, f"{plan_name} {size}: writing")  # proposals are a group's work: not before the reveal

    server.execute(cmd.SetPhase(MODULES, "voting"))
    server.execute(cmd.Reveal(MODULES))
    expect(page.locator(".bar-row")).to_have_count(len(modules) + len(proposals))
    expect(page.locator(f".bar-row[data-lane={modules[0]}] li").first).to_be_attached()
    every_lane_fits(wall_page, modules + proposals, f"{plan_name} {size}: voting, revealed")
    if plan_name == "bundled" and size != "1366x768":  # docs/wall.md and the README link them
        wall_page.screenshot(f"wall-7-modules-bundled-da-{size}")


@pytest.mark.parametrize("size", ["1920x1080", "1366x768", "1024x768"])
def test_every_point_of_the_bundled_star_lies_whole_on_the_wall_before_and_after_the_reveal(start_server, wall, size) -> None:
    plan = bundled_plan()
    server = start_server(plan, exercise=STAR)
    wall_page = wall(server, size, fake_clock=True)
    page = wall_page.page
    points = lanes_of(plan, STAR)
    write_notes(server, plan, STAR, per_lane=4)
    expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("4")
    every_lane_fits(wall_page, points, f"star {size}: writing")
    server.execute(cmd.Reveal(STAR))
    expect(page.locator(".point[data-lane=behov] li").first).to_be_visible()
    every_lane_fits(wall_page, points, f"star {size}: revealed")


@pytest.mark.parametrize("size", ["1920x1080", "1366x768", "1024x768"])
def test_a_stars_proposals_lie_whole_under_the_star_after_the_reveal(start_server, wall, phones, size) -> None:
    plan = make_plan(groups=5, star_options={"allow_proposals": True})
    server = start_server(plan, exercise=STAR)
    wall_page = wall(server, size, fake_clock=True)
    page = wall_page.page
    points = lanes_of(plan, STAR)
    write_notes(server, plan, STAR, per_lane=4)
    proposals = propose(server, phones, STAR)
    expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("4")
    expect(page.locator(".proposal[data-lane]")).to_have_count(0)  # a group's work: not before the reveal
    server.execute(cmd.Reveal(STAR))
    expect(page.locator(".proposal[data-lane]")).to_have_count(len(proposals))
    expect(page.locator(".proposal[data-lane=forslag-0] .proposal-count")).to_have_text("1")
    every_lane_fits(wall_page, points + proposals, f"star with proposals {size}: revealed")


def test_a_star_with_many_proposals_keeps_its_points_whole_and_counts_the_proposals_it_has_no_room_for(
    start_server, wall, phones
) -> None:
    plan = make_plan(groups=5, star_options={"allow_proposals": True})
    server = start_server(plan, exercise=STAR)
    wall_page = wall(server, "1024x768")
    page = wall_page.page
    write_notes(server, plan, STAR, per_lane=4)
    titles = [f"{title} ({n + 1})" for n in range(3) for title in PROPOSALS * 2]  # 12: three from each of four groups
    for group in range(4):
        phone = phones(server, f"Deltager {group}", "AKM", f"g{group + 1}")
        for n in range(3):
            phone.send("propose", exercise_id=STAR, lane_id=f"forslag-{group}-{n}", title=titles[group * 3 + n])
            phone.until("ack")
    server.execute(cmd.Reveal(STAR))
    expect(page.locator(".proposal[data-lane]")).to_have_count(12)
    settled(page)
    if os.environ.get("WALL_FIT_DEBUG"):
        page.screenshot(path="/tmp/wall-fit-star-many-proposals.png")
    result = page.evaluate(LANES_JS)
    assert result["problems"] == []
    assert set(lanes_of(plan, STAR)) <= set(result["shown"])  # every point whole
    drawn = [lane for lane in result["shown"] if lane.startswith("forslag")]
    more = page.locator(".proposal.more")
    expect(more).to_be_visible()
    assert more.inner_text() == f"+{12 - len(drawn)} forslag mere"
    assert wall_page.layout_problems() == []


def decoded_screen(page) -> list[str]:
    settled(page)
    page.wait_for_function("() => [...document.querySelectorAll('img.qr, img.corner-qr')].every((img) => img.complete && img.naturalWidth > 0)")
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(page.screenshot())))]


@pytest.mark.parametrize("size", ["1920x1080", "1366x768", "1024x768"])
def test_a_screenshot_of_the_wall_decodes_to_the_join_url_in_every_phase(start_server, wall, phones, size) -> None:
    width, height = (int(n) for n in size.split("x"))
    plan = bundled_plan()
    server = start_server(plan, exercise=None)
    page = wall(server, size).page
    expect(page.locator("img.qr")).to_be_visible()
    assert decoded_screen(page) == [server.join_url], "lobby"
    server.execute(cmd.StartExercise(STAR))
    write_notes(server, plan, STAR)
    expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("3")
    assert decoded_screen(page) == [server.join_url], "writing"
    corner = page.locator("img.corner-qr")
    expect(corner).to_be_visible()
    box = corner.bounding_box()
    assert box is not None and box["x"] < width * 0.05 and box["y"] + box["height"] > height * 0.95  # the bottom left corner
    assert box["width"] <= height * 0.16  # small: the room's content keeps the screen
    server.execute(cmd.Reveal(STAR))
    expect(page.locator(".point[data-lane=behov] li").first).to_be_visible()
    assert decoded_screen(page) == [server.join_url], "revealed"
    server.execute(cmd.SetPhase(STAR, "closed"))
    expect(page.get_by_text("Skrivningen er slut", exact=False)).to_be_visible()
    assert decoded_screen(page) == [server.join_url], "closed"
    server.execute(cmd.HighlightNote("behov-0"))
    server.execute(cmd.SetPlenumLine(STAR, "p1", "Det er vigtigt: at vi kan drøfte svære emner i netværket"))
    expect(page.get_by_role("heading", name="Opsamling i plenum")).to_be_visible()
    assert decoded_screen(page) == [server.join_url], "plenum"
    server.execute(cmd.StartExercise(MODULES))  # the bundled star has no dots; its modules do
    propose(server, phones, MODULES)
    server.execute(cmd.SetPhase(MODULES, "voting"))
    server.execute(cmd.Reveal(MODULES))
    expect(page.get_by_text("Afstemning: sæt jeres prikker", exact=False)).to_be_visible()
    expect(page.locator(".bar-row[data-lane=forslag-0]")).to_be_attached()
    assert decoded_screen(page) == [server.join_url], "modules, voting, revealed"
    server.execute(cmd.FocusLane(MODULES, "neurodiversitet"))  # the plenary's focus on one module
    expect(page.locator(".focus-scene")).to_be_visible()
    assert decoded_screen(page) == [server.join_url], "focus"


def test_the_phone_tells_latecomers_where_the_code_is_on_the_wall() -> None:
    assert "ved siden af QR-koden" in DA["phone.code.help"]
    assert "next to the QR code" in EN["phone.code.help"]



@pytest.mark.parametrize("size", ["1920x1080", "1024x768"])
def test_the_plenary_shows_its_notes_and_lines_whole_and_counts_those_it_has_no_room_for(start_server, wall, size) -> None:
    plan = bundled_plan()
    server = start_server(plan, exercise=STAR)
    wall_page = wall(server, size)
    page = wall_page.page
    write_notes(server, plan, STAR, per_lane=3)
    server.execute(cmd.Reveal(STAR))
    server.execute(cmd.SetPhase(STAR, "closed"))
    for lane_id in lanes_of(plan, STAR):
        for n in range(2):
            server.execute(cmd.HighlightNote(f"{lane_id}-{n}"))
    line = "Det er vigtigt: at vi kan drøfte svære emner i netværket, også når det er svært"
    for n in range(4):
        server.execute(cmd.SetPlenumLine(STAR, f"p{n}", f"{line} ({n + 1})"))
    expect(page.locator(".highlights li:not(.more)")).to_have_count(10)
    expect(page.locator(".lines li:not(.more)")).to_have_count(4)
    settled(page)
    if os.environ.get("WALL_FIT_DEBUG"):
        page.screenshot(path=f"/tmp/wall-fit-plenum-{size}.png")
    assert wall_page.layout_problems() == []
    shown = page.evaluate(
        """() => {
          const stage = document.getElementById('stage').getBoundingClientRect();
          const result = {};
          for (const list of ['highlights', 'lines']) {
            const items = [...document.querySelectorAll(`.${list} li:not(.more)`)];
            const whole = items.filter((li) => li.getClientRects().length).map((li) => li.getBoundingClientRect())
              .filter((r) => r.top >= stage.top - 1 && r.bottom <= stage.bottom + 1);
            const more = document.querySelector(`.${list} li.more`);
            result[list] = [whole.length, more && more.getClientRects().length ? Number(more.textContent.match(/\\d+/)[0]) : 0];
          }
          return result;
        }"""
    )
    for list_name, total in (("highlights", 10), ("lines", 4)):
        whole, counted = shown[list_name]
        assert whole + counted == total, (list_name, shown)  # each one whole on the wall, or counted in "+N mere"
    assert shown["lines"][1] == 0  # the facilitator's lines come first: all of them whole

