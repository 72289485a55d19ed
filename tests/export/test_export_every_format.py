"""The appendix of the meeting as the minutes tell it, opened in every format
the way its reader would: Word's XML, the PDF's text (pdftotext), the CSV as
Excel reads it, the Markdown rendered by markdown-it, the HTML parsed. Every
note and every wording of a grouped line is there, exactly once per format."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm
from export_helpers import realistic
from markdown_it import MarkdownIt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _shown(exported: dict[str, Path]) -> list[str]:
    """Every wording the appendix shows, once per time it is shown: each line's
    text (twice when highlighted: in the plenary and in its lane) and each
    other wording listed under it."""
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    shown: list[str] = []
    for exercise in data["exercises"]:
        for lane in exercise["lanes"] + exercise["proposed_lanes"]:
            for entry in lane["entries"]:
                shown += [entry["text"]] * (2 if entry["highlighted"] else 1)
                shown += entry["variants"]
    return shown


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_every_wording_once(text: str, shown: list[str]) -> None:
    """Each wording occurs as often as the wordings shown contain it (a note
    that is part of a longer note is found in that one too), no more, no less."""
    whole = _squash(text)
    for wording in set(shown):
        expected = sum(_squash(w).count(_squash(wording)) for w in shown)
        assert whole.count(_squash(wording)) == expected, wording


def _markdown_text(path: Path) -> str:
    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(MarkdownIt("commonmark").enable("table").render(path.read_text(encoding="utf-8")))
    return "\n".join(parser.parts)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_every_note_and_wording_appears_exactly_once_in_every_format(exported_minutes: dict[str, Path]) -> None:
    shown = _shown(exported_minutes)
    assert len(shown) > 60
    docx_text = "\n".join(p.text for p in Document(str(exported_minutes["docx"])).paragraphs)
    html_text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", exported_minutes["html"].read_text(encoding="utf-8"), flags=re.S))
    import html as html_module

    for name, text in [
        ("docx", docx_text),
        ("md", _markdown_text(exported_minutes["md"])),
        ("html", html_module.unescape(html_text)),
        ("pdf", _pdf_text(exported_minutes["pdf"])),
    ]:
        try:
            _check_every_wording_once(text, shown)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


def test_the_csv_opens_as_danish_excel_reads_it_with_every_note_once(exported_minutes: dict[str, Path]) -> None:
    raw = exported_minutes["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads æ, ø, å
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Øvelse", "Punkt", "Gruppe", "Tekst som skrevet", "Samlet under", "Stemmer", "Fremhævet", "Skjult"]
    texts = [row[3] for row in rows[1:]]
    written = [text for _, _, _, text in realistic.STAR_NOTES + realistic.MODULE_NOTES + realistic.PROPOSED_NOTES]
    written.append(realistic.STAR_PAPER_NOTE[3])
    assert sorted(texts) == sorted(written)  # every note once, the hidden one too (marked)
    hidden = [row for row in rows[1:] if row[7] == "ja"]
    assert [row[0] for row in hidden] == ["Netværksstjernen"] and "oplader" in hidden[0][3]
    merged = next(row for row in rows[1:] if row[3].startswith("Vide hvem der har ansvaret"))
    assert merged[4] == "Klarhed over roller, ansvar og opgaver mellem AMO og LSU"


def test_csv_cells_that_excel_would_run_as_formulas_are_made_inert(meeting) -> None:
    from facilitator.export.csv import render_csv
    from facilitator.export.model import build_appendix

    (writer,) = meeting.join(1, "g1")
    for i, text in enumerate(["=HYPERLINK(\"http://x\")", "+45 1234", "-ikke mere", "@SUM(A1)", "Almindelig note"]):
        meeting.note(f"n{i}", writer, text)
    rows = list(csv.reader(io.StringIO(render_csv(build_appendix(meeting.state), meeting.state).decode("utf-8-sig")), delimiter=";"))
    assert [row[3] for row in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'+45 1234", "'-ikke mere", "'@SUM(A1)", "Almindelig note"]


def test_the_word_file_is_a4_in_danish_with_the_meetings_properties(exported_minutes: dict[str, Path]) -> None:
    document = Document(str(exported_minutes["docx"]))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert {round(m.cm, 2) for m in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)} == {2.0}
    props = document.core_properties
    assert props.title.startswith("Bilag 3: Sammenfatning af gruppedrøftelser")
    assert props.author == "Arbejdsmiljøkoordinatornetværket" and props.author != "python-docx"
    assert props.created is not None and props.created.date().isoformat() == "2025-02-04"
    assert props.language == "da-DK"
    with zipfile.ZipFile(exported_minutes["docx"]) as docx:
        styles, body, settings = (docx.read(name).decode("utf-8") for name in ("word/styles.xml", "word/document.xml", "word/settings.xml"))
    assert 'w:lang w:val="da-DK"' in styles and "en-US" not in styles
    assert '<w:themeFontLang w:val="da-DK"' in settings
    runs = re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", body, flags=re.S)
    text_runs = [run for run in runs if "<w:t" in run and "w:fldChar" not in run]
    assert text_runs and all('w:lang w:val="da-DK"' in run for run in text_runs)


def test_english_word_file_is_tagged_british_english(exported_minutes_en: dict[str, Path]) -> None:
    document = Document(str(exported_minutes_en["docx"]))
    assert document.core_properties.language == "en-GB"
    with zipfile.ZipFile(exported_minutes_en["docx"]) as docx:
        assert 'w:lang w:val="en-GB"' in docx.read("word/styles.xml").decode("utf-8")


def test_word_figures_have_alt_text_and_headings_keep_with_their_notes(exported_minutes: dict[str, Path]) -> None:
    document = Document(str(exported_minutes["docx"]))
    shapes = document.inline_shapes
    assert len(shapes) == 2
    for shape in shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr and "Behov" in descr or "AMO i forandring" in descr
    assert all(Cm(11) < shape.width <= Cm(12.1) for shape in shapes)
    for level in range(1, 5):
        assert document.styles[f"Heading {level}"].paragraph_format.keep_with_next
    summaries = [p for p in document.paragraphs if re.fullmatch(r"\d+ noter? fra \d+ grupper?\.", p.text)]
    assert summaries and all(p.paragraph_format.keep_with_next for p in summaries)


def test_word_and_pdf_pages_carry_the_appendix_number_agenda_item_and_page_numbers(exported_minutes: dict[str, Path]) -> None:
    with zipfile.ZipFile(exported_minutes["docx"]) as docx:
        footer = next(docx.read(n).decode("utf-8") for n in docx.namelist() if n.startswith("word/footer"))
    assert "Bilag 3 · Punkt 3 og 4 · AMK-netværksmøde, 4. februar 2025" in footer
    assert " PAGE " in footer and " NUMPAGES " in footer
    info = subprocess.run(["pdfinfo", str(exported_minutes["pdf"])], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 3
    text = _pdf_text(exported_minutes["pdf"])
    for page in range(1, pages + 1):
        assert f"Side {page} af {pages}" in text
    assert text.count("Bilag 3 · Punkt 3 og 4 · AMK-netværksmøde, 4. februar 2025") == pages


def test_the_header_links_the_appendix_to_the_minutes(exported_minutes: dict[str, Path]) -> None:
    document = Document(str(exported_minutes["docx"]))
    lines = [p.text for p in document.paragraphs[:12]]
    assert lines[0] == "Bilag 3: Sammenfatning af gruppedrøftelser – Netværksstjernen og Kompetenceudviklingsforløbet"
    assert "Dagsordenspunkt: Punkt 3 og 4" in lines and "Tid: Kl. 12.00 – 15.30" in lines and "Sted: LY101 - møderum S04" in lines
    assert "Deltagere: 22 personer i 5 grupper" in lines
    assert "Afbud: Adgangskursus, AFRI, AØR, APR, Electro, Fysik, Kemiteknik, Management, Skylab, Space og Sustain" in lines


def test_the_plenary_prefix_is_said_once_and_never_in_english_grammar(exported_minutes: dict[str, Path], exported_minutes_en: dict[str, Path]) -> None:
    md = exported_minutes["md"].read_text(encoding="utf-8")
    assert md.count("Det er vigtigt:") == 2  # once per exercise, as in the minutes
    assert "Det er vigtigt: at" not in md
    assert "- at huske at diversitet også rummer mange andre emner" in md
    en = exported_minutes_en["md"].read_text(encoding="utf-8")
    assert "It is important: at" not in en and "It is important:\n\n- at" not in en
    assert "Framework" in en and "Frames" not in en


def test_one_proposal_made_twice_by_one_group_is_one_section_with_its_owner(exported_minutes: dict[str, Path]) -> None:
    data = json.loads(exported_minutes["json"].read_text(encoding="utf-8"))
    (proposal,) = data["exercises"][1]["proposed_lanes"]
    assert proposal["title"] == "Fra viden til praksis" and proposal["title_variants"] == ["fra viden til praksis"]
    assert proposal["owner"] == realistic.PROPOSAL_OWNER and proposal["note_count"] == 2
    assert "Ingen noter" not in exported_minutes["md"].read_text(encoding="utf-8")


def test_the_follow_ups_come_after_the_plenary_points_in_every_format(exported_minutes: dict[str, Path]) -> None:
    md = exported_minutes["md"].read_text(encoding="utf-8")
    assert md.index("### Opsamling i plenum") < md.index("### Opfølgning") < md.index("### Behov")
    assert "- Bringe ønsket om flere ressourcer videre til KAMU — *Hvem: Majken Becker, DTU Nanolab · Frist: 3. marts 2025*" in md
    for fmt in ("html", "pdf", "docx"):
        text = _pdf_text(exported_minutes["pdf"]) if fmt == "pdf" else (
            exported_minutes[fmt].read_text(encoding="utf-8") if fmt == "html" else "\n".join(p.text for p in Document(str(exported_minutes["docx"])).paragraphs)
        )
        assert "Opfølgning" in text and "Indarbejde input fra grupperne i modulerne" in _squash(text) or "Indarbejde input fra grupperne i modulerne" in text


def test_an_owners_pack_holds_plenary_points_proposals_wordings_votes_and_follow_ups(tmp_path: Path, minutes_journal: Path) -> None:
    from facilitator.export import export_journal

    written = export_journal(minutes_journal, tmp_path, formats=("md", "json"), by_owner=True)
    anders = json.loads(next(p for p in written if p.name.endswith("anders-jacobsen-koncern-hr.json")).read_text(encoding="utf-8"))
    (modules,) = anders["exercises"]
    assert [lane["id"] for lane in modules["lanes"]] == ["amo-i-forandring"]
    assert [lane["id"] for lane in modules["proposed_lanes"]] == ["modul-7"]
    assert len(modules["plenum_lines"]) == len(realistic.MODULE_PLENUM)
    assert [f["id"] for f in modules["follow_ups"]] == ["f4"]  # tied to his proposal, and names him
    entry = modules["lanes"][0]["entries"][0]
    assert entry["votes"] == 7 and entry["variants"] == ["Ledelsen skal også klædes på til det psykiske arbejdsmiljø"]
    line = next(p for p in written if p.name.endswith("line-stavnsbo-koncern-hr.md")).read_text(encoding="utf-8")
    assert "Opsamling i plenum" in line and "Fra viden til praksis" not in line


@pytest.mark.parametrize(
    "note",
    ["4. februar (AMK-netværksmøde)", "Mødet den 4. februar (AMK-netværksmøde) – fx 2 om året", "# Overskrift", "[klik](javascript:x)", "*fed* og _kursiv_", "a\\*b"],
)
def test_markdown_gives_every_note_back_exactly_as_written(meeting, note: str) -> None:
    from facilitator.export.markdown import render_markdown
    from facilitator.export.model import build_appendix

    (writer,) = meeting.join(1, "g1")
    meeting.note("n1", writer, note)
    md = render_markdown(build_appendix(meeting.state))
    items = re.findall(r"<li>(.*?) — <em>Gruppe 1</em></li>", MarkdownIt("commonmark").render(md))
    import html as html_module

    assert [html_module.unescape(re.sub(r"<[^>]+>", "", item)) for item in items] == [note]
    if not note.startswith(("4.", "#", "[", "*", "a\\")):
        assert f"- {note} — *Gruppe 1*" in md  # no backslash where none is needed


def test_markdown_of_the_meeting_has_no_needless_backslashes(exported_minutes: dict[str, Path]) -> None:
    md = exported_minutes["md"].read_text(encoding="utf-8")
    assert "4. februar 2025" in md and "AMK-netværksmøde" in md and "(fx 2 om året)" in md
    assert "\\-" not in md and "\\(" not in md and "\\." not in md.replace("### 1\\.", "")


def test_html_wraps_long_words_and_urls(exported_minutes: dict[str, Path]) -> None:
    source = exported_minutes["html"].read_text(encoding="utf-8")
    assert "overflow-wrap: anywhere" in source
    assert re.search(r"@page \{ @bottom-left \{ content: ", source)
