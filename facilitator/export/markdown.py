"""The appendix as Markdown (CommonMark with a GitHub-style table).

Every text that came from a person (notes, plenary lines, proposed lane
titles, even plan titles) goes through `escape`, so a note reading
"# Overskrift" or "[klik](javascript:…)" stays a line of text. Markdown has
no pictures without a second file, so each exercise's chart is given as a
small table of the same numbers.
"""

from __future__ import annotations

import re

from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, Entry, ExerciseReport, LaneReport

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&=])")


def escape(text: str) -> str:
    """Backslash-escape every Markdown-active character (CommonMark allows a
    backslash before any ASCII punctuation); a note's own line breaks become
    hard breaks inside its paragraph or list item."""
    lines = [_SPECIAL.sub(r"\\\1", line) for line in text.split("\n")]
    return "\\\n  ".join(lines)


def _entry(entry: Entry, labels: Labels) -> str:
    meta = " · ".join(escape(part) for part in labels.entry_meta(entry))
    return f"- {escape(entry.text)} — *{meta}*"


def _lane(lane: LaneReport, labels: Labels, level: str) -> list[str]:
    out = [f"{level} {escape(lane.title)}", ""]
    if lane.prompt:
        out += [f"*{escape(lane.prompt)}*", ""]
    if lane.owner:
        out += [escape(labels("owner", owner=lane.owner)), ""]
    if lane.proposed_by:
        out += [escape(labels("proposed_by", group=labels.group(lane.proposed_by))), ""]
    if not lane.entries:
        return out + [escape(labels("no_notes")), ""]
    out += [escape(labels.lane_summary(lane)), ""]
    out += [_entry(entry, labels) for entry in lane.entries]
    return out + [""]


def _exercise(exercise: ExerciseReport, labels: Labels, figure: int | None) -> list[str]:
    out = [f"## {escape(exercise.title)}", ""]
    highlighted = exercise.highlighted()
    if exercise.plenum_lines or (highlighted and not labels.appendix.owner):
        out += [f"### {escape(labels('plenum'))}", ""]
        intro = labels.important_intro(exercise.plenum_lines)
        if intro:
            out += [escape(intro), ""]
        if exercise.plenum_lines:
            out += [f"- {escape(line)}" for line in exercise.plenum_lines] + [""]
        if highlighted:
            out += [f"**{escape(labels('highlighted'))}**", ""]
            for lane, entry in highlighted:
                out.append(f"- {escape(entry.text)} — *{escape(lane.title)} · {escape(labels.raised_by(entry))}*")
            out.append("")
    if figure is not None:
        out += [f"*{escape(labels.figure_caption(exercise, figure))}*", ""]
        out += [f"| {escape(labels(f'table.{exercise.kind}'))} | {escape(labels('table.notes'))} |", "| --- | ---: |"]
        out += [f"| {escape(name)} | {count} |" for name, count in labels.chart_counts(exercise)]
        out.append("")
    for lane in exercise.lanes:
        out += _lane(lane, labels, "###")
    if exercise.proposed_lanes:
        out += [f"### {escape(labels.proposals_heading(exercise))}", ""]
        for lane in exercise.proposed_lanes:
            out += _lane(lane, labels, "####")
    return out


def render_markdown(appendix: Appendix) -> str:
    labels = Labels(appendix)
    out = [f"# {escape(labels.title())}", ""]
    facts = labels.facts()
    for i, (label, value) in enumerate(facts):
        out.append(f"**{escape(label)}:** {escape(value)}" + ("  " if i < len(facts) - 1 else ""))
    out.append("")
    with_figures = appendix.owner is None
    for number, exercise in enumerate(appendix.exercises, 1):
        out += _exercise(exercise, labels, number if with_figures else None)
    if appendix.names_included and any(g.members for g in appendix.groups):
        out += [f"## {escape(labels('members'))}", ""]
        for group in appendix.groups:
            if group.members:
                names = labels.join([f"{m.name} ({m.unit})" if m.unit else m.name for m in group.members])
                out.append(f"- **{escape(labels.group(group))}:** {escape(names)}")
        out.append("")
    out += [f"## {escape(labels('about_heading'))}", "", escape(labels("about"))]
    if not appendix.names_included:
        out += ["", escape(labels("about_names"))]
    return "\n".join(out) + "\n"
