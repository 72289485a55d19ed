"""The appendix as a Word document (python-docx).

Real Word styles throughout (Heading 1-4, List Bullet, Caption), so the
secretary can paste it into the minutes' template and it takes on the
template's look. Pictures are PNG. Texts reach Word through python-docx,
which escapes them; the model has already removed the control characters
XML forbids.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from facilitator.export.charts import Chart
from facilitator.export.figures import numbered_charts
from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, Entry, ExerciseReport, LaneReport

MUTED = RGBColor(0x52, 0x60, 0x6D)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
META_STYLE = "Appendix Meta"  # who raised a note: small and grey
VOTES_STYLE = "Appendix Votes"  # its votes: small, bold, in the accent colour


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
        names = ("List Bullet", "Caption", META_STYLE, VOTES_STYLE, *(f"Heading {i}" for i in range(1, 5)))
        self.style_id = {name: styles[name].style_id for name in names}

    def styled(self, style: str | None) -> Paragraph:
        """A new paragraph in `style` (None: Normal)."""
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_id[style]  # python-docx's own element: see __init__
        return paragraph

    def run(self, paragraph: Paragraph, text: str, style: str) -> None:
        run = paragraph.add_run(text)
        run._r.style = self.style_id[style]  # python-docx's own element: see __init__

    def heading(self, text: str, level: int) -> Paragraph:
        paragraph = self.styled(f"Heading {level}")
        paragraph.add_run(text)
        return paragraph

    def paragraph(self, text: str = "", *, italic: bool = False, muted: bool = False, bold: bool = False) -> Paragraph:
        paragraph = self.styled(None)
        if text:
            run = paragraph.add_run(text)
            run.italic = italic or None
            run.bold = bold or None
            if muted:
                run.font.color.rgb = MUTED
        return paragraph

    def bullet(self, text: str, meta: list[tuple[str, str]] | None = None) -> Paragraph:
        """A list item: the text, then its meta parts (text, character style)
        after a dash, separated by middle dots."""
        paragraph = self.styled("List Bullet")
        paragraph.add_run(text)
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

    def lane(self, lane: LaneReport, level: int) -> None:
        labels = self.labels
        self.heading(lane.title, level)
        if lane.prompt:
            self.paragraph(lane.prompt, italic=True, muted=True)
        if lane.owner:
            self.paragraph(labels("owner", owner=lane.owner), muted=True)
        if lane.proposed_by:
            self.paragraph(labels("proposed_by", group=labels.group(lane.proposed_by)), muted=True)
        if not lane.entries:
            self.paragraph(labels("no_notes"), muted=True)
            return
        self.paragraph(labels.lane_summary(lane), muted=True)
        for entry in lane.entries:
            self.entry(entry)

    def figure(self, chart: Chart) -> None:
        picture = self.styled(None)
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(chart.to_png()), width=Cm(13))
        caption = self.styled("Caption")
        caption.add_run(chart.title)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def exercise(self, exercise: ExerciseReport) -> None:
        labels = self.labels
        self.heading(exercise.title, 2)
        highlighted = exercise.highlighted() if not self.appendix.owner else []
        if exercise.plenum_lines or highlighted:
            self.heading(labels("plenum"), 3)
            intro = labels.important_intro(exercise.plenum_lines)
            if intro:
                self.paragraph(intro)
            for line in exercise.plenum_lines:
                self.bullet(line)
            if highlighted:
                self.paragraph(labels("highlighted"), bold=True)
                for lane, entry in highlighted:
                    self.bullet(entry.text, [(lane.title, META_STYLE), (labels.raised_by(entry), META_STYLE)])
        chart = self.charts.get(exercise.id)
        if chart is not None:
            self.figure(chart)
        for lane in exercise.lanes:
            self.lane(lane, 3)
        if exercise.proposed_lanes:
            self.heading(labels.proposals_heading(exercise), 3)
            for lane in exercise.proposed_lanes:
                self.lane(lane, 4)

    def write(self) -> bytes:
        labels, appendix = self.labels, self.appendix
        title = labels.title()
        self.doc.core_properties.title = title
        self.doc.core_properties.language = appendix.language
        self.heading(title, 1)
        for label, value in labels.facts():
            paragraph = self.styled(None)
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
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
