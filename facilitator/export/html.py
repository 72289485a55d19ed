"""The appendix as one self-contained HTML5 file that prints well on A4.

No scripts, no external files: styles are inline, the star and the bar
charts are inline SVG. Every text is escaped with `html.escape`, so a note
can never become markup.
"""

from __future__ import annotations

import re
from html import escape

from facilitator.export.charts import Chart
from facilitator.export.figures import numbered_charts
from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, Entry, ExerciseReport, LaneReport

STYLE = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0; color: #1f2933; font: 11pt/1.45 Calibri, Carlito, "Liberation Sans", Arial, sans-serif;
       overflow-wrap: anywhere; word-break: break-word; }
main { max-width: 176mm; margin: 0 auto; padding: 14mm 0 18mm; }
h1 { font-size: 17pt; line-height: 1.25; color: #1f4e79; margin: 0 0 8pt; }
h2 { font-size: 14pt; color: #1f4e79; margin: 20pt 0 6pt; padding-bottom: 2pt; border-bottom: 1px solid #c5d3e2; }
h3 { font-size: 12pt; margin: 14pt 0 3pt; }
h4 { font-size: 11pt; margin: 10pt 0 2pt; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 5pt; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 0 0 10pt; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
ul { margin: 3pt 0 8pt; padding-left: 16pt; }
li { margin: 2pt 0; break-inside: avoid; page-break-inside: avoid; }
ul.variants { margin: 1pt 0 2pt; padding-left: 14pt; list-style: none; }
ul.variants li { color: #3e4c59; font-size: 10pt; }
.also { font-style: italic; color: #52606d; }
/* a lane's heading, prompt, owner and summary stay on the page of its first note */
.prompt, .owner, .summary, .proposed-by, .sub { break-after: avoid; page-break-after: avoid; }
.dots { color: #52606d; font-size: 10pt; }
.prompt { font-style: italic; color: #52606d; }
.owner, .summary, .proposed-by { color: #52606d; font-size: 10pt; }
.meta { color: #52606d; font-size: 9.5pt; }
.votes { color: #1f4e79; font-weight: bold; font-size: 9.5pt; }
.sub { font-weight: bold; margin-top: 8pt; }
figure { margin: 10pt 0 12pt; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; max-width: 105mm; height: auto; }
figcaption { font-size: 9.5pt; font-style: italic; color: #52606d; }
footer { margin-top: 22pt; font-size: 9.5pt; color: #52606d; }
footer h2 { font-size: 11pt; color: #52606d; border: 0; margin: 0 0 3pt; }
@media print { main { max-width: none; padding: 0; } h2 { break-before: auto; } }
"""


_NUMBER_SPACE = re.compile(r"(?<=[^\W\d_]) (?=\d)|(?<=\d) (?=[^\W\d_])")  # "Gruppe 3", "2 stemmer"


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _meta(text: str) -> str:
    """A label such as 'Gruppe 3' or '2 stemmer', kept on one line with its number."""
    return escape(_NUMBER_SPACE.sub("\u00a0", text))


def _variants(entry: Entry, labels: Labels) -> str:
    if not entry.variants:
        return ""
    also = escape(labels("also_worded"))
    items = "".join(f'<li><span class="also">{also}</span> {_text(v)}</li>' for v in labels.variants(entry))
    return f'<ul class="variants">{items}</ul>'


def _entry(entry: Entry, labels: Labels) -> str:
    # Few inline boxes per note: WeasyPrint's time grows with them (2,000 notes).
    parts = [_meta(labels.raised_by(entry))]
    if entry.votes:
        parts.append(f'<span class="votes">{_meta(labels.count("votes", entry.votes))}</span>')
    if entry.highlighted:
        parts.append(escape(labels("highlighted_mark")))
    if entry.authors:
        parts.append(escape(labels.join(list(entry.authors))))
    meta = " · ".join(parts)
    return f'<li><span class="note">{_text(entry.text)}</span> <span class="meta">— {meta}</span>{_variants(entry, labels)}</li>'


def _lane(lane: LaneReport, labels: Labels, heading: str) -> list[str]:
    classes = "lane proposed" if lane.proposed_by else "lane"
    out = [f'<section class="{classes}" id="lane-{escape(lane.id)}">', f"<{heading}>{_text(lane.title)}</{heading}>"]
    if lane.title_variants:
        out.append(f'<p class="prompt"><span class="also">{escape(labels("also_worded"))}</span> {_text(" / ".join(lane.title_variants))}</p>')
    if lane.prompt:
        out.append(f'<p class="prompt">{_text(lane.prompt)}</p>')
    if lane.owner:
        out.append(f'<p class="owner">{escape(labels("owner", owner=lane.owner))}</p>')
    if lane.proposed_by:
        out.append(f'<p class="proposed-by">{escape(labels.proposed_by(lane))}</p>')
    if lane.entries:
        out.append(f'<p class="summary">{escape(labels.lane_summary(lane))}</p>')
        out.append('<ul class="notes">')
        out += [_entry(entry, labels) for entry in lane.entries]
        out.append("</ul>")
    else:
        out.append(f'<p class="summary">{escape(labels("no_notes"))}</p>')
    out.append("</section>")
    return out


def _exercise(exercise: ExerciseReport, labels: Labels, chart: Chart | None) -> list[str]:
    out = [f'<section class="exercise" id="exercise-{escape(exercise.id)}">', f"<h2>{_text(exercise.title)}</h2>"]
    # the picture first, under the exercise's heading: it fits under the
    # header on page 1 and the plenary text flows after it
    if chart is not None:
        alt = escape(labels.figure_alt(exercise), quote=True)
        out.append(f'<figure role="img" aria-label="{alt}">{chart.to_svg()}<figcaption>{escape(chart.title)}</figcaption></figure>')
    highlighted = exercise.highlighted() if not labels.appendix.owner else []
    if exercise.plenum_lines or highlighted:
        out += ['<section class="plenum">', f"<h3>{escape(labels('plenum'))}</h3>"]
        intro = labels.important_intro(exercise)
        if intro:
            out.append(f"<p>{escape(intro)}</p>")
        if exercise.plenum_lines:
            out += ['<ul class="plenum-lines">', *(f"<li>{_text(line)}</li>" for line in exercise.plenum_lines), "</ul>"]
        if highlighted:
            out += [f'<p class="sub">{escape(labels("highlighted"))}</p>', '<ul class="highlighted">']
            for lane, entry in highlighted:
                meta = f"{escape(lane.title)} · {_meta(labels.raised_by(entry))}"
                out.append(f'<li><span class="note">{_text(entry.text)}</span> <span class="meta">— {meta}</span></li>')
            out.append("</ul>")
        out.append("</section>")
    if exercise.follow_ups:
        out += ['<section class="follow-ups">', f"<h3>{escape(labels('follow_ups'))}</h3>", "<ul>"]
        for follow_up in exercise.follow_ups:
            meta = " · ".join(escape(part) for part in labels.follow_up_meta(follow_up, exercise))
            tail = f' <span class="meta">— {meta}</span>' if meta else ""
            out.append(f'<li><span class="follow-up">{_text(follow_up.what)}</span>{tail}</li>')
        out += ["</ul>", "</section>"]
    dots = labels.dots(exercise)
    if dots:
        out.append(f'<p class="dots">{escape(dots)}</p>')
    for lane in exercise.lanes:
        out += _lane(lane, labels, "h3")
    if exercise.proposed_lanes:
        out += ['<section class="proposals">', f"<h3>{escape(labels.proposals_heading(exercise))}</h3>"]
        for lane in exercise.proposed_lanes:
            out += _lane(lane, labels, "h4")
        out.append("</section>")
    out.append("</section>")
    return out


def _css_string(text: str) -> str:
    """`text` as a CSS string that cannot end the string or the style element."""
    return '"' + "".join(ch if ch.isalnum() or ch in " .,·:;–-()" else f"\\{ord(ch):x} " for ch in text) + '"'


def page_css(labels: Labels) -> str:
    """Print margins: the appendix's number, agenda item and meeting at the
    bottom left of every page, 'Side 2 af 9' at the bottom right."""
    page = labels("page", page="\x00", pages="\x01")
    before, rest = page.split("\x00")
    middle, after = rest.split("\x01")
    counter = f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) {_css_string(after)}"
    small = "font: 8.5pt Calibri, Carlito, 'Liberation Sans', Arial, sans-serif; color: #52606d;"
    return (
        "@page { @bottom-left { content: " + _css_string(labels.footer()) + "; " + small + " }"
        " @bottom-right { content: " + counter + "; " + small + " } }"
    )


def render_html(appendix: Appendix, charts: dict[str, Chart] | None = None) -> str:
    labels = Labels(appendix)
    if charts is None and appendix.owner is None:
        charts = numbered_charts(appendix.exercises, labels)
    charts = charts or {}
    title = labels.title()
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(appendix.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}{page_css(labels)}</style>",
        "</head>",
        "<body>",
        '<main class="appendix">',
        "<header>",
        f"<h1>{escape(title)}</h1>",
        '<dl class="facts">',
        *(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in labels.facts()),
        "</dl>",
        "</header>",
    ]
    for exercise in appendix.exercises:
        out += _exercise(exercise, labels, charts.get(exercise.id))
    if appendix.names_included and any(g.members for g in appendix.groups):
        out += ['<section class="members">', f"<h2>{escape(labels('members'))}</h2>", "<ul>"]
        for group in appendix.groups:
            if group.members:
                names = labels.join([f"{m.name} ({m.unit})" if m.unit else m.name for m in group.members])
                out.append(f"<li><strong>{escape(labels.group(group))}:</strong> {escape(names)}</li>")
        out += ["</ul>", "</section>"]
    out += ["<footer>", f"<h2>{escape(labels('about_heading'))}</h2>", f"<p>{escape(labels('about'))}</p>"]
    if not appendix.names_included:
        out.append(f"<p>{escape(labels('about_names'))}</p>")
    out += ["</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
