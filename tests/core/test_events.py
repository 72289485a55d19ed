"""Events are plain data: the journal's format depends on no config model."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import typing
from pathlib import Path

from facilitator.core import events as ev

ROOT = Path(__file__).resolve().parents[2]
V1_JOURNAL = ROOT / "tests" / "data" / "journals" / "journal-v1.sqlite3"

# What reading a journal gives: every event as today's code holds it, and a
# few facts of the replayed state.
READ_JOURNAL = """
import json, sys
import facilitator
from facilitator.core.state import replay
from facilitator.journal import read_events
events, warnings = read_events(sys.argv[1])
state = replay(events)
print(json.dumps({
    "package": facilitator.__file__,
    "events": [event.model_dump_json() for event in events],
    "warnings": warnings,
    "notes": {n.id: [n.lane_id, n.text, n.live] for n in state.notes.values()},
    "exercises": [e.id for e in state.plan.exercises],
    "lanes": {e.id: [lane.id for lane in e.lanes] for e in state.plan.exercises},
}))
"""


def read_with(package_root: Path, journal: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", READ_JOURNAL, str(journal)],
        capture_output=True, text=True, check=True, cwd=package_root, env={"PYTHONPATH": str(package_root)},
    )
    return json.loads(result.stdout)


def test_the_events_module_imports_no_config_model() -> None:
    probe = "import sys, facilitator.core.events, facilitator.core.event_format; print([m for m in sys.modules if m.startswith('facilitator.config')])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_optional_key_added_to_the_config_models_does_not_change_how_an_old_journal_reads(tmp_path: Path) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(ROOT / "facilitator", changed / "facilitator", ignore=shutil.ignore_patterns("__pycache__"))
    models = changed / "facilitator" / "config" / "models.py"
    source = models.read_text(encoding="utf-8")
    for anchor, added in [
        ("    exercises: list[Exercise]\n", "    room: str = \"\"\n"),  # ResolvedPlan's last field
        ("    lanes: list[Lane] = Field(", "    show_timer_on_phones: bool = True\n"),  # Exercise
    ]:
        assert source.count(anchor) == 1, anchor
        source = source.replace(anchor, added + anchor)
    models.write_text(source, encoding="utf-8")
    journal = tmp_path / V1_JOURNAL.name
    shutil.copyfile(V1_JOURNAL, journal)

    today = read_with(ROOT, journal)
    with_new_keys = read_with(changed, journal)

    assert Path(str(with_new_keys.pop("package"))).is_relative_to(changed)
    assert Path(str(today.pop("package"))).is_relative_to(ROOT / "facilitator")
    assert len(today["events"]) == 167  # type: ignore[arg-type]
    assert with_new_keys == today


def test_every_event_class_is_in_the_event_union_that_apply_matches_on() -> None:
    classes = {value for value in vars(ev).values() if isinstance(value, type) and issubclass(value, ev._Event)} - {ev._Event}
    assert set(typing.get_args(typing.get_args(ev.Event)[0])) == classes
