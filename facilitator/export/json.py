"""The appendix as JSON: everything the other formats show and what they
leave implicit (note ids, wordings folded together, whether a merge was the
facilitator's or automatic), for other programs. The shape is documented in
docs/appendix.md; `version` changes when a field changes meaning or goes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from facilitator.export.labels import Labels
from facilitator.export.model import Appendix, Entry, ExerciseReport, FollowUpReport, GroupInfo, LaneReport, Member

FORMAT_NAME = "stjernestund-appendix"
FORMAT_VERSION = 1


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "text": entry.text,
        "group_ids": list(entry.group_ids),
        "votes": entry.votes,
        "highlighted": entry.highlighted,
        "note_ids": list(entry.note_ids),
        "variants": list(entry.variants),
        "variant_groups": [list(groups) for groups in entry.variant_groups],
        "merged_by_facilitator": entry.merged_by_facilitator,
        "auto_grouped": entry.auto_grouped,
        "first_seq": entry.first_seq,
        "authors": list(entry.authors),
    }


def _lane(lane: LaneReport) -> dict[str, Any]:
    return {
        "id": lane.id,
        "title": lane.title,
        "prompt": lane.prompt,
        "owner": lane.owner,
        "proposed_by": lane.proposed_by,
        "also_proposed_by": list(lane.also_proposed_by),
        "title_variants": list(lane.title_variants),
        "note_count": lane.note_count,
        "group_ids": list(lane.group_ids),
        "entries": [_entry(e) for e in lane.entries],
    }


def _exercise(exercise: ExerciseReport) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "kind": exercise.kind,
        "title": exercise.title,
        "plenum_lines": list(exercise.plenum_lines),
        "lanes": [_lane(lane) for lane in exercise.lanes],
        "proposed_lanes": [_lane(lane) for lane in exercise.proposed_lanes],
        "follow_ups": [
            {"id": f.id, "what": f.what, "who": f.who, "due": f.due, "lane_id": f.lane_id} for f in exercise.follow_ups
        ],
        "dots": exercise.dots,
        "important_intro": exercise.important_intro,
    }


def appendix_to_dict(appendix: Appendix) -> dict[str, Any]:
    labels = Labels(appendix)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "language": appendix.language,
        "title": labels.title(),
        "owner": appendix.owner,
        "appendix": appendix.appendix_label,
        "agenda_item": appendix.agenda_item,
        "meeting": {
            "title": appendix.meeting,
            "date": appendix.date.isoformat(),
            "network": appendix.network,
            "time": appendix.time,
            "place": appendix.place,
        },
        "participants": {
            "count": appendix.participant_count,
            "people": appendix.people_count,
            "groups": appendix.group_count,
            "units": list(appendix.units),
            "absent_units": list(appendix.absent_units),
        },
        "names_included": appendix.names_included,
        "groups": [
            {
                "id": g.id,
                "number": g.number,
                "name": g.name,
                "label": labels.group(g),
                "participants": g.participants,
                "members": [{"name": m.name, "unit": m.unit} for m in g.members],
            }
            for g in appendix.groups
        ],
        "exercises": [_exercise(ex) for ex in appendix.exercises],
    }


def render_json(appendix: Appendix) -> str:
    return json.dumps(appendix_to_dict(appendix), ensure_ascii=False, indent=2) + "\n"


# -- reading back (for programs that take the JSON in) -------------------------------------


def _entry_from(data: dict[str, Any]) -> Entry:
    return Entry(
        text=data["text"],
        group_ids=tuple(data["group_ids"]),
        votes=data["votes"],
        note_ids=tuple(data["note_ids"]),
        variants=tuple(data["variants"]),
        variant_groups=tuple(tuple(g) for g in data.get("variant_groups", [])),
        merged_by_facilitator=data["merged_by_facilitator"],
        auto_grouped=data["auto_grouped"],
        highlighted=data["highlighted"],
        first_seq=data["first_seq"],
        authors=tuple(data["authors"]),
    )


def _lane_from(data: dict[str, Any]) -> LaneReport:
    return LaneReport(
        id=data["id"],
        title=data["title"],
        prompt=data["prompt"],
        owner=data["owner"],
        note_count=data["note_count"],
        group_ids=tuple(data["group_ids"]),
        entries=tuple(_entry_from(e) for e in data["entries"]),
        proposed_by=data["proposed_by"],
        also_proposed_by=tuple(data.get("also_proposed_by", [])),
        title_variants=tuple(data.get("title_variants", [])),
    )


def appendix_from_dict(data: dict[str, Any]) -> Appendix:
    """The model back from `appendix_to_dict`'s output; refuses another format or a newer version."""
    if data.get("format") != FORMAT_NAME:
        raise ValueError(f"not a Stjernestund appendix (format {data.get('format')!r})")
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f"appendix JSON version {data.get('version')!r}; this version reads {FORMAT_VERSION}")
    return Appendix(
        language=data["language"],
        meeting=data["meeting"]["title"],
        date=dt.date.fromisoformat(data["meeting"]["date"]),
        network=data["meeting"]["network"],
        participant_count=data["participants"]["count"],
        group_count=data["participants"]["groups"],
        units=tuple(data["participants"]["units"]),
        names_included=data["names_included"],
        groups=tuple(
            GroupInfo(g["id"], g["number"], g["name"], g["participants"], tuple(Member(m["name"], m["unit"]) for m in g["members"]))
            for g in data["groups"]
        ),
        exercises=tuple(
            ExerciseReport(
                id=ex["id"],
                kind=ex["kind"],
                title=ex["title"],
                plenum_lines=tuple(ex["plenum_lines"]),
                lanes=tuple(_lane_from(lane) for lane in ex["lanes"]),
                proposed_lanes=tuple(_lane_from(lane) for lane in ex["proposed_lanes"]),
                follow_ups=tuple(
                    FollowUpReport(f["id"], f["what"], f["who"], f["due"], f.get("lane_id")) for f in ex.get("follow_ups", [])
                ),
                dots=ex.get("dots", 0),
                important_intro=ex.get("important_intro", ""),
            )
            for ex in data["exercises"]
        ),
        owner=data["owner"],
        appendix_label=data.get("appendix", ""),
        agenda_item=data.get("agenda_item", ""),
        time=data["meeting"].get("time", ""),
        place=data["meeting"].get("place", ""),
        people_count=data["participants"].get("people", 0),
        absent_units=tuple(data["participants"].get("absent_units", [])),
    )
