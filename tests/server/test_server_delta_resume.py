"""A resume with `since` sends only the notes changed since (issue 18), and
the phone that applies it holds exactly what a whole snapshot would give it.

The property: for any meeting, a phone's whole snapshot taken at some point
(its `rev`), plus the partial `welcome` the hub answers a resume with
`since=rev` after any further commands, applied as the phone applies it
(upsert `notes`, drop `removed`, keep the rest), equals a fresh whole
snapshot, for every participant. The hub's own code builds every frame."""

from __future__ import annotations

import asyncio
import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from plans import MODULES, make_plan

from facilitator.core import commands as c
from facilitator.core.errors import DomainError
from facilitator.runtime import LiveSession
from facilitator.server.transport.hub import Hub
from facilitator.server.transport.limits import Limits

STAR = "netvaerksstjernen"
MODULE = "kompetencemoduler"
STAR_LANES = ["behov", "bidrag", "rammer"]
MODULE_LANES = [lane for lane, _, _ in MODULES[:3]]
PEOPLE = [f"p{i}" for i in range(6)]
GROUPS = ["g1", "g2", "g3"]


class Room:
    """A live session with a hub, and the ids the random commands pick from."""

    def __init__(self, folder: Path, visibility: str, show_names: bool) -> None:
        plan = make_plan(groups=3, show_names=show_names, star_options={"visibility": visibility},
                         module_options={"visibility": visibility})
        self.session = LiveSession.open(folder / "delta.sqlite3", plan)
        self.session.execute(c.StartExercise(MODULE))
        for i, pid in enumerate(PEOPLE):
            self.session.execute(c.Join(pid, "h", f"Navn {i}", "AKM", GROUPS[i % 3]))
        self.hub = Hub(self.session, Limits())
        self.hub.partial_up_to = float("inf")  # every resume it can answer partially is answered so, to be checked
        self.notes: list[str] = []
        self.lanes: list[str] = []
        self.counter = 0

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def run(self, command: c.Command) -> None:
        try:
            self.session.execute(command)
        except DomainError:
            pass  # refused: changes nothing, which is also a case

    def phones(self) -> list[str]:
        return [pid for pid, p in self.session.state.participants.items() if p.present]

    def welcome(self, pid: str, since: int | None = None) -> dict[str, Any]:
        participant = self.session.state.participants[pid]
        return json.loads(self.hub.welcome(participant, "da", None, since))["snapshot"]


def command(draw: st.DrawFn, room: Room) -> c.Command:
    state = room.session.state
    ex = state.current_exercise_id or MODULE
    lanes = (MODULE_LANES if ex == MODULE else STAR_LANES) + [
        lid for lid in state.exercises[ex].proposed_lanes
    ]
    pid = draw(st.sampled_from(PEOPLE))
    current = [n for n in room.notes if n in state.notes and state.notes[n].exercise_id == ex]
    nid = draw(st.sampled_from(current)) if current else "n-none"  # the facilitator works on the exercise shown
    author = state.notes[nid].author_id if nid in state.notes else None
    writer = author if author is not None and draw(st.booleans()) else pid
    text = draw(st.sampled_from(["Ny tekst", "Rettet", "Æblegrød", "x" * 30]))
    # the note-level changes often; the wholesale ones (after which a resume gets a whole snapshot) now and then
    notes_level = ["add"] * 2 + ["group_add", "edit", "edit", "moderate_edit", "delete", "hide", "unhide", "merge",
                                 "move", "highlight", "undo", "vote", "unvote", "phase", "propose", "move_participant"]
    wholesale = ["hide_proposal", "rename_proposal", "merge_proposals", "reveal", "next_exercise"]  # for every phone
    kind = draw(st.sampled_from(notes_level * 4 + wholesale))
    match kind:
        case "add":
            room.notes.append(new := room.new_id("n"))
            return c.AddNote(pid, new, ex, draw(st.sampled_from(lanes)), text)
        case "group_add":
            room.notes.append(new := room.new_id("f"))
            return c.AddNoteForGroup(new, ex, draw(st.sampled_from(lanes)), draw(st.sampled_from(GROUPS)), text)
        case "edit":
            return c.EditNote(writer, nid, text + " (rettet)")
        case "moderate_edit":
            return c.ModerateEdit(nid, text + " (af facilitator)")
        case "delete":
            return c.DeleteNote(writer, nid)
        case "hide" | "unhide":
            return c.HideNote(nid, kind == "hide")
        case "merge":
            same = [o for o in room.notes if o in state.notes and o != nid and state.notes[o].exercise_id == ex]
            others = draw(st.lists(st.sampled_from(same or ["n-none"]), min_size=1, max_size=2, unique=True))
            return c.MergeNotes(nid, tuple(o for o in others if o != nid) or ("n-none",))
        case "move":
            return c.MoveNote(nid, draw(st.sampled_from(lanes)))
        case "highlight":
            return c.HighlightNote(nid, draw(st.booleans()))
        case "undo":
            return c.UndoModeration(ex)
        case "vote":
            return c.CastVote(pid, nid)
        case "unvote":
            return c.RemoveVote(pid, nid)
        case "phase":
            return c.SetPhase(ex, draw(st.sampled_from(["writing", "voting"])))
        case "propose":
            return c.ProposeLane(pid, room.new_id("lane-"), ex, f"Forslag {room.counter}")
        case "hide_proposal" | "rename_proposal" | "merge_proposals":
            proposed = list(state.exercises[ex].proposed_lanes) or ["lane-none"]
            lane = draw(st.sampled_from(proposed))
            if kind == "hide_proposal":
                return c.HideProposal(ex, lane, draw(st.booleans()))
            if kind == "rename_proposal":
                return c.RenameProposal(ex, lane, "Omdøbt")
            return c.MergeProposals(ex, lane, tuple(x for x in proposed if x != lane)[:1] or ("lane-none",))
        case "reveal":
            return c.Reveal(ex, draw(st.booleans()))
        case "move_participant":
            return c.MoveParticipant(pid, draw(st.sampled_from(GROUPS)))
        case _:
            return c.StartExercise(STAR if ex == MODULE else MODULE)


def apply_welcome(held: dict[str, Any], snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the phone page does with a welcome's snapshot (client/app.js)."""
    if not snapshot["partial"]:
        return {**snapshot, "notes": {n["id"]: n for n in snapshot["notes"]}}
    assert not set(snapshot["removed"]) & {n["id"] for n in snapshot["notes"]}
    notes = dict(held["notes"])
    for note in snapshot["notes"]:
        notes[note["id"]] = note
    for note_id in snapshot["removed"]:
        notes.pop(note_id, None)
    return {**snapshot, "notes": notes}


def comparable(view: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in view.items() if k not in ("server_time", "partial", "removed")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    visibility=st.sampled_from(["group", "all", "hidden"]),
    show_names=st.booleans(),
    before=st.integers(0, 25),
    after=st.integers(0, 25),
)
def test_a_whole_snapshot_plus_the_partial_welcome_is_a_fresh_whole_snapshot(data, visibility, show_names, before, after):
    with tempfile.TemporaryDirectory() as folder:
        room = Room(Path(folder), visibility, show_names)
        try:
            for _ in range(before):
                room.run(data.draw(st.composite(command)(room)))
            rev = room.hub.rev
            held = {pid: apply_welcome({}, room.welcome(pid)) for pid in room.phones()}
            assert all(view["rev"] == rev for view in held.values())
            for _ in range(after):
                room.run(data.draw(st.composite(command)(room)))
            partial_seen = False
            for pid in room.phones():
                if pid not in held:
                    continue
                resumed = room.welcome(pid, since=rev)
                partial_seen |= resumed["partial"]
                event("partial" if resumed["partial"] else "whole")
                fresh = room.welcome(pid)
                assert not fresh["partial"] and fresh["removed"] == []
                assert resumed["rev"] == fresh["rev"] == room.hub.rev
                assert comparable(apply_welcome(held[pid], resumed)) == comparable(apply_welcome({}, fresh)), pid
        finally:
            room.session.close()


def test_a_resume_after_only_notes_sends_only_those_notes(tmp_path):
    room = Room(tmp_path, "group", False)
    for i in range(20):
        room.run(c.AddNote(PEOPLE[i % 6], f"old{i}", MODULE, MODULE_LANES[0], f"Gammel {i}"))
    rev = room.hub.rev
    room.run(c.AddNote("p1", "new", MODULE, MODULE_LANES[0], "Ny"))  # p1 is in g2
    room.run(c.EditNote("p0", "old0", "Rettet"))  # p0 is in g1
    room.run(c.HideNote("old6"))  # p0's, g1
    resumed = room.welcome("p3", since=rev)  # p3 is in g1 with p0
    assert resumed["partial"] is True
    assert [n["id"] for n in resumed["notes"]] == ["old0"]
    # `new` and `old19` (the change at `since` itself, always sent again) are
    # g2's: never p3's to see; dropping them is harmless
    assert resumed["removed"] == ["old6", "old19", "new"]
    author = room.welcome("p0", since=rev)
    assert [(n["id"], n["moderation"]) for n in author["notes"]] == [("old0", None), ("old6", "hidden")]
    room.session.close()


def test_a_since_the_hub_cannot_answer_gets_a_whole_snapshot(tmp_path):
    room = Room(tmp_path, "group", False)
    room.run(c.AddNote("p0", "a", MODULE, MODULE_LANES[0], "A"))
    rev = room.hub.rev
    whole = len(room.welcome("p0")["notes"])
    for since in (room.hub.floor - 1, room.hub.rev + 1, -5, 10**12):
        view = room.welcome("p0", since=since)
        assert view["partial"] is False and len(view["notes"]) == whole, since
    assert room.welcome("p0", since=rev)["partial"] is True
    room.run(c.Reveal(MODULE))  # wholesale: every phone's sight changed
    assert room.welcome("p0", since=rev)["partial"] is False
    rev = room.hub.rev
    room.run(c.MoveParticipant("p0", "g2"))
    assert room.welcome("p0", since=rev)["partial"] is False
    assert room.welcome("p1", since=rev)["partial"] is True  # another's move changes nothing of p1's
    rev = room.hub.rev
    room.hub.partial_up_to = 1.0  # as the server runs
    for i in range(3):  # more changes than the exercise has notes: the whole snapshot is the cheaper answer
        room.run(c.EditNote("p0", "a", f"A {i}"))
    assert room.welcome("p1", since=rev)["partial"] is False
    room.session.close()


def test_after_a_restart_the_hub_remembers_nothing_from_before(tmp_path):
    room = Room(tmp_path, "group", False)
    room.run(c.AddNote("p0", "a", MODULE, MODULE_LANES[0], "A"))
    rev = room.hub.rev
    room.session.close()
    session = LiveSession.open(tmp_path / "delta.sqlite3")
    hub = Hub(session, Limits())
    assert hub.floor == hub.rev == rev == session.state.event_count
    participant = session.state.participants["p0"]
    assert json.loads(hub.welcome(participant, "da", None, rev - 1))["snapshot"]["partial"] is False
    assert json.loads(hub.welcome(participant, "da", None, rev))["snapshot"]["partial"] is True
    session.close()


def test_a_note_merged_into_one_that_changes_is_sent_again_to_its_writer(tmp_path):
    """The writer of a merged note is shown the kept note's text (`merged_with`):
    an edit of the kept note changes the merged one's view too."""
    room = Room(tmp_path, "group", False)
    room.run(c.AddNote("p0", "kept", MODULE, MODULE_LANES[0], "Beholdt"))
    room.run(c.AddNote("p3", "merged", MODULE, MODULE_LANES[0], "Slået sammen"))
    room.run(c.MergeNotes("kept", ("merged",)))
    rev = room.hub.rev
    held = apply_welcome({}, room.welcome("p3"))
    assert held["notes"]["merged"]["merged_with"] == "Beholdt"
    room.run(c.EditNote("p0", "kept", "Beholdt, rettet"))
    resumed = apply_welcome(held, room.welcome("p3", since=rev))
    assert resumed["notes"]["merged"]["merged_with"] == "Beholdt, rettet"
    assert comparable(resumed) == comparable(apply_welcome({}, room.welcome("p3")))
    room.session.close()


# -- over a real WebSocket on 127.0.0.1 ---------------------------------------------------


class Held:
    """What a phone holds, applied frame by frame as the page applies them."""

    def __init__(self, welcome: dict[str, Any]) -> None:
        self.view = apply_welcome({}, welcome["snapshot"])
        self.rev: int = welcome["snapshot"]["rev"]

    def apply(self, frame: dict[str, Any]) -> None:
        if frame["type"] in ("note", "note_removed", "lane"):
            assert frame["rev"] >= 0
            self.rev = max(self.rev, frame["rev"])
        if frame["type"] == "note":
            self.view["notes"][frame["note"]["id"]] = frame["note"]
        elif frame["type"] == "note_removed":
            self.view["notes"].pop(frame["note_id"], None)
        elif frame["type"] == "ack" and frame.get("note"):
            self.view["notes"][frame["note"]["id"]] = frame["note"]
        elif frame["type"] == "snapshot":
            self.view, self.rev = apply_welcome({}, frame), frame["rev"]

    def resumed(self, welcome: dict[str, Any]) -> None:
        self.view = apply_welcome(self.view, welcome["snapshot"])
        self.rev = welcome["snapshot"]["rev"]


async def acked(phone) -> dict[str, Any]:
    """The phone's next `ack`, past the pushes before it."""
    while (frame := await phone.recv())["type"] != "ack":
        pass
    return frame


async def resume(make_phone, server, phone, **since: Any) -> dict[str, Any]:
    again = await make_phone(server)
    await again.send("resume", code=server.code, participant_id=phone.participant_id, secret=phone.secret, **since)
    welcome = await again.expect("welcome")
    await again.close()
    return welcome


async def test_a_phone_back_after_a_drop_gets_only_what_changed_and_then_holds_what_a_fresh_one_does(
    server, joined, make_phone
):
    away = await joined(server, group_id="g1")
    mate = await joined(server, group_id="g1")
    other = await joined(server, group_id="g2")
    held = Held(away.welcome)
    for i in range(6):
        await mate.note(f"old-{i}", text=f"Gammel {i}")
        await acked(mate)
    await away.note("mine", text="Min egen")
    while (frame := await away.recv())["type"] != "ack":
        held.apply(frame)
    held.apply(frame)
    for frame in await away.until_pong():
        held.apply(frame)
    assert sorted(held.view["notes"]) == ["mine", "old-0", "old-1", "old-2", "old-3", "old-4", "old-5"]
    await away.close()

    await mate.note("new", text="Skrevet mens den var væk")
    await acked(mate)
    await mate.send("edit", note_id="old-1", text="Rettet mens den var væk")
    await acked(mate)
    await other.note("theirs", text="Gruppe 2's")
    await acked(other)
    server.session.execute(c.HideNote("old-2"))
    server.session.execute(c.HideNote("mine"))

    welcome = await resume(make_phone, server, away, since=held.rev)
    snapshot = welcome["snapshot"]
    assert snapshot["partial"] is True
    # old-5's push was the last frame it got (its `since`): the changes at `since` are sent again
    assert [n["id"] for n in snapshot["notes"]] == ["old-1", "old-5", "mine", "new"]
    assert [n["moderation"] for n in snapshot["notes"]] == [None, None, "hidden", None]
    assert sorted(snapshot["removed"]) == ["old-2", "theirs"]
    held.resumed(welcome)
    fresh = (await resume(make_phone, server, away))["snapshot"]
    assert fresh["partial"] is False
    assert comparable(held.view) == comparable(apply_welcome({}, fresh))

    for since in ({}, {"since": server.hub.floor - 1}, {"since": server.hub.rev + 1}):
        whole = (await resume(make_phone, server, away, **since))["snapshot"]
        assert whole["partial"] is False and whole["removed"] == [], since
        assert sorted(n["id"] for n in whole["notes"]) == sorted(held.view["notes"]), since


async def test_a_phone_dropped_anywhere_in_busy_group_commits_resumes_to_exactly_a_fresh_view(
    make_server, joined, make_phone
):
    """Four phones write and edit at once: their notes share group commits,
    whose events are in the state before they are on disk and told after.
    A fifth phone reads every frame; wherever its connection had dropped
    (after any frame), what it held then plus the answer to a resume with
    its `since` must be exactly a fresh view: the stamps never claim a push
    the phone had not been sent."""
    server = await make_server(make_plan(star_options={"visibility": "all"}))
    reader = await joined(server, group_id="g1")
    writers = [await joined(server, group_id=g) for g in ("g1", "g2", "g1", "g3")]
    held = Held(reader.welcome)
    prefixes = [(held.rev, copy.deepcopy(held.view))]  # what it held after each frame

    async def write(k: int, phone) -> None:
        sent = 0
        for i in range(20):  # all at once, not waiting for the acks: the commits hold several phones' notes
            await phone.note(f"w{k}-{i}", lane_id=["behov", "form"][i % 2], text=f"Note {i} fra {k}")
            sent += 1
            if i % 3 == 2:
                await phone.send("edit", note_id=f"w{k}-{i - 1}", text=f"Rettet {i}")
                sent += 1
        for _ in range(sent):
            await acked(phone)

    await asyncio.gather(*(write(k, phone) for k, phone in enumerate(writers)))
    for frame in await reader.until_pong():
        held.apply(frame)
        prefixes.append((held.rev, copy.deepcopy(held.view)))
    assert len(prefixes) > 100
    # One event with several frames to the reader (a merge of three notes), and
    # one command of several events (a participant removed with their notes):
    # a connection may carry only the first frames of either before it drops.
    server.session.execute(c.HideNote("w0-3"))
    server.session.execute(c.MergeNotes("w1-0", ("w2-0", "w0-0", "w3-0")))
    server.session.execute(c.RemoveParticipant(writers[3].participant_id, keep_notes=False))
    for frame in await reader.until_pong():
        held.apply(frame)
        prefixes.append((held.rev, copy.deepcopy(held.view)))
    hub, participant = server.hub, server.session.state.participants[reader.participant_id]
    fresh = comparable(apply_welcome({}, json.loads(hub.welcome(participant, "da", None))["snapshot"]))
    partial = 0
    for k, (rev, view) in enumerate(prefixes):
        resumed = json.loads(hub.welcome(participant, "da", None, rev))["snapshot"]
        partial += resumed["partial"]
        assert comparable(apply_welcome(view, resumed)) == fresh, f"dropped after frame {k} (rev {rev})"
    assert partial > len(prefixes) // 2  # whole only where more changed than the exercise holds
    # and once over the wire, from the middle
    rev, view = prefixes[len(prefixes) // 2]
    welcome = await resume(make_phone, server, reader, since=rev)
    assert welcome["snapshot"]["partial"] is True and len(welcome["snapshot"]["notes"]) < len(fresh["notes"])
    assert comparable(apply_welcome(view, welcome["snapshot"])) == fresh
