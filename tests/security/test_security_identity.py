"""Someone on the same Wi-Fi without the code, or with the code but not the
secret, or with a phone of their own in the meeting: the code cannot be
guessed, a wrong one tells nothing, a participant acts only as themselves,
and no phone message reaches a facilitator action. (The basic cases are in
tests/server/test_server_joining.py and test_server_bad_input.py.)"""

from __future__ import annotations

import ast
import asyncio
import inspect
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from http_raw import request
from websockets.asyncio.client import connect

import facilitator.server
from facilitator import codes
from facilitator.core import commands as cmd
from facilitator.journal import read_events
from facilitator.server.phone.protocol import INCOMING_TYPES
from facilitator.server.transport.limits import Limits
from tests.support.phones import MODULES, STAR, TIMEOUT, Phone

# -- the session code -----------------------------------------------------------------------


def test_the_session_code_has_40_bits_and_every_symbol_is_equally_likely_everywhere() -> None:
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) >= 40
    assert len(set(codes.ALPHABET)) == 32 and not set("ILOU") & set(codes.ALPHABET)
    drawn = [codes.new_session_code() for _ in range(4000)]
    assert len(set(drawn)) == len(drawn)
    for position in range(codes.CODE_LENGTH):
        counts = Counter(code[position] for code in drawn)
        assert set(counts) == set(codes.ALPHABET)  # 125 expected each; a skewed generator shows here
        assert 60 < min(counts.values()) and max(counts.values()) < 200, (position, counts)
    assert "secrets.choice" in inspect.getsource(codes.new_session_code)  # the OS's randomness, not `random`


async def connect_from(server, address: str) -> Phone:
    """A phone whose packets come from `address`: another loopback address,
    so the packets still never leave this machine (Linux has all of
    127.0.0.0/8 on its loopback; some systems only 127.0.0.1)."""
    try:
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{server.port}/ws", local_addr=(address, 0))
    except OSError as error:
        pytest.skip(f"{address} is not a loopback address here ({error.strerror})")
    return Phone(ws, server)


async def test_guessing_slows_the_guessing_address_whatever_is_guessed_and_other_addresses_carry_on(make_server, joined):
    server = await make_server(limits=Limits(guess_delay=1.0))
    member = await joined(server)
    guesser = await connect_from(server, "127.0.0.2")
    guesses = [("hello", {"code": "AAAAAAAA"}), ("join", {"code": "BBBBBBBB", "name": "X", "unit": "AKM"}),
               ("resume", {"code": server.code, "participant_id": member.participant_id, "secret": "gæt"}),
               ("resume", {"code": server.code, "participant_id": "p_nobody", "secret": "gæt"})]
    answers = []
    for i in range(10):
        kind, fields = guesses[i % len(guesses)]
        await guesser.send(kind, **fields)
        answers.append((await guesser.expect("error"))["code"])
    assert set(answers) == {"bad_code", "wrong_secret"}
    started = asyncio.get_running_loop().time()
    await guesser.send("hello", code="CCCCCCCC")  # past the allowance: every check waits first
    assert (await guesser.expect("error"))["code"] == "too_many_attempts"
    assert asyncio.get_running_loop().time() - started >= 0.9
    again = await connect_from(server, "127.0.0.2")  # a new connection from the same address waits too ...
    await again.send("hello", code=server.code)
    assert (await again.expect("session_info"))["title"] == "AMK-netværksmøde"  # ... and the right code gets in
    neighbour = await connect_from(server, "127.0.0.3")  # another phone on the Wi-Fi is not slowed
    await neighbour.send("hello", code="AAAAAAAA")
    assert (await neighbour.expect("error"))["code"] == "bad_code"
    await member.note("n-1")  # nor is anyone already in
    assert (await member.expect("ack"))["note_id"] == "n-1"
    for phone in (guesser, again, neighbour):
        await phone.close()


async def test_a_wrong_code_gets_the_same_answer_whatever_it_is_and_it_tells_nothing(server, make_phone):
    phone = await make_phone(server)
    right = server.code
    near = ("A" if right[0] != "A" else "B") + right[1:]  # one symbol off
    answers = []
    for wrong in (near, right[:7], right + "X", "ZZZZZZZZ", "", "' OR 1=1 --", right[::-1] if right[::-1] != right else "0" * 8):
        await phone.send("hello", code=wrong)
        answers.append(await phone.recv())
    assert all(answer == answers[0] for answer in answers)  # no partial credit, no echo
    told = str(answers[0])
    plan = server.session.state.plan
    for secret in (right, plan.title, plan.network, plan.date.isoformat(), "Gruppe", "AKM", "netvaerksstjernen"):
        assert secret not in told


async def test_the_http_side_tells_nothing_about_the_session_either(server, client_dir):
    page_right = await request(server.port, f"/j/{server.code}")
    page_wrong = await request(server.port, "/j/ZZZZZZZZ")
    assert page_right.body == page_wrong.body == (client_dir / "index.html").read_bytes()  # the page holds no code
    health = await request(server.port, "/healthz")
    assert server.code not in health.body.decode() and "AMK" not in health.body.decode()


# -- the resume secret --------------------------------------------------------------------


async def test_the_resume_secret_is_long_random_and_not_derivable_from_the_participant_id(server, joined, make_phone):
    members = [await joined(server) for _ in range(20)]
    secrets_ = [m.secret for m in members]
    assert len(set(secrets_)) == len(secrets_)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32,}", s) for s in secrets_)  # 24 random bytes or more: 192 bits
    assert all(m.participant_id not in m.secret and m.secret not in m.participant_id for m in members)
    target, other = members[0], members[1]
    stored = next(e for e in read_events(server.session.journal.path)[0]
                  if e.type == "participant_joined" and e.participant_id == target.participant_id)
    thief = await make_phone(server)
    for guess in (target.participant_id, codes.hash_secret(target.participant_id), stored.secret_hash,
                  other.secret, target.secret.upper(), target.secret[:-1], ""):
        await thief.send("resume", code=server.code, participant_id=target.participant_id, secret=guess)
        assert (await thief.expect("error"))["code"] == "wrong_secret", guess
    await thief.send("resume", code=server.code, participant_id=target.participant_id, secret=target.secret)
    assert (await thief.expect("welcome"))["participant_id"] == target.participant_id  # only the secret itself


# -- acting as oneself ----------------------------------------------------------------------


async def test_a_participant_acts_only_as_themselves_whatever_fields_they_add(server, joined):
    author = await joined(server, name="Forfatter", group_id="g1")
    other = await joined(server, name="Anden", group_id="g1")
    await author.note("n-a", text="Forfatterens note")
    assert (await author.expect("ack"))["note"]["mine"] is True
    await other.expect("note")
    forged = {"participant_id": author.participant_id, "author_id": author.participant_id, "secret": author.secret}
    await other.send("note", note_id="n-b", exercise_id=STAR, lane_id="behov", text="Min egen", **forged)
    assert (await other.expect("ack"))["note_id"] == "n-b"
    for kind, fields in (("edit", {"text": "Overskrevet"}), ("delete", {}),
                         ("note", {"exercise_id": STAR, "lane_id": "behov", "text": "Samme id"})):
        await other.send(kind, note_id="n-a", **fields, **forged)
        error = await other.expect("error")
        assert error["code"] in ("not_your_note", "note_exists") and "Forfatterens" not in str(error)
    notes = server.session.state.notes
    assert notes["n-b"].author_id == other.participant_id
    assert (notes["n-a"].text, notes["n-a"].deleted, notes["n-a"].author_id) == ("Forfatterens note", False, author.participant_id)


async def test_dots_cannot_be_doubled_or_exceeded_from_two_connections_at_once(make_server, joined, make_phone):
    server = await make_server(start_exercise=MODULES)
    writer = await joined(server, group_id="g1")
    for i in range(4):
        await writer.note(f"m-{i}", lane_id="sexisme", text=f"Modulønske {i}", exercise_id=MODULES)
        await writer.expect("ack")
    voter = await joined(server, group_id="g1")
    twin = await make_phone(server)  # the same participant on a second connection (a second tab)
    await twin.send("resume", code=server.code, participant_id=voter.participant_id, secret=voter.secret)
    await twin.expect("welcome")
    server.session.execute(cmd.SetPhase(MODULES, "voting"))
    for phone in (voter, twin):
        await phone.until_pong()
    for note_id in ("m-0", "m-0", "m-1", "m-1", "m-2", "m-3"):  # both at once, each note twice
        await voter.send("vote", note_id=note_id)
        await twin.send("vote", note_id=note_id)
    answers = []
    for phone in (voter, twin):
        for frame in await phone.until_pong():
            if frame["type"] in ("ack", "error"):
                answers.append((frame["note_id"], frame.get("code", "ack")))
    voted = server.session.state.votes[voter.participant_id]
    assert voted <= {"m-0", "m-1", "m-2", "m-3"}
    assert len(voted) == 3  # the plan's three dots, no more
    # a vote for a note with the dot is acknowledged (the dot is there, once); any other ran out of dots
    assert len(answers) == 12
    assert all(code == ("ack" if note_id in voted else "dots_used_up") for note_id, code in answers), answers
    assert writer.participant_id not in server.session.state.votes  # nobody else's dots moved
    unvoted = next(n for n in ("m-0", "m-1", "m-2", "m-3") if n not in voted)
    await voter.send("unvote", note_id=unvoted)  # taking back a dot it does not have changes nothing
    assert (await voter.expect("votes"))["voted"] == sorted(voted)
    assert (await voter.expect("ack"))["request"] == "unvote"
    assert len(server.session.state.votes[voter.participant_id]) == 3
    await twin.close()


# -- facilitator actions ----------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


FACILITATOR_COMMANDS = sorted(
    c.__name__ for c in vars(cmd).values()
    if isinstance(c, type) and issubclass(c, cmd.FacilitatorCommand) and c is not cmd.FacilitatorCommand
)
FACILITATOR_WORDS = sorted(
    {_snake(name) for name in FACILITATOR_COMMANDS}
    | {"start", "phase", "timer", "reveal", "unreveal", "next", "previous", "export", "status", "help", "hide",
       "merge", "move", "highlight", "moderate", "kick", "admin", "facilitator", "command", "set_phase", "plenum",
       "plenum_line", "add_note_for_group", "wall_hello", "wall"}
)


async def test_no_message_a_phone_can_send_reaches_a_facilitator_action(make_server, joined):
    server = await make_server(limits=Limits(messages_per_second=1e6, message_burst=10**6))  # many tries in a row
    phone = await joined(server, group_id="g1")
    await phone.note("n-1")
    await phone.expect("ack")
    before = server.session.state.event_count
    fields = {"exercise_id": STAR, "phase": "closed", "revealed": True, "minutes": 1, "seconds": 60, "note_id": "n-1",
              "note_ids": ["n-1"], "merged_ids": ["n-1"], "lane_id": "form", "group_id": "g2", "text": "Overtaget",
              "hidden": True, "participant_id": phone.participant_id, "command": "reveal", "line": "x"}
    for word in FACILITATOR_WORDS:
        for variant in (word, word.upper(), word.replace("_", "")):
            await phone.send(variant, **fields)
            error = await phone.expect("error")
            assert error["code"] == "unknown_type", (variant, error)
    assert server.session.state.event_count == before  # nothing happened
    assert not set(FACILITATOR_WORDS) & INCOMING_TYPES


def test_the_code_phones_reach_builds_participant_commands_only() -> None:
    """Read the server's modules: every command class they name is a
    participant's (the facilitator's controls and console are not reachable
    from a connection)."""
    folder = Path(facilitator.server.__file__).parent
    named: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        if path.name == "controls.py":  # the facilitator's own text commands (stdin, console)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "cmd":
                named.setdefault(str(path.relative_to(folder)), set()).add(node.attr)
            if isinstance(node, ast.ImportFrom) and node.module == "facilitator.core.commands":
                named.setdefault(str(path.relative_to(folder)), set()).update(alias.name for alias in node.names)
    assert "transport/endpoint.py" in named  # the check reads the modules it means to
    for module, names in named.items():
        for name in names:
            value = getattr(cmd, name)
            if isinstance(value, type) and issubclass(value, (cmd.FacilitatorCommand, cmd.ParticipantCommand)):
                assert issubclass(value, cmd.ParticipantCommand), f"{module} builds {name}"
