"""The Markdown appendix, read as text and rendered by a CommonMark parser
(markdown-it-py, which the console's Textual already brings), so escaping is
checked the way a wiki or a Markdown viewer would show it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from export_helpers import HOSTILE_LANE_TITLE, realistic
from markdown_it import MarkdownIt

from facilitator.export.markdown import escape

_MD = MarkdownIt("commonmark").enable("table")


class _Structure(HTMLParser):
    """Tags and the text under each heading of the rendered Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.items: list[str] = []
        self.links: list[str] = []
        self._heading: str | None = None
        self._depth = 0
        self._item: list[str] | None = None
        self._items: list[list[str]] = []  # open list items, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = tag
            self.headings.append((tag, ""))
        if tag == "li":
            self._items.append([])
            self._item = self._items[-1]
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None
        if tag == "li" and self._items:
            self.items.append("".join(self._items.pop()).strip())
            self._item = self._items[-1] if self._items else None

    def handle_data(self, data: str) -> None:
        if self._heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)
        if self._item is not None:
            self._item.append(data)


def _render(path: Path) -> _Structure:
    structure = _Structure()
    structure.feed(_MD.render(path.read_text(encoding="utf-8")))
    return structure


def test_markdown_headings_follow_the_meeting(exported: dict[str, Path]) -> None:
    headings = _render(exported["md"]).headings
    assert headings[0] == ("h1", "Bilag: Sammenfatning af gruppedrøftelser – Netværksstjernen og Kompetenceudviklingsforløbet")
    assert [t for tag, t in headings if tag == "h2"] == ["Netværksstjernen", "Kompetenceudviklingsforløbet", "Om sammenfatningen"]
    h3 = [t for tag, t in headings if tag == "h3"]
    assert h3[:6] == ["Opsamling i plenum", "Behov", "Bidrag", "Rammer", "Form", "Indhold"]
    assert h3[7:13] == [title for _, title, _ in realistic.COURSE_MODULES]
    assert h3[13] == "Forslag til nye moduler"
    assert [t for tag, t in headings if tag == "h4"] == ["Fra viden til praksis"]


def test_markdown_notes_are_list_items_with_their_groups_and_votes(exported: dict[str, Path]) -> None:
    items = _render(exported["md"]).items
    assert "Sparring med andre AMK'ere — nævnt af 3 grupper: Gruppe 2, 4 og 5" in items
    assert "Inddrage og uddanne ledelsen – ikke kun AMK og AMR — nævnt af 2 grupper: Gruppe 4 og 5 · 7 stemmer · fremhævet i plenum" in items
    assert "Ekstra møder (fx 2 om året) om arbejdsmiljøfaglige temaer — Gruppe 3" in items
    assert realistic.MODULE_PLENUM[0] in items
    text = exported["md"].read_text(encoding="utf-8")
    assert "oplader" not in text
    assert "også formuleret:* Vide hvem der har ansvaret for det psykiske arbejdsmiljø – AMO eller LSU? (Gruppe 5)" in text
    assert not [name for name, _ in realistic.PARTICIPANTS if name in text]


def test_markdown_gives_the_chart_numbers_as_a_table(exported: dict[str, Path]) -> None:
    html = _MD.render(exported["md"].read_text(encoding="utf-8"))
    assert "<table>" in html
    assert "<td>Behov</td>\n<td style=\"text-align:right\">8</td>" in html
    assert "<td>Fra viden til praksis (forslag)</td>" in html


def test_markdown_keeps_markup_like_notes_as_text(exported_hostile: dict[str, Path]) -> None:
    structure = _render(exported_hostile["md"])
    rendered = _MD.render(exported_hostile["md"].read_text(encoding="utf-8"))
    # no heading, link, emphasis or script came from a note
    assert ("h1", "Overskrift") not in structure.headings
    assert not any("Overskrift" in text or "tredje linje" in text for _, text in structure.headings)
    assert structure.links == []
    assert "<script" not in rendered and "<b>" not in rendered and "<em>fed</em>" not in rendered
    assert "# Overskrift <script>alert('bilag')</script> [klik](javascript:alert(1)) *fed* | a | b | — Gruppe 2" in structure.items
    assert "klokke og lodrettabulator & <b>fed</b> &amp; {{ skabelon }} — Gruppe 2" in structure.items
    # a note's own lines stay inside its one list item
    assert any(item.startswith("første linje\n- anden linje\n## tredje linje\n1. fjerde") for item in structure.items)
    assert ("h4", HOSTILE_LANE_TITLE) in structure.headings


def test_markdown_escape_covers_every_active_character() -> None:
    for text in ("*a*", "_a_", "`a`", "[a](b)", "<a>", "# a", "- a", "+ a", "1. a", "> a", "a | b", "~~a~~", "&amp;", "![a](b)", "a\n===", "\\*"):
        rendered = _MD.render(escape(text))
        assert rendered.startswith("<p>"), (text, rendered)
        assert "<em>" not in rendered and "<a " not in rendered and "<code>" not in rendered and "<del>" not in rendered
