"""The kit proves itself: each fault switch of the reference server fails the rule it breaks."""

from __future__ import annotations

import pytest

from refserver.faults import FAULTS, Fault
from tests.conformance.conftest import failed_rules, run_until_caught

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_the_kit_fails_the_rule_each_fault_breaks(name: Fault) -> None:
    rule = FAULTS[name].rule
    outcome = run_until_caught(name, rule)
    failed = failed_rules(outcome)
    assert rule in failed, (
        f"fault {name} ({FAULTS[name].description}) was not caught; failed: {failed}"
    )
    assert outcome.info.successful_calls > 0
    if outcome.verdicts and any(
        v.rule.id == rule and v.rule.level == "MUST" for v in outcome.verdicts
    ):
        assert outcome.must_failed


def test_every_rule_has_a_fault_switch() -> None:
    from contract import load_spec

    covered = {fault.rule for fault in FAULTS.values()}
    missing = sorted({rule.id for rule in load_spec().contract_rules} - covered)
    assert missing == [], f"rules no fault switch breaks: {missing}"
