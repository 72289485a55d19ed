"""The appendix as a Word document (python-docx).

Real Word styles throughout (Heading 1-4, List Bullet, Caption), so the
secretary can paste it into the minutes' template and it takes on the
template's look. Pictures are PNG. Texts reach Word through python-docx,
which escapes them; the model has already removed the control characters
XML forbids.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from facilitator.export.charts import Chart
from facilitator.export.figures import numbered_charts
from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, Entry, ExerciseReport, LaneReport

MUTED = RGBColor(0x52, 0x60, 0x6D)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
META_STYLE = "Appendix Meta"  # who raised a note: small and grey
VOTES_STYLE = "Appendix Votes"  # its votes: small, bold, in the accent colour
LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}
# A4 with the margins of a Danish Word document (Normal.dotm, da-DK): 2 cm
# top and bottom, 2 cm left and right. The figures fit the 17 cm between.
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
FIGURE_WIDTH = Cm(12)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it lays out the page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _set_language(element: object, tag: str) -> None:
    """<w:lang w:val=… w:eastAsia=… w:bidi=…> on a style's or run's properties."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]  # python-docx makes it on CT_R and CT_Style, untyped on the latter
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), tag)


class _Writer:
    def __init__(self, appendix: Appendix, charts: dict[str, Chart]) -> None:
        self.appendix = appendix
        self.labels = Labels(appendix)
        self.charts = charts
        self.doc: DocxDocument = Document()
        styles = self.doc.styles
        meta = styles.add_style(META_STYLE, WD_STYLE_TYPE.CHARACTER)
        meta.font.size, meta.font.color.rgb = Pt(9.5), MUTED
        votes = styles.add_style(VOTES_STYLE, WD_STYLE_TYPE.CHARACTER)
        votes.font.size, votes.font.color.rgb, votes.font.bold = Pt(9.5), ACCENT, True
        # Style ids looked up once and set directly: python-docx searches the
        # whole style list on every style assignment, which for 2,000 notes
        # costs seconds.
        names = ("List Bullet", "List Bullet 2", "Caption", META_STYLE, VOTES_STYLE, *(f"Heading {i}" for i in range(1, 5)))
        self.style_id = {name: styles[name].style_id for name in names}
        self.lang_tag = LANGUAGE_TAGS.get(appendix.language, "da-DK")
        self._setup_language(styles)
        for level in range(1, 5):
            styles[f"Heading {level}"].paragraph_format.keep_with_next = True
        styles["Caption"].paragraph_format.keep_with_next = False
        section = self.doc.sections[0]
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
        section.footer_distance = Cm(1.0)
        self.figure_number = 0

    def _setup_language(self, styles: Styles) -> None:
        """Every run is tagged: the document defaults (w:docDefaults), every
        style, and the fonts' theme language (w:themeFontLang in settings),
        so Word spell-checks and hyphenates the Danish as Danish."""
        root = self.doc.styles.element
        defaults = root.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                rpr_default.append(rpr)
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                lang.set(qn(attribute), self.lang_tag)
        for style in styles:
            if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
                _set_language(style.element, self.lang_tag)
        settings = self.doc.settings.element
        theme = settings.find(qn("w:themeFontLang"))
        if theme is None:
            theme = OxmlElement("w:themeFontLang")
            settings.append(theme)
        theme.set(qn("w:val"), self.lang_tag)

    def styled(self, style: str | None) -> Paragraph:
        """A new paragraph in `style` (None: Normal)."""
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_id[style]  # python-docx's own element: see __init__
        return paragraph

    def run(self, paragraph: Paragraph, text: str, style: str | None = None) -> Run:
        """A run of `text`, tagged with the document's language."""
        run = paragraph.add_run(text)
        if style is not None:
            run._r.style = self.style_id[style]  # python-docx's own element: see __init__
        _set_language(run._r, self.lang_tag)
        return run

    def heading(self, text: str, level: int) -> Paragraph:
        paragraph = self.styled(f"Heading {level}")
        self.run(paragraph, text)
        return paragraph

    def paragraph(self, text: str = "", *, italic: bool = False, muted: bool = False, bold: bool = False) -> Paragraph:
        paragraph = self.styled(None)
        if text:
            run = self.run(paragraph, text)
            run.italic = italic or None
            run.bold = bold or None
            if muted:
                run.font.color.rgb = MUTED
        return paragraph

    def bullet(self, text: str, meta: list[tuple[str, str]] | None = None) -> Paragraph:
        """A list item: the text, then its meta parts (text, character style)
        after a dash, separated by middle dots."""
        paragraph = self.styled("List Bullet")
        self.run(paragraph, text)
        for i, (part, style) in enumerate(meta or []):
            self.run(paragraph, (" — " if i == 0 else " · ") + part, style)
        return paragraph

    def entry(self, entry: Entry) -> None:
        labels = self.labels
        meta = [(labels.raised_by(entry), META_STYLE)]
        if entry.votes:
            meta.append((labels.count("votes", entry.votes), VOTES_STYLE))
        if entry.highlighted:
            meta.append((labels("highlighted_mark"), META_STYLE))
        if entry.authors:
            meta.append((labels.join(list(entry.authors)), META_STYLE))
        self.bullet(entry.text, meta)
        for variant in labels.variants(entry):
            paragraph = self.styled("List Bullet 2")
            self.run(paragraph, labels("also_worded") + " ", META_STYLE)
            self.run(paragraph, variant)

    def lane(self, lane: LaneReport, level: int) -> None:
        labels = self.labels
        self.heading(lane.title, level)
        if lane.title_variants:
            self.paragraph(f"{labels('also_worded')} {' / '.join(lane.title_variants)}", italic=True, muted=True).paragraph_format.keep_with_next = True
        # the lane's heading and lines before its notes stay with its first note
        if lane.prompt:
            self.paragraph(lane.prompt, italic=True, muted=True).paragraph_format.keep_with_next = True
        if lane.owner:
            self.paragraph(labels("owner", owner=lane.owner), muted=True).paragraph_format.keep_with_next = True
        if lane.proposed_by:
            self.paragraph(labels.proposed_by(lane), muted=True).paragraph_format.keep_with_next = True
        if not lane.entries:
            self.paragraph(labels("no_notes"), muted=True)
            return
        self.paragraph(labels.lane_summary(lane), muted=True).paragraph_format.keep_with_next = True
        for entry in lane.entries:
            self.entry(entry)

    def figure(self, chart: Chart, alt: str) -> None:
        """The picture, 12 cm wide so it and its caption fit under the facts
        on page 1, with alt text (wp:docPr descr) for screen readers."""
        picture = self.styled(None)
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        shape = picture.add_run().add_picture(io.BytesIO(chart.to_png()), width=FIGURE_WIDTH)
        self.figure_number += 1
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", chart.title)
        caption = self.styled("Caption")
        self.run(caption, chart.title)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def exercise(self, exercise: ExerciseReport) -> None:
        labels = self.labels
        self.heading(exercise.title, 2)
        # the picture first: it fits under the header on page 1, the text flows after it
        chart = self.charts.get(exercise.id)
        if chart is not None:
            self.figure(chart, labels.figure_alt(exercise))
        highlighted = exercise.highlighted() if not self.appendix.owner else []
        if exercise.plenum_lines or highlighted:
            self.heading(labels("plenum"), 3)
            intro = labels.important_intro(exercise)
            if intro:
                self.paragraph(intro).paragraph_format.keep_with_next = True
            for line in exercise.plenum_lines:
                self.bullet(line)
            if highlighted:
                self.paragraph(labels("highlighted"), bold=True).paragraph_format.keep_with_next = True
                for lane, entry in highlighted:
                    self.bullet(entry.text, [(lane.title, META_STYLE), (labels.raised_by(entry), META_STYLE)])
        if exercise.follow_ups:
            self.heading(labels("follow_ups"), 3)
            for follow_up in exercise.follow_ups:
                self.bullet(follow_up.what, [(part, META_STYLE) for part in labels.follow_up_meta(follow_up, exercise)])
        dots = labels.dots(exercise)
        if dots:
            self.paragraph(dots, muted=True)
        for lane in exercise.lanes:
            self.lane(lane, 3)
        if exercise.proposed_lanes:
            self.heading(labels.proposals_heading(exercise), 3)
            for lane in exercise.proposed_lanes:
                self.lane(lane, 4)

    def properties(self, title: str) -> None:
        """File properties as the minutes' own: title, the network as author,
        created on the meeting's day, the document's language."""
        props = self.doc.core_properties
        appendix = self.appendix
        props.title = title
        props.subject = appendix.meeting
        props.author = appendix.network or appendix.meeting
        props.last_modified_by = appendix.network or appendix.meeting
        props.language = self.lang_tag
        props.keywords = ", ".join(p for p in (appendix.appendix_label, appendix.agenda_item) if p)
        props.comments = ""
        props.category = self.labels.appendix_label()
        created = dt.datetime.combine(appendix.date, dt.time(12, 0))
        props.created = created
        props.modified = created
        props.revision = 1

    def footer(self) -> None:
        """'Bilag 3 · Punkt 3 og 4 · AMK-netværksmøde, 4. februar 2025' and 'Side 2 af 9' on every page."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.style = self.doc.styles["Footer"]
        self.run(paragraph, self.labels.footer() + " · ", META_STYLE)
        page = self.labels("page", page="\x00", pages="\x01")
        before, rest = page.split("\x00")
        middle, after = rest.split("\x01")
        self.run(paragraph, before, META_STYLE)
        _field(paragraph, "PAGE")
        self.run(paragraph, middle, META_STYLE)
        _field(paragraph, "NUMPAGES")
        if after:
            self.run(paragraph, after, META_STYLE)

    def write(self) -> bytes:
        labels, appendix = self.labels, self.appendix
        title = labels.title()
        self.properties(title)
        self.footer()
        self.heading(title, 1)
        for label, value in labels.facts():
            paragraph = self.styled(None)
            paragraph.paragraph_format.space_after = Pt(0)
            self.run(paragraph, f"{label}: ").bold = True
            self.run(paragraph, value)
        for exercise in appendix.exercises:
            self.exercise(exercise)
        if appendix.names_included and any(g.members for g in appendix.groups):
            self.heading(labels("members"), 2)
            for group in appendix.groups:
                if group.members:
                    names = labels.join([f"{m.name} ({m.unit})" if m.unit else m.name for m in group.members])
                    self.bullet(f"{labels.group(group)}: {names}")
        self.heading(labels("about_heading"), 2)
        self.paragraph(labels("about"), muted=True)
        if not appendix.names_included:
            self.paragraph(labels("about_names"), muted=True)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def render_docx(appendix: Appendix, charts: dict[str, Chart] | None = None) -> bytes:
    if charts is None and appendix.owner is None:
        charts = numbered_charts(appendix.exercises, Labels(appendix))
    return _Writer(appendix, charts or {}).write()
