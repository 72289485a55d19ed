"""The JSON appendix: everything, in the shape docs/appendix.md documents,
and read back to the same model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_helpers import Meeting, realistic

from facilitator.core import commands as cmd
from facilitator.export import ExportError, export_state, load_session
from facilitator.export.json import FORMAT_VERSION, appendix_from_dict, appendix_to_dict, render_json
from facilitator.export.model import build_appendix
from facilitator.runtime import LiveSession


def test_json_round_trips_to_the_same_appendix(exported: dict[str, Path], realistic_journal: Path) -> None:
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    assert appendix_from_dict(data) == build_appendix(load_session(realistic_journal))


def test_json_has_the_documented_shape(exported: dict[str, Path]) -> None:
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    assert set(data) == {"format", "version", "language", "title", "owner", "appendix", "agenda_item", "meeting", "participants", "names_included", "groups", "exercises"}
    assert (data["format"], data["version"], data["language"]) == ("stjernestund-appendix", FORMAT_VERSION, "da")
    assert data["meeting"] == {"title": "AMK-netværksmøde", "date": "2025-02-04", "network": "Arbejdsmiljøkoordinatornetværket", "time": "", "place": ""}
    assert data["participants"]["count"] == 22 and data["participants"]["groups"] == 5
    assert data["groups"][0] == {"id": "g1", "number": 1, "name": None, "label": "Gruppe 1", "participants": 5, "members": []}
    star, modules = data["exercises"]
    assert set(star) == {"id", "kind", "title", "plenum_lines", "lanes", "proposed_lanes", "follow_ups", "dots", "important_intro"}
    assert (star["kind"], modules["kind"]) == ("star", "brainstorm")
    assert star["plenum_lines"] == realistic.STAR_PLENUM
    lane = modules["lanes"][0]
    assert set(lane) == {"id", "title", "prompt", "owner", "proposed_by", "also_proposed_by", "title_variants", "note_count", "group_ids", "entries"}
    entry = lane["entries"][0]
    assert entry == {
        "text": "Inddrage og uddanne ledelsen – ikke kun AMK og AMR",
        "group_ids": ["g4", "g5"],
        "votes": 7,
        "highlighted": True,
        "note_ids": ["m-ledelse-4", "m-ledelse-5"],
        "variants": ["Ledelsen skal også klædes på til det psykiske arbejdsmiljø"],
        "variant_groups": [["g5"]],
        "merged_by_facilitator": True,
        "auto_grouped": False,
        "first_seq": entry["first_seq"],
        "authors": [],
    }
    proposed = modules["proposed_lanes"][0]
    assert (proposed["id"], proposed["title"], proposed["proposed_by"], proposed["note_count"]) == ("modul-7", "Fra viden til praksis", "g3", 2)


def test_json_keeps_what_the_documents_leave_implicit(exported: dict[str, Path]) -> None:
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    behov = data["exercises"][0]["lanes"][0]
    sparring = behov["entries"][0]
    assert sparring["auto_grouped"] and not sparring["merged_by_facilitator"]
    assert sparring["note_ids"] == ["s-sparring-2", "s-sparring-4", "s-sparring-5"]
    assert sparring["variants"] == ["sparring med andre AMK'er", "Sparing med andre AMKere"]
    all_ids = [i for ex in data["exercises"] for lane in ex["lanes"] + ex["proposed_lanes"] for e in lane["entries"] for i in e["note_ids"]]
    assert realistic.STAR_HIDDEN not in all_ids
    written = len(realistic.STAR_NOTES) + 1 + len(realistic.MODULE_NOTES) + len(realistic.PROPOSED_NOTES)  # + the paper note
    assert len(all_ids) == len(set(all_ids)) == written - 1  # every note once, but the hidden one


def test_json_by_owner_holds_only_that_owners_lanes(tmp_path: Path, realistic_journal: Path) -> None:
    written = export_state(load_session(realistic_journal), tmp_path, formats=("json",), by_owner=True)
    owner_files = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in written[1:]}
    assert len(owner_files) == 6
    anders = owner_files["bilag-2025-02-04-amk-netvaerksmoede-anders-jacobsen-koncern-hr.json"]
    assert anders["owner"] == "Anders Jacobsen, Koncern HR"
    (exercise,) = anders["exercises"]
    assert [lane["id"] for lane in exercise["lanes"]] == ["amo-i-forandring"]
    assert exercise["plenum_lines"] == list(realistic.MODULE_PLENUM) and exercise["proposed_lanes"] == []


def test_json_reader_refuses_another_format_or_a_newer_version(exported: dict[str, Path]) -> None:
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="version"):
        appendix_from_dict({**data, "version": FORMAT_VERSION + 1})
    with pytest.raises(ValueError, match="not a Stjernestund appendix"):
        appendix_from_dict({**data, "format": "something-else"})


def test_export_names_files_after_the_plan_and_writes_only_the_formats_asked(tmp_path: Path, realistic_journal: Path) -> None:
    written = export_state(load_session(realistic_journal), tmp_path, formats=("md", "json"))
    assert [p.name for p in written] == ["bilag-2025-02-04-amk-netvaerksmoede.md", "bilag-2025-02-04-amk-netvaerksmoede.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)  # no temporary files left


def test_export_refuses_an_unknown_format_before_writing_anything(tmp_path: Path, realistic_journal: Path) -> None:
    with pytest.raises(ExportError, match="ukendt format: odt"):
        export_state(load_session(realistic_journal), tmp_path / "out", formats=("md", "odt"))
    assert not (tmp_path / "out").exists()


def test_export_works_during_the_meeting_while_the_journal_is_open(tmp_path: Path) -> None:
    journal = tmp_path / "live.sqlite3"
    session = realistic.build_session(journal)
    try:
        written = export_state(load_session(journal), tmp_path / "out", formats=("md",))
        assert "Fra viden til praksis" in written[0].read_text(encoding="utf-8")
    finally:
        session.close()
    reopened = LiveSession.open(journal)  # the export changed nothing the meeting needs
    try:
        assert len(reopened.state.notes) == len(session.state.notes)
    finally:
        reopened.close()


def test_json_carries_the_follow_ups_in_order_and_reads_them_back(meeting: Meeting) -> None:
    meeting.do(cmd.SetFollowUp("netvaerksstjernen", "f1", "Lav en fælles kalender", "Mette", "1. marts"))
    meeting.do(cmd.SetFollowUp("kompetencemoduler", "f2", "Find en underviser", "", "", "amo-i-forandring"))
    meeting.do(cmd.SetFollowUp("netvaerksstjernen", "f3", "Spørg AIT om lokaler"))
    appendix = build_appendix(meeting.state)
    data = appendix_to_dict(appendix)
    star, modules = data["exercises"]
    assert star["follow_ups"] == [
        {"id": "f1", "what": "Lav en fælles kalender", "who": "Mette", "due": "1. marts", "lane_id": None},
        {"id": "f3", "what": "Spørg AIT om lokaler", "who": "", "due": "", "lane_id": None},
    ]
    assert modules["follow_ups"] == [{"id": "f2", "what": "Find en underviser", "who": "", "due": "", "lane_id": "amo-i-forandring"}]
    assert appendix_from_dict(json.loads(render_json(appendix))) == appendix


def test_an_owners_file_holds_only_the_follow_ups_of_that_owners_lanes(meeting: Meeting) -> None:
    meeting.do(cmd.SetFollowUp("kompetencemoduler", "f1", "Find en underviser", "", "", "amo-i-forandring"))
    meeting.do(cmd.SetFollowUp("kompetencemoduler", "f2", "Book lokale", "", "", "sexisme"))
    meeting.do(cmd.SetFollowUp("kompetencemoduler", "f3", "Send referat"))
    appendix = build_appendix(meeting.state)
    owner = next(lane.owner for ex in appendix.exercises for lane in ex.lanes if lane.id == "amo-i-forandring")
    assert owner is not None
    (exercise,) = appendix.for_owner(owner).exercises
    assert [f.id for f in exercise.follow_ups] == ["f1"]
