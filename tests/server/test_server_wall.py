"""The projector wall on the server: its secret URL and socket, what its frames
carry (counts, never names, no note text before the reveal), and the secret
kept beside the journal so a restart keeps the wall's URL."""

from __future__ import annotations

import asyncio
import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plans import make_plan
from test_server_http import get
from websockets.asyncio.client import ClientConnection, connect

from facilitator.app import build_server, read_keys
from facilitator.core import commands as cmd
from facilitator.journal import read_events
from facilitator.runtime import LiveSession
from facilitator.server import SessionServer
from facilitator.server.transport.limits import Limits
from facilitator.server.wall.secret import sidecar_path
from tests.support.phones import MODULES, STAR, TIMEOUT, eventually


class WallClient:
    """A projector's browser as the server sees it: a socket at /wall-ws."""

    def __init__(self, ws: ClientConnection, server: SessionServer) -> None:
        self.ws = ws
        self.server = server

    @classmethod
    async def open(cls, server: SessionServer, secret: str | None = None, lang: str | None = None) -> WallClient:
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{server.port}/wall-ws")
        wall = cls(ws, server)
        if secret is not None:
            await wall.send("wall_hello", secret=secret, lang=lang)
        return wall

    async def send(self, type: str, **fields: Any) -> None:
        async with asyncio.timeout(TIMEOUT):
            await self.ws.send(json.dumps({"type": type, "v": 1, **fields}))

    async def raw(self) -> str:
        async with asyncio.timeout(TIMEOUT):
            return await self.ws.recv()

    async def recv(self) -> dict[str, Any]:
        return json.loads(await self.raw())

    async def frame_where(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first `wall` frame for which `wanted(frame)` holds (pushes come within 0.2 s)."""
        while True:
            frame = await self.recv()
            if frame["type"] == "wall" and wanted(frame):
                return frame

    async def frames_until_pong(self) -> list[str]:
        """Every frame before the answer to a ping, once no push is waiting to
        leave: everything the wall was sent so far (the server answers in order)."""
        await eventually(lambda: not self.server.wall.push_waiting, "the gathered push left")
        await self.send("ping")
        frames = []
        while True:
            raw = await self.raw()
            if json.loads(raw)["type"] == "pong":
                return frames
            frames.append(raw)

    async def close(self) -> None:
        async with asyncio.timeout(TIMEOUT):
            await self.ws.close()


def lanes(frame: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {lane["id"]: lane for lane in frame["exercise"]["lanes"]}


def counts(frame: dict[str, Any]) -> dict[str, int]:
    return {lane_id: lane["count"] for lane_id, lane in lanes(frame).items()}


async def welcomed(server: SessionServer, lang: str | None = None) -> tuple[WallClient, dict[str, Any]]:
    wall = await WallClient.open(server, server.wall_secret, lang)
    first = await wall.recv()
    assert first["type"] == "wall", first
    return wall, first


# -- the secret URL -----------------------------------------------------------------------------


async def test_the_wall_page_and_its_qr_code_open_only_at_the_secret_url(server, client_dir):
    (client_dir / "wall.html").write_text("<!doctype html><title>Wall</title>\n")
    secret = server.wall_secret
    assert server.wall_url == f"http://127.0.0.1:{server.port}/w/{secret}"
    for path in (f"/w/{secret}", f"/w/{secret}/"):
        status, headers, body = await get(server.port, path)
        assert (status, body) == (200, b"<!doctype html><title>Wall</title>\n"), path
        assert "script-src 'self'" in headers["content-security-policy"]
    status, headers, body = await get(server.port, f"/w/{secret}/qr.svg")
    assert status == 200 and headers["content-type"] == "image/svg+xml"
    assert body.startswith(b"<svg") and b"<script" not in body and b"href" not in body
    for path in (f"/w/{secret[:-1]}x", f"/w/{server.code}", f"/w/{server.code}/qr.svg", "/wall.html", "/w/"):
        status, _, body = await get(server.port, path)
        assert (status, body) == (404, b"Not found\n"), path


async def test_wrong_wall_secrets_count_with_wrong_codes_toward_the_limit_per_address(server, make_phone, client_dir):
    (client_dir / "wall.html").write_text("<!doctype html><title>Wall</title>\n")
    for i in range(5):
        status, _, _ = await get(server.port, f"/w/guess{i:02d}aaaaaaaaaaaaaaaa")
        assert status == 404
    for i in range(5):
        wall = await WallClient.open(server, f"guess{i:02d}bbbbbbbbbbbbbbbb")
        assert (await wall.recv())["code"] == "wrong_secret"
    status, _, _ = await get(server.port, f"/w/{server.wall_secret}")  # the right secret is never held up
    assert status == 200
    wall = await WallClient.open(server, server.wall_secret)
    assert (await wall.recv())["type"] == "wall"
    phone = await make_phone(server)  # the same address guessing codes instead: slowed by the same count
    await phone.send("hello", code="AAAAAAAA")
    assert (await phone.expect("error"))["code"] == "too_many_attempts"


async def test_a_wrong_secret_or_the_join_code_is_refused_and_the_socket_closed(server):
    for guess in ("wrong-secret-of-22-chars", server.code):
        wall = await WallClient.open(server, guess)
        error = await wall.recv()
        assert (error["type"], error["code"]) == ("error", "wrong_secret")
        async with asyncio.timeout(TIMEOUT):
            await wall.ws.wait_closed()
        assert wall.ws.close_code == 1008


async def test_a_socket_that_never_says_the_secret_is_closed(make_server):
    server = await make_server(limits=Limits(hello_timeout=0.3))
    wall = await WallClient.open(server)
    async with asyncio.timeout(TIMEOUT):
        await wall.ws.wait_closed()
    assert wall.ws.close_code == 1008
    await eventually(lambda: not server.wall.connections, "the server forgot the closed socket")


async def test_a_phones_socket_has_no_way_to_the_wall(server, make_phone):
    phone = await make_phone(server)
    await phone.send("wall_hello", secret=server.wall_secret)
    assert (await phone.expect("error"))["code"] == "unknown_type"


async def test_the_wall_only_shows_it_cannot_write(server):
    wall, _ = await welcomed(server)
    await wall.send("note", note_id="n-wall", exercise_id=STAR, lane_id="behov", text="Fra væggen")
    error = await wall.recv()
    assert (error["type"], error["code"]) == ("error", "read_only")
    events, _ = read_events(server.session.journal.path)
    assert [e for e in events if e.type == "note_added"] == []


# -- what the wall shows ------------------------------------------------------------------------


async def test_the_first_frame_has_the_join_url_code_counts_and_the_exercise(server):
    _, frame = await welcomed(server)
    assert frame["join_url"] == server.join_url and frame["code"] == server.code
    assert (frame["title"], frame["language"]) == ("AMK-netværksmøde", "da")
    assert (frame["participants"], frame["groups"]) == (0, 0)
    exercise = frame["exercise"]
    assert (exercise["id"], exercise["kind"], exercise["phase"], exercise["number"], exercise["count"]) == (STAR, "star", "writing", 1, 2)
    assert [lane["title"] for lane in exercise["lanes"]] == ["Behov", "Bidrag", "Rammer", "Form", "Indhold"]
    assert counts(frame) == dict.fromkeys(["behov", "bidrag", "rammer", "form", "indhold"], 0)
    _, english = await welcomed(server, "en")
    assert [lane["title"] for lane in english["exercise"]["lanes"]][:2] == ["Needs", "Contributions"]


async def test_counts_follow_the_notes_but_no_text_or_name_reaches_the_wall_before_the_reveal(make_server, joined):
    server = await make_server(make_plan(groups=2, show_names=True))  # phones see names; the wall never
    wall, _ = await welcomed(server)
    mette = await joined(server, name="Mette Hansen", unit="AKM", group_id="g1")
    lars = await joined(server, name="Lars Øster", unit="AHR", group_id="g2")
    frame = await wall.frame_where(lambda f: f["participants"] == 2)
    assert frame["groups"] == 2
    texts = {"m1": ("behov", "Sparring om APV"), "m2": ("behov", "Fast netværk"), "l1": ("form", "Korte oplæg"), "l2": ("behov", "Cases")}
    for note_id, (lane, text) in texts.items():
        phone = mette if note_id.startswith("m") else lars
        await phone.note(note_id, lane, text)
        assert (await phone.expect("ack"))["note_id"] == note_id
    frame = await wall.frame_where(lambda f: f["exercise"]["notes"] == 4)
    assert counts(frame) == {"behov": 3, "bidrag": 0, "rammer": 0, "form": 1, "indhold": 0}
    server.session.execute(cmd.HideNote("l2"))
    server.session.execute(cmd.DeleteNote(mette.participant_id, "m2"))
    frame = await wall.frame_where(lambda f: f["exercise"]["notes"] == 2)
    assert counts(frame)["behov"] == 1
    sent = " ".join(await wall.frames_until_pong())
    for private in ("Mette", "Lars", "AKM", "AHR", mette.participant_id, lars.participant_id, "Sparring", "Korte", "Cases"):
        assert private not in sent

    server.session.execute(cmd.Reveal(STAR))
    frame = await wall.frame_where(lambda f: f["exercise"]["revealed"])
    assert [n["text"] for n in lanes(frame)["behov"]["notes"]] == ["Sparring om APV"]
    assert [n["text"] for n in lanes(frame)["form"]["notes"]] == ["Korte oplæg"]
    sent = " ".join(await wall.frames_until_pong()) + json.dumps(frame)
    for private in ("Mette", "Lars", "AKM", "AHR", mette.participant_id, "Fast netværk", "Cases"):  # deleted, hidden
        assert private not in sent


async def test_after_the_reveal_each_lane_shows_its_three_newest_notes_first(server):
    for i in range(5):
        server.session.execute(cmd.AddNoteForGroup(f"n{i}", STAR, "rammer", "g1", f"Note {i}"))
    server.session.execute(cmd.Reveal(STAR))
    _, frame = await welcomed(server)
    assert lanes(frame)["rammer"]["count"] == 5
    assert [n["text"] for n in lanes(frame)["rammer"]["notes"]] == ["Note 4", "Note 3", "Note 2"]


async def test_a_proposed_module_and_the_highlights_appear_after_the_reveal_the_plenum_lines_at_once(server, joined):
    server.session.execute(cmd.StartExercise(MODULES))
    phone = await joined(server, name="Mette", unit="AKM")
    await phone.send("propose", exercise_id=MODULES, lane_id="l-psyk", title="Psykisk arbejdsmiljø i praksis")
    await phone.expect("ack")
    server.session.execute(cmd.AddNoteForGroup("n1", MODULES, "sexisme", "g1", "Cases fra egne enheder"))
    server.session.execute(cmd.HighlightNote("n1"))
    server.session.execute(cmd.SetPlenumLine(MODULES, "p1", "Det er vigtigt: at modulerne hænger sammen"))
    wall, frame = await welcomed(server)
    assert "l-psyk" not in lanes(frame) and "Psykisk" not in json.dumps(frame)
    assert lanes(frame)["sexisme"]["owner"] == "Anne Schroll Marquard"
    assert frame["plenum"] == {"highlighted": [], "lines": ["Det er vigtigt: at modulerne hænger sammen"]}
    server.session.execute(cmd.Reveal(MODULES))
    frame = await wall.frame_where(lambda f: f["exercise"]["revealed"])
    assert lanes(frame)["l-psyk"]["title"] == "Psykisk arbejdsmiljø i praksis" and lanes(frame)["l-psyk"]["proposed"]
    assert [n["text"] for n in frame["plenum"]["highlighted"]] == ["Cases fra egne enheder"]


async def test_a_burst_of_changes_reaches_every_wall_as_one_frame_encoded_once(server):
    walls = [(await welcomed(server))[0] for _ in range(3)]
    encoded = server.wall.encoded
    for i in range(30):  # all in one go, as a room of phones between two pushes
        server.session.execute(cmd.AddNoteForGroup(f"n{i}", STAR, "behov", "g1", f"Note {i}"))
    received = [await wall.frames_until_pong() for wall in walls]
    assert [len(frames) for frames in received] == [1, 1, 1]
    assert received[0] == received[1] == received[2]  # the same bytes for every wall
    assert counts(json.loads(received[0][0]))["behov"] == 30
    assert server.wall.encoded == encoded + 1
    english, _ = await welcomed(server, "en")
    server.session.execute(cmd.SetTimer(STAR, 600))
    await english.frame_where(lambda f: f["exercise"]["timer_ends_at"] is not None)
    assert server.wall.encoded == encoded + 1 + 1 + 2  # the English wall's first frame, then one per language


async def test_a_frame_slow_to_build_comes_less_often_so_the_wall_keeps_its_share_of_the_loop(server):
    """Issue 18: building a frame walks the exercise's notes; however long it
    takes, the wall gets at most SHARE of the event loop (the gap to the next
    push is the build time / SHARE, never less than the interval)."""
    from facilitator.server.wall.connections import SHARE

    wall, _ = await welcomed(server)
    server.session.execute(cmd.AddNoteForGroup("n-first", STAR, "behov", "g1", "Første"))
    await wall.frames_until_pong()
    assert server.wall._last_cost < server.wall.interval * SHARE * 10  # a tiny room builds in well under a millisecond
    server.wall._last_cost = 0.5  # as a frame of a very full exercise would take on a slow laptop
    server.session.execute(cmd.AddNoteForGroup("n-next", STAR, "behov", "g1", "Næste"))
    assert server.wall._pending is not None
    assert server.wall._pending.when() - server.wall._last_push >= 0.5 / SHARE - 0.01  # ten seconds, not 0.2
    server.wall._pending.cancel()
    server.wall._pending = None
    await wall.close()


async def test_phase_timer_and_exercise_changes_reach_the_wall(server):
    wall, _ = await welcomed(server)
    server.session.execute(cmd.SetTimer(STAR, 600))
    frame = await wall.frame_where(lambda f: f["exercise"]["timer_ends_at"] is not None)
    assert 590 < frame["exercise"]["timer_ends_at"] - frame["server_time"] <= 600
    server.session.execute(cmd.SetPhase(STAR, "closed"))
    frame = await wall.frame_where(lambda f: f["exercise"]["phase"] == "closed")
    assert frame["exercise"]["timer_ends_at"] is None
    server.session.execute(cmd.SetCurrentExercise(MODULES))
    frame = await wall.frame_where(lambda f: f["exercise"]["id"] == MODULES)
    assert frame["exercise"]["phase"] == "not_started" and frame["exercise"]["kind"] == "brainstorm"


async def test_walls_are_told_the_meeting_paused_when_the_server_stops(make_server):
    server = await make_server()
    wall, _ = await welcomed(server)
    await server.stop()
    paused = await wall.recv()
    assert paused["type"] == "paused" and "forbinder igen" in paused["message"]
    async with asyncio.timeout(TIMEOUT):
        await wall.ws.wait_closed()
    assert wall.ws.close_code == 1001


# -- the secret beside the journal ----------------------------------------------------------------


def test_the_wall_secret_survives_a_restart_on_the_same_journal_and_stays_out_of_it(tmp_path: Path):
    journal = tmp_path / "meeting.sqlite3"
    secrets = []
    for _ in range(2):
        session = LiveSession.open(journal, make_plan())
        keys = read_keys(session)
        server = build_server(session, keys, host="127.0.0.1", port=0)
        secrets.append(server.wall_secret)
        assert keys.wall_problem is None
        session.close()
    assert secrets[0] == secrets[1] and len(secrets[0]) >= 22
    sidecar = sidecar_path(journal)
    assert sidecar.read_text().strip() == secrets[0]
    assert stat.S_IMODE(sidecar.stat().st_mode) == 0o600  # only the facilitator's account can read it
    assert secrets[0].encode() not in journal.read_bytes()


def test_a_damaged_sidecar_gives_a_new_wall_url_and_an_unwritable_one_says_so(tmp_path: Path):
    journal = tmp_path / "meeting.sqlite3"
    session = LiveSession.open(journal, make_plan())
    sidecar_path(journal).write_text("not a secret!\n")
    first = read_keys(session)
    assert first.wall_problem is None and sidecar_path(journal).read_text().strip() == first.wall_secret
    sidecar_path(journal).unlink()
    sidecar_path(journal).mkdir()  # a folder where the file belongs: it can be neither read nor replaced
    second = read_keys(session)
    assert second.wall_secret != first.wall_secret  # still a working secret for this run
    assert second.wall_problem and str(sidecar_path(journal)) in second.wall_problem
    assert build_server(session, second, host="127.0.0.1", port=0).wall_secret == second.wall_secret
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("meeting.sqlite3.wall")) == ["meeting.sqlite3.wall"]
    session.close()
