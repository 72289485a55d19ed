"""The phone page over real HTTP in Chromium: what a first load, a join and a
reload cost on the wire (bench/page_load.py counts the same way), and that
the page still works when a reload takes its files from the browser's cache."""

from __future__ import annotations

from playwright.sync_api import Route, expect

from bench.page_load import Recorder
from tests.client.test_phone_layout import PAGE_BUDGET
from tests.support.phonepage import join, note, write


def test_first_load_and_join_stay_under_the_budget_on_the_wire_and_a_reload_revalidates_and_works(start_server, phone) -> None:
    server = start_server()
    page = phone()
    recorder = Recorder(page)
    join(page, server.join_url)
    expect(page.get_by_label("Ny note til Behov")).to_be_visible()
    page.wait_for_load_state("networkidle")
    first = recorder.take()
    wire = sum(first.wire.values())
    assert wire < PAGE_BUDGET, f"{wire} bytes in {len(first.urls)} requests"
    assert "views/writing.js" in first.urls.values() and "views/voting.js" not in first.urls.values()  # fetched when needed

    page.reload()
    expect(page.get_by_label("Ny note til Behov")).to_be_visible()
    page.wait_for_load_state("networkidle")
    again = recorder.take()
    revalidated = [path for rid, path in again.urls.items() if again.status.get(rid) == 304]
    assert {"app.js", "style.css", "views/writing.js"} <= set(revalidated), again.status
    assert sum(again.wire.values()) < wire / 2  # headers, not files
    write(page, "Efter genindlæsning: det virker stadig")
    expect(note(page, "Efter genindlæsning: det virker stadig")).to_contain_text("Gemt")


def test_a_screen_whose_module_failed_to_load_comes_once_the_network_lets_it(start_server, phone) -> None:
    server = start_server()
    page = phone()
    refused: list[str] = []

    def fail_once(route: Route) -> None:  # the Wi-Fi gone at the moment the writing screen is first needed
        if not refused:
            refused.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/views/writing.js", fail_once)
    join(page, server.join_url)
    expect(page.get_by_label("Ny note til Behov")).to_be_visible()
    assert len(refused) == 1
