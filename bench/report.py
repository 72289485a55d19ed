"""The results: the machine they came from, and the tables (Markdown, which
reads as well on a terminal as in `bench/results.md`)."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _filesystem(path: Path) -> str:
    """The type of the file system the journal is written to (a tmpfs would make fsync free)."""
    best, kind = "", "unknown"
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return kind
    resolved = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) >= 3 and resolved.startswith(fields[1]) and len(fields[1]) > len(best):
            best, kind = fields[1], fields[2]
    return kind


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).parent)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def machine(journal_folder: Path) -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "websockets": version("websockets"),
        "pydantic": version("pydantic"),
        "journal_filesystem": _filesystem(journal_folder),
        "commit": _commit(),
    }


def _ms(figure: dict[str, Any] | None) -> str:
    if not figure or figure.get("p50_ms") is None:
        return "–"
    return f"{figure['p50_ms']:.1f} / {figure['p99_ms']:.1f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _waited(phase: dict[str, Any] | None) -> str:
    """Server / load: the share of the phase each was ready to run but waited for its core."""
    if not phase:
        return "–"
    return f"{phase['server_waited_pct']:.0f} / {phase['load_waited_pct']:.0f} %"


def delivered(phase: dict[str, Any]) -> float | None:
    """The smallest share delivered: acks, group pushes, notes seen by the console."""
    shares = [phase[k] for k in ("delivered", "group_delivered", "console_delivered") if phase[k] is not None]
    return min(shares, default=None)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _runs(results: dict[str, Any], server: str) -> list[dict[str, Any]]:
    return [run for run in results["runs"] if run["server"] == server]


def tables(results: dict[str, Any]) -> list[str]:
    """Every figure of the run as Markdown tables."""
    lines: list[str] = []
    ratios = results.get("ratios", {})
    for server in ("stjernestund", "baseline"):
        runs = _runs(results, server)
        if not runs:
            continue
        title = "Stjernestund" if server == "stjernestund" else "Baseline (bare websockets, same fan-out)"
        lines += [f"### {title}", "", "Joining and memory:", ""]
        lines += _table(
            ["participants", "all joined in", "join p50 / p99 ms", "groups (sizes)", "RSS after join", "peak RSS", "journal", "waited for a core"],
            [[f"{r['participants']:,}", f"{r['join']['seconds']:.2f} s" + ("" if r["join"]["joined"] == r["participants"] else f" ({r['join']['joined']} joined)"),
              _ms(r["join"]["join"]), f"{r['join']['groups']} ({r['join']['group_sizes'][0]}–{r['join']['group_sizes'][1]})",
              f"{r['join']['server_rss_mb']:.0f} MB", f"{r['server_peak_rss_mb']:.0f} MB",
              f"{r['journal_bytes'] / 1024**2:.1f} MB" if server == "stjernestund" else "–", _waited(r["join"])] for r in runs],
        )
        full = [r for r in runs if "moderate" in r]
        if full:
            lines += ["", "1 note per participant per 10 s (p50 / p99, ms):", ""]
            lines += _table(
                ["participants", "notes/s", "ack", "note → console", "note → group", "delivered", "server CPU", "load CPU",
                 "waited for a core"],
                [[f"{r['participants']:,}", f"{r['moderate']['acked_per_s']:.0f}", _ms(r["moderate"]["ack"]), _ms(r["moderate"]["console"]),
                  _ms(r["moderate"]["group"]), _pct(delivered(r["moderate"])),
                  f"{r['moderate']['server_cpu_pct']:.0f} %", f"{r['moderate']['load_cpu_pct']:.0f} %", _waited(r["moderate"])] for r in full],
            )
            lines += ["", "Highest sustained rate (≥ 99 % delivered, every p99 < 250 ms; p50 / p99, ms at that rate):", ""]
            rows = []
            for r in full:
                best = r["step_up"]["sustained"]
                rate = "none held" if best is None else f"{best['acked_per_s']:.0f}" + (" (per-phone cap)" if r["step_up"]["capped"] else "")
                ratio = ratios.get(str(r["participants"])) if server == "stjernestund" else None
                rows.append([f"{r['participants']:,}", rate, _ms(best and best["ack"]), _ms(best and best["console"]), _ms(best and best["group"]),
                             f"{best['server_cpu_pct']:.0f} %" if best else "–", f"{best['server_cpu_ms_per_note']:.2f}" if best else "–",
                             f"{best['load_cpu_pct']:.0f} %" if best else "–", _waited(best), "–" if ratio is None else f"{ratio * 100:.0f} %"])
            lines += _table(["participants", "notes/s", "ack", "note → console", "note → group", "server CPU", "CPU ms/note", "load CPU",
                             "waited for a core", "of baseline"], rows)
            share = results["settings"]["drop_fraction"] * 100
            lines += ["", f"Dropped connections coming back ({share:.0f} %, each with a note written offline):", ""]
            lines += _table(
                ["participants", "dropped", "resumed", "offline notes acked", "resume p50 / p99 ms"],
                [[f"{r['participants']:,}", str(r["reconnect"]["dropped"]), str(r["reconnect"]["resumed"]),
                  f"{r['reconnect']['acked_after_resume']} of {r['reconnect']['written_offline']}", _ms(r["reconnect"]["resume"])] for r in full],
            )
        lines.append("")
    return lines


def header(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    before, after = results["load_average_before"], results.get("load_average_after", ["?"] * 3)
    return [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; Python {m['python']}, "
        f"websockets {m['websockets']}; journal on {m['journal_filesystem']}; commit {m['commit']}",
        f"Command: `{results['command']}`  (started {results['started']}, took {results.get('seconds', 0):.0f} s)",
        f"Load average before: {' '.join(f'{v:.2f}' for v in before)}; after: {' '.join(f'{v:.2f}' for v in after)}"
        + ("; server and load processes pinned to a core each" if results["settings"]["pin"] else ""),
        "",
    ]
