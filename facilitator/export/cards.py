"""Table cards: one printed card per group, whose QR code puts a phone in that group.

Written as HTML and printed to PDF by WeasyPrint (the same library as the
appendix's PDF): A4 pages with two cards (A5, landscape, one above the
other) or four (A6, two by two), with dashed lines to cut along. Each card
has the group's name, the QR code of the group's signed link, the link and
the session code to type by hand, and, when the plan names a Wi-Fi network,
that network's QR code with the two steps in order. The QR codes are PNGs
of one pixel a module, scaled up without smoothing: sharp at any printer's
resolution. No flexbox: WeasyPrint lays nested flex boxes out slowly
(docs/rooms.md has the figures).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.texts import t

PER_PAGE = (2, 4)


@dataclass(frozen=True)
class Card:
    group: str  # the group's name, as the participants know it
    url: str  # the group's signed join link
    url_qr_png: bytes


@dataclass(frozen=True)
class CardSheet:
    """Everything the cards of one meeting share."""

    title: str
    code: str  # the session code, formatted to read (K7M2-QX9D)
    cards: Sequence[Card]
    wifi_name: str | None = None
    wifi_qr_png: bytes | None = None
    wifi_password: str = ""  # printed too, for a phone whose camera does not join networks


def _img(png: bytes, css_class: str, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img class="{css_class}" alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _card(sheet: CardSheet, card: Card, language: str) -> str:
    e = html.escape
    steps = ""
    if sheet.wifi_qr_png is not None and sheet.wifi_name is not None:
        steps = (
            '<div class="wifi">'
            + _img(sheet.wifi_qr_png, "qr-wifi", t(language, "cards.wifi_alt", network=sheet.wifi_name))
            + f'<p><b>1.</b> {e(t(language, "cards.wifi_step", network=sheet.wifi_name))}</p>'
            + (
                '<p class="typed-password">'
                + e(t(language, "cards.wifi_password", password="\0")).replace(
                    "\0", f'<span class="nowrap">{e(sheet.wifi_password)}</span>'
                )
                + "</p>"
                if sheet.wifi_password
                else ""
            )
            + "</div>"
        )
        scan = f'<b>2.</b> {e(t(language, "cards.scan_step"))}'
    else:
        scan = e(t(language, "cards.scan"))
    return (
        '<section class="card">'
        f'<p class="meeting">{e(sheet.title)}</p>'
        f'<h1 class="group">{e(card.group)}</h1>'
        f'<div class="codes">{steps}'
        f'<div class="join">{_img(card.url_qr_png, "qr-join", t(language, "cards.join_alt", group=card.group))}'
        f"<p>{scan}</p></div></div>"
        f'<div class="foot"><p class="typed">{e(t(language, "cards.typed", code=sheet.code))}</p>'
        f'<p class="url">{e(card.url)}</p></div>'
        "</section>"
    )


CSS = """
@page { size: A4; margin: 0; }
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; color: #111; }
body { margin: 0; }
img { image-rendering: pixelated; }
.page { width: 210mm; height: 297mm; page-break-after: always; }
.page:last-child { page-break-after: auto; }
.card { box-sizing: border-box; float: left; position: relative; border: 0.3mm dashed #999;
        padding: 8mm; text-align: center; overflow: hidden; }
.per-2 .card { width: 209.9mm; height: 148.4mm; }
.per-4 .card { width: 104.9mm; height: 148.4mm; padding: 6mm; }
.meeting { margin: 0; font-size: 11pt; color: #444; }
.group { margin: 2mm 0 6mm; font-size: 34pt; line-height: 1.05; }
.per-4 .group { font-size: 24pt; margin-bottom: 6mm; }
.codes { display: table; margin: 0 auto; border-spacing: 8mm 0; }
.per-4 .codes { border-spacing: 2mm 0; }
.codes > div { display: table-cell; vertical-align: top; }
.codes p { margin: 1mm 0 0; font-size: 12pt; }
.per-4 .codes p { font-size: 9pt; }
.codes p.typed-password { font-size: 9pt; color: #333; }
.per-4 .codes p.typed-password { font-size: 7pt; }
.nowrap { white-space: nowrap; }
.qr-join { width: 70mm; height: 70mm; }
.qr-wifi { width: 45mm; height: 45mm; }
.wifi { width: 55mm; }
.join { width: 80mm; }
.per-4 .qr-join { width: 58mm; height: 58mm; }
.per-4 .qr-wifi { width: 36mm; height: 36mm; }
.per-4 .wifi { width: 36mm; }
.per-4 .join { width: 58mm; }
.foot { position: absolute; left: 6mm; right: 6mm; bottom: 6mm; }
.typed { margin: 0; font-size: 16pt; }
.per-4 .typed { font-size: 11pt; }
.url { margin: 1mm 0 0; font-size: 7pt; color: #555; word-break: break-all; }
"""


def cards_html(sheet: CardSheet, *, per_page: int = 2, language: str = "da") -> str:
    """The cards as one HTML document, `per_page` to an A4 page."""
    if per_page not in PER_PAGE:
        raise ValueError(f"per_page must be one of {PER_PAGE}")
    pages = []
    for start in range(0, len(sheet.cards), per_page):
        cards = "".join(_card(sheet, card, language) for card in sheet.cards[start : start + per_page])
        pages.append(f'<div class="page per-{per_page}">{cards}</div>')
    title = html.escape(t(language, "cards.document_title", title=sheet.title))
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{CSS}</style></head><body>{''.join(pages)}</body></html>"
    )


def write_cards_pdf(sheet: CardSheet, out: Path, *, per_page: int = 2, language: str = "da") -> Path:
    """Print the cards to `out` (PDF). WeasyPrint is imported here: only this command needs it."""
    from weasyprint import HTML

    document = cards_html(sheet, per_page=per_page, language=language)
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=document).write_pdf(out)
    return out
