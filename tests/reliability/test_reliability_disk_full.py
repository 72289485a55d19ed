"""A full journal, without root: SQLite's `max_page_count` makes the journal
"full" for real (SQLITE_FULL from the same code path as a full disk). The
phone gets `not_stored` and no ack, nobody is shown the note, nothing stored
is lost, and the resend after space is freed is stored once. (The same with
a real small file system: test_reliability_journal.py, where mounting works.)"""

from __future__ import annotations

from collections import Counter

from facilitator.journal import read_events


def stored(server) -> Counter[str]:
    events, warnings = read_events(server.session.journal.path)
    assert warnings == []
    return Counter(e.note_id for e in events if e.type == "note_added")


async def test_a_full_journal_answers_not_stored_and_the_resend_is_stored_once(server, joined):
    phone = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    journal = server.session.journal._db
    pages = journal.execute("PRAGMA page_count").fetchone()[0]
    journal.execute(f"PRAGMA max_page_count = {pages}")  # not one page more: the disk is full

    acked: list[str] = []
    for i in range(500):
        await phone.note(f"n-{i}", text=f"Note {i} " + "x" * 200)
        answer = await phone.recv()
        if answer["type"] != "ack":
            break
        acked.append(answer["note_id"])
    else:
        raise AssertionError("the journal never filled up")
    refused = f"n-{len(acked)}"
    assert answer == {
        "v": 1, "type": "error", "code": "not_stored", "request": "note", "note_id": refused,
        "message": "Det blev ikke gemt. Telefonen prøver igen om lidt.",
    }
    assert await phone.until_pong() == []  # no ack follows
    assert [f["note"]["id"] for f in await mate.until_pong()] == acked  # the mate never saw the refused one
    assert refused not in server.session.state.notes
    assert stored(server) == Counter(dict.fromkeys(acked, 1))  # everything acknowledged is there

    await phone.note(refused, text=f"Note {len(acked)} " + "x" * 200)  # still full: refused again
    assert (await phone.expect("error"))["code"] == "not_stored"
    journal.execute("PRAGMA max_page_count = 1073741823")  # space again
    await phone.note(refused, text=f"Note {len(acked)} " + "x" * 200)
    assert (await phone.expect("ack"))["note_id"] == refused
    assert stored(server) == Counter(dict.fromkeys([*acked, refused], 1))
