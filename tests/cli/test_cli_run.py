"""`facilitator run` as a real process: headless controls on stdin, a phone over
WebSocket, a clean stop on SIGTERM, the QR file, and a clear word when the port is taken."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sqlite3
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from websockets.asyncio.client import connect

from facilitator.journal import read_events
from tests.support.process import TIMEOUT, Run

pytestmark = pytest.mark.slow


async def recv(ws) -> dict:
    async with asyncio.timeout(TIMEOUT):
        return json.loads(await ws.recv())


async def recv_type(ws, wanted: str) -> dict:
    while True:
        frame = await recv(ws)
        if frame["type"] == wanted:
            return frame


async def test_headless_run_serves_a_phone_takes_commands_and_stops_cleanly(tmp_path):
    db = tmp_path / "meeting.sqlite3"
    qr = tmp_path / "join.png"
    run = await Run.start(
        "--headless", "--port", "0", "--host", "127.0.0.1", "--db", str(db), "--start", "--qr-out", str(qr), "--lang", "en"
    )
    try:
        join_line = await run.line_with("Join: ")
        url = join_line.removeprefix("Join: ")
        assert url.startswith("http://127.0.0.1:") and "/j/" in url
        port = int(url.split(":")[2].split("/")[0])
        assert port != 0
        code = url.rsplit("/", 1)[1]
        started = await run.line_with("Started: ")
        assert started.endswith("(writing)")
        await run.line_with("Ready.")
        assert f"Journal: {db}" in run.lines
        assert [r.text for r in zxingcpp.read_barcodes(Image.open(qr))] == [url]  # --qr-out, decoded

        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{port}/ws")
        await ws.send(json.dumps({"type": "join", "v": 1, "code": code, "name": "Mette", "unit": "AKM"}))
        welcome = await recv(ws)
        assert welcome["snapshot"]["exercise"]["phase"] == "writing"
        await run.line_with("Joined: Mette (AKM) → Group 1")
        await ws.send(json.dumps({"type": "note", "v": 1, "note_id": "n1", "exercise_id": "netvaerksstjernen", "lane_id": "behov", "text": "Sparring"}))
        assert (await recv(ws))["type"] == "ack"
        await run.line_with("Note from Group 1 on behov: Sparring")

        locker = sqlite3.connect(db, isolation_level=None)  # another program holds the journal
        locker.execute("BEGIN EXCLUSIVE")
        try:
            await ws.send(json.dumps({"type": "note", "v": 1, "note_id": "n2", "exercise_id": "netvaerksstjernen", "lane_id": "form", "text": "Kort"}))
            error = await recv(ws)
            assert (error["type"], error["code"], error["note_id"]) == ("error", "not_stored", "n2")
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        await ws.send(json.dumps({"type": "note", "v": 1, "note_id": "n2", "exercise_id": "netvaerksstjernen", "lane_id": "form", "text": "Kort"}))
        assert (await recv(ws))["type"] == "ack"

        await run.type("status")
        status = await run.line_with("Exercise 1 of 2: ")
        assert status.endswith("(writing)")
        await run.line_with("1 participant, 1 connected now, 2 notes")
        await run.type("phase closed")
        await run.line_with("Phase of netvaerksstjernen: closed")
        assert (await recv_type(ws, "phase"))["phase"] == "closed"

        run.process.stdin.close()  # the end of standard input does not stop the server
        await asyncio.sleep(0.3)
        await ws.send(json.dumps({"type": "ping", "v": 1}))
        assert (await recv(ws))["type"] == "pong"
        assert run.process.returncode is None

        run.process.send_signal(signal.SIGTERM)
        paused = await recv_type(ws, "paused")
        assert paused["message"].startswith("Mødet er sat på pause")
        async with asyncio.timeout(TIMEOUT):
            await ws.wait_closed()
        assert ws.close_code == 1001
        returncode, out, err = await run.stop(signal_sent=True)
    finally:
        run.kill()
    assert returncode == 0, err
    assert "Stopped. The journal is closed." in out
    assert "Traceback" not in err
    assert "ERROR: " in err and "could not store the last change" in err  # the facilitator sees the disk trouble
    events, warnings = read_events(db)
    assert warnings == []
    assert [e.note_id for e in events if e.type == "note_added"] == ["n1", "n2"]


async def test_the_default_journal_is_named_from_the_plan_and_date_and_an_svg_qr_is_written(tmp_path):
    data_home = tmp_path / "data"
    qr = tmp_path / "join.svg"
    run = await Run.start(
        "--headless", "--port", "0", "--host", "127.0.0.1", "--qr-out", str(qr), "--lang", "en",
        env={"XDG_DATA_HOME": str(data_home)},
    )
    try:
        await run.line_with("Join: ")
        await run.line_with("Ready.")
        returncode, out, err = await run.stop()
    finally:
        run.kill()
    assert returncode == 0, err
    expected_db = data_home / "stjernestund" / "2025-02-04-amk-netvaerksmoede.sqlite3"
    assert f"Journal: {expected_db}" in run.lines
    assert expected_db.exists()
    assert f"QR code written: {qr}" in run.lines
    assert qr.read_text().lstrip().startswith("<?xml") and "<svg" in qr.read_text()


async def test_ctrl_c_stops_cleanly_and_a_restart_on_the_same_journal_keeps_the_join_and_wall_urls(tmp_path):
    db = tmp_path / "meeting.sqlite3"
    urls = []
    walls = []
    for sig in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C stops as cleanly as SIGTERM
        run = await Run.start("--headless", "--port", "0", "--host", "127.0.0.1", "--db", str(db), "--lang", "en")
        try:
            join = (await run.line_with("Join: ")).removeprefix("Join: ")
            urls.append(join.rsplit("/", 1)[1])
            wall = (await run.line_with("Wall: ")).removeprefix("Wall: ")  # after the Join line, before Ready
            assert wall.startswith(join.split("/j/")[0] + "/w/") and urls[-1] not in wall
            walls.append(wall.rsplit("/", 1)[1])
            await run.line_with("Ready.")
            returncode, out, err = await run.stop(sig=sig)
        finally:
            run.kill()
        assert returncode == 0, err
        assert "Stopped. The journal is closed." in out and "Traceback" not in err
    assert urls[0] == urls[1]
    assert walls[0] == walls[1]  # the projector's page reconnects to the same wall URL
    assert any("The meeting continues from the journal" in line for line in run.lines)


async def test_a_taken_port_gets_one_clear_line_and_exit_1(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = await Run.start("--headless", "--host", "127.0.0.1", "--port", str(port), "--db", str(tmp_path / "m.sqlite3"), "--lang", "en")
        try:
            async with asyncio.timeout(TIMEOUT):
                out, err = await run.process.communicate()
        finally:
            run.kill()
    assert run.process.returncode == 1
    assert err.decode().strip() == (
        f"Port {port} is taken (is the meeting already running?). Choose another with --port, e.g. --port {port + 1}."
    )
    assert "Join:" not in out.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--qr-out", "join.jpg"], "--qr-out must end in .png or .svg (got join.jpg)."),
        (["--public-url", "moede.example.org"], "--public-url must start with http:// or https:// (got moede.example.org)."),
        (["--port", "70000"], "The port must be a number from 0 to 65535 (got 70000)."),
        (["--sockets-per-address", "0"], "--sockets-per-address must be a whole number from 1 up (got 0)."),
        (["--joins-per-address", "0"], "--joins-per-address must be a whole number from 1 up (got 0)."),
        (["--max-phones", "0"], "--max-phones must be a whole number from 1 to 20000 (got 0)."),
    ],
)
async def test_bad_options_get_a_clear_message_and_no_traceback(tmp_path, args, message):
    run = await Run.start("--headless", "--db", str(tmp_path / "m.sqlite3"), "--lang", "en", *args)
    async with asyncio.timeout(TIMEOUT):
        _, err = await run.process.communicate()
    assert run.process.returncode == 1
    assert err.decode().strip() == message
    assert not (tmp_path / "m.sqlite3").exists()


async def test_a_plan_that_does_not_load_is_explained_without_a_traceback(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('title = "Møde"\ndate = 2025-02-04\nexercises = []\n')
    run = await Run.start(str(plan), "--headless", "--db", str(tmp_path / "m.sqlite3"), "--lang", "en")
    async with asyncio.timeout(TIMEOUT):
        _, err = await run.process.communicate()
    assert run.process.returncode == 1
    text = err.decode()
    assert str(plan) in text and "Traceback" not in text
    assert not Path(tmp_path / "m.sqlite3").exists()


async def test_an_address_that_is_not_this_machines_gets_a_clear_line(tmp_path):
    # 198.51.100.0/24 is reserved for documentation: binding to it fails at once, no packet is sent.
    run = await Run.start("--headless", "--host", "198.51.100.7", "--port", "0", "--db", str(tmp_path / "m.sqlite3"), "--lang", "en")
    async with asyncio.timeout(TIMEOUT):
        _, err = await run.process.communicate()
    assert run.process.returncode == 1
    assert err.decode().startswith("Cannot listen on 198.51.100.7 port 0: ")
    assert "Traceback" not in err.decode()


async def _third_phone_status(run: Run) -> int | None:
    """Two phones connect to the running meeting; the third's HTTP status (None: it got in)."""
    from websockets.exceptions import InvalidStatus

    url = (await run.line_with("Join: ")).removeprefix("Join: ")
    port = int(url.split(":")[2].split("/")[0])
    await run.line_with("Ready.")
    phones = []
    try:
        async with asyncio.timeout(TIMEOUT):
            for _ in range(2):
                phones.append(await connect(f"ws://127.0.0.1:{port}/ws"))
            try:
                phones.append(await connect(f"ws://127.0.0.1:{port}/ws"))
            except InvalidStatus as refused:
                return refused.response.status_code
        return None
    finally:
        for phone in phones:
            await phone.close()


async def test_max_phones_on_the_command_line_bounds_the_phones_connected_at_once(tmp_path):
    run = await Run.start("--headless", "--port", "0", "--host", "127.0.0.1", "--db", str(tmp_path / "m.sqlite3"), "--max-phones", "2", "--lang", "en")
    try:
        assert await _third_phone_status(run) == 503
    finally:
        await run.stop()


async def test_a_plans_max_phones_bounds_the_phones_and_the_command_line_wins_over_it(tmp_path):
    from facilitator.resources import sample_plan

    plan = tmp_path / "plan.toml"
    plan.write_text("max_phones = 2\n" + sample_plan().read_text(encoding="utf-8"), encoding="utf-8")  # its exercises are found among the bundled
    run = await Run.start(str(plan), "--headless", "--port", "0", "--host", "127.0.0.1", "--db", str(tmp_path / "a.sqlite3"), "--lang", "en")
    try:
        assert await _third_phone_status(run) == 503
    finally:
        await run.stop()
    run = await Run.start(
        str(plan), "--headless", "--port", "0", "--host", "127.0.0.1", "--db", str(tmp_path / "b.sqlite3"), "--max-phones", "3", "--lang", "en"
    )
    try:
        assert await _third_phone_status(run) is None
    finally:
        await run.stop()
