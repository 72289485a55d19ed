"""The runner: one server process and its load processes, phase by phase.

For each size and shape it starts a fresh server (ours, or one of the bare
baselines) pinned to one core and the load processes pinned to the other,
then: everyone joins; notes at a steady rate; notes at rising rates until delivery
fails (the highest rate that held is the sustained rate); a few dropped
connections come back; then it reads the journal's size and the server's
peak memory and stops everything.
"""

from __future__ import annotations

import asyncio
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import clock
from bench.child import Child
from bench.figures import expected_pushes, latency, merge, ratio
from bench.servers import SERVERS, Server, groups_for, start_server

MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...] = (1000, 2000)
    join_sizes: tuple[int, ...] = (5000,)  # join and memory only
    servers: tuple[str, ...] = SERVERS
    shapes: tuple[str, ...] = ("7", "20", "plan")  # bench/servers.py
    join_shapes: tuple[str, ...] = ("20",)  # the shapes of the join-only sizes
    rounds: int = 2  # every (size, shape, server) this many times, interleaved
    steady_rate: float | None = 200.0  # notes a second of the steady phase; None: 1 per participant per 10 s
    moderate_interval: float = 10.0  # seconds between two notes of one participant (steady_rate None)
    moderate_seconds: float = 15.0
    step_seconds: float = 5.0
    drain_seconds: float = 1.5  # after the last note of a phase, for its last acks and pushes
    first_step: float = 200.0  # notes a second, in all
    step_factor: float = 1.5
    max_steps: int = 10
    phone_cap: float = 9.0  # notes a second per phone at most: a plan allows 600 a minute
    drop_fraction: float = 0.10
    phones_per_load: int = 1000
    in_flight: int = 50  # handshakes under way at once, per load process
    pin: bool = True
    before: str | None = None  # another source tree, served as stjernestund-before
    baseline_sync: str = "normal"  # the bare + SQLite baseline's synchronous setting (bench/baseline.py)
    gc_pacer: bool = True  # our server paces full garbage collections as the console does
    p99_limit: float = 0.250  # seconds
    delivered_limit: float = 0.99


def cores(settings: Settings) -> tuple[int | None, int | None]:
    """(server core, load core): one each on a machine with two or more."""
    if not settings.pin or (os.cpu_count() or 1) < 2:
        return None, None
    return 0, 1


class SizeRun:
    """One server with `participants` phones in one shape."""

    def __init__(self, kind: str, participants: int, shape: str, settings: Settings, folder: Path, tag: str) -> None:
        self.kind = kind
        self.participants = participants
        self.shape = shape
        self.tag = tag
        self.settings = settings
        self.folder = folder
        self.server: Child | None = None
        self.process: Server | None = None
        self.loads: list[Child] = []
        self.shares: list[int] = []
        self.members: Counter[str] = Counter()
        self.info: dict[str, Any] = {}

    async def start(self) -> None:
        server_core, load_core = cores(self.settings)
        tag = self.tag
        self.process, self.info = await start_server(self.kind, self.shape, self.participants, self.folder, tag, server_core,
                                                     self.settings.gc_pacer, self.settings.baseline_sync,
                                                     Path(self.settings.before) if self.settings.before else None)
        self.server = self.process.child
        count = math.ceil(self.participants / self.settings.phones_per_load)
        base, extra = divmod(self.participants, count)
        self.shares = [base + (1 if i < extra else 0) for i in range(count)]
        for i in range(count):
            self.loads.append(await Child.start(f"load {i + 1}", "bench.load", [str(1000 + i)], self.folder / f"{tag}-load{i + 1}.log", load_core))

    def _cpu(self) -> tuple[float, float]:
        assert self.server is not None
        return self.server.cpu_seconds(), sum(load.cpu_seconds() for load in self.loads)

    def _waited(self) -> tuple[float, float]:
        assert self.server is not None
        return self.server.waited_seconds(), max((load.waited_seconds() for load in self.loads), default=0.0)

    async def join(self) -> dict[str, Any]:
        assert self.server is not None
        ws_url, code = phone_address(self.info["join_url"])
        start_at = clock.now() + 0.5
        first = 0
        for load, share in zip(self.loads, self.shares, strict=True):
            load.send({"cmd": "join", "url": ws_url, "code": code, "first": first, "count": share,
                       "start_at": start_at, "in_flight": self.settings.in_flight})
            first += share
        await _sleep_until(start_at)
        cpu_before, _ = self._cpu()
        waited_before = self._waited()
        answers = [await load.read(timeout=300) for load in self.loads]
        cpu_after, _ = self._cpu()
        server_waited, load_waited = (after - before for after, before in zip(self._waited(), waited_before, strict=True))
        failed: Counter[str] = Counter()
        latencies: list[float] = []
        for answer in answers:
            self.members.update(answer["groups"])
            failed.update(answer["failed"])
            latencies += answer["join_latency"]
        seconds = max(a["finished"] for a in answers) - min(a["started"] for a in answers)
        sizes = self.members.values()
        return {
            "participants": self.participants,
            "joined": sum(a["joined"] for a in answers),
            "failed": dict(failed),
            "seconds": round(seconds, 3),
            "join": latency(latencies),
            "groups": len(self.members),
            "group_sizes": [min(sizes, default=0), max(sizes, default=0)],
            "server_cpu_seconds": round(cpu_after - cpu_before, 3),
            "server_rss_mb": round(self.server.rss() / MB, 1),
            "server_waited_pct": round(server_waited / seconds * 100, 1) if seconds else 0.0,
            "load_waited_pct": round(load_waited / seconds * 100, 1) if seconds else 0.0,
        }

    async def notes(self, phase: str, rate: float, seconds: float) -> dict[str, Any]:
        """Write `rate` notes a second for `seconds`; what came of them."""
        assert self.server is not None
        drain = self.settings.drain_seconds
        start_at = clock.now() + 0.3
        for load, share in zip(self.loads, self.shares, strict=True):
            load.send({"cmd": "notes", "phase": phase, "rate": rate * share / self.participants, "start_at": start_at,
                       "duration": seconds, "drain": drain})
        await _sleep_until(start_at)
        server_before, load_before = self._cpu()
        server_waited, load_waited = self._waited()
        load_average = os.getloadavg()[0]
        await _sleep_until(start_at + seconds)
        server_after, load_after = self._cpu()
        server_waited, load_waited = (after - before for after, before in zip(self._waited(), (server_waited, load_waited), strict=True))
        answers = [await load.read(timeout=seconds + drain + 120) for load in self.loads]
        assert self.process is not None
        console = await self.process.report(phase) or {"console_seen": None, "console_latency": []}
        merged = merge(answers)
        sent = merged["sent"]
        figures = {
            "phase": phase,
            "offered_per_s": round(rate, 1),
            "seconds": seconds,
            "sent": sent,
            "acked": merged["acked"],
            "acked_per_s": round(merged["acked"] / seconds, 1),
            "delivered": ratio(merged["acked"], sent),
            "group_delivered": ratio(merged["pushes"], expected_pushes(merged["sent_by_group"], self.members)),
            "console_delivered": None if console["console_seen"] is None else ratio(console["console_seen"], sent),
            "ack": latency(merged["ack_latency"]),
            "console": latency(console["console_latency"]),
            "group": latency(merged["group_latency"]),
            "server_cpu_pct": round((server_after - server_before) / seconds * 100, 1),
            "server_cpu_ms_per_note": round((server_after - server_before) * 1000 / sent, 3) if sent else None,
            "load_cpu_pct": round((load_after - load_before) / seconds * 100, 1),
            # time ready to run but waiting for a core, as a share of the phase:
            # high values mean other programs on the machine shaped the figures
            "server_waited_pct": round(server_waited / seconds * 100, 1),
            "load_waited_pct": round(load_waited / seconds * 100, 1),
            "load_average": round(load_average, 2),
            "load_behind_ms": round(merged["schedule_behind"] * 1000, 1),
            "errors": dict(merged["errors"]),
            "reconnects": merged["reconnects"],
            "connected": merged["connected"],
        }
        figures["held"] = self.held(figures)
        return figures

    def held(self, figures: dict[str, Any]) -> bool:
        """Delivered at least 99% of what was offered (acks, group pushes,
        console where there is a console probe) with every p99 under 250 ms."""
        s = self.settings
        probed = figures["console_delivered"] is not None
        shares = ("delivered", "group_delivered") + (("console_delivered",) if probed else ())
        delivered = all((figures[k] or 0) >= s.delivered_limit for k in shares)
        latencies = ("ack", "group") + (("console",) if probed else ())
        fast = all(figures[k]["p99_ms"] is not None and figures[k]["p99_ms"] < s.p99_limit * 1000 for k in latencies)
        return figures["sent"] > 0 and delivered and fast

    async def step_up(self) -> dict[str, Any]:
        """Raise the rate by `step_factor` until a step fails, then try once
        between the last that held and the first that failed."""
        s = self.settings
        cap = s.phone_cap * self.participants
        rate = min(s.first_step, cap)
        steps: list[dict[str, Any]] = []
        best: dict[str, Any] | None = None
        failed: dict[str, Any] | None = None
        retried = False
        while len(steps) < s.max_steps:
            figures = await self.notes(f"s{len(steps)}", rate, s.step_seconds)
            steps.append(figures)
            if not figures["held"] and not retried:
                retried = True  # once per search: a moment of someone else's load should not end it
                await asyncio.sleep(2.0)
                continue
            if figures["held"]:
                best = figures
                if rate >= cap:
                    break
                rate = min(cap, rate * s.step_factor)
            else:
                failed = figures
                if best is not None or rate <= 25:
                    break
                rate /= 2  # not even the first step held: look lower
            await asyncio.sleep(0.5)
        if best is not None and failed is not None:
            await asyncio.sleep(3.0)  # let an overloaded server catch up first
            between = math.sqrt(best["offered_per_s"] * failed["offered_per_s"])
            figures = await self.notes(f"s{len(steps)}", between, s.step_seconds)
            steps.append(figures)
            if figures["held"]:
                best = figures
        capped = best is not None and best["offered_per_s"] >= cap
        # every step held until --max-steps ran out: the server could do more than the figure says
        unfinished = best is not None and failed is None and not capped
        return {"steps": steps, "sustained": best, "capped": capped, "unfinished": unfinished}

    async def reconnect(self) -> dict[str, Any]:
        """Lose a few connections at once; they come back and send what they wrote meanwhile."""
        server_before, load_before = self._cpu()
        for load in self.loads:
            load.send({"cmd": "drop", "phase": "r", "fraction": self.settings.drop_fraction, "pause": 0.5, "timeout": 60})
        answers = [await load.read(timeout=120) for load in self.loads]
        server_after, load_after = self._cpu()
        latencies = [v for a in answers for v in a["resume_latency"]]
        dropped = sum(a["dropped"] for a in answers)
        all_back = all(a["resumed"] == a["dropped"] and a["resent_acked"] == a["sent"] for a in answers)
        return {
            # from the moment the connections were lost (the phones wait 0.5 s, as the page does)
            # to the last one's welcome and the ack of its offline note; None if not all came back
            "all_back_s": round(max(a["back_at"] for a in answers) - min(a["dropped_at"] for a in answers), 3)
            if all_back and dropped else None,
            "dropped": dropped,
            "resumed": sum(a["resumed"] for a in answers),
            "written_offline": sum(a["sent"] for a in answers),
            "acked_after_resume": sum(a["resent_acked"] for a in answers),
            "resume": latency(latencies),
            # CPU seconds of the whole phase (the 0.5 s pause included): which side the phones waited for
            "server_cpu_seconds": round(server_after - server_before, 3),
            "load_cpu_seconds": round(load_after - load_before, 3),
        }

    async def finish(self) -> dict[str, Any]:
        assert self.server is not None and self.process is not None
        journal = await self.process.journal()
        peak = self.server.peak_rss()
        cpu = self.server.cpu_seconds()
        await self.close()
        return {"journal_bytes": journal["journal_bytes"], "events": journal["events"],
                "server_peak_rss_mb": round(peak / MB, 1), "server_cpu_seconds": round(cpu, 2)}

    async def close(self) -> None:
        for load in self.loads:
            await load.stop({"cmd": "close"}, timeout=60)
        if self.process is not None:
            await self.process.stop()


def phone_address(join_url: str) -> tuple[str, str]:
    """What a phone makes of the join URL (`http://host:port/j/CODE`): the
    page's WebSocket on the same host (`ws://host:port/ws`) and the code."""
    parts = urlsplit(join_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}/ws", parts.path.rsplit("/j/", 1)[1]


async def _sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - clock.now()))


async def run_size(kind: str, participants: int, settings: Settings, folder: Path, *, full: bool, shape: str = "7",
                   round_number: int = 1) -> dict[str, Any]:
    """Every figure for one server, size and shape (`full=False`: joining and memory only)."""
    tag = f"{kind}-{participants}-{shape}-r{round_number}"
    run = SizeRun(kind, participants, shape, settings, folder, tag)
    began = clock.now()
    try:
        result: dict[str, Any] = {"server": kind, "participants": participants, "shape": shape, "round": round_number,
                                  "groups_planned": groups_for(shape, participants), "load_average": list(os.getloadavg())}
        await run.start()
        result["argv"] = run.info.get("argv")
        result["load_processes"] = len(run.shares)
        result["join"] = await run.join()
        if full:
            moderate_rate = settings.steady_rate or participants / settings.moderate_interval
            result["moderate"] = await run.notes("m", moderate_rate, settings.moderate_seconds)
            result["step_up"] = await run.step_up()
            result["reconnect"] = await run.reconnect()
        result.update(await run.finish())
        result["load_average_end"] = list(os.getloadavg())
        result["wall_seconds"] = round(clock.now() - began, 1)
        return result
    finally:
        await run.close()
