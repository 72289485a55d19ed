"""The load generator: one process of simulated phones, driven by the runner.

    python -m bench.load SEED      (the runner starts it; it is not for typing)

It reads one JSON command a line on standard input and answers each with
one JSON line on standard output: `join` (connect and join this process's
phones), `notes` (write notes at a steady rate for a while), `drop` (lose
some connections and come back), `close`. It only ever connects to the URL
the runner gives it (127.0.0.1), and it stops by itself: at `close`, at the
end of its input, or after `MAX_LIFETIME` seconds whatever happens.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import sys
from collections import Counter
from typing import Any

from bench import clock
from bench.danish import note_texts
from bench.phone import Phone, Stats

MAX_LIFETIME = 1800.0  # seconds; the whole benchmark takes well under this
TICK = 0.002  # seconds between two looks at the note schedule


def raise_file_limit() -> int:
    """Thousands of sockets need thousands of file descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = 65536 if hard == resource.RLIM_INFINITY else hard
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


class Load:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.texts = note_texts(500, seed)
        self.stats = Stats()
        self.phones: list[Phone] = []

    async def join(self, url: str, code: str, first: int, count: int, start_at: float, in_flight: int) -> dict[str, Any]:
        """Connect and join `count` phones, `in_flight` handshakes at a time (as
        a room of phones scanning the QR code, not all in the same millisecond)."""
        await asyncio.sleep(max(0.0, start_at - clock.now()))
        gate = asyncio.Semaphore(in_flight)
        latencies: list[float] = []
        failures: Counter[str] = Counter()
        started = clock.now()
        finished = started

        async def one(number: int) -> None:
            nonlocal finished
            phone = Phone(number, url, code, self.stats, random.Random(self.rng.random()))
            async with gate:
                begun = clock.now()
                try:
                    await phone.join()
                except Exception as error:  # noqa: BLE001 - counted and reported, not fatal
                    failures[type(error).__name__ + (f": {error}" if isinstance(error, RuntimeError) else "")] += 1
                    return
                done = clock.now()
            latencies.append(done - begun)
            finished = max(finished, done)
            self.phones.append(phone)

        await asyncio.gather(*(one(number) for number in range(first, first + count)))
        self.phones.sort(key=lambda phone: phone.number)
        return {
            "joined": len(self.phones),
            "failed": dict(failures),
            "started": started,
            "finished": finished,
            "join_latency": [round(v, 6) for v in latencies],
            "groups": dict(Counter(phone.group_id for phone in self.phones)),
        }

    async def notes(self, phase: str, rate: float, start_at: float, duration: float, drain: float) -> dict[str, Any]:
        """Write `rate` notes a second in all, the phones taking turns in a fixed
        shuffled order (so each writes every len(phones)/rate seconds), from
        `start_at` for `duration` seconds; then wait `drain` seconds for the
        last acks and pushes, and report what this phase's notes did."""
        order = list(self.phones)
        self.rng.shuffle(order)
        stats = self.stats.phase(phase)
        await asyncio.sleep(max(0.0, start_at - clock.now()))
        written = 0
        behind = 0.0
        while order:
            current = clock.now()
            if current >= start_at + duration:
                break
            due = int((current - start_at) * rate) + 1
            if due > written:
                behind = max(behind, current - (start_at + written / rate))
            while written < due:
                phone = order[written % len(order)]
                written += 1
                phone.write(phase, self.texts[written % len(self.texts)])
            await asyncio.sleep(max(TICK, start_at + written / rate - clock.now()))
        await asyncio.sleep(max(0.0, start_at + duration + drain - clock.now()))
        result = stats.as_dict()
        result["schedule_behind"] = round(behind, 6)  # how far the writing fell behind its schedule, at worst
        result["reconnects"] = sum(phone.reconnects for phone in self.phones)
        result["connected"] = sum(1 for phone in self.phones if phone.connected)
        return result

    async def drop(self, phase: str, fraction: float, pause: float, timeout: float) -> dict[str, Any]:
        """Lose `fraction` of the connections at once; each phone writes a note
        while offline, comes back after `pause` with `resume`, and sends it."""
        dropped = self.rng.sample(self.phones, max(1, round(len(self.phones) * fraction))) if self.phones else []
        dropped_at = clock.now()
        for phone in dropped:
            phone.drop()
            phone.write(phase, self.texts[phone.number % len(self.texts)])
        await asyncio.sleep(pause)
        latencies: list[float] = []

        async def back(phone: Phone) -> None:
            begun = clock.now()
            if await phone.reconnect(attempts=3, pause=0.0):
                latencies.append(clock.now() - begun)

        try:
            async with asyncio.timeout(timeout):
                await asyncio.gather(*(back(phone) for phone in dropped))
                while any(phone.pending for phone in dropped):
                    await asyncio.sleep(0.05)
        except TimeoutError:
            pass  # reported as fewer resumed, or fewer acked, than dropped
        stats = self.stats.phase(phase)
        return {
            "dropped_at": dropped_at,
            # the last offline note's ack (each was written just after its connection was lost)
            "back_at": dropped_at + max(stats.ack_latency, default=0.0),
            "dropped": len(dropped),
            "resumed": len(latencies),
            "resume_latency": [round(v, 6) for v in latencies],
            "resent_acked": stats.acked,
            "sent": stats.sent,
        }

    async def close(self) -> dict[str, Any]:
        async with asyncio.timeout(30):
            await asyncio.gather(*(phone.close() for phone in self.phones), return_exceptions=True)
        return {"closed": len(self.phones), "other_errors": dict(self.stats.other_errors)}


async def serve(seed: int) -> None:
    load = Load(seed)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            await load.close()
            return
        command = json.loads(line)
        kind = command.pop("cmd")
        try:
            if kind == "join":
                answer = await load.join(**command)
            elif kind == "notes":
                answer = await load.notes(**command)
            elif kind == "drop":
                answer = await load.drop(**command)
            elif kind == "close":
                answer = await load.close()
            else:
                answer = {"error": f"unknown command {kind!r}"}
        except Exception as error:  # noqa: BLE001 - reported to the runner, which stops the run
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        if kind == "close":
            return


def main() -> int:
    raise_file_limit()
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1

    async def bounded() -> None:
        async with asyncio.timeout(MAX_LIFETIME):
            await serve(seed)

    try:
        asyncio.run(bounded())
    except TimeoutError:
        print(json.dumps({"error": "the load generator ran out of time"}), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
