"""Table cards: a signed group token puts a phone in its group; a forged one is refused."""

from __future__ import annotations

import pytest
from plans import make_plan

from facilitator.server.phone.table_token import BadGroupToken, TableKeys, table_keys


def test_token_names_its_group_and_only_under_its_own_key_and_code() -> None:
    keys = TableKeys("k" * 22, "ABCD-1234")
    token = keys.token("g3")
    assert keys.group_of(token) == "g3"
    with pytest.raises(BadGroupToken):
        TableKeys("x" * 22, "ABCD-1234").group_of(token)  # another session's key
    with pytest.raises(BadGroupToken):
        TableKeys("k" * 22, "WXYZ-9876").group_of(token)  # same key, another code
    forged = "g4." + token.split(".", 1)[1]  # another group with this card's signature
    with pytest.raises(BadGroupToken):
        keys.group_of(forged)
    for junk in ("", "g1", "g1.", "g1.short", "../g1." + "A" * 22):
        with pytest.raises(BadGroupToken):
            keys.group_of(junk)


def test_table_key_is_kept_beside_the_journal_and_survives_a_restart(tmp_path) -> None:
    journal = tmp_path / "m.sqlite3"
    first, problem = table_keys(journal, "CODE")
    again, _ = table_keys(journal, "CODE")
    assert problem is None and first == again
    assert (tmp_path / "m.sqlite3.tables").read_text().strip() == first.key
    assert "CODE" not in first.key


async def test_hello_with_a_card_token_names_the_group_and_fixes_it(make_server, make_phone) -> None:
    server = await make_server(make_plan(free_group_change=False))
    phone = await make_phone(server)
    await phone.send("hello", code=server.code, group_token=server.table_keys.token("g2"))
    info = await phone.expect("session_info")
    assert info["table_group"] == "g2" and info["group_fixed"] is True


async def test_join_with_a_card_token_lands_in_the_card_group(server, make_phone) -> None:
    phone = await make_phone(server)
    welcome = await phone.join(name="Bente", unit="AKM", group_token=server.table_keys.token("g4"))
    assert welcome["snapshot"]["you"]["group_id"] == "g4"
    assert server.session.state.participants[welcome["participant_id"]].group_id == "g4"


async def test_card_group_cannot_be_swapped_for_another_unless_the_plan_allows(make_server, make_phone) -> None:
    fixed = await make_server(make_plan(free_group_change=False))
    phone = await make_phone(fixed)
    await phone.send("join", code=fixed.code, name="Bo", unit="AKM", group_id="g1", group_token=fixed.table_keys.token("g4"))
    error = await phone.expect("error")
    assert error["code"] == "group_fixed" and "gruppe" in error["message"]
    assert not fixed.session.state.participants

    free = await make_server(make_plan().model_copy(update={"free_group_change": True}))
    phone = await make_phone(free)
    welcome = await phone.join(name="Bo", unit="AKM", group_id="g1", group_token=free.table_keys.token("g4"))
    assert welcome["snapshot"]["you"]["group_id"] == "g1"


async def test_forged_token_is_refused_with_a_clear_error_and_nobody_joins(server, make_phone) -> None:
    genuine = server.table_keys.token("g1")
    forged = "g2." + genuine.split(".", 1)[1]
    phone = await make_phone(server)
    await phone.send("hello", code=server.code, group_token=forged)
    error = await phone.expect("error")
    assert error["code"] == "bad_group_token" and "Bordkort" in error["message"]
    await phone.send("join", code=server.code, name="Eva", unit="AKM", group_token=forged)
    assert (await phone.expect("error"))["code"] == "bad_group_token"
    assert not server.session.state.participants


async def test_another_meetings_card_is_refused(make_server, make_phone) -> None:
    first = await make_server()
    second = await make_server()
    phone = await make_phone(second)
    other_card = TableKeys(first.table_keys.key, second.code).token("g1")  # even with the same code, another key
    await phone.send("hello", code=second.code, group_token=other_card)
    assert (await phone.expect("error"))["code"] == "bad_group_token"
    await phone.send("hello", code=second.code, group_token=second.table_keys.token("g1"))
    assert (await phone.expect("session_info"))["table_group"] == "g1"
