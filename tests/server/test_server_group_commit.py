"""Phones writing at the same moment: their notes share journal commits, and
each phone is still answered only once its note is on disk."""

from __future__ import annotations

import asyncio
import sqlite3

from facilitator.journal import read_events
from tests.support.phones import TIMEOUT, eventually

PHONES = 12


def stored_notes(server) -> list[str]:
    events, _ = read_events(server.session.journal.path)
    return [e.note_id for e in events if e.type == "note_added"]


def count_commits(server) -> list[int]:
    """Events per journal transaction from now on (the real journal still writes them)."""
    sizes: list[int] = []
    journal = server.session.journal
    append_rows = journal.append_rows  # every append ends here, on the journal's thread for the phones

    def recording(rows: list[tuple[str, str, int]]) -> None:
        append_rows(rows)
        sizes.append(len(rows))

    journal.append_rows = recording
    return sizes


async def send_together(phones, texts: dict[str, str]) -> None:
    """Every phone sends its note before the server reads any of them."""
    for phone, (note_id, text) in zip(phones, texts.items(), strict=True):
        await phone.note(note_id, text=text)


async def until_ack(phone) -> dict:
    """The phone's ack, past the group's notes that may come before it."""
    while (frame := await phone.recv())["type"] != "ack":
        assert frame["type"] == "note", frame
    return frame


async def test_notes_sent_at_the_same_moment_share_commits_and_each_phone_gets_its_own_ack(server, joined):
    phones = [await joined(server, group_id="g1" if i < 6 else "g2") for i in range(PHONES)]
    commits = count_commits(server)
    texts = {f"n-{i}": f"Note {i} fra en travl gruppe: æøå" for i in range(PHONES)}
    await send_together(phones, texts)
    for number, (phone, (note_id, text)) in enumerate(zip(phones, texts.items(), strict=True)):
        pushed = []
        while (frame := await phone.recv())["type"] != "ack":
            pushed.append(frame)  # the group's notes may come before this phone's own ack
        assert frame["note_id"] == note_id and frame["note"]["text"] == text and frame["note"]["mine"] is True
        pushed += await phone.until_pong()
        group = range(0, 6) if number < 6 else range(6, PHONES)
        assert sorted(f["note"]["id"] for f in pushed) == sorted(f"n-{i}" for i in group if i != number)
    assert sorted(stored_notes(server)) == sorted(texts)
    assert sum(commits) == PHONES and max(commits) > 1  # fewer transactions than notes


async def test_when_a_shared_commit_fails_no_phone_gets_an_ack_and_nobody_sees_the_notes(server, joined):
    phones = [await joined(server, group_id="g1") for _ in range(4)]
    watcher = await joined(server, group_id="g1")
    path = server.session.journal.path
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another program holds the file: the commit cannot happen
    server.session.journal._db.execute("PRAGMA busy_timeout = 50")
    texts = {f"n-{i}": f"Går tabt {i}" for i in range(len(phones))}
    try:
        await send_together(phones, texts)
        for phone, note_id in zip(phones, texts, strict=True):
            error = await phone.expect("error")
            assert error["code"] == "not_stored" and error["note_id"] == note_id
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert await watcher.until_pong() == []
    assert server.session.state.notes == {} and stored_notes(server) == []
    await send_together(phones, texts)  # each phone sends its note again, same id
    for phone, note_id in zip(phones, texts, strict=True):
        assert (await until_ack(phone))["note_id"] == note_id
    assert sorted(stored_notes(server)) == sorted(texts)
    pushed = [f["note"]["id"] for f in await watcher.until_pong() if f["type"] == "note"]
    assert sorted(pushed) == sorted(texts)


async def test_a_phones_messages_are_answered_in_the_order_it_sent_them(server, joined):
    phone = await joined(server, group_id="g1")
    await phone.note("n-1", text="Først")
    await phone.send("edit", note_id="n-1", text="Så rettet")
    await phone.send("ping")
    await phone.send("delete", note_id="n-1")
    async with asyncio.timeout(TIMEOUT):
        answers = [await phone.recv() for _ in range(4)]
    assert [(a["type"], a.get("request")) for a in answers] == [("ack", "note"), ("ack", "edit"), ("pong", None), ("ack", "delete")]


async def test_while_a_commit_waits_for_the_disk_other_phones_are_answered_and_the_writer_only_after_it(server, joined):
    """Issue 18: the journal's flush runs on its own thread. A commit held up
    (here: another program holds the journal for a moment) keeps its phone
    waiting for the ack, but not the rest of the room: another phone's ping
    is answered meanwhile; the writer's ack comes once the note is stored."""
    writer = await joined(server, group_id="g1")
    other = await joined(server, group_id="g2")
    path = server.session.journal.path
    server.session.journal._db.execute("PRAGMA busy_timeout = 30000")  # the commit waits for the lock, however slow this machine
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        await writer.note("n-held", text="Venter på disken")
        await eventually(lambda: server.session.committing, "the commit is under way on the journal's thread")
        await other.send("ping")
        assert (await other.expect("pong"))["type"] == "pong"  # the loop answers while the disk is busy
        assert server.session.committing and stored_notes(server) == []  # and the note is not stored yet
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    ack = await until_ack(writer)
    assert ack["note_id"] == "n-held" and stored_notes(server) == ["n-held"]


async def test_a_busy_room_leaves_nothing_for_the_garbage_collector(server, joined):
    """Each commit is freed as soon as it is answered. A reference cycle per
    commit (its events, its phones' commands and answers) would wait for a
    full collection, which the pacer defers while the room is busy (and its
    freeze keeps): the server's memory would grow with every note."""
    import gc

    writer = await joined(server, group_id="g1")
    reader = await joined(server, group_id="g1")
    await writer.note("warm-up", text="Først en note")
    await writer.expect("ack")
    gc.collect()
    gc.disable()
    try:
        late = [await joined(server, group_id="g1") for _ in range(5)]  # joins are commits too
        for i in range(30):
            await writer.note(f"n-{i}", text=f"Note {i}: æøå")
            await writer.expect("ack")
        await reader.until_pong()
        await late[-1].until_pong()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        ours = [type(o).__qualname__ for o in gc.garbage if type(o).__module__.startswith("facilitator")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert ours == []
