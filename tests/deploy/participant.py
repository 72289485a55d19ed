"""What a participant does on the phone page, the way they see it (Danish)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def join(page: Page, url: str, *, name: str, unit: str = "AKM") -> None:
    page.goto(url)
    page.get_by_label("Dit navn").fill(name)
    page.get_by_label("Din enhed").select_option(unit)
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_role("status")).to_have_text("Forbundet")


def write(page: Page, text: str, lane: str = "Behov") -> None:
    page.get_by_label(f"Ny note til {lane}").fill(text)
    page.get_by_role("button", name="Tilføj note").click()


def stored(page: Page, text: str) -> None:
    """Wait until the note with exactly this text says the server stored it."""
    expect(note(page, text).get_by_text("Gemt")).to_be_visible()


def note(page: Page, text: str) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_text(text, exact=True))


def record_sockets(page: Page) -> list[str]:
    """Every WebSocket URL the page opens from now on, as Chromium reports it."""
    urls: list[str] = []
    page.on("websocket", lambda socket: urls.append(socket.url))
    return urls
