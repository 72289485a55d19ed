"""The one place a plan crosses between the config models and the journal.

`snapshot_of` is called by the rule that creates a session (the event gets
plain data); `plan_of` by `apply` when that event is replayed (the state and
the shells keep working with the validated `ResolvedPlan`).

Both directions name their keys through `PlanSnapshot`, which forbids keys
it does not know: a key added to the config models makes `snapshot_of` fail
loudly in every test that creates a session, until it is added to the
snapshot (with a new plan format and an upcaster) — never silently dropped
on resume, never silently changing what old journals mean.
"""

from __future__ import annotations

from facilitator.config.models import ResolvedPlan
from facilitator.core.plan_snapshot import PLAN_FORMAT, PlanSnapshot


def snapshot_of(plan: ResolvedPlan) -> PlanSnapshot:
    """The plan as plain data for the journal."""
    return PlanSnapshot.model_validate({"plan_format": PLAN_FORMAT, **plan.model_dump(mode="json")})


def plan_of(snapshot: PlanSnapshot) -> ResolvedPlan:
    """The validated plan a journal's snapshot describes."""
    return ResolvedPlan.model_validate(snapshot.model_dump(exclude={"plan_format"}))
