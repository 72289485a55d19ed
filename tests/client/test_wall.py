"""The projector wall in headless chromium at 16:9 (1920x1080) and 4:3
(1024x768), against a live session: it follows joins, notes, phases, the
reveal, the timer, the plenary and the next exercise; its QR code holds the
join URL; without the wall's secret there is nothing to see."""

from __future__ import annotations

import io
import json
import re
import urllib.error
import urllib.request

import pytest
import zxingcpp
from PIL import Image
from plans import make_plan
from playwright.sync_api import expect
from test_phone_layout import CONTRAST_JS, NEXT_PAINT_JS

from facilitator.core import commands as cmd
from facilitator.server.wall.secret import sidecar_path
from tests.support.wallpage import MODULES, STAR

pytestmark = pytest.mark.browser

WORDS = {
    "da": {
        "participants": "2 deltagere i 2 grupper", "writing": "Skriv jeres noter", "voting": "Afstemning: sæt jeres prikker", "closed": "Skrivningen er slut",
        "points": ["Behov", "Bidrag", "Rammer", "Form", "Indhold"], "plenum": "Opsamling i plenum", "owner": "Tovholder: ",
        "time": "Tid tilbage", "scan": "Scan koden med mobilens kamera", "nobody": "0 deltagere",
    },
    "en": {
        "participants": "2 participants in 2 groups", "writing": "Write your notes", "voting": "Voting: place your dots", "closed": "Writing has ended",
        "points": ["Needs", "Contributions", "Frames", "Form", "Content"], "plenum": "Plenary", "owner": "Lead: ",
        "time": "Time left", "scan": "Scan the code with your phone's camera", "nobody": "0 participants",
    },
}
STAR_NOTES = [  # (phone, note id, point, text), as groups wrote them at the meeting
    (0, "m1", "behov", "Sparring med andre AMK'ere om svære sager"),
    (1, "l1", "behov", "Psykologisk tryghed, så vi kan drøfte svære emner"),
    (0, "m2", "bidrag", "Erfaringer fra tilsynsbesøg i egen enhed"),
    (1, "l2", "rammer", "Hvert andet møde om fysisk arbejdsmiljø"),
    (0, "m3", "form", "Gruppearbejde frem for lange oplæg"),
    (1, "l3", "form", "Møder på skift ude på enhederne"),
    (0, "m4", "indhold", "Roller og ansvar mellem AMO og LSU"),
    (1, "l4", "behov", "Viden om nye regler fra Arbejdstilsynet"),
]
MODULE_NOTES = [
    (0, "x1", "amo-i-forandring", "Hvem gør hvad ved en omstrukturering?"),
    (1, "x2", "dialog-og-konflikter", "Cases fra egne enheder"),
    (0, "x3", "dialog-og-konflikter", "Den svære samtale med en kollega"),
    (1, "x4", "balance", "Tidlige tegn på stress"),
    (0, "x5", "inkluderende-kultur", "Psykologisk tryghed i praksis"),
]
NAMES = ("Mette Hansen", "Lars Øster")
PLENUM_LINE = "Det er vigtigt: at vi kan drøfte svære emner i netværket"


def check_layout(wall_page, name: str) -> None:
    """What every view passes: readable from the back, on the screen, in contrast; then its screenshot."""
    wall_page.page.evaluate(NEXT_PAINT_JS)  # the last frame's redraw
    wall_page.page.wait_for_function("() => document.getAnimations().length === 0")  # counts popped, gold grown
    assert wall_page.layout_problems() == [], name
    assert wall_page.page.evaluate(CONTRAST_JS) == [], f"{name}: text below WCAG AA contrast"
    wall_page.screenshot(name)


@pytest.mark.parametrize(("size", "lang"), [("1920x1080", "da"), ("1024x768", "en")])
def test_the_wall_follows_joins_notes_phases_the_reveal_and_the_timer_of_a_live_session(start_server, wall, phones, size, lang) -> None:
    words = WORDS[lang]
    server = start_server(make_plan(groups=4, show_names=True), exercise=None)  # phones see names; the wall never
    shown = wall(server, size, lang=None if lang == "da" else lang)
    page = shown.page
    code = f"{server.code[:4]}-{server.code[4:]}"
    expect(page.get_by_text(code, exact=True)).to_be_visible()
    expect(page.get_by_text(words["scan"])).to_be_visible()
    expect(page.get_by_text(words["nobody"], exact=True)).to_be_visible()
    expect(page.get_by_text(server.join_url, exact=True)).to_be_visible()
    expect(page.locator("footer")).to_have_text("")  # the lobby says it all in large type
    room = [phones(server, NAMES[0], "AKM", "g1"), phones(server, NAMES[1], "AHR", "g2")]
    expect(page.get_by_text(words["participants"], exact=True)).to_be_visible()
    check_layout(shown, f"wall-1-lobby-{lang}-{size}")

    server.execute(cmd.StartExercise(STAR))
    expect(page.get_by_role("heading", name={"da": "Netværksstjernen", "en": "The network star"}[lang])).to_be_visible()
    expect(page.get_by_text(words["writing"], exact=False)).to_be_visible()
    for point in words["points"]:
        expect(page.get_by_role("heading", name=point, exact=True)).to_be_visible()
    for phone, note_id, lane, text in STAR_NOTES:
        room[phone].note(note_id, lane, text)
    counts = {"behov": "3", "bidrag": "1", "rammer": "1", "form": "2", "indhold": "1"}
    for lane, count in counts.items():
        expect(page.locator(f".point[data-lane={lane}] .point-count")).to_have_text(count)
    expect(page.locator("svg .total")).to_have_text("8")
    server.execute(cmd.SetTimer(STAR, 10 * 60))
    expect(page.get_by_role("timer")).to_contain_text(re.compile(r"(10:00|9:[0-5]\d)$"))
    expect(page.get_by_role("timer")).to_contain_text(words["time"])
    for _, _, _, text in STAR_NOTES:
        expect(page.get_by_text(text)).to_have_count(0)
    check_layout(shown, f"wall-2-star-{lang}-{size}")
    before_reveal = " ".join(shown.frames)
    for _, _, _, text in STAR_NOTES:
        assert text not in before_reveal  # not even in what the wall's socket received

    server.execute(cmd.Reveal(STAR))
    expect(page.locator(".point[data-lane=form]").get_by_text("Gruppearbejde frem for lange oplæg")).to_be_visible()
    behov = page.locator(".point[data-lane=behov] li")
    expect(behov).to_have_text(["Viden om nye regler fra Arbejdstilsynet", "Psykologisk tryghed, så vi kan drøfte svære emner", "Sparring med andre AMK'ere om svære sager"])
    check_layout(shown, f"wall-3-star-revealed-{lang}-{size}")

    server.execute(cmd.SetPhase(STAR, "closed"))
    expect(page.get_by_text(words["closed"], exact=False)).to_be_visible()
    expect(page.get_by_role("timer")).to_be_hidden()
    for note_id in ("l1", "m3", "l2"):
        server.execute(cmd.HighlightNote(note_id))
    server.execute(cmd.SetPlenumLine(STAR, "p1", PLENUM_LINE))
    server.execute(cmd.SetPlenumLine(STAR, "p2", "Det er vigtigt: at fysisk arbejdsmiljø også får plads"))
    expect(page.get_by_role("heading", name=words["plenum"])).to_be_visible()
    expect(page.get_by_text(PLENUM_LINE)).to_be_visible()
    expect(page.locator(".highlights").get_by_text("Psykologisk tryghed, så vi kan drøfte svære emner")).to_be_visible()
    check_layout(shown, f"wall-4-plenum-{lang}-{size}")

    server.execute(cmd.StartExercise(MODULES))
    expect(page.get_by_role("heading", name={"da": "Kompetenceudviklingsforløbet", "en": "The competence programme"}[lang])).to_be_visible()
    expect(page.get_by_text(words["owner"] + "Anders Jacobsen")).to_be_visible()
    for phone, note_id, lane, text in MODULE_NOTES:
        room[phone].note(note_id, lane, text, exercise_id=MODULES)
    expect(page.locator(".bar-row[data-lane=dialog-og-konflikter] .bar-count")).to_have_text("2")
    expect(page.locator(".bar-row[data-lane=neurodiversitet] .bar-count")).to_have_text("0")
    expect(page.get_by_text("Cases fra egne enheder")).to_have_count(0)
    server.execute(cmd.SetPhase(MODULES, "voting"))
    expect(page.get_by_text(words["voting"], exact=False)).to_be_visible()
    check_layout(shown, f"wall-5-modules-{lang}-{size}")
    server.execute(cmd.Reveal(MODULES))
    expect(page.locator(".bar-row[data-lane=dialog-og-konflikter] li")).to_have_text(["Den svære samtale med en kollega", "Cases fra egne enheder"])
    check_layout(shown, f"wall-6-modules-revealed-{lang}-{size}")

    everything = page.content() + " ".join(shown.frames)
    for private in (*NAMES, "AKM", "AHR", *(phone.participant_id for phone in room)):
        assert private not in everything  # no name, unit or participant id, ever


@pytest.mark.parametrize("size", ["1920x1080", "1024x768"])
def test_the_join_url_decodes_from_the_qr_code_on_the_wall(start_server, wall, size) -> None:
    server = start_server(exercise=None)
    page = wall(server, size).page
    qr = page.locator("img.qr")
    expect(qr).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.qr').naturalWidth > 0")
    image = Image.open(io.BytesIO(qr.screenshot()))
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [server.join_url]
    assert image.height >= {"1920x1080": 600, "1024x768": 380}[size]  # large enough to scan from the room


def test_without_the_walls_secret_there_is_nothing_to_see(start_server, wall) -> None:
    server = start_server()
    assert server.server is not None
    secret = server.server.wall_secret
    for path in (f"/w/{secret[:-2]}xy", f"/w/{server.code}", "/wall.html", f"/w/{secret[:-2]}xy/qr.svg"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.base + path, timeout=10)
        assert refused.value.code == 404, path
    with urllib.request.urlopen(server.base + f"/w/{secret}", timeout=10) as answer:
        assert answer.status == 200
    guessed = wall(server, url=server.base + f"/w/{server.code}")
    expect(guessed.page.get_by_text("Not found")).to_be_visible()
    assert guessed.sockets == []


def test_a_wall_whose_secret_no_longer_holds_says_so_and_stops_asking(start_server, wall) -> None:
    server = start_server()
    shown = wall(server, fake_clock=True)
    page = shown.page
    expect(page.get_by_role("heading", name="Netværksstjernen")).to_be_visible()
    server.stop()
    sidecar_path(server.journal).unlink()  # the facilitator gave the wall a new URL
    server.start()
    expect(page.get_by_role("heading", name="Ingen adgang")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Åbn vægadressen fra konsollen")
    expect(page.get_by_role("heading", name="Netværksstjernen")).to_have_count(0)
    attempts = len(shown.sockets)
    page.clock.run_for(10_000)  # every timer due in 10 s fires: more than the longest wait between two tries
    page.evaluate("0")  # a round trip: a socket opened meanwhile has been reported by now
    assert len(shown.sockets) == attempts  # a wrong secret is not tried again (it would count as guessing)
    refusals = [json.loads(f) for f in shown.frames if '"wrong_secret"' in f]
    assert len(refusals) == 1


def test_the_wall_reconnects_by_itself_when_the_server_comes_back(start_server, wall, phones) -> None:
    server = start_server()
    page = wall(server).page
    expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("0")
    server.stop()
    expect(page.get_by_role("status")).to_have_text(re.compile("Mødet holder pause|Forbinder"))
    server.start()
    expect(page.get_by_role("status")).to_be_hidden()
    phones(server, "Mette", "AKM", "g1").note("n1", "behov", "Sparring")
    expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("1")


def test_counts_grow_gently_and_not_at_all_for_those_who_asked_for_less_motion(start_server, wall) -> None:
    server = start_server()
    moving = wall(server).page
    still = wall(server, reduced_motion="reduce").page
    for page in (moving, still):
        expect(page.locator(".arm-fill").first).to_be_attached()
    duration = "(el) => getComputedStyle(el).transitionDuration"
    assert moving.locator(".arm-fill").first.evaluate(duration) == "1.2s"
    assert still.locator(".arm-fill").first.evaluate(duration) == "0s"
    server.execute(cmd.AddNoteForGroup("n1", STAR, "behov", "g1", "Sparring"))
    for page in (moving, still):
        expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("1")
    animation = "(el) => getComputedStyle(el).animationName"
    assert moving.locator(".point[data-lane=behov] .point-count").evaluate(animation) == "bump"
    assert still.locator(".point[data-lane=behov] .point-count").evaluate(animation) == "none"


def test_frames_that_arrive_while_the_walls_texts_load_leave_the_newest_on_the_wall(start_server, browser) -> None:
    """The texts answer out of order: the first frame's after the second's. The second (newer) frame stays."""
    server = start_server(exercise=STAR)
    assert server.server is not None
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        held: list = []
        context.route("**/wall-texts/**", lambda route: held.append(route))  # each request for the texts waits for the test
        page = context.new_page()
        texts = lambda request: "/wall-texts/" in request.url  # noqa: E731
        with page.expect_request(texts):  # the first frame came, and asked for the texts
            page.goto(server.base + "/w/" + server.server.wall_secret)
        with page.expect_request(texts):  # the second frame came before they were there, and asked again
            server.execute(cmd.AddNoteForGroup("n1", STAR, "behov", "g1", "Sparring med andre"))
        page.evaluate("0")  # a round trip: both held requests have reached the route handler
        assert len(held) == 2
        held[1].continue_()
        expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("1")
        with page.expect_event("requestfinished"):
            held[0].continue_()  # the first (older) frame's texts arrive last
        page.evaluate(NEXT_PAINT_JS)
        page.evaluate(NEXT_PAINT_JS)
        expect(page.locator(".point[data-lane=behov] .point-count")).to_have_text("1")
    finally:
        context.close()
