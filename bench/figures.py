"""Turning the phones' raw observations into the figures the benchmark reports."""

from __future__ import annotations

from collections import Counter
from typing import Any


def percentile(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank); None when nothing was measured."""
    if not values:
        return None
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[rank]


def latency(values: list[float]) -> dict[str, Any]:
    """Count, p50, p99 and max, in milliseconds."""
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 2)

    return {
        "count": len(values),
        "p50_ms": ms(percentile(values, 0.50)),
        "p99_ms": ms(percentile(values, 0.99)),
        "max_ms": ms(max(values) if values else None),
    }


def merge(answers: list[dict[str, Any]]) -> dict[str, Any]:
    """One phase's answers from every load process, added up."""
    merged: dict[str, Any] = {"sent": 0, "acked": 0, "pushes": 0, "ack_latency": [], "group_latency": [],
                              "sent_by_group": Counter(), "errors": Counter(), "schedule_behind": 0.0,
                              "reconnects": 0, "connected": 0}
    for answer in answers:
        for key in ("sent", "acked", "pushes", "reconnects", "connected"):
            merged[key] += answer[key]
        merged["ack_latency"] += answer["ack_latency"]
        merged["group_latency"] += answer["group_latency"]
        merged["sent_by_group"].update(answer["sent_by_group"])
        merged["errors"].update(answer["errors"])
        merged["schedule_behind"] = max(merged["schedule_behind"], answer["schedule_behind"])
    return merged


def expected_pushes(sent_by_group: Counter[str], members: Counter[str]) -> int:
    """Every note goes to each other member of its writer's group."""
    return sum(count * max(0, members[group] - 1) for group, count in sent_by_group.items())


def ratio(part: float, whole: float) -> float | None:
    return None if whole == 0 else round(part / whole, 4)
