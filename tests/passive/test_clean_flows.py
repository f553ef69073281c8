"""The client's flows through the proxy against the clean reference server: nothing fails."""

from __future__ import annotations

from conformance.run.context import RUN
from conformance.run.ledger import Status
from tests.passive.conftest import Run

# What the flows of tests/passive/flows.py let traffic show; every other rule is not observed.
OBSERVED = {
    "AUTH-1", "AUTH-2", "AUTH-4", "ERR-1", "ERR-3", "VAL-1", "VAL-2", "VAL-3", "SEC-1",
    "DIM-1", "DIM-2", "DIM-3", "DIM-4", "DIM-5", "TXT-1", "TXT-2", "TXT-3", "ECHO-1", "ECHO-2",
    "LIFE-1", "LIFE-2", "LIFE-3", "LIFE-4", "RES-1", "RES-2", "RES-3", "GET-1", "LIST-1",
    "LIST-2", "IMG-1", "IMG-2", "SPEC-1",
}  # fmt: skip


def statuses(run: Run) -> dict[str, Status]:
    return {verdict.rule.id: verdict.status for verdict in run.outcome.verdicts}


def test_every_observed_rule_passes_and_none_fails(clean_run: Run) -> None:
    found = statuses(clean_run)
    failed = sorted(rule for rule, status in found.items() if status is Status.FAILED)
    assert failed == [], "\n".join(clean_run.lines)
    passed = {rule for rule, status in found.items() if status is Status.PASSED}
    assert passed == OBSERVED, f"missing {OBSERVED - passed}, extra {passed - OBSERVED}"
    assert clean_run.lines == []


def test_what_traffic_did_not_show_is_not_observed_never_passed(clean_run: Run) -> None:
    for verdict in clean_run.outcome.verdicts:
        if verdict.rule.id in OBSERVED:
            continue
        assert verdict.status is Status.SKIPPED, verdict.rule.id
        assert all(reason.startswith("not observed") for reason in verdict.skips.values())


def test_the_judge_counts_the_calls_it_judged(clean_run: Run) -> None:
    info = clean_run.outcome.info
    assert info.calls > 0 and 0 < info.successful_calls < info.calls
    assert info.profile == "passive"


def test_the_outcome_keeps_the_operations_each_rule_was_seen_on(clean_run: Run) -> None:
    for verdict in clean_run.outcome.verdicts:
        seen_on = {f"operation {operation}" for operation in verdict.passes if operation != RUN}
        assert seen_on <= {str(variant) for variant in verdict.exercised}, verdict.rule.id
