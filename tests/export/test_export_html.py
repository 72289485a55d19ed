"""The HTML appendix: one self-contained, well-formed HTML5 file that
prints on A4, parsed with the standard library's html.parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from export_helpers import HOSTILE_LANE_TITLE, realistic

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_SELF_CLOSING = {"polygon", "line", "circle", "rect"}


class _Page(HTMLParser):
    """Checks nesting as it reads and keeps what the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.decl: str | None = None
        self.text_by_tag: dict[str, list[str]] = {}
        self._open_text: list[tuple[str, list[str]]] = []

    def handle_decl(self, decl: str) -> None:
        self.decl = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "li", "title", "figcaption", "p", "text", "dt", "dd"):
            self._open_text.append((tag, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID and tag not in SVG_SELF_CLOSING:
            self.errors.append(f"<{tag}/> is not a void element")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"</{tag}> closes a void element")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else '-'}>")
            return
        self.stack.pop()
        if self._open_text and self._open_text[-1][0] == tag:
            name, parts = self._open_text.pop()
            self.text_by_tag.setdefault(name, []).append("".join(parts))

    def handle_data(self, data: str) -> None:
        data = data.replace("\u00a0", " ")  # a reader sees a space; 'Gruppe\u00a03' only keeps it on one line
        innermost_li = max((i for i, (tag, _) in enumerate(self._open_text) if tag == "li"), default=-1)
        for i, (tag, parts) in enumerate(self._open_text):
            if tag != "li" or i == innermost_li:  # a note's item holds its own text, not its wordings' items
                parts.append(data)


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_html_is_well_formed_html5_with_language_and_charset(exported: dict[str, Path]) -> None:
    page = _page(exported["html"])
    assert page.decl == "DOCTYPE html"
    assert page.errors == [] and page.stack == []
    assert page.starts[0] == ("html", {"lang": "da"})
    assert ("meta", {"charset": "utf-8"}) in page.starts
    assert page.text_by_tag["title"][0] == page.text_by_tag["h1"][0]
    assert len(page.text_by_tag["h1"]) == 1


def test_html_is_self_contained_and_prints_on_a4(exported: dict[str, Path]) -> None:
    page = _page(exported["html"])
    tags = {tag for tag, _ in page.starts}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not [attrs for _, attrs in page.starts if "src" in attrs or "href" in attrs]
    source = exported["html"].read_text(encoding="utf-8")
    assert "@page { size: A4;" in source
    assert "break-inside: avoid" in source


def test_html_follows_the_meeting_with_plenary_first_then_lanes(exported: dict[str, Path]) -> None:
    page = _page(exported["html"])
    assert page.text_by_tag["h2"] == ["Netværksstjernen", "Kompetenceudviklingsforløbet", "Om sammenfatningen"]
    h3 = page.text_by_tag["h3"]
    assert h3[:6] == ["Opsamling i plenum", "Behov", "Bidrag", "Rammer", "Form", "Indhold"]
    assert h3[7:13] == [title for _, title, _ in realistic.COURSE_MODULES]
    assert page.text_by_tag["h4"] == ["Fra viden til praksis"]
    facts = dict(zip(page.text_by_tag["dt"], page.text_by_tag["dd"], strict=True))
    assert facts["Dato"] == "tirsdag den 4. februar 2025"
    assert facts["Deltagere"] == "22 personer i 5 grupper"


def test_html_notes_carry_groups_votes_and_highlights(exported: dict[str, Path]) -> None:
    items = _page(exported["html"]).text_by_tag["li"]
    assert "Sparring med andre AMK'ere — nævnt af 3 grupper: Gruppe 2, 4 og 5" in items
    assert "Spørgeredskaber og metoder til aktiv lytning — nævnt af 3 grupper: Gruppe 1, 3 og 5 · 6 stemmer" in items
    assert "Psykologisk tryghed i netværket, så vi også kan drøfte svære emner — Behov · nævnt af 2 grupper: Gruppe 1 og 3" in items
    assert "Erfaringsudveksling om, hvad der virkede i praksis — Gruppe 5 · 3 stemmer" in items
    text = exported["html"].read_text(encoding="utf-8")
    assert "oplader" not in text
    assert not [name for name, _ in realistic.PARTICIPANTS if name in text]


def test_html_embeds_the_star_with_each_points_name_and_count(exported: dict[str, Path]) -> None:
    page = _page(exported["html"])
    svg_texts = page.text_by_tag["text"]
    # the one counting rule (core/counting.py): a merged note counts once, as on the wall and the console
    for name, count in [("Behov", 8), ("Bidrag", 6), ("Rammer", 7), ("Form", 6), ("Indhold", 8)]:
        assert name in svg_texts and str(count) in svg_texts and f"{count} noter" in svg_texts
    assert sum(1 for tag, _ in page.starts if tag == "svg") == 2
    assert page.text_by_tag["figcaption"] == [
        "Figur 1: Netværksstjernen – antal noter pr. punkt",
        "Figur 2: Kompetenceudviklingsforløbet – antal noter pr. modul",
    ]
    assert "Fra viden til praksis (forslag)" in svg_texts


def test_html_keeps_markup_like_notes_as_text(exported_hostile: dict[str, Path]) -> None:
    page = _page(exported_hostile["html"])
    assert page.errors == []
    tags = [tag for tag, _ in page.starts]
    assert "script" not in tags and "b" not in tags and "i" not in tags and "a" not in tags
    items = page.text_by_tag["li"]
    assert "# Overskrift <script>alert('bilag')</script> [klik](javascript:alert(1)) *fed* | a | b | — Gruppe 2" in items
    assert "klokke og lodrettabulator & <b>fed</b> &amp; {{ skabelon }} — Gruppe 2" in items
    assert HOSTILE_LANE_TITLE in page.text_by_tag["h4"]
    assert HOSTILE_LANE_TITLE + " (forslag)" in page.text_by_tag["text"]
    source = exported_hostile["html"].read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;bilag&#x27;)&lt;/script&gt;" in source


def test_html_keeps_group_numbers_and_vote_counts_on_one_line(exported: dict[str, Path]) -> None:
    source = exported["html"].read_text(encoding="utf-8")
    assert "3\u00a0grupper: Gruppe\u00a01, 3\u00a0og\u00a05 · <span class=\"votes\">" in source
    assert '<span class="votes">6\u00a0stemmer</span>' in source


def test_html_lists_the_groups_members_when_the_plan_asks_for_names(exported_named: dict[str, Path]) -> None:
    page = _page(exported_named["html"])
    assert "Gruppernes deltagere" in page.text_by_tag["h2"]
    members = " ".join(page.text_by_tag["li"])
    assert all(name in members for name, _ in realistic.PARTICIPANTS)
    assert "Deltagernes navne er ikke med; noterne er angivet pr. gruppe." not in page.text_by_tag["p"]


def test_html_in_english(exported_en: dict[str, Path]) -> None:
    page = _page(exported_en["html"])
    assert page.starts[0] == ("html", {"lang": "en"})
    assert "Sparring med andre AMK'ere — raised by 3 groups: Groups 2, 4 and 5" in page.text_by_tag["li"]
    assert "Figure 1: The network star – notes per point" in page.text_by_tag["figcaption"]
    assert "8 notes" in page.text_by_tag["text"]
