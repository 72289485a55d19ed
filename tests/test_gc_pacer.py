"""Pacing Python's full garbage collections: the pacer itself, and the
headless server's use of it (the console's is driven by its own tick)."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from plans import make_plan

from facilitator import gc_pacer
from facilitator.core import commands as c
from facilitator.runtime import LiveSession


def test_the_gc_pacer_freezes_the_long_lived_objects_and_tidies_only_when_quiet(monkeypatch):
    before = gc.get_threshold()
    pacer = gc_pacer.GcPacer()
    pacer.start()
    try:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] == gc_pacer.FULL_COLLECTION_THRESHOLD
        monkeypatch.setattr(gc_pacer, "TIDY_EVERY", 0.0)
        pacer.activity()
        pacer.tick()
        assert pacer.tidied == 0  # something just happened: no pause now
        monkeypatch.setattr(gc_pacer, "QUIET_SECONDS", 0.0)
        pacer.tick()
        assert pacer.tidied == 1 and gc.get_freeze_count() > 0
        monkeypatch.setattr(gc_pacer, "QUIET_SECONDS", 60.0)
        monkeypatch.setattr(gc_pacer, "TIDY_AT_LEAST", 0.0)
        pacer.activity()
        pacer.tick()
        assert pacer.tidied == 2  # never quiet: tidied anyway, at the latest after ten minutes
    finally:
        pacer.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


async def test_a_server_without_console_paces_collections_while_it_runs_and_gives_them_back(journal_path: Path):
    session = LiveSession.open(journal_path, make_plan())
    before = gc.get_threshold()
    pacing = asyncio.create_task(gc_pacer.pace_collections(session, gc_pacer.GcPacer()))
    try:
        await asyncio.sleep(0)  # one turn of the loop: the task runs up to its first wait
        assert gc.get_threshold()[2] == gc_pacer.FULL_COLLECTION_THRESHOLD and gc.get_freeze_count() > 0
        session.execute(c.Join("p1", "h", "Katrine", "AKM", "g1"))  # told of the room's activity, as listener
        assert len(session._listeners) == 1
    finally:
        pacing.cancel()
        await asyncio.gather(pacing, return_exceptions=True)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    assert session._listeners == []  # unsubscribed: nothing left behind
    session.close()
