"""Never lose a note: offline notes wait on the phone and arrive once; a
restarted server finds its phones again by itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from facilitator.core import commands as cmd
from tests.support.phonepage import join, note, stored_texts, write

pytestmark = pytest.mark.browser


def test_a_note_written_offline_waits_on_the_phone_and_arrives_once_when_back_online(start_server, phone) -> None:
    server = start_server()
    page = phone()
    page.clock.install()  # the page's timers run on a clock the test moves on
    join(page, server.join_url)
    page.context.set_offline(True)
    expect(page.get_by_role("status")).to_contain_text("Ingen forbindelse")

    write(page, "Skrevet uden net")
    expect(note(page, "Skrevet uden net").get_by_text("Venter på at blive sendt")).to_be_visible()
    page.clock.run_for(8_000)  # the reconnect timers fire meanwhile; offline, each attempt fails
    expect(note(page, "Skrevet uden net").get_by_text("Venter på at blive sendt")).to_be_visible()
    assert stored_texts(server) == []

    page.context.set_offline(False)
    expect(note(page, "Skrevet uden net").get_by_text("Gemt")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Forbundet")
    page.reload()  # and the page asks again after a reload: still stored once
    expect(note(page, "Skrevet uden net").get_by_text("Gemt")).to_be_visible()
    assert stored_texts(server) == ["Skrevet uden net"]


def test_a_note_waiting_on_the_phone_survives_a_reload(start_server, phone) -> None:
    server = start_server()
    page = phone()
    join(page, server.join_url)
    server.stop()
    expect(page.get_by_role("status")).to_contain_text("Forbinder")
    write(page, "Må ikke gå tabt")
    expect(note(page, "Må ikke gå tabt").get_by_text("Venter på at blive sendt")).to_be_visible()

    server.start()
    page.reload()
    expect(note(page, "Må ikke gå tabt").get_by_text("Gemt")).to_be_visible()
    assert stored_texts(server) == ["Må ikke gå tabt"]


def test_the_page_reconnects_by_itself_after_the_server_restarts_on_the_same_journal(start_server, phone) -> None:
    server = start_server()
    page = phone()
    join(page, server.join_url, group="Gruppe 2")
    write(page, "Før genstart")
    expect(note(page, "Før genstart").get_by_text("Gemt")).to_be_visible()

    port = server.port
    server.stop()
    expect(page.get_by_role("alert")).to_contain_text("Mødet er sat på pause.")
    expect(page.get_by_role("status")).to_contain_text("Forbinder")
    write(page, "Mens serveren var væk")
    expect(note(page, "Mens serveren var væk").get_by_text("Venter på at blive sendt")).to_be_visible()

    server.start()  # same journal, same port
    assert server.port == port
    expect(page.get_by_role("status")).to_have_text("Forbundet")
    expect(page.get_by_role("alert")).to_be_hidden()
    expect(note(page, "Mens serveren var væk").get_by_text("Gemt")).to_be_visible()
    write(page, "Efter genstart")
    expect(note(page, "Efter genstart").get_by_text("Gemt")).to_be_visible()
    expect(page.get_by_text("AMK-netværksmøde · Gruppe 2")).to_be_visible()
    assert stored_texts(server) == ["Før genstart", "Mens serveren var væk", "Efter genstart"]
    assert [e.type for e in server.journal_events()].count("participant_joined") == 1


def test_a_waiting_note_the_server_refuses_stays_visible_with_the_reason_until_removed(start_server, phone) -> None:
    server = start_server()
    page = phone()
    join(page, server.join_url)
    page.context.set_offline(True)
    write(page, "Skrevet for sent")
    expect(note(page, "Skrevet for sent").get_by_text("Venter på at blive sendt")).to_be_visible()
    server.execute(cmd.SetPhase(exercise_id="netvaerksstjernen", phase="closed"))

    page.context.set_offline(False)
    refused = note(page, "Skrevet for sent")
    expect(refused.get_by_text("Ikke gemt")).to_be_visible()
    expect(refused.get_by_text("Der kan ikke skrives lige nu: øvelsen er ikke i skrivefasen.")).to_be_visible()
    page.reload()  # kept on the phone, not only in the page
    expect(refused.get_by_text("Ikke gemt")).to_be_visible()
    refused.get_by_role("button", name="Fjern fra telefonen").click()
    expect(refused).to_have_count(0)
    assert stored_texts(server) == []


def test_a_phone_coming_back_to_the_page_reconnects_at_once_not_after_its_back_off(start_server, phone) -> None:
    server = start_server()
    page = phone()
    join(page, server.join_url)
    failures: list[str] = []
    page.on("websocket", lambda ws: ws.on("socketerror", lambda error: failures.append(error)))
    server.stop()
    # After four failed attempts the page waits 2-4 s before the next one ...
    deadline = 10_000
    while len(failures) < 4 and deadline > 0:
        page.wait_for_timeout(100)
        deadline -= 100
    assert len(failures) >= 4
    server.start()
    # ... unless the phone is unlocked (the page becomes visible again): then it tries at once.
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(page.get_by_role("status")).to_have_text("Forbundet", timeout=1500)
