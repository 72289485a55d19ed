"""Guessing stays hopeless, and the right code always gets in (issue 14,
attack 6). Many phones share one address (a venue's NAT, a proxy, a tunnel);
someone there guessing codes used to lock them all out. Now wrong guesses
from an address beyond its allowance are slowed — every code check from that
address waits the same moment before it is looked at, so nothing is learnt
sooner — while a valid resume secret is never held up and the right code
gets in within seconds. (The arithmetic: docs/reliability.md.)"""

from __future__ import annotations

import asyncio
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from facilitator.server.transport.limits import FailedAttempts, Limits
from tests.support.phones import TIMEOUT, Phone

LIMITS = Limits(failed_attempts_per_minute=5, guess_delay=1.0)


async def phone_from(server, source: str) -> Phone:
    try:
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(f"ws://127.0.0.1:{server.port}/ws", local_addr=(source, 0))
    except OSError as error:
        pytest.skip(f"{source} is not a loopback address here ({error.strerror})")
    return Phone(ws, server)


async def keep_guessing(server, source: str, connections: int = 4) -> tuple[asyncio.Task[None], list[int]]:
    """Guessers at `source` sending wrong codes over several connections as
    fast as they are answered (up to ten a second each), until cancelled; `answers[0]` counts the answers they got."""
    guessers = [await phone_from(server, source) for _ in range(connections)]
    answers = [0]

    async def guess(phone: Phone) -> None:
        try:
            while True:
                await phone.send("hello", code="ZZZZZZZZ")
                await phone.expect("error")
                answers[0] += 1
                await asyncio.sleep(0.1)  # ten a second: below the per-connection rate limit of frames
        except ConnectionClosed:
            pass

    async def all_of_them() -> None:
        try:
            await asyncio.gather(*(guess(phone) for phone in guessers))
        finally:
            for phone in guessers:
                phone.ws.transport.abort()

    task = asyncio.create_task(all_of_them())
    while answers[0] < LIMITS.failed_attempts_per_minute + 2:  # past the allowance
        await asyncio.sleep(0.05)
    return task, answers


async def test_a_valid_resume_secret_gets_in_at_once_from_an_address_that_keeps_guessing(make_server, joined):
    server = await make_server(limits=LIMITS)
    member = await phone_from(server, "127.0.0.2")
    await member.join(name="Deltager", unit="AKM")
    await member.close()
    guessing, _ = await keep_guessing(server, "127.0.0.2")
    try:
        for _ in range(3):
            back = await phone_from(server, "127.0.0.2")  # the phone's Wi-Fi blinked: it resumes
            started = time.monotonic()
            await back.send("resume", code=server.code, participant_id=member.participant_id, secret=member.secret)
            welcome = await back.expect("welcome")
            assert welcome["participant_id"] == member.participant_id
            assert time.monotonic() - started < LIMITS.guess_delay  # not even slowed
            await back.close()
    finally:
        guessing.cancel()


async def test_the_right_code_gets_in_within_seconds_from_an_address_that_keeps_guessing(make_server):
    server = await make_server(limits=LIMITS)
    guessing, _ = await keep_guessing(server, "127.0.0.3")
    try:
        for name in ("Anna", "Bo", "Carl"):
            newcomer = await phone_from(server, "127.0.0.3")  # another phone behind the same NAT
            started = time.monotonic()
            await newcomer.send("hello", code=server.code)
            assert (await newcomer.expect("session_info"))["title"]
            await newcomer.join(name=name, unit="AKM")
            assert time.monotonic() - started < 2 * LIMITS.guess_delay + 2.0
            await newcomer.close()
    finally:
        guessing.cancel()
    assert len(server.session.state.participants) == 3


async def test_guesses_beyond_the_allowance_are_slowed_per_connection_and_only_at_that_address(make_server):
    """What keeps guessing hopeless: past its allowance an address's code checks
    each wait `guess_delay`, one at a time per connection, whatever the guess."""
    server = await make_server(limits=LIMITS)
    guessing, answers = await keep_guessing(server, "127.0.0.4", connections=4)
    try:
        counted, started = answers[0], time.monotonic()
        await asyncio.sleep(3 * LIMITS.guess_delay)  # measuring a rate: three delays' worth
        rate = (answers[0] - counted) / (time.monotonic() - started)
        assert rate <= 4 / LIMITS.guess_delay * 1.25, rate  # four connections, one check per delay each
        neighbour = await phone_from(server, "127.0.0.5")  # not slowed: another address
        started = time.monotonic()
        await neighbour.send("hello", code="ZZZZZZZZ")
        assert (await neighbour.expect("error"))["code"] == "bad_code"
        assert time.monotonic() - started < LIMITS.guess_delay / 2
    finally:
        guessing.cancel()
    slowed = await phone_from(server, "127.0.0.4")
    await slowed.send("hello", code="ZZZZZZZZ")
    assert (await slowed.expect("error"))["code"] == "too_many_attempts"  # tells the phone why it waited


async def test_guessing_spread_over_many_addresses_slows_every_code_check(make_server):
    """An attacker with many addresses (IPv6 gives one device plenty): past a
    room-wide allowance every code check waits, so addresses buy no speed."""
    server = await make_server(limits=Limits(failed_attempts_per_minute=100, failed_attempts_everywhere_per_minute=12, guess_delay=1.0))
    for i in range(12):
        phone = await phone_from(server, f"127.0.1.{i + 1}")
        await phone.send("hello", code="ZZZZZZZZ")
        assert (await phone.expect("error"))["code"] == "bad_code"
        await phone.close()
    fresh = await phone_from(server, "127.0.2.1")
    started = time.monotonic()
    await fresh.send("hello", code=server.code)
    assert (await fresh.expect("session_info"))["title"]  # the right code gets in ...
    assert time.monotonic() - started >= 0.9 * 1.0  # ... after the same wait a guess gets


def test_the_count_of_wrong_guesses_forgets_addresses_after_a_minute_however_many_there_were() -> None:
    now = [0.0]
    attempts = FailedAttempts(10, lambda: now[0], everywhere_per_minute=600, delay=2.0)
    started = time.monotonic()
    for i in range(20_000):  # one guess each from 20,000 addresses (IPv6 has them)
        attempts.record(f"2001:db8::{i:x}")
        now[0] += 0.001
    assert time.monotonic() - started < 2.0  # no sweep of the whole table per guess
    assert attempts.slowed("2001:db8::1")  # the room-wide count: everyone is slowed now
    now[0] += 61.0
    attempts.record("2001:db8::ffff")
    assert attempts.kept <= 2  # that address and the room-wide count
    assert not attempts.slowed("2001:db8::1")
