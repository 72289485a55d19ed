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


SERVER_TITLES = {
    "stjernestund": "Stjernestund",
    "stjernestund-before": "Stjernestund before (--before)",
    "baseline": "Baseline (bare websockets, same fan-out)",
    "baseline-sqlite": "Baseline + SQLite (bare websockets, every join and note committed before the answer)",
}


def _runs(results: dict[str, Any], server: str, shape: str) -> list[dict[str, Any]]:
    return [run for run in results["runs"] if run["server"] == server and run.get("shape", "7") == shape]


def _x(run: dict[str, Any], path: str) -> str:
    """The ÷ baseline (+SQLite) cell: ours as a share of its speed on this path."""
    value = run.get("ratio", {}).get(path)
    return "–" if value is None else f"{value:.2f}×"


def _who(run: dict[str, Any], rounds: int) -> str:
    return f"{run['participants']:,}" + (f" (run {run['round']})" if rounds > 1 else "")


def _sustained(run: dict[str, Any]) -> str:
    best = run["step_up"]["sustained"]
    if best is None:
        return "none held"
    note = " (per-phone cap)" if run["step_up"]["capped"] else " (or more: --max-steps ran out)" if run["step_up"].get("unfinished") else ""
    return f"{best['acked_per_s']:.0f}{note}"


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def _joined(run: dict[str, Any]) -> str:
    join = run["join"]
    return f"{join['seconds']:.2f} s" + ("" if join["joined"] == run["participants"] else f" ({join['joined']:,} joined)")


def _shape_cell(shape: str, participants: int, groups: int) -> str:
    """How the room was divided, and what was asked where a plan could not give it."""
    size = f"{groups} groups of ~{participants / max(1, groups):.0f}"
    if shape.isdigit() and participants / max(1, groups) > int(shape) * 1.5:
        return f"{size} (asked: {shape}; a plan has at most 100 groups)"
    return size + {"plan": " (the bundled plan's 5)", "synthetic": " (synthetic, built in Python)"}.get(shape, "")


def summary(results: dict[str, Any]) -> list[str]:
    """The issue's table: each path, ours against both baselines, every run of each."""
    runs = results["runs"]
    keys = sorted({(r["participants"], r.get("shape", "7")) for r in runs}, key=lambda k: (k[0], str(k[1])))
    paths = [
        ("all joined", lambda r: _joined(r), "join", False),
        ("highest sustained notes/s (≥ 99 % delivered, p99 < 250 ms)", _sustained, "sustained", True),
        ("p99 ack at a steady rate (ms)", lambda r: f"{r['moderate']['ack']['p99_ms']:.1f}" if r["moderate"]["ack"]["p99_ms"] else "–",
         "steady_p99", True),
        ("dropped phones all back", lambda r: _seconds(r["reconnect"]["all_back_s"]), "all_back", True),
        ("peak RSS", lambda r: f"{r['server_peak_rss_mb']:.0f} MB", "", False),
    ]
    servers = [s for s in SERVER_TITLES if any(r["server"] == s for r in runs)]
    header = ["participants", "groups", "path"] + [SERVER_TITLES[s].split(" (")[0] for s in servers] + ["÷ baseline + SQLite"]
    rows = []
    for participants, shape in keys:
        here = [r for r in runs if r["participants"] == participants and r.get("shape", "7") == shape]
        groups = here[0]["join"]["groups"] if here else 0
        for title, cell, ratio_key, needs_full in paths:
            if needs_full and not any("moderate" in r for r in here):
                continue
            row = [f"{participants:,}", _shape_cell(shape, participants, groups), title]
            for server in servers:
                mine = [r for r in here if r["server"] == server and (not needs_full or "moderate" in r)]
                row.append(" / ".join(cell(r) for r in mine) or "–")
            ours = [r for r in here if r["server"] in ("stjernestund", "stjernestund-before")]
            row.append(" / ".join(_x(r, ratio_key) for r in ours) if ratio_key else "–")
            rows.append(row)
    return ["### Every path, ours against both baselines (one figure per run, in the order they ran)", "",
            "÷ baseline + SQLite: ours as a share of the bare + SQLite server's speed in the same round "
            "(rates ours ÷ baseline, times baseline ÷ ours; the goal is ≥ 0.80×).", ""] + _table(header, rows) + [""]


def tables(results: dict[str, Any]) -> list[str]:
    """Every figure of the run as Markdown tables: the summary, then per shape and server."""
    lines: list[str] = summary(results)
    rounds = results["settings"].get("rounds", 1)
    shapes = list(dict.fromkeys(run.get("shape", "7") for run in results["runs"]))
    from bench.servers import shape_title

    steady = results["settings"].get("steady_rate")
    steady_title = f"{steady:.0f} notes a second" if steady else "1 note per participant per 10 s"
    for shape in shapes:
        lines += [f"## Shape: {shape_title(shape)}", ""]
        for server in SERVER_TITLES:
            runs = _runs(results, server, shape)
            if not runs:
                continue
            ours = server.startswith("stjernestund")

            def x(run: dict[str, Any], path: str, ours: bool = ours) -> list[str]:
                return [_x(run, path)] if ours else ["–"]

            lines += [f"### {SERVER_TITLES[server]}", ""]
            if ours and runs[0].get("argv"):
                lines += ["`" + " ".join(runs[0]["argv"]) + "`", ""]
            lines += ["Joining and memory:", ""]
            lines += _table(
                ["participants", "all joined in", "join p50 / p99 ms", "groups (sizes)", "RSS after join", "peak RSS", "journal",
                 "waited for a core", "load average", "÷ baseline"],
                [[_who(r, rounds), _joined(r), _ms(r["join"]["join"]),
                  f"{r['join']['groups']} ({r['join']['group_sizes'][0]}–{r['join']['group_sizes'][1]})",
                  f"{r['join']['server_rss_mb']:.0f} MB", f"{r['server_peak_rss_mb']:.0f} MB",
                  f"{r['journal_bytes'] / 1024**2:.1f} MB" if r["journal_bytes"] else "–", _waited(r["join"]),
                  f"{r.get('load_average', [0])[0]:.2f}"] + x(r, "join") for r in runs],
            )
            full = [r for r in runs if "moderate" in r]
            if not full:
                lines.append("")
                continue
            lines += ["", f"{steady_title} (p50 / p99, ms; ÷ baseline: of the p99 ack):", ""]
            lines += _table(
                ["participants", "notes/s", "ack", "note → console", "note → group", "delivered", "server CPU", "load CPU",
                 "waited for a core", "÷ baseline"],
                [[_who(r, rounds), f"{r['moderate']['acked_per_s']:.0f}", _ms(r["moderate"]["ack"]), _ms(r["moderate"]["console"]),
                  _ms(r["moderate"]["group"]), _pct(delivered(r["moderate"])),
                  f"{r['moderate']['server_cpu_pct']:.0f} %", f"{r['moderate']['load_cpu_pct']:.0f} %", _waited(r["moderate"])]
                 + x(r, "steady_p99") for r in full],
            )
            lines += ["", "Highest sustained rate (≥ 99 % delivered, every p99 < 250 ms; p50 / p99, ms at that rate):", ""]
            rows = []
            for r in full:
                best = r["step_up"]["sustained"]
                rows.append([_who(r, rounds), _sustained(r), _ms(best and best["ack"]), _ms(best and best["console"]),
                             _ms(best and best["group"]), f"{best['server_cpu_pct']:.0f} %" if best else "–",
                             f"{best['server_cpu_ms_per_note']:.2f}" if best else "–",
                             f"{best['load_cpu_pct']:.0f} %" if best else "–", _waited(best)] + x(r, "sustained"))
            lines += _table(["participants", "notes/s", "ack", "note → console", "note → group", "server CPU", "CPU ms/note", "load CPU",
                             "waited for a core", "÷ baseline"], rows)
            share = results["settings"]["drop_fraction"] * 100
            lines += ["", f"Dropped connections coming back ({share:.0f} %, each with a note written offline; all back: from the "
                      "drop, including the phones' 0.5 s pause, to the last offline note's ack):", ""]
            lines += _table(
                ["participants", "dropped", "resumed", "offline notes acked", "resume p50 / p99 ms", "all back in", "÷ baseline"],
                [[_who(r, rounds), str(r["reconnect"]["dropped"]), str(r["reconnect"]["resumed"]),
                  f"{r['reconnect']['acked_after_resume']} of {r['reconnect']['written_offline']}", _ms(r["reconnect"]["resume"]),
                  _seconds(r["reconnect"].get("all_back_s"))] + x(r, "all_back") for r in full],
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
