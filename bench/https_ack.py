"""What HTTPS and a reverse proxy cost a phone: the time from sending a note
to its ack, for one phone, over plain ws://, over wss:// served by
`--tls-cert`, and over wss:// through Debian's Caddy (`--trusted-proxy`),
all on loopback with a certificate made for the run.

    .venv/bin/python -m bench.https_ack [--notes 200]

Needs caddy and openssl (`make proxy`). The note is paced under the 20
messages a second a phone may send. Most of an ack is the journal's commit,
so the three should be close; the figures are in docs/running.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl as ssl_module
import statistics
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

from facilitator.resources import sample_plan
from tests.support.processes import PUBLIC_NAME, behind_proxy_args, caddy, facilitator, free_port, make_certificate

PACE = 0.06  # seconds between notes: under the 20 messages a second per phone


async def acks(url: str, code: str, notes: int, ssl: ssl_module.SSLContext | None = None) -> list[float]:
    """Milliseconds from each note sent to its ack, sorted."""
    async with connect(url, host="127.0.0.1", ssl=ssl) as ws:
        await ws.send(json.dumps({"type": "join", "v": 1, "code": code, "name": "Bench", "unit": "AKM"}))
        await ws.recv()
        times = []
        for i in range(notes):
            await asyncio.sleep(PACE)
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "note", "v": 1, "note_id": f"n{i}", "exercise_id": "netvaerksstjernen", "lane_id": "behov", "text": f"note {i}"}))
            while True:
                answer = json.loads(await ws.recv())
                if answer["type"] == "ack":
                    break
                if answer["type"] == "error":
                    raise SystemExit(f"refused: {answer}")
            times.append((time.perf_counter() - sent) * 1000)
    return sorted(times)


def line(name: str, times: list[float]) -> str:
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"| {name} | {statistics.median(times):.1f} | {p95:.1f} |"


def lifted_plan(folder: Path) -> str:
    """The sample plan with the per-participant note limits lifted: the one
    bench phone writes 200 notes, far more than a person (issue 14's limits)."""
    path = folder / "bench-plan.toml"
    lifted = "notes_per_minute = 600\nnotes_per_exercise = 2000\n"
    path.write_text(lifted + sample_plan().read_text(encoding="utf-8"), encoding="utf-8")
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200)
    notes = parser.parse_args().notes
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        certificate = make_certificate(tmp / "tls", PUBLIC_NAME)
        print("| set-up | ack p50 (ms) | ack p95 (ms) |\n|---|---|---|")
        port = free_port()
        plan = lifted_plan(tmp)
        with facilitator(plan, "--host", "127.0.0.1", "--port", str(port), "--db", str(tmp / "ws.sqlite3"), "--start", cwd=tmp) as run:
            code = run.line_with("Join: ").rsplit("/", 1)[1]
            print(line("ws:// direct", asyncio.run(acks(f"ws://127.0.0.1:{port}/ws", code, notes))), flush=True)
        port = free_port()
        tls = ("--tls-cert", str(certificate.cert), "--tls-key", str(certificate.key))
        with facilitator(plan, "--host", "127.0.0.1", "--port", str(port), "--db", str(tmp / "wss.sqlite3"), "--start", *tls, cwd=tmp) as run:
            code = run.line_with("Join: ").rsplit("/", 1)[1]
            url = f"wss://{PUBLIC_NAME}:{port}/ws"
            print(line("wss:// direct (--tls-cert)", asyncio.run(acks(url, code, notes, certificate.client_context()))), flush=True)
        server_port, proxy_port = free_port(), free_port()
        (tmp / "proxied").mkdir()
        with caddy(tmp / "caddy", certificate, port=proxy_port, upstream=server_port) as public_url:
            with facilitator(plan, *behind_proxy_args(tmp / "proxied", server_port, public_url), "--start", cwd=tmp) as run:
                code = run.line_with("Join: ").rsplit("/", 1)[1]
                url = f"wss://{PUBLIC_NAME}:{proxy_port}/ws"
                print(line("wss:// through Caddy", asyncio.run(acks(url, code, notes, certificate.client_context()))), flush=True)


if __name__ == "__main__":
    main()
