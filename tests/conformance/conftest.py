"""Runs the kit in-process against the bundled server, optionally with fault switches on."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.checks import GROUPS
from conformance.entry.runner import prepared, run_groups
from conformance.run.outcome import RunOutcome
from conformance.run.target import Settings

FAULT_TIME_BUDGET = 5.0


def groups_for(rule: str) -> list[str]:
    """The check groups that can exercise `rule` (fewer groups, faster fault runs)."""
    return [name for name, group in GROUPS.items() if rule in group.rules]


def run_kit(
    faults: Sequence[str] = (),
    groups: Sequence[str] | None = None,
    time_budget: float = 30.0,
    seed: int = 12345,
) -> RunOutcome:
    settings = Settings.for_profile("quick", seed=seed, time_budget=time_budget)
    with prepared(None, settings, faults) as (target, sidecar):
        return run_groups(target, sidecar, settings, groups)


def run_until_caught(fault: str, rule: str, time_budget: float = FAULT_TIME_BUDGET) -> RunOutcome:
    """The groups that can exercise `rule`, one at a time and in run order (cheap probes first),
    against one faulty server, until one fails the rule: a fault needs catching only once."""
    settings = Settings.for_profile("quick", seed=12345, time_budget=time_budget)
    groups = groups_for(rule)
    assert groups, f"no check group exercises {rule}"
    with prepared(None, settings, [fault]) as (target, sidecar):
        for group in groups:
            outcome = run_groups(target, sidecar, settings, [group])
            if rule in failed_rules(outcome):
                break
    return outcome


def failed_rules(outcome: RunOutcome) -> set[str]:
    return {v.rule.id for v in outcome.verdicts if v.failures}
