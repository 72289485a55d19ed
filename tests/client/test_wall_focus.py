"""The wall's plenary views in headless chromium at 16:9 (1920x1080) and 4:3
(1024x768), with the bundled plan (exercises/, as `make run` uses it) and a
realistic plenary: about sixteen notes per point of the star, the same
thing written by several groups, highlighted notes. The focus view holds
every line of the lane as the appendix prints it (compared with the
appendix's own function), each inside the screen or on a page with a
visible "Side 1 af 2"; a note shows full-screen; the star's arms show the
points' differences and the appendix's counts; the vote's results rank the
notes by dots when the vote is closed.

With STJERNESTUND_SCREENSHOTS=1 the focus tests write the screenshots in
docs/screenshots/ (wall-8-focus-*, wall-9-focus-note-*, wall-10-results-*)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from test_wall import check_layout

from facilitator.config.loader import load_plan
from facilitator.core import commands as cmd
from facilitator.core.counting import lane_counts
from facilitator.export.labels import Labels
from facilitator.export.model import build_appendix, lane_report
from facilitator.resources import sample_plan
from tests.support.wallpage import MODULES, STAR

pytestmark = pytest.mark.browser

GROUPS = ["g1", "g2", "g3", "g4", "g5"]
# (point, groups that wrote it, text): what five groups wrote on the star at
# the meeting of 4 February 2025, with the same need written by several groups
# (in their own words or with a typo), about sixteen notes per point.
STAR_NOTES: list[tuple[str, tuple[int, ...], str]] = [
    ("behov", (1, 2, 4), "Sparring med andre AMK'ere"),
    ("behov", (3,), "Sparring med andre AMK’ere om svære sager"),
    ("behov", (1, 3), "Psykologisk tryghed i netværket"),
    ("behov", (5,), "Psykologisk trygehd i netværk"),
    ("behov", (2,), "Viden om nye regler fra Arbejdstilsynet"),
    ("behov", (4, 5), "Ergonomi ved skærmarbejde"),
    ("behov", (1,), "Værktøjer til trivselsmålinger"),
    ("behov", (2,), "Hjælp til at prioritere opgaverne"),
    ("behov", (3,), "Et fælles sted til dokumenter og skabeloner"),
    ("behov", (4,), "Overblik over hvem der kan hvad i netværket"),
    ("behov", (5,), "Mere viden om psykisk APV"),
    ("behov", (2,), "Introduktion for nye AMK'ere"),
    ("behov", (1,), "Hvordan får vi ledelsen med?"),
    ("bidrag", (1, 2, 3), "Erfaringer fra tilsynsbesøg i egen enhed"),
    ("bidrag", (4,), "Gode eksempler på APV-handleplaner"),
    ("bidrag", (5, 1), "Skabeloner til risikovurdering"),
    ("bidrag", (2,), "Viden om kemisk arbejdsmiljø"),
    ("bidrag", (3,), "Oplæg om stresshåndtering"),
    ("bidrag", (4,), "Rundvisning i vores laboratorier"),
    ("bidrag", (5,), "Erfaringer med hybride arbejdspladser"),
    ("bidrag", (1,), "Sparring til nye kolleger"),
    ("bidrag", (2, 3), "Cases fra egne enheder"),
    ("bidrag", (4,), "Kontakter til bedriftssundhedstjenesten"),
    ("bidrag", (5,), "Viden om støj og akustik"),
    ("rammer", (1, 2), "Hvert andet møde om fysisk arbejdsmiljø"),
    ("rammer", (3, 4, 5), "Fast dagsorden sendt ud en uge før"),
    ("rammer", (1,), "Møder på skift ude på enhederne"),
    ("rammer", (2,), "Længere møder, færre gange om året"),
    ("rammer", (3,), "En tovholder for hvert tema"),
    ("rammer", (4,), "Referat med beslutninger og opgaver"),
    ("rammer", (5,), "Tid til netværk i pauserne"),
    ("rammer", (1,), "Mulighed for at deltage online"),
    ("rammer", (2,), "Ekstra møder om arbejdsmiljøfaglige temaer"),
    ("form", (1, 2, 3), "Gruppearbejde frem for lange oplæg"),
    ("form", (4,), "Korte oplæg med tid til spørgsmål"),
    ("form", (5, 1), "Workshops med konkrete cases"),
    ("form", (2,), "Walk and talk i par"),
    ("form", (3,), "Besøg hos hinanden"),
    ("form", (4,), "Gæsteoplæg fra Arbejdstilsynet"),
    ("form", (5,), "Speed-sparring i små grupper"),
    ("form", (1,), "Erfaringsudveksling om hvad der virker i praksis"),
    ("indhold", (1, 2), "Roller og ansvar mellem AMO og LSU"),
    ("indhold", (3, 4), "Den svære samtale med en kollega"),
    ("indhold", (5,), "Sexisme og krænkende adfærd"),
    ("indhold", (1,), "Neurodiversitet på arbejdspladsen"),
    ("indhold", (2,), "Stress og tidlige tegn"),
    ("indhold", (3,), "Arbejdsmiljø ved organisatoriske ændringer"),
    ("indhold", (4,), "Inkluderende kultur"),
    ("indhold", (5,), "Alenearbejde og sikkerhed"),
]
HIGHLIGHTED = ["Psykologisk tryghed i netværket", "Ergonomi ved skærmarbejde", "Værktøjer til trivselsmålinger"]


def bundled_plan() -> Any:
    return load_plan(sample_plan())


def write(server: Any, notes: list[tuple[str, tuple[int, ...], str]], exercise_id: str = STAR) -> dict[str, list[str]]:
    """Each note as the groups wrote it (typed in for them: every group writes on
    every point here); the note ids of each text."""
    ids: dict[str, list[str]] = {}
    for lane, groups, text in notes:
        for group in groups:
            note_id = f"n{sum(len(v) for v in ids.values()) + 1}"
            server.execute(cmd.AddNoteForGroup(note_id, exercise_id, lane, GROUPS[group - 1], text))
            ids.setdefault(text, []).append(note_id)
    return ids


def appendix_lane(server: Any, exercise_id: str, lane_id: str, language: str) -> Any:
    """The lane as the appendix prints it: the appendix's own function, on the server's state."""
    return server.call(lambda: lane_report(server.server.session.state, exercise_id, lane_id, language))


def focus_texts(page: Any) -> list[str]:
    """Every line of the focus view, page by page (turned with the arrow key)."""
    scene = page.locator(".focus-scene")
    pages = int(scene.get_attribute("data-pages"))
    texts: list[str] = []
    for number in range(1, pages + 1):
        expect(scene).to_have_attribute("data-page", str(number))
        if pages > 1:
            expect(page.locator(".focus-page")).to_be_visible()
        assert_inside_viewport(page, ".focus-line")
        texts += page.locator(".focus-line .focus-text").all_inner_texts()
        if number < pages:
            page.keyboard.press("ArrowRight")
    return texts


def assert_inside_viewport(page: Any, selector: str) -> None:
    boxes = page.eval_on_selector_all(
        selector,
        "(els) => els.map((e) => { const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.top, r.right, r.bottom]; })",
    )
    size = page.viewport_size
    assert boxes, selector
    outside = [b[0] for b in boxes if b[1] < -1 or b[2] < -1 or b[3] > size["width"] + 1 or b[4] > size["height"] + 1]
    assert outside == [], f"outside the screen: {outside}"


@pytest.mark.parametrize(("size", "lang"), [("1920x1080", "da"), ("1366x768", "da"), ("1024x768", "en")])
def test_a_point_in_focus_shows_every_line_as_the_appendix_groups_and_counts_it(start_server, wall, size, lang) -> None:
    server = start_server(bundled_plan())
    ids = write(server, STAR_NOTES)
    for text in HIGHLIGHTED:
        server.execute(cmd.HighlightNote(ids[text][0]))
    server.execute(cmd.MergeNotes(ids["Sparring med andre AMK'ere"][0], (ids["Sparring med andre AMK’ere om svære sager"][0],)))
    server.execute(cmd.Reveal(STAR))
    shown = wall(server, size, lang=None if lang == "da" else lang)
    page = shown.page
    expect(page.locator(".star-scene")).to_be_visible()

    # The star: the counts the appendix prints, and arms relative to the fullest point.
    counts = server.call(lambda: lane_counts(server.server.session.state, STAR))
    appendix = server.call(lambda: build_appendix(server.server.session.state, lang))
    printed = {lane.id: lane.note_count for lane in appendix.exercises[0].lanes}
    assert printed == dict(counts)
    fullest = max(counts.values())
    for lane, count in counts.items():
        point = page.locator(f".point[data-lane={lane}]")
        expect(point.locator(".point-count")).to_have_text(str(count))
        expect(point).to_have_attribute("data-fill", f"{count / fullest:.3f}")

    server.execute(cmd.FocusLane(STAR, "behov"))
    scene = page.locator(".focus-scene")
    expect(scene).to_be_visible()
    report = appendix_lane(server, STAR, "behov", lang)
    title = report.title
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.locator(".top .sub")).to_contain_text({"da": f"{report.note_count} noter", "en": f"{report.note_count} notes"}[lang])
    expected = sorted(report.entries, key=lambda e: not e.highlighted)  # highlighted first, then the appendix's order
    assert len(expected) >= 10 and any(e.highlighted for e in expected)
    check_layout(shown, f"wall-8-focus-{lang}-{size}")
    assert focus_texts(page) == [e.text for e in expected]

    # The appendix's "nævnt af 3 grupper" on the same lines, and the highlighted ones marked plainly.
    labels = Labels(build_appendix(server.call(lambda: server.server.session.state), lang))
    for entry in expected:
        if scene.get_attribute("data-pages") != "1":
            break  # the lines' marks are checked on a single page; paging is checked above
        card = page.locator(".focus-line", has=page.get_by_text(entry.text, exact=True))
        groups = len(entry.group_ids)
        if groups > 1:
            expect(card.locator(".badge").first if not entry.highlighted else card.locator(".badge").nth(1)).to_have_text(
                {"da": f"nævnt af {groups} grupper", "en": f"mentioned by {groups} groups"}[lang]
            )
            assert str(groups) in labels.raised_by(entry)
        if entry.highlighted:
            expect(card.locator(".star-badge")).to_have_text({"da": "★ Fremhævet", "en": "★ Highlighted"}[lang])
            expect(card).to_have_class("focus-line highlighted")
        expect(card.locator(".dots")).to_have_count(0)  # the star has no vote

    # One note full-screen, then back to the lane, then the star again.
    note_id = ids["Psykologisk tryghed i netværket"][0]
    server.execute(cmd.FocusNote(STAR, note_id))
    expect(page.locator(".focus-note-text")).to_have_text("Psykologisk tryghed i netværket")
    assert_inside_viewport(page, ".focus-note-text")
    expect(page.locator(".focus-note-scene .star-badge")).to_be_visible()
    check_layout(shown, f"wall-9-focus-note-{lang}-{size}")
    server.execute(cmd.FocusNote(STAR, None))
    expect(page.locator(".focus-scene")).to_be_visible()
    server.execute(cmd.FocusLane(STAR, None))
    expect(page.locator(".star-scene")).to_be_visible()


# What the groups wrote on the bundled plan's longest-titled module (issue 16:
# "a point of the star or a module"), several groups saying the same thing.
MODULE_NOTES: list[tuple[str, tuple[int, ...], str]] = [
    ("neurodiversitet", (1, 2, 3), "Konkrete eksempler på tilpasning af arbejdspladsen"),
    ("neurodiversitet", (4,), "Hvordan taler vi om diagnoser uden at stigmatisere?"),
    ("neurodiversitet", (5, 1), "Samarbejde med HR om fastholdelse"),
    ("neurodiversitet", (2,), "Oplæg fra en med egen erfaring"),
    ("neurodiversitet", (3,), "Lederens rolle og den første samtale"),
    ("neurodiversitet", (4, 5), "Støj og lys i kontorlandskaber"),
    ("neurodiversitet", (1,), "Tjekliste til APV med fokus på neurodiversitet"),
    ("neurodiversitet", (2,), "Hvad må vi spørge om, og hvad må vi ikke?"),
]


@pytest.mark.parametrize("size", ["1920x1080", "1366x768", "1024x768"])
def test_a_module_in_focus_shows_its_whole_title_and_every_line_as_the_appendix_groups_it(start_server, wall, size) -> None:
    server = start_server(bundled_plan())
    server.execute(cmd.StartExercise(MODULES))
    write(server, MODULE_NOTES, MODULES)
    server.execute(cmd.Reveal(MODULES))
    server.execute(cmd.FocusLane(MODULES, "neurodiversitet"))
    shown = wall(server, size)
    page = shown.page
    expect(page.locator(".focus-scene")).to_be_visible()
    report = appendix_lane(server, MODULES, "neurodiversitet", "da")
    expect(page.get_by_role("heading", name=report.title, exact=True)).to_be_visible()
    assert_inside_viewport(page, ".top h1")
    assert page.eval_on_selector(".top h1", "(e) => e.scrollWidth <= e.clientWidth + 1"), "the module's title is cut"
    owner = next(lane.owner for lane in bundled_plan().exercise(MODULES).lanes if lane.id == "neurodiversitet")
    assert owner
    expect(page.locator(".top .sub")).to_contain_text(owner)
    assert any(len(e.group_ids) > 1 for e in report.entries)
    assert focus_texts(page) == [e.text for e in report.entries]


def test_a_lane_too_long_for_one_screen_is_paged_with_a_visible_indicator(start_server, wall) -> None:
    server = start_server(bundled_plan())
    many = [("behov", ((i % 5) + 1,), f"Forslag nummer {i}: {word} i netværket og i enhederne")
            for i, word in enumerate(["sparring", "viden", "værktøjer", "møder", "cases", "kurser", "overblik", "kontakt"] * 6)]
    write(server, many)
    server.execute(cmd.Reveal(STAR))
    server.execute(cmd.FocusLane(STAR, "behov"))
    shown = wall(server, "1024x768")
    page = shown.page
    expect(page.locator(".focus-scene")).to_be_visible()
    report = appendix_lane(server, STAR, "behov", "da")
    scene = page.locator(".focus-scene")
    assert int(scene.get_attribute("data-pages")) > 1
    expect(page.locator(".focus-page")).to_have_text(f"Side 1 af {scene.get_attribute('data-pages')}")
    check_layout(shown, "wall-8-focus-paged-da-1024x768")
    assert focus_texts(page) == [e.text for e in report.entries]


@pytest.mark.parametrize(("size", "lang"), [("1920x1080", "da"), ("1024x768", "en")])
def test_closing_the_vote_shows_the_ranked_results_with_ties_sharing_a_place(start_server, wall, phones, size, lang) -> None:
    server = start_server(bundled_plan(), exercise=MODULES)
    notes = [
        ("balance", (1, 2), "Tidlige tegn på stress"),
        ("dialog-og-konflikter", (3,), "Den svære samtale med en kollega"),
        ("dialog-og-konflikter", (4,), "Cases fra egne enheder"),
        ("inkluderende-kultur", (5,), "Psykologisk tryghed i praksis"),
        ("amo-i-forandring", (1,), "Hvem gør hvad ved en omstrukturering?"),
        ("neurodiversitet", (2,), "Tilpasning af arbejdspladsen"),
    ]
    ids = write(server, notes, MODULES)
    people = [phones(server, f"Deltager {i}", "AKM", GROUPS[i % 5]) for i in range(6)]
    server.execute(cmd.Reveal(MODULES))
    server.execute(cmd.SetPhase(MODULES, "voting"))
    dots = {  # text -> voters: 4, 3, 3 (a tie), 1
        "Den svære samtale med en kollega": [0, 1, 2, 3],
        "Tidlige tegn på stress": [0, 1, 4],
        "Cases fra egne enheder": [2, 4, 5],
        "Psykologisk tryghed i praksis": [5],
    }
    for text, voters in dots.items():
        for voter in voters:
            server.execute(cmd.CastVote(people[voter].participant_id, ids[text][0]))
    server.execute(cmd.HighlightNote(ids["Tidlige tegn på stress"][0]))
    shown = wall(server, size, lang=None if lang == "da" else lang)
    page = shown.page
    expect(page.locator(".bars-scene")).to_be_visible()
    expect(page.locator(".results-scene")).to_have_count(0)  # not while the vote runs
    server.execute(cmd.SetPhase(MODULES, "closed"))
    expect(page.locator(".results-scene")).to_be_visible()
    expect(page.get_by_role("heading", name={"da": "Afstemningens resultat", "en": "Results of the vote"}[lang])).to_be_visible()
    rows = page.locator(".result")
    expect(rows.locator(".result-text")).to_have_text(
        ["Den svære samtale med en kollega", "Tidlige tegn på stress", "Cases fra egne enheder", "Psykologisk tryghed i praksis"]
    )
    expect(rows.locator(".place")).to_have_text(["1.", "2.", "2.", "4."])
    dot_word = {"da": "prikker", "en": "dots"}[lang]
    expect(rows.locator(".result-dots")).to_have_text([f"4 {dot_word}", f"3 {dot_word}", f"3 {dot_word}", {"da": "1 prik", "en": "1 dot"}[lang]])
    expect(rows.nth(1).locator(".star-badge")).to_be_visible()
    assert_inside_viewport(page, ".result")
    check_layout(shown, f"wall-10-results-{lang}-{size}")

    # The plenary's first summary line takes the wall back to the plenary.
    server.execute(cmd.SetPlenumLine(MODULES, "p1", "Det er vigtigt: at stress tages op tidligt"))
    expect(page.locator(".plenum-scene")).to_be_visible()
