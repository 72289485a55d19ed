"""Someone on the Wi-Fi without the code exhausting connections (issue 14,
attack 4): idle sockets by the thousand from one address, sockets that never
say hello, raw TCP sockets until the open-file limit is reached. Each address
holds a bounded number of sockets, a socket must say hello in time, and when
the open files run short new connections are refused cleanly while the
meeting carries on. Real sockets on 127.0.0.x; small limits the server takes."""

from __future__ import annotations

import asyncio
import json
import resource
import time
from pathlib import Path

import pytest
from http_raw import request
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from facilitator.server.transport.limits import Limits
from facilitator.server.transport.proxies import TrustedProxies
from tests.reliability.fleet import ServerProcess
from tests.support.phones import TIMEOUT, Phone, eventually


async def open_raw(port: int, source: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A TCP connection from the loopback address `source` that says nothing."""
    try:
        async with asyncio.timeout(TIMEOUT):
            return await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    except TimeoutError:
        raise AssertionError(f"the server did not take a connection from {source} within {TIMEOUT} s") from None
    except OSError as error:
        pytest.skip(f"{source} is not a loopback address here ({error.strerror})")


async def closed_soon(reader: asyncio.StreamReader, within: float) -> bool:
    """Whether the server closes this connection within `within` seconds
    (whatever it says first: a refusal is read and ignored)."""
    try:
        async with asyncio.timeout(within):
            while await reader.read(4096):
                pass
            return True
    except ConnectionError:
        return True
    except TimeoutError:
        return False


async def phone_from(server, source: str) -> Phone:
    async with asyncio.timeout(TIMEOUT):
        ws = await connect(f"ws://127.0.0.1:{server.port}/ws", local_addr=(source, 0))
    return Phone(ws, server)


async def test_one_address_holds_at_most_its_share_of_sockets_and_other_addresses_still_join(make_server):
    server = await make_server(limits=Limits(sockets_per_address=20, hello_timeout=60))
    held = [await open_raw(server.port, "127.0.0.2") for _ in range(20)]
    extra = [await open_raw(server.port, "127.0.0.2") for _ in range(10)]
    refused = await asyncio.gather(*(closed_soon(reader, 2.0) for reader, _ in extra))
    assert all(refused), f"{refused.count(False)} sockets beyond the cap were kept open"
    neighbour = await phone_from(server, "127.0.0.3")  # another phone behind another address
    welcome = await neighbour.join(name="Naboen", unit="AKM")
    assert welcome["participant_id"]
    held[0][1].transport.abort()  # one of the twenty goes: there is room for one more from there
    await eventually(lambda: server.gate.open_from("127.0.0.2") == 19, "the closed socket was counted off")
    again = await phone_from(server, "127.0.0.2")
    await again.send("hello", code=server.code)
    assert (await again.expect("session_info"))["title"]
    for _, writer in held[1:] + extra:
        writer.transport.abort()
    await again.close()
    await neighbour.close()


async def test_upgraded_sockets_count_toward_the_cap_too_and_the_refusal_is_a_503(make_server):
    server = await make_server(limits=Limits(sockets_per_address=5))
    phones = [await phone_from(server, "127.0.0.4") for _ in range(5)]
    for phone in phones:
        await phone.send("hello", code=server.code)
        await phone.expect("session_info")
    reader, writer = await open_raw(server.port, "127.0.0.4")
    writer.write(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
    async with asyncio.timeout(TIMEOUT):
        answer = await reader.read()
    assert answer.startswith(b"HTTP/1.1 503 "), answer[:80]
    writer.transport.abort()
    for phone in phones:
        await phone.close()


async def test_behind_a_trusted_proxy_the_cap_counts_the_forwarded_address_not_the_proxy(make_server):
    server = await make_server(limits=Limits(sockets_per_address=3), trusted_proxies=TrustedProxies.parse(["127.0.0.1"]))

    async def through_proxy(phone: str) -> ClientConnection:
        async with asyncio.timeout(TIMEOUT):
            return await connect(f"ws://127.0.0.1:{server.port}/ws", additional_headers={"X-Forwarded-For": phone})

    held = [await through_proxy("10.0.0.1") for _ in range(3)]
    with pytest.raises(InvalidStatus) as refused:
        await through_proxy("10.0.0.1")
    assert refused.value.response.status_code == 503
    others = [await through_proxy(f"10.0.0.{i}") for i in range(2, 8)]  # the proxy itself holds 9 now: no cap on it
    await held[0].close()
    await eventually(lambda: server.gate.open_from("10.0.0.1") == 2, "the closed socket was counted off")
    held[0] = await through_proxy("10.0.0.1")
    for ws in held + others:
        await ws.close()


@pytest.mark.parametrize("first", [None, "hello with a wrong code"])
async def test_a_phone_socket_that_never_says_hello_with_the_code_is_closed_at_the_deadline(make_server, first):
    server = await make_server(limits=Limits(hello_timeout=1.0))
    async with asyncio.timeout(TIMEOUT):
        silent = await connect(f"ws://127.0.0.1:{server.port}/ws")  # answers the server's pings
        greeted = await connect(f"ws://127.0.0.1:{server.port}/ws")
    if first is not None:  # without the code, a hello does not buy time
        await silent.send(json.dumps({"type": "hello", "v": 1, "code": "ZZZZZZZZ"}))
        assert json.loads(await silent.recv())["code"] == "bad_code"
    await greeted.send(json.dumps({"type": "hello", "v": 1, "code": server.code}))
    assert json.loads(await greeted.recv())["type"] == "session_info"
    started = time.monotonic()
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(TIMEOUT):
            await silent.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    assert time.monotonic() - started < 3.0
    await greeted.send(json.dumps({"type": "ping", "v": 1}))  # the one that said hello is still served
    async with asyncio.timeout(TIMEOUT):
        assert json.loads(await greeted.recv())["type"] == "pong"
    await greeted.close()


async def test_a_wall_socket_that_never_says_wall_hello_is_closed_at_the_deadline(make_server):
    server = await make_server(limits=Limits(hello_timeout=1.0))
    async with asyncio.timeout(TIMEOUT):
        silent = await connect(f"ws://127.0.0.1:{server.port}/wall-ws")
    started = time.monotonic()
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(TIMEOUT):
            await silent.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    assert time.monotonic() - started < 3.0
    await eventually(lambda: not server.wall.connections, "the wall's socket was let go")


# -- the open-file limit --------------------------------------------------------------------

FILES = 200  # the server process may keep this many files open, and cannot raise it
FLOOD = 400


def tight_file_limit() -> None:
    """In the server's process, before it starts: a limit it cannot raise."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILES, FILES))


@pytest.mark.slow
async def test_at_the_open_file_limit_new_connections_are_refused_cleanly_and_the_meeting_carries_on(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < FLOOD + 100:  # the flood's sockets are open files of this process too
        if hard != resource.RLIM_INFINITY and hard < FLOOD + 100:
            pytest.skip(f"this system allows only {hard} open files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (FLOOD + 100, hard))
    server = ServerProcess(tmp_path / "meeting.sqlite3", cwd=tmp_path)
    flood: list[asyncio.StreamWriter] = []
    try:
        await server.start("--start", preexec_fn=tight_file_limit)
        async with asyncio.timeout(TIMEOUT):
            ws = await connect(server.ws_url())
        member = Phone(ws, server)  # type: ignore[arg-type]  # only its code and port are used
        await member.join(code=server.code, name="Deltager", unit="AKM")
        started = time.monotonic()
        sources = [f"127.0.0.{10 + i % 4}" for i in range(FLOOD)]  # under the per-address cap
        for source in sources:
            _, writer = await open_raw(server.port, source)
            flood.append(writer)
        late_reader, late_writer = await open_raw(server.port, "127.0.0.20")
        assert await closed_soon(late_reader, 2.0), "a connection beyond the open-file limit was left hanging"
        late_writer.transport.abort()
        for i in range(5):  # the phone already in writes on: the journal still has its files
            await member.note(f"n-{i}")
            assert (await member.expect("ack"))["note_id"] == f"n-{i}"
        seconds = time.monotonic() - started
        for writer in flood:
            writer.transport.abort()
        flood.clear()

        async def page_loads() -> bool:
            answer = await request(server.port, "/healthz")
            return answer is not None and answer.status == 200

        async with asyncio.timeout(10):
            while not await page_loads():
                await asyncio.sleep(0.1)
        await member.close()
        assert await server.terminate() == 0
    finally:
        for writer in flood:
            writer.transport.abort()
        server.cleanup()
    assert not any("Traceback" in line for line in server.err), server.err[:20]
    refusals = [line for line in server.err if "refus" in line.lower()]
    assert refusals, server.err[:20]  # the facilitator is told ...
    assert len(refusals) <= seconds + 2, refusals  # ... once a second at most


@pytest.mark.slow
async def test_the_cap_per_address_is_set_with_facilitator_runs_option(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "meeting.sqlite3", cwd=tmp_path)
    held: list[asyncio.StreamWriter] = []
    try:
        await server.start("--sockets-per-address", "2")
        for _ in range(2):
            held.append((await open_raw(server.port, "127.0.0.30"))[1])
        reader, writer = await open_raw(server.port, "127.0.0.30")
        held.append(writer)
        async with asyncio.timeout(TIMEOUT):
            assert (await reader.read()).startswith(b"HTTP/1.1 503 ")
        for writer in held:
            writer.transport.abort()
        assert await server.terminate() == 0
    finally:
        for writer in held:
            writer.transport.abort()
        server.cleanup()
