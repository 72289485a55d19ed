"""Joining by code: session info, join, automatic groups, resuming with the secret."""

from __future__ import annotations

from collections import Counter

from plans import make_plan

from facilitator.codes import hash_secret
from facilitator.journal import read_events
from facilitator.server.transport.limits import Limits
from tests.support.phones import STAR


async def test_hello_with_the_code_in_any_case_shows_what_the_session_asks(server, make_phone):
    phone = await make_phone(server)
    typed = server.code.lower()[:4] + "-" + server.code.lower()[4:]
    await phone.send("hello", code=typed, lang="en")
    info = await phone.expect("session_info")
    assert info["title"] == "AMK-netværksmøde"
    assert info["ask_names"] is True
    assert "AKM" in info["units"]
    assert [g["label"] for g in info["groups"]] == ["Group 1", "Group 2", "Group 3", "Group 4", "Group 5"]
    assert all(g["size"] == 0 for g in info["groups"])


async def test_join_gives_an_id_a_secret_and_a_snapshot_of_the_running_exercise(server, make_phone):
    phone = await make_phone(server)
    welcome = await phone.join(name="Mette", unit="AKM", group_id="g2")
    assert welcome["participant_id"] and welcome["secret"]
    snapshot = welcome["snapshot"]
    assert snapshot["you"] == {
        "participant_id": welcome["participant_id"],
        "name": "Mette",
        "unit": "AKM",
        "group_id": "g2",
        "group_label": "Gruppe 2",
    }
    exercise = snapshot["exercise"]
    assert exercise["id"] == STAR and exercise["phase"] == "writing" and exercise["revealed"] is False
    assert [lane["id"] for lane in exercise["lanes"]] == ["behov", "bidrag", "rammer", "form", "indhold"]
    assert all(lane["writable"] for lane in exercise["lanes"])
    assert snapshot["notes"] == []
    assert abs(snapshot["server_time"] - __import__("time").time()) < 5


async def test_the_journal_keeps_only_a_hash_of_the_resume_secret(server, make_phone):
    phone = await make_phone(server)
    welcome = await phone.join(name="Mette", unit="AKM")
    events, _ = read_events(server.session.journal.path)
    joined_event = next(e for e in events if e.type == "participant_joined")
    assert joined_event.secret_hash == hash_secret(welcome["secret"])
    assert welcome["secret"] not in server.session.journal.path.read_bytes().decode("utf-8", "replace")


async def test_automatic_placement_balances_groups_and_mixes_units(make_server, joined):
    server = await make_server(make_plan(groups=3))
    units = ["AKM", "AKM", "AKM", "AHR", "AHR", "AHR"]
    groups = []
    for i, unit in enumerate(units):
        phone = await joined(server, name=f"P{i}", unit=unit)
        groups.append((unit, phone.welcome["snapshot"]["you"]["group_id"]))
    sizes = Counter(group for _, group in groups)
    assert sorted(sizes.values()) == [2, 2, 2]
    for group in ("g1", "g2", "g3"):
        assert sorted(unit for unit, g in groups if g == group) == ["AHR", "AKM"], groups


async def test_a_chosen_group_is_kept(server, joined):
    phone = await joined(server, group_id="g4")
    assert phone.welcome["snapshot"]["you"]["group_id"] == "g4"


async def test_resume_with_the_secret_restores_the_same_participant_and_group(server, joined, make_phone):
    first = await joined(server, name="Mette", group_id="g3")
    await first.close()
    again = await make_phone(server)
    await again.send("resume", code=server.code, participant_id=first.participant_id, secret=first.secret)
    welcome = await again.expect("welcome")
    assert welcome["participant_id"] == first.participant_id
    assert "secret" not in welcome or welcome["secret"] is None
    assert welcome["snapshot"]["you"]["group_id"] == "g3"
    assert welcome["snapshot"]["you"]["name"] == "Mette"
    assert len(server.session.state.participants) == 1


async def test_resume_with_a_wrong_secret_is_refused_and_tells_nothing(server, joined, make_phone):
    first = await joined(server)
    thief = await make_phone(server)
    await thief.send("resume", code=server.code, participant_id=first.participant_id, secret="guessed")
    wrong = await thief.expect("error")
    await thief.send("resume", code=server.code, participant_id="p_nobody", secret="guessed")
    unknown = await thief.expect("error")
    assert wrong["code"] == unknown["code"] == "wrong_secret"
    assert wrong["message"] == unknown["message"]
    await thief.send("note", note_id="n1", exercise_id=STAR, lane_id="behov", text="x")
    assert (await thief.expect("error"))["code"] == "not_joined"


async def test_a_wrong_code_reveals_nothing_about_the_session(server, make_phone):
    phone = await make_phone(server)
    await phone.send("hello", code="AAAAAAAA")
    error = await phone.expect("error")
    assert error["code"] == "bad_code"
    assert server.code not in str(error) and "AMK" not in str(error)


async def test_failed_codes_slow_the_address_down_but_the_right_code_still_gets_in(make_server, make_phone):
    server = await make_server(limits=Limits(guess_delay=0.5))
    phone = await make_phone(server)
    for _ in range(10):
        await phone.send("hello", code="AAAAAAAA")
        assert (await phone.expect("error"))["code"] == "bad_code"
    await phone.send("hello", code="AAAAAAAA")  # past the allowance: the answer says why it waited
    error = await phone.expect("error")
    assert error["code"] == "too_many_attempts" and error["message"]
    other = await make_phone(server)  # same address (127.0.0.1): slowed, not shut out
    welcome = await other.join(name="X", unit="AKM")
    assert welcome["participant_id"]


async def test_joining_twice_on_one_connection_is_refused(server, joined):
    phone = await joined(server)
    await phone.send("join", code=server.code, name="Igen", unit="AKM")
    assert (await phone.expect("error"))["code"] == "already_joined"
    assert len(server.session.state.participants) == 1


async def test_join_without_a_required_name_or_with_an_unknown_unit_is_refused(server, make_phone):
    phone = await make_phone(server)
    await phone.send("join", code=server.code, unit="AKM")
    assert (await phone.expect("error"))["code"] == "name_required"
    await phone.send("join", code=server.code, name="Mette", unit="Marketing")
    error = await phone.expect("error")
    assert error["code"] == "unknown_unit" and error["message"] == "Vælg en enhed fra listen."
    await phone.send("join", code=server.code, name="Mette", unit="AKM", group_id="g99")
    assert (await phone.expect("error"))["code"] == "unknown_group"
    await phone.join(name="Mette", unit="AKM")  # the same connection can still join
    assert len(server.session.state.participants) == 1


async def test_a_restart_on_the_same_journal_keeps_the_code_and_lets_phones_resume(make_server, joined, make_phone, tmp_path):
    db = tmp_path / "meeting.sqlite3"
    first_server = await make_server(db=db)
    phone = await joined(first_server, name="Mette", group_id="g2")
    await phone.note("n1", text="Før genstart")
    await phone.expect("ack")
    code = first_server.code
    await first_server.stop()
    first_server.session.close()  # as `facilitator run` does after the server stopped
    second_server = await make_server(db=db, start_exercise=None)
    assert second_server.code == code
    again = await make_phone(second_server)
    await again.send("resume", code=code, participant_id=phone.participant_id, secret=phone.secret)
    snapshot = (await again.expect("welcome"))["snapshot"]
    assert [n["text"] for n in snapshot["notes"]] == ["Før genstart"]
    assert snapshot["notes"][0]["mine"] is True


async def test_leave_frees_the_place_for_group_balance(make_server, joined):
    server = await make_server(make_plan(groups=2))
    first = await joined(server, unit="AKM")
    await first.send("leave")
    assert (await first.expect("ack"))["request"] == "leave"
    second = await joined(server, unit="AKM")
    assert second.welcome["snapshot"]["you"]["group_id"] == "g1"  # g1 is empty again
    await first.note("n1")
    assert (await first.expect("error"))["code"] == "not_joined"
