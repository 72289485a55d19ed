"""A page that lost its connection resumes with `since` and gets only the
notes changed meanwhile (issue 18); it then shows exactly what a freshly
loaded page shows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from facilitator.core import commands as cmd
from tests.support.phonepage import RunningServer, join, note, write

pytestmark = pytest.mark.browser


def frames_of(page: Page) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(sent, received): every frame of the page's phone sockets from now on, decoded."""
    sent: list[dict[str, Any]] = []
    received: list[dict[str, Any]] = []

    def on_socket(ws: Any) -> None:
        if ws.url.endswith("/ws"):
            ws.on("framesent", lambda payload: sent.append(json.loads(payload)))
            ws.on("framereceived", lambda payload: received.append(json.loads(payload)))

    page.on("websocket", on_socket)
    return sent, received


def note_id(server: RunningServer, text: str) -> str:
    assert server.server is not None
    notes = server.server.session.state.notes
    return server.call(lambda: next(n.id for n in notes.values() if n.text == text))


def shown(page: Page) -> list[str]:
    """Every note on the page, lane by lane, as the participant reads them (muted ones too)."""
    return page.get_by_role("listitem").all_inner_texts()


def test_a_page_back_online_gets_only_the_changes_and_shows_what_a_fresh_page_shows(start_server, phone) -> None:
    server = start_server()
    page = phone()
    join(page, server.join_url, name="Mette", group="Gruppe 1")
    mate = phone()
    join(mate, server.join_url, name="Anders", group="Gruppe 1")
    for text in ("Første", "Anden", "Fjerde"):
        write(mate, text)
        expect(note(mate, text).get_by_text("Gemt")).to_be_visible()
    write(page, "Min egen")
    expect(note(page, "Min egen").get_by_text("Gemt")).to_be_visible()
    for text in ("Første", "Anden", "Fjerde"):
        expect(note(page, text)).to_be_visible()

    sent, received = frames_of(page)
    page.context.set_offline(True)
    expect(page.get_by_role("status")).to_contain_text("Ingen forbindelse")
    write(mate, "Tredje")  # another participant adds ...
    expect(note(mate, "Tredje").get_by_text("Gemt")).to_be_visible()
    mate_id = server.call(lambda: next(p.id for p in server.server.session.state.participants.values() if p.name == "Anders"))  # type: ignore[union-attr]
    server.execute(cmd.EditNote(mate_id, note_id(server, "Første"), "Første, rettet"))  # ... and edits
    server.execute(cmd.HideNote(note_id(server, "Anden")))  # the facilitator hides one of theirs ...
    server.execute(cmd.HideNote(note_id(server, "Min egen")))  # ... and one of this phone's own

    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_have_text("Forbundet")
    expect(note(page, "Tredje")).to_be_visible()
    resumes = [frame for frame in sent if frame["type"] == "resume"]
    assert len(resumes) == 1 and isinstance(resumes[0].get("since"), int)
    welcome = next(frame for frame in received if frame["type"] == "welcome")["snapshot"]
    assert welcome["partial"] is True
    # "Fjerde" too: its push was the last frame the page got (its `since`), and the
    # changes of the event at `since` are sent again (docs/protocol.md)
    assert sorted(n["text"] for n in welcome["notes"]) == ["Fjerde", "Første, rettet", "Min egen", "Tredje"]
    assert welcome["removed"] == [note_id(server, "Anden")]
    after_resume = shown(page)
    assert any("Første, rettet" in text for text in after_resume)
    assert not any("Anden" in text for text in after_resume)
    assert any("Min egen" in text and "Skjult af facilitator" in text for text in after_resume)

    page.reload()  # a fresh page: no notes held, so no `since`, and a whole snapshot
    expect(page.get_by_role("status")).to_have_text("Forbundet")
    expect(note(page, "Tredje")).to_be_visible()
    resumes = [frame for frame in sent if frame["type"] == "resume"]
    assert len(resumes) == 2 and "since" not in resumes[1]
    welcome = [frame for frame in received if frame["type"] == "welcome"][-1]["snapshot"]
    assert welcome["partial"] is False
    assert shown(page) == after_resume
