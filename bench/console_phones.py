"""The benchmark's phones, in their own process: N WebSocket clients that join,
wait for "go" on standard input, then post notes at a steady total rate.

    python -m bench.console_phones PORT CODE PHONES NOTES RATE

Each phone reads everything the server pushes (as a real phone does, or the
server would drop it as too slow) and counts its acknowledgements.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

UNITS = ("AKM", "AHR", "AIT", "AUS", "Aqua", "Compute", "Energi", "Wind")
WORDS = ("sparring", "netværk", "APV", "trivsel", "oplæg", "skabeloner", "erfaringer", "tid", "ledelse", "kultur")


class BenchPhone:
    def __init__(self, ws: ClientConnection, number: int) -> None:
        self.ws = ws
        self.number = number
        self.lanes: list[str] = []
        self.exercise_id = ""
        self.acks = 0
        self.errors: dict[str, int] = {}
        self.reader: asyncio.Task[None] | None = None

    async def join(self, code: str) -> None:
        await self.ws.send(json.dumps({"type": "join", "v": 1, "code": code, "name": f"Deltager {self.number}", "unit": UNITS[self.number % len(UNITS)]}))
        while True:
            frame = json.loads(await self.ws.recv())
            if frame["type"] == "welcome":
                exercise: dict[str, Any] = frame["snapshot"]["exercise"]
                self.exercise_id = exercise["id"]
                self.lanes = [lane["id"] for lane in exercise["lanes"] if lane["writable"]]
                break
            if frame["type"] == "error":
                raise RuntimeError(frame)
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        try:
            async for message in self.ws:
                # Only acks and errors are read: parsing the ~100 pushes per note
                # would make this process, not the console, the bottleneck.
                head = message[:30]
                if '"type":"ack"' in head:
                    self.acks += 1
                elif '"type":"error"' in head:
                    code = json.loads(message)["code"]
                    self.errors[code] = self.errors.get(code, 0) + 1
        except Exception:  # noqa: BLE001 - the bench ends by closing
            pass

    async def note(self, index: int) -> None:
        lane = self.lanes[index % len(self.lanes)]
        text = f"{WORDS[index % len(WORDS)]} og {WORDS[(index * 7) % len(WORDS)]} ({index})"
        await self.ws.send(json.dumps({"type": "note", "v": 1, "note_id": f"b-{index}", "exercise_id": self.exercise_id, "lane_id": lane, "text": text}))


async def run_phones(port: int, code: str, count: int, notes: int, rate: float) -> None:
    phones: list[BenchPhone] = []

    async def one(number: int) -> None:
        ws = await connect(f"ws://127.0.0.1:{port}/ws", open_timeout=30, max_size=None)
        phone = BenchPhone(ws, number)
        await phone.join(code)
        phones.append(phone)

    for start in range(0, count, 50):
        await asyncio.gather(*(one(n) for n in range(start, min(count, start + 50))))
    print(f"{len(phones)} phones joined", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
    began = time.perf_counter()
    for index in range(notes):
        due = began + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await phones[index % len(phones)].note(index)
    sent_in = time.perf_counter() - began
    deadline = time.perf_counter() + 30
    while sum(p.acks for p in phones) < notes and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    errors: dict[str, int] = {}
    for phone in phones:
        for code_, n in phone.errors.items():
            errors[code_] = errors.get(code_, 0) + n
    print(f"phones: {notes} notes sent in {sent_in:.1f} s, {sum(p.acks for p in phones)} acknowledged, errors {errors or 'none'}", flush=True)
    # second wave: the phones keep editing their notes until the bench is done
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
    done = asyncio.ensure_future(asyncio.get_running_loop().run_in_executor(None, sys.stdin.read))
    began, edits = time.perf_counter(), 0
    while not done.done():
        due = began + edits / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.wait({done}, timeout=delay)
            continue
        index = edits % notes  # note b-i was written by phones[i % n]: only its author may edit it
        await phones[index % len(phones)].ws.send(json.dumps({"type": "edit", "v": 1, "note_id": f"b-{index}", "text": f"rettet {edits}"}))
        edits += 1
    print(f"phones: {edits} edits sent; the phones' process used {time.process_time():.0f} s of CPU in all", flush=True)
    for phone in phones:
        await phone.ws.close()


def main() -> int:
    port, code, count, notes, rate = sys.argv[1:6]
    asyncio.run(run_phones(int(port), code, int(count), int(notes), float(rate)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
