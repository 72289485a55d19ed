"""The appendix as CSV for Excel: one row per note, as written.

Danish Excel opens a file by double-click only if it is UTF-8 with a byte
order mark and separated by semicolons, so that is what this writes (also
in English: the same file opens in both). A cell starting with `=`, `+`,
`-`, `@` (or a tab or carriage return) would be run as a formula, so it is
made inert with a leading apostrophe, as OWASP advises.
"""

from __future__ import annotations

import csv
import io

from facilitator.core.state import SessionState
from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, clean_text

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell


def rows(appendix: Appendix, state: SessionState) -> list[list[str]]:
    """Header and one row per note of the session (deleted ones left out,
    hidden ones marked), in the appendix's order of exercises and lanes."""
    labels = Labels(appendix)
    yes, no = labels("csv.yes"), labels("csv.no")
    header = [labels(f"csv.{key}") for key in ("exercise", "lane", "group", "text", "merged_into", "votes", "highlighted", "hidden")]
    out = [header]
    entry_of: dict[str, str] = {}  # note id -> the wording of the line it is printed under
    lane_of: dict[str, str] = {}  # note id -> the title of the lane it is printed in
    for exercise in appendix.exercises:
        for lane in (*exercise.lanes, *exercise.proposed_lanes):
            for entry in lane.entries:
                for note_id in entry.note_ids:
                    entry_of[note_id] = entry.text
                    lane_of[note_id] = lane.title
    voters: dict[str, int] = {}
    for note_ids in state.votes.values():
        for note_id in note_ids:
            voters[note_id] = voters.get(note_id, 0) + 1
    for exercise in appendix.exercises:
        lane_titles = {lane.id: lane.title for lane in (*exercise.lanes, *exercise.proposed_lanes)}
        order = {lane_id: i for i, lane_id in enumerate(lane_titles)}
        notes = [
            n
            for n in state.notes_of(exercise.id)
            if not n.deleted and clean_text(n.text) and (n.id in entry_of or (n.lane_id in lane_titles and n.hidden))
        ]
        notes.sort(key=lambda n: (order.get(n.lane_id, len(order)), n.seq))
        for note in notes:
            text = clean_text(note.text)
            shown = entry_of.get(note.id, "")
            out.append(
                [
                    exercise.title,
                    lane_of.get(note.id) or lane_titles.get(note.lane_id, note.lane_id),
                    labels.group(note.group_id),
                    text,
                    shown if shown and shown != text else "",
                    str(voters.get(note.id, 0)),
                    yes if note.highlighted else no,
                    no if note.id in entry_of else yes,
                ]
            )
    return out


def render_csv(appendix: Appendix, state: SessionState) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in rows(appendix, state):
        writer.writerow([inert(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
