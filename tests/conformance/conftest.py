"""Runs the kit in-process against the bundled server, optionally with fault switches on."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.checks import GROUP_RULES
from conformance.entry.runner import prepared, run_groups
from conformance.run.outcome import RunOutcome
from conformance.run.target import Settings

FAULT_TIME_BUDGET = 5.0


def groups_for(rule: str) -> list[str]:
    """The check groups that can exercise `rule` (fewer groups, faster fault runs)."""
    return [name for name, rules in GROUP_RULES.items() if rule in rules]


def run_kit(
    faults: Sequence[str] = (),
    groups: Sequence[str] | None = None,
    time_budget: float = 30.0,
    seed: int = 12345,
) -> RunOutcome:
    settings = Settings.for_profile("quick", seed=seed, time_budget=time_budget)
    with prepared(None, settings, faults) as (target, sidecar):
        return run_groups(target, sidecar, settings, groups)


def failed_rules(outcome: RunOutcome) -> set[str]:
    return {v.rule.id for v in outcome.verdicts if v.failures}
