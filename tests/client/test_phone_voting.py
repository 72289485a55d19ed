"""Voting with dots, proposing a new lane, lanes shared out among groups, and
the facilitator's countdown."""

from __future__ import annotations

import re

import pytest
from plans import make_plan
from playwright.sync_api import expect

from facilitator.core import commands as cmd
from tests.support.phonepage import join, note, write

pytestmark = pytest.mark.browser

MODULES = "kompetencemoduler"
FIRST_MODULE = "AMO i forandring: Roller og ansvar"


def dot_button(page, text: str):
    return page.get_by_role("button", name=re.compile("^" + re.escape(text)))


def test_dots_are_placed_and_taken_back_and_never_more_than_allowed(start_server, phone) -> None:
    server = start_server(exercise=MODULES)  # 3 dots a participant
    page = phone()
    join(page, server.join_url)
    texts = ["Roller i AMO", "Ansvar ved omstrukturering", "Cases fra enhederne", "Mere tid til dialog"]
    for text in texts:
        write(page, text, lane=FIRST_MODULE)
        expect(note(page, text).get_by_text("Gemt")).to_be_visible()

    server.execute(cmd.SetPhase(exercise_id=MODULES, phase="voting"))
    expect(page.get_by_text("3 af 3 prikker tilbage")).to_be_visible()
    for text in texts[:3]:
        dot_button(page, text).click()
        expect(dot_button(page, text)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("0 af 3 prikker tilbage")).to_be_visible()
    expect(dot_button(page, texts[3])).to_be_disabled()
    expect(page.get_by_text("Du har brugt alle dine prikker.", exact=False)).to_be_visible()

    dot_button(page, texts[0]).click()  # take one back ...
    expect(dot_button(page, texts[0])).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_text("1 af 3 prikker tilbage")).to_be_visible()
    dot_button(page, texts[3]).click()  # ... and place it elsewhere
    expect(dot_button(page, texts[3])).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("0 af 3 prikker tilbage")).to_be_visible()
    # the dots show at once from the outbox; the server has them once every one is acknowledged
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('stjernestund:session:{server.code}')).outbox.length === 0")

    state = server.server.session.state
    voted = {state.notes[nid].text for nid in next(iter(state.votes.values()))}
    assert voted == {texts[1], texts[2], texts[3]}
    types = [e.type for e in server.journal_events()]
    assert types.count("vote_cast") == 4 and types.count("vote_removed") == 1


def test_a_proposed_lane_appears_for_the_group_and_takes_notes(start_server, phone) -> None:
    server = start_server(exercise=MODULES)
    anna, bo = phone(), phone()
    join(anna, server.join_url, name="Anna", group="Gruppe 1")
    join(bo, server.join_url, name="Bo", group="Gruppe 1")
    anna.get_by_text("Foreslå et nyt emne").click()
    anna.get_by_label("Titel på forslaget").fill("Psykisk arbejdsmiljø i praksis")
    anna.get_by_role("button", name="Foreslå", exact=True).click()

    expect(anna.get_by_role("radio", name="Psykisk arbejdsmiljø i praksis")).to_be_checked()
    write(anna, "Et modul 7 om trivsel", lane="Psykisk arbejdsmiljø i praksis")
    expect(note(anna, "Et modul 7 om trivsel").get_by_text("Gemt")).to_be_visible()
    bo.get_by_role("radio", name="Psykisk arbejdsmiljø i praksis").check()
    expect(note(bo, "Et modul 7 om trivsel")).to_be_visible()
    assert [e.title for e in server.journal_events() if e.type == "lane_proposed"] == ["Psykisk arbejdsmiljø i praksis"]


def test_when_lanes_are_shared_out_a_group_sees_only_its_own_also_after_being_moved(start_server, phone) -> None:
    plan = make_plan(groups=3, star_options={"lane_assignment": "round_robin"})
    server = start_server(plan)
    page = phone()
    join(page, server.join_url, group="Gruppe 2")  # lanes 1 and 4 of 5: bidrag, indhold
    lanes = page.get_by_role("group", name="Stjernens punkter").get_by_role("radio")
    expect(lanes).to_have_count(2)
    expect(page.get_by_role("radio", name="Bidrag")).to_be_checked()
    expect(page.get_by_role("radio", name="Indhold")).to_be_visible()
    expect(page.get_by_role("radio", name="Behov")).to_have_count(0)

    joined = next(e for e in server.journal_events() if e.type == "participant_joined")
    server.execute(cmd.MoveParticipant(participant_id=joined.participant_id, group_id="g1"))
    expect(page.get_by_text("AMK-netværksmøde · Gruppe 1")).to_be_visible()
    expect(page.get_by_role("radio", name="Behov")).to_be_checked()  # lanes 0 and 3: behov, form
    expect(page.get_by_role("radio", name="Form")).to_be_visible()
    expect(lanes).to_have_count(2)
    expect(page.get_by_role("radio", name="Bidrag")).to_have_count(0)


def test_the_countdown_uses_the_servers_clock_even_when_the_phones_clock_is_wrong(start_server, phone) -> None:
    server = start_server()
    page = phone()
    page.add_init_script("Date.now = ((now) => () => now() + 3600 * 1000)(Date.now);")  # an hour fast
    join(page, server.join_url)
    server.execute(cmd.SetTimer(exercise_id="netvaerksstjernen", seconds=300))
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(5:00|4:5\d) tilbage$"))
    server.execute(cmd.SetTimer(exercise_id="netvaerksstjernen", seconds=None))
    expect(page.get_by_role("timer")).to_be_hidden()
