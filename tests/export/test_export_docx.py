"""The Word appendix of the realistic meeting, opened with python-docx and
read the way the secretary would: headings, notes, who raised them, the
picture."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from export_helpers import HOSTILE_NOTES, realistic
from PIL import Image

from facilitator.export import export_journal
from facilitator.export.model import clean_text


def _outline(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def _section(outline: list[tuple[str, str]], heading: str) -> list[str]:
    """The List Bullet paragraphs under `heading`, up to the next heading."""
    start = next(i for i, (style, text) in enumerate(outline) if style.startswith("Heading") and text == heading)
    items: list[str] = []
    for style, text in outline[start + 1 :]:
        if style.startswith("Heading"):
            break
        if style == "List Bullet":
            items.append(text)
    return items


def _all_text(path: Path) -> str:
    return "\n".join(text for _, text in _outline(path))


def test_docx_has_real_word_headings_for_title_exercises_and_lanes(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    headings = [(style, text) for style, text in outline if style.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Bilag: Sammenfatning af gruppedrøftelser – Netværksstjernen og Kompetenceudviklingsforløbet")
    assert [text for style, text in headings if style == "Heading 2"] == ["Netværksstjernen", "Kompetenceudviklingsforløbet", "Om sammenfatningen"]
    level3 = [text for style, text in headings if style == "Heading 3"]
    assert level3[:6] == ["Opsamling i plenum", "Behov", "Bidrag", "Rammer", "Form", "Indhold"]
    assert [title for _, title, _ in realistic.COURSE_MODULES] == level3[7:13]
    assert level3[13] == "Forslag til nye moduler"
    assert [text for style, text in headings if style == "Heading 4"] == ["Fra viden til praksis"]


def test_docx_header_names_meeting_date_and_how_many_took_part(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    facts = [text for _, text in outline[1:6]]
    assert facts[:4] == [
        "Møde: AMK-netværksmøde",
        "Netværk: Arbejdsmiljøkoordinatornetværket",
        "Dato: tirsdag den 4. februar 2025",
        "Deltagere: 22 personer i 5 grupper",
    ]
    assert facts[4].startswith("Enheder: AKM, AHR, AIT") and facts[4].endswith("Sundhedsteknologi og Wind")


def test_docx_plenary_summary_comes_first_with_its_lines_in_order_and_the_highlighted_note(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    plenum = [i for i, (s, t) in enumerate(outline) if t == "Opsamling i plenum"]
    assert len(plenum) == 2
    star_summary = _section(outline, "Opsamling i plenum")
    assert star_summary[:3] == realistic.STAR_PLENUM
    assert star_summary[3] == "Psykologisk tryghed i netværket, så vi også kan drøfte svære emner — Behov · nævnt af 2 grupper: Gruppe 1 og 3"
    assert outline[plenum[0] + 1] == ("Normal", "Det er vigtigt:")
    module_summary = _section(outline[plenum[1] :], "Opsamling i plenum")
    assert module_summary[:6] == realistic.MODULE_PLENUM
    assert module_summary[6].startswith("Inddrage og uddanne ledelsen – ikke kun AMK og AMR — 1. AMO i forandring")


def test_docx_notes_are_grouped_across_groups_and_attributed_to_them(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    behov = _section(outline, "Behov")
    assert behov[0] == "Sparring med andre AMK'ere — nævnt af 3 grupper: Gruppe 2, 4 og 5"
    assert "Psykologisk tryghed i netværket, så vi også kan drøfte svære emner — nævnt af 2 grupper: Gruppe 1 og 3 · fremhævet i plenum" in behov
    assert behov[-1] == "Relationer til de andre AMK'ere på tværs af enhederne — Gruppe 1"
    indhold = _section(outline, "Indhold")
    assert "Alene-arbejde som punkt på næste møde — nævnt af 2 grupper: Gruppe 1 og 3" in indhold
    assert "Mere fokus på fysisk arbejdsmiljø — Gruppe 2" in indhold
    assert "Mere fokus på psykisk arbejdsmiljø — Gruppe 4" in indhold


def test_docx_uses_the_facilitators_merges_and_lists_the_merged_wording_under_it(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    assert "Klarhed over roller, ansvar og opgaver mellem AMO og LSU — nævnt af 2 grupper: Gruppe 2 og 5" in _section(outline, "Behov")
    assert _section(outline, "Rammer")[0] == "Fortsæt med 4 møder om året — nævnt af 3 grupper: Gruppe 1, 2 og 4"
    text = _all_text(exported["docx"])
    assert text.count("også formuleret: Vide hvem der har ansvaret for det psykiske arbejdsmiljø – AMO eller LSU? (Gruppe 5)") == 1
    assert text.count("4 møder årligt som nu") == 1


def test_docx_votes_put_notes_first_with_their_count(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    amo = _section(outline, realistic.COURSE_MODULES[0][1])
    assert amo[0] == "Inddrage og uddanne ledelsen – ikke kun AMK og AMR — nævnt af 2 grupper: Gruppe 4 og 5 · 7 stemmer · fremhævet i plenum"
    dialog = _section(outline, realistic.COURSE_MODULES[1][1])
    assert dialog[0] == "Spørgeredskaber og metoder til aktiv lytning — nævnt af 3 grupper: Gruppe 1, 3 og 5 · 6 stemmer"
    sexisme = _section(outline, realistic.COURSE_MODULES[3][1])
    assert sexisme[0].endswith("· 1 stemme")


def test_docx_meta_and_votes_are_character_styles_the_secretary_can_restyle(exported: dict[str, Path]) -> None:
    document = Document(str(exported["docx"]))
    item = next(p for p in document.paragraphs if p.text.startswith("Spørgeredskaber og metoder til aktiv lytning —"))
    assert [(run.text, run.style.name) for run in item.runs] == [
        ("Spørgeredskaber og metoder til aktiv lytning", "Default Paragraph Font"),
        (" — nævnt af 3 grupper: Gruppe 1, 3 og 5", "Appendix Meta"),
        (" · 6 stemmer", "Appendix Votes"),
    ]
    assert document.styles["Appendix Votes"].font.bold


def test_docx_lanes_name_their_owner(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    start = outline.index(("Heading 3", realistic.COURSE_MODULES[1][1]))
    assert ("Normal", "Tovholder: Michel Onnik Berg Doukmadjian, Koncern HR") in outline[start : start + 4]


def test_docx_proposed_module_has_its_own_section_with_its_notes(exported: dict[str, Path]) -> None:
    outline = _outline(exported["docx"])
    start = outline.index(("Heading 4", "Fra viden til praksis"))
    assert outline[start + 1] == ("Normal", "Opsamling og erfaringer med at omsætte viden og læring til praksis i dagligdagen")
    assert outline[start + 2] == ("Normal", "Foreslået af Gruppe 3.")
    assert _section(outline, "Fra viden til praksis") == [
        "Erfaringsudveksling om, hvad der virkede i praksis — Gruppe 5 · 3 stemmer",
        "Netværksgrupper, der følger op efter modulerne — Gruppe 3",
    ]


def test_docx_leaves_out_the_hidden_note(exported: dict[str, Path]) -> None:
    assert "oplader" not in _all_text(exported["docx"])


def test_docx_has_no_participant_names_unless_the_plan_asks(exported: dict[str, Path], exported_named: dict[str, Path]) -> None:
    text = _all_text(exported["docx"])
    assert not [name for name, _ in realistic.PARTICIPANTS if name in text]
    assert "Deltagernes navne er ikke med; noterne er angivet pr. gruppe." in text
    named = _outline(exported_named["docx"])
    assert ("Heading 2", "Gruppernes deltagere") in named
    members = _section(named, "Gruppernes deltagere")
    assert len(members) == 5
    named_text = "\n".join(members)
    assert all(name in named_text for name, _ in realistic.PARTICIPANTS)
    assert "Mette Holm (AKM)" in named_text


def test_docx_embeds_the_star_and_the_bar_chart_as_png_pictures(exported: dict[str, Path]) -> None:
    document = Document(str(exported["docx"]))
    assert len(document.inline_shapes) == 2
    images = [rel.target_part for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(images) == 2 and all(part.content_type == "image/png" for part in images)
    sizes = sorted(Image.open(io.BytesIO(part.blob)).size for part in images)
    assert all(width >= 1200 for width, _ in sizes)  # sharp enough to print at 13 cm
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Figur 1: Netværksstjernen – antal noter pr. punkt",
        "Figur 2: Kompetenceudviklingsforløbet – antal noter pr. modul",
    ]


def test_docx_keeps_markup_like_notes_as_plain_text(exported_hostile: dict[str, Path]) -> None:
    bullets = _section(_outline(exported_hostile["docx"]), "Behov")
    for _, text in HOSTILE_NOTES:
        shown = clean_text(text)
        assert any(b.startswith(shown) for b in bullets), shown
    assert "\x07" not in "".join(bullets)


def test_docx_in_english_uses_the_english_labels(exported_en: dict[str, Path]) -> None:
    assert exported_en["docx"].name == "appendix-2025-02-04-amk-netvaerksmoede.docx"
    outline = _outline(exported_en["docx"])
    assert outline[0] == ("Heading 1", "Appendix: Summary of the group discussions – The network star and The competence development programme")
    assert ("Normal", "Date: Tuesday 4 February 2025") in outline
    assert _section(outline, "Needs")[0] == "Sparring med andre AMK'ere — raised by 3 groups: Groups 2, 4 and 5"
    assert ("Heading 3", "Proposed new modules") in outline
    assert any(text.endswith("· 7 votes · highlighted in plenary") for _, text in outline)
    assert "Gruppe" not in _all_text(exported_en["docx"])


def test_docx_by_owner_holds_that_owners_lanes_and_the_exercises_plenary_points(tmp_path: Path, realistic_journal: Path) -> None:
    written = export_journal(realistic_journal, tmp_path, formats=("docx",), by_owner=True)
    owners = [p for p in written if p.name != "bilag-2025-02-04-amk-netvaerksmoede.docx"]
    assert len(owners) == 6
    line = next(p for p in owners if p.name == "bilag-2025-02-04-amk-netvaerksmoede-line-stavnsbo-koncern-hr.docx")
    outline = _outline(line)
    assert outline[0] == ("Heading 1", "Bilag: Input fra gruppedrøftelserne – tovholder: Line Stavnsbo, Koncern HR")
    headings = [text for style, text in outline if style.startswith("Heading")]
    assert headings == [
        "Bilag: Input fra gruppedrøftelserne – tovholder: Line Stavnsbo, Koncern HR",
        "Kompetenceudviklingsforløbet",
        "Opsamling i plenum",
        realistic.COURSE_MODULES[4][1],
        "Om sammenfatningen",
    ]
    assert _section(outline, realistic.COURSE_MODULES[4][1])[0] == "Forebyggelse af stress – ikke kun håndtering — nævnt af 2 grupper: Gruppe 2 og 3 · 5 stemmer"
    text = _all_text(line)
    assert "Spørgeredskaber" not in text and "Netværksstjernen" not in text
    assert "at huske at diversitet også rummer mange andre emner" in text
    assert len(Document(str(line)).inline_shapes) == 0
