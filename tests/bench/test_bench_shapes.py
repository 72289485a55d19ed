"""The load benchmark's rooms: the plans it writes are plans a facilitator
could write (`facilitator check` accepts them), never more than 100 groups,
and the runs are interleaved and not repeated for the same groups."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.__main__ import ratio_of, schedule
from bench.cli_server import plan_text
from bench.runner import Settings
from bench.servers import groups_for

ROOT = Path(__file__).resolve().parents[2]


def test_group_sizes_fill_at_most_the_100_groups_a_plan_allows_and_plan_is_the_bundled_5() -> None:
    assert [groups_for("7", n) for n in (50, 700, 1000, 2000, 5000)] == [7, 100, 100, 100, 100]
    assert [groups_for("20", n) for n in (50, 1000, 2000, 5000)] == [2, 50, 100, 100]
    assert [groups_for("plan", n) for n in (50, 2000)] == [5, 5]
    assert groups_for("synthetic", 2000) == 286  # only the in-process server can have these


def test_the_largest_plan_the_bench_writes_passes_facilitator_check(tmp_path: Path) -> None:
    plan = tmp_path / "bench.toml"
    plan.write_text(plan_text(100, 5000), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "facilitator", "check", str(plan)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_runs_are_interleaved_server_by_server_and_a_shape_giving_the_same_groups_runs_once() -> None:
    order = schedule(Settings(sizes=(2000,), join_sizes=(5000,), shapes=("7", "20", "plan"), rounds=2))
    first_round = [(n, shape, server) for r, n, _, shape, server in order if r == 1]
    assert first_round == [
        (2000, "7", "stjernestund"), (2000, "7", "baseline"), (2000, "7", "baseline-sqlite"),  # 100 groups of 20; "20" the same
        (2000, "plan", "stjernestund"), (2000, "plan", "baseline"), (2000, "plan", "baseline-sqlite"),
        (5000, "20", "stjernestund"), (5000, "20", "baseline"), (5000, "20", "baseline-sqlite"),
    ]
    assert [r for r, *_ in order] == [1] * 9 + [2] * 9


def test_the_ratio_is_the_share_of_the_baselines_speed_rates_divided_times_inverted() -> None:
    def run(joined: float, rate: float | None, p99: float, back: float | None) -> dict:
        return {"join": {"seconds": joined}, "moderate": {"ack": {"p99_ms": p99}},
                "step_up": {"sustained": None if rate is None else {"acked_per_s": rate}}, "reconnect": {"all_back_s": back}}

    ratio = ratio_of(run(4.0, 900.0, 50.0, 2.0), run(2.0, 1500.0, 5.0, 0.6))
    assert ratio == {"join": 0.5, "sustained": 0.6, "steady_p99": 0.1, "all_back": 0.3}
    assert ratio_of(run(1.0, None, 1.0, None), run(1.0, 100.0, 1.0, 0.5))["sustained"] is None  # nothing held: no share
