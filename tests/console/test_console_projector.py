"""The console read off a projector (issue 16): projector-safe mode shows
counts, not participants' names or the text of notes before the reveal;
the wall's secret URL appears only when asked for; a taken port shows no QR
code until the server listens, and says why in the console's language."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from plans import make_plan

from facilitator.console import ConsoleApp
from facilitator.console.screens.results import VoteResults
from facilitator.console.widgets.keys import KeyFooter
from facilitator.console.widgets.qr import QrCode
from facilitator.core import commands as cmd
from facilitator.runtime import LiveSession
from tests.support.console_meeting import bundled_meeting
from tests.support.console_phones import MODULES, STAR, running_console, screen_text, until

NOW = 1738670000.0
NAMES = ("Mette Sørensen", "Lars Holm", "Anne Vestergaard")


def footer_keys(app: ConsoleApp) -> list[str]:
    return [f"{key} {text}" for key, text, _ in app.screen.query_one(KeyFooter).keys_shown]


async def test_the_program_starts_projector_safe_so_the_lobby_counts_people_without_naming_them(tmp_path: Path):
    session = LiveSession.open(tmp_path / "session.sqlite3", make_plan())
    for i, name in enumerate(NAMES):
        session.execute(cmd.Join(f"p{i}", "hash", name=name, unit="AKM", group_id="g1"), now=NOW)
    app = ConsoleApp(session, join_url="http://192.168.1.20:8765/j/K7M2QX9D", language="da")  # the program's default
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert app.projector_safe
        assert "3 deltagere" in text and "Gruppe 1: 3" in text
        assert not any(name in text for name in NAMES)
        assert "projektor-sikker" in text.splitlines()[0]  # the state, in the top bar
        assert "v Projektor-sikker: til" in footer_keys(app)
        await pilot.press("v")
        await until(pilot, lambda: "Mette Sørensen" in screen_text(app), "names shown after v")
        assert not app.projector_safe
        assert "viser navne" in screen_text(app).splitlines()[0]
        assert "v Projektor-sikker: fra" in footer_keys(app)
    session.close()


async def test_projector_safe_hides_unrevealed_note_texts_on_the_exercise_moderation_and_plenum_screens(tmp_path: Path):
    async with running_console(tmp_path, projector_safe=True) as room:
        phone = await room.phone(name="Mette Sørensen", group_id="g1")
        room.session.execute(cmd.StartExercise(STAR))
        await phone.note("n1", text="Sparring med koordinatorerne")
        await phone.note("n2", text="Faste møder fire gange om året")
        room.session.execute(cmd.HighlightNote("n1"))
        await room.press("2")
        await room.until_shown("2 noter. Teksterne vises ikke før")
        for screen in ("2", "3", "4"):
            await room.press(screen)
            await room.pilot.pause()
            assert "Sparring med" not in room.text() and "Faste møder" not in room.text()
        await room.until_shown("••• (skjult før afsløringen)")  # the plenum's highlighted note
        await room.press("3")
        await room.until_shown("••• (skjult før afsløringen)")  # the moderation list's text column
        await room.press("2", "r")  # the reveal: every group sees the notes now, so may the room
        await room.until_shown("Sparring med koordinatorerne")
        await room.press("3")
        await room.until_shown("Sparring med koordinatorerne", "Faste møder fire gange om året")


async def test_projector_safe_shows_notes_every_group_sees_anyway(tmp_path: Path):
    plan = make_plan(star_options={"visibility": "all"})
    async with running_console(tmp_path, plan, projector_safe=True) as room:
        phone = await room.phone(group_id="g1")
        room.session.execute(cmd.StartExercise(STAR))
        await phone.note("n1", text="Sparring med koordinatorerne")
        await room.press("2")
        await room.until_shown("Sparring med koordinatorerne")


async def test_projector_safe_participants_screen_numbers_people_and_v_shows_their_names(tmp_path: Path):
    async with running_console(tmp_path, projector_safe=True) as room:
        await room.phone(name="Mette Sørensen", unit="AHR", group_id="g1")
        await room.phone(name="Lars Holm", unit="AHR", group_id="g2")
        await room.press("5")
        await room.until_shown("Deltager 1", "Deltager 2", "2 deltagere")
        assert "Mette" not in room.text() and "Lars" not in room.text() and "AHR" not in room.text()
        await room.press("v")
        await room.until_shown("Mette Sørensen", "Lars Holm", "AHR")


async def test_the_lobby_never_prints_the_walls_secret_url_and_w_shows_it_on_demand(tmp_path: Path):
    async with running_console(tmp_path, projector_safe=False) as room:
        wall_url = room.server.wall_url
        secret = wall_url.rsplit("/", 1)[-1]
        await room.until_shown("w: projektorvæggens adresse")
        assert secret not in room.text()
        await room.press("w")
        await room.until_shown(wall_url)


async def test_in_projector_safe_mode_the_wall_dialog_asks_once_more_before_drawing_the_secret(tmp_path: Path):
    async with running_console(tmp_path, projector_safe=True) as room:
        wall_url = room.server.wall_url
        await room.press("w")
        await room.until_shown("Adressen er skjult")
        assert wall_url not in room.text()
        assert not room.app.screen.query_one("#wall-qr", QrCode).display
        await room.press("v")
        await room.until_shown(wall_url)
        assert room.app.screen.query_one("#wall-qr", QrCode).display


def taken_port() -> tuple[socket.socket, int]:
    """A port on 127.0.0.1 held by a listening socket, with the next port free
    (the console's `p` tries it)."""
    for _ in range(50):
        holder = socket.socket()
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                holder.close()
                continue
        return holder, port
    raise AssertionError("no port with a free neighbour")


async def test_a_taken_port_shows_no_qr_code_and_says_why_in_danish_until_the_next_port_listens(tmp_path: Path):
    holder, port = taken_port()
    try:
        async with running_console(tmp_path, port=port, projector_safe=False) as room:
            await room.until(lambda: room.app.server_problem is not None, "the port problem")
            await room.until_shown("Ingen QR-kode, før serveren kører.", "porten bruges allerede af et andet program")
            assert "Address already in use" not in room.text()
            qr = room.app.screen.query_one("#qr", QrCode)
            assert not qr.display
            assert f":{port}/" not in room.text()  # no join URL pointing at the other program either
            await room.press("p")
            await room.until(lambda: room.app.server_problem is None and qr.display, "listening on the next port")
            assert room.server.port == port + 1
            assert qr.data == room.server.join_url and f":{port + 1}/" in qr.data
            assert "Ingen QR-kode" not in room.text()
    finally:
        holder.close()


async def test_a_taken_port_is_explained_in_english_for_an_english_console(tmp_path: Path):
    holder, port = taken_port()
    try:
        async with running_console(tmp_path, port=port, language="en") as room:
            await room.until(lambda: room.app.server_problem is not None, "the port problem")
            await room.until_shown("No QR code until the server runs.", "another program is using that port already")
            assert not room.app.screen.query_one("#qr", QrCode).display
    finally:
        holder.close()


@pytest.mark.parametrize(("screen", "keys"), [("lobby", []), ("moderation", ["3"]), ("participants", ["5"])])
def test_projector_safe_screens_at_80x24_snapshot(snap_compare, tmp_path, screen, keys):
    """What the room sees at the smallest size, with the mode on (the bundled plan's meeting)."""
    assert snap_compare(bundled_meeting(tmp_path, projector_safe=True), press=keys, terminal_size=(80, 24))


async def test_projector_safe_vote_results_hide_texts_of_notes_not_revealed(tmp_path: Path):
    async with running_console(tmp_path, projector_safe=True) as room:
        phone = await room.phone(name="Mette Sørensen", group_id="g1")
        room.session.execute(cmd.StartExercise(MODULES))
        await phone.note("m-1", "sexisme", "Cases fra egen arbejdsplads", exercise_id=MODULES)
        room.session.execute(cmd.SetPhase(MODULES, "voting"))  # voting before the reveal (the console warns; the core allows it)
        await room.press("2", "c")
        await room.until(lambda: isinstance(room.app.screen, VoteResults), "the results")
        await room.until_shown("••• (skjult før afsløringen)")
        assert "Cases fra egen" not in room.text()
        room.session.execute(cmd.Reveal(MODULES))
        await room.until_shown("Cases fra egen arbejdsplads")
