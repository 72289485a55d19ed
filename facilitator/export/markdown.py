"""The appendix as Markdown (CommonMark with a GitHub-style table).

Texts that came from people (notes, plenary lines, proposed lane titles,
plan titles) go through `escape`, which puts a backslash only where the
character would otherwise change the rendering: a note reading
"# Overskrift" or "[klik](javascript:…)" stays a line of text, while
"4. februar (AMK-netværksmøde)" inside a sentence stays as written, so the
file reads well pasted as plain text into an e-mail or Teams. Markdown has
no pictures without a second file, so each exercise's chart is given as a
small table of the same numbers.
"""

from __future__ import annotations

import re

from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, Entry, ExerciseReport, LaneReport

# Anywhere in a line: code spans, emphasis, links and images, inline HTML and
# autolinks, entities, GitHub's strike-through, a backslash before punctuation.
_INLINE = re.compile(
    r"""[`*~]"""  # code, emphasis, strike-through: always active
    r"""|\\(?=[!-/:-@\[-`{-~]|$)"""  # a backslash that would escape or break the line
    r"""|(?<![^\W_])_|_(?![^\W_])"""  # _ at a word's edge (intraword _ is literal)
    r"""|\[(?=.*\])"""  # [ that a ] could close into a link
    r"""|<(?=[A-Za-z/!?])"""  # HTML or an autolink
    r"""|&(?=#?\w+;)""",  # an entity
)
# At the start of a line: headings, block quotes, list markers, thematic
# breaks and setext underlines.
_LINE_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|=+\s*$|-+\s*$)")


def _line(line: str, in_table: bool, at_start: bool = True) -> str:
    line = _INLINE.sub(lambda m: "\\" + m.group(0), line)
    if in_table:
        line = line.replace("|", "\\|")
    start = _LINE_START.match(line) if at_start else None
    if start:
        token = start.group(0)
        if token[:1].isdigit():  # "4. februar" opening a line would start a list at 4
            return token + "\\" + line[len(token) :]
        return "\\" + line
    return line


def escape(text: str, *, in_table: bool = False, inline: bool = False) -> str:
    """`text` as Markdown that renders back to exactly `text`; a note's own
    line breaks become hard breaks inside its paragraph or list item.
    `inline`: the text follows other text on its line (a heading's "## ",
    emphasis, a label), so what only matters at a line's start is left alone."""
    return "\\\n  ".join(_line(line, in_table, i > 0 or not inline) for i, line in enumerate(text.split("\n")))


def _entry(entry: Entry, labels: Labels) -> list[str]:
    meta = " · ".join(escape(part, inline=True) for part in labels.entry_meta(entry))
    out = [f"- {escape(entry.text)} — *{meta}*"]
    also = labels("also_worded")
    out += [f"  - *{escape(also, inline=True)}* {escape(variant, inline=True)}" for variant in labels.variants(entry)]
    return out


def _lane(lane: LaneReport, labels: Labels, level: str) -> list[str]:
    out = [f"{level} {escape(lane.title, inline=True)}", ""]
    if lane.title_variants:
        out += [f"*{escape(labels('also_worded'), inline=True)}* {escape(' / '.join(lane.title_variants), inline=True)}", ""]
    if lane.prompt:
        out += [f"*{escape(lane.prompt, inline=True)}*", ""]
    if lane.owner:
        out += [escape(labels("owner", owner=lane.owner)), ""]
    if lane.proposed_by:
        out += [escape(labels.proposed_by(lane)), ""]
    if not lane.entries:
        return out + [escape(labels("no_notes")), ""]
    out += [escape(labels.lane_summary(lane)), ""]
    for entry in lane.entries:
        out += _entry(entry, labels)
    return out + [""]


def _plenum(exercise: ExerciseReport, labels: Labels) -> list[str]:
    highlighted = exercise.highlighted()
    if not (exercise.plenum_lines or highlighted):
        return []
    out = [f"### {escape(labels('plenum'), inline=True)}", ""]
    intro = labels.important_intro(exercise)
    if intro:
        out += [escape(intro), ""]
    if exercise.plenum_lines:
        out += [f"- {escape(line)}" for line in exercise.plenum_lines] + [""]
    if highlighted:
        out += [f"**{escape(labels('highlighted'), inline=True)}**", ""]
        for lane, entry in highlighted:
            out.append(f"- {escape(entry.text)} — *{escape(lane.title, inline=True)} · {escape(labels.raised_by(entry), inline=True)}*")
        out.append("")
    return out


def _follow_ups(exercise: ExerciseReport, labels: Labels) -> list[str]:
    if not exercise.follow_ups:
        return []
    out = [f"### {escape(labels('follow_ups'), inline=True)}", ""]
    for follow_up in exercise.follow_ups:
        meta = " · ".join(escape(part, inline=True) for part in labels.follow_up_meta(follow_up, exercise))
        out.append(f"- {escape(follow_up.what)}" + (f" — *{meta}*" if meta else ""))
    return out + [""]


def _exercise(exercise: ExerciseReport, labels: Labels, figure: int | None) -> list[str]:
    out = [f"## {escape(exercise.title, inline=True)}", ""]
    if figure is not None:
        out += [f"*{escape(labels.figure_caption(exercise, figure), inline=True)}*", ""]
        heading = escape(labels(f"table.{exercise.kind}"), in_table=True, inline=True)
        out += [f"| {heading} | {escape(labels('table.notes'), in_table=True, inline=True)} |", "| --- | ---: |"]
        out += [f"| {escape(name, in_table=True, inline=True)} | {count} |" for name, count in labels.chart_counts(exercise)]
        out.append("")
    out += _plenum(exercise, labels)
    out += _follow_ups(exercise, labels)
    dots = labels.dots(exercise)
    if dots:
        out += [escape(dots), ""]
    for lane in exercise.lanes:
        out += _lane(lane, labels, "###")
    if exercise.proposed_lanes:
        out += [f"### {escape(labels.proposals_heading(exercise), inline=True)}", ""]
        for lane in exercise.proposed_lanes:
            out += _lane(lane, labels, "####")
    return out


def render_markdown(appendix: Appendix) -> str:
    labels = Labels(appendix)
    out = [f"# {escape(labels.title(), inline=True)}", ""]
    facts = labels.facts()
    for i, (label, value) in enumerate(facts):
        out.append(f"**{escape(label, inline=True)}:** {escape(value, inline=True)}" + ("  " if i < len(facts) - 1 else ""))
    out.append("")
    with_figures = appendix.owner is None
    for number, exercise in enumerate(appendix.exercises, 1):
        out += _exercise(exercise, labels, number if with_figures else None)
    if appendix.names_included and any(g.members for g in appendix.groups):
        out += [f"## {escape(labels('members'), inline=True)}", ""]
        for group in appendix.groups:
            if group.members:
                names = labels.join([f"{m.name} ({m.unit})" if m.unit else m.name for m in group.members])
                out.append(f"- **{escape(labels.group(group), inline=True)}:** {escape(names, inline=True)}")
        out.append("")
    out += [f"## {escape(labels('about_heading'), inline=True)}", "", escape(labels("about"))]
    if not appendix.names_included:
        out += ["", escape(labels("about_names"))]
    return "\n".join(out) + "\n"
