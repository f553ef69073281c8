"""The judge catches, from the client's own traffic, every fault that such traffic can reveal;
the faults it cannot reveal leave their rule not observed (or passed on the variants seen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.report import write_reports
from refserver.faults import FAULTS, Fault
from tests.passive.conftest import Run, run_through_proxy

pytestmark = pytest.mark.slow

# Faults the client's flows (tests/passive/flows.py) reveal: the judge fails their rule.
CAUGHT = {
    Fault.AUTH_1, Fault.AUTH_4, Fault.ERR_1, Fault.ERR_3, Fault.VAL_2, Fault.VAL_3, Fault.SEC_1,
    Fault.DIM_1, Fault.DIM_2, Fault.DIM_3, Fault.DIM_4, Fault.DIM_5, Fault.TXT_1, Fault.TXT_2,
    Fault.TXT_3, Fault.ECHO_1, Fault.ECHO_2, Fault.LIFE_1, Fault.LIFE_2, Fault.LIFE_3,
    Fault.LIFE_4, Fault.RES_1, Fault.RES_2, Fault.RES_3, Fault.LIST_1, Fault.LIST_2,
    Fault.IMG_1, Fault.IMG_2,
    Fault.AUTH_1_SCHEME,  # a key under `Token `
    Fault.AUTH_4_FILTERED,  # the second key lists its succeeded tasks
    Fault.DIM_4_HIGH_RESOLUTION,  # E2 with highResolution and no size
    Fault.TXT_1_OTHER_MODE,  # a long prompt in the mode the word limit does not govern
    Fault.LIFE_4_FAILED,  # the task with a missing source image ends failed
    Fault.RES_1_SOURCES,  # E2 with two imageUrls
    Fault.LIST_1_PAGES,  # a short first page while the key made more tasks
    Fault.LIST_2_COMBINED,  # artworkType and status together
    Fault.IMG_1_LONG_SIDE,  # E4 at the largest image_size
    Fault.IMG_2_SEED_ZERO,  # the seeded E4 pair uses seed 0
}  # fmt: skip
# Faults no such traffic shows: the rule stays not observed (the active kit is needed).
UNSEEN = {
    Fault.AUTH_2,  # an unknown key accepted looks like any known key accepted
    Fault.AUTH_3,  # traffic does not tell a key's scope
    Fault.ERR_2,  # the client always sends application/json
    Fault.HOOK_1, Fault.HOOK_2, Fault.HOOK_3,  # deliveries do not go through the traffic
    Fault.HOOK_4,  # an accepted loopback URL may be on the allow-list
    Fault.RES_4,  # the source image's size is known only to the server
    Fault.RES_4_SOURCES,  # likewise with several sources
    Fault.ERR_2_PARAMETERS,  # the client sends exactly application/json
    Fault.ERR_2_LIMIT,  # the client's bodies are far under 1 MiB
    Fault.HOOK_1_FAILED,  # deliveries do not go through the traffic
    Fault.HOOK_4_METADATA, Fault.HOOK_4_LATER_SOURCES, Fault.HOOK_4_IMAGE,  # as HOOK_4
}  # fmt: skip
# Faults in a variant the client cannot send; the rule passes on the variants it did send.
OTHER_VARIANTS = {
    Fault.GET_1,  # the client's ids are UUIDs: only unknown UUIDs (404) are seen
    Fault.VAL_1,  # the typed client cannot leave out a required field
    Fault.GET_1_CASE,  # the typed client writes UUIDs in lower case
}
# Faults sharing one server: each group's rules are apart, so each fault's own rule must fail
# and nothing else may (SPEC-1 aside: a broken answer often breaks its schema too).
GROUPS = [
    (Fault.AUTH_1, Fault.DIM_1, Fault.ECHO_1, Fault.ERR_1, Fault.IMG_1, Fault.LIFE_1,
     Fault.LIST_1, Fault.RES_1, Fault.SEC_1, Fault.TXT_1, Fault.DIM_4_HIGH_RESOLUTION,
     Fault.LIFE_4_FAILED, Fault.ERR_2_PARAMETERS, Fault.HOOK_1_FAILED, Fault.HOOK_4_METADATA,
     Fault.RES_4_SOURCES, Fault.GET_1_CASE),
    (Fault.AUTH_4, Fault.DIM_2, Fault.ECHO_2, Fault.ERR_3, Fault.IMG_2, Fault.LIFE_2,
     Fault.LIST_2, Fault.RES_2, Fault.TXT_2, Fault.VAL_2, Fault.ERR_2_LIMIT,
     Fault.HOOK_4_LATER_SOURCES),
    (Fault.DIM_3, Fault.DIM_4, Fault.DIM_5, Fault.LIFE_4, Fault.RES_3, Fault.TXT_3,
     Fault.VAL_3, Fault.AUTH_1_SCHEME, Fault.AUTH_4_FILTERED, Fault.TXT_1_OTHER_MODE,
     Fault.RES_1_SOURCES, Fault.LIST_1_PAGES, Fault.LIST_2_COMBINED, Fault.IMG_1_LONG_SIDE,
     Fault.IMG_2_SEED_ZERO, Fault.HOOK_4_IMAGE),
    (Fault.LIFE_3, Fault.AUTH_2, Fault.AUTH_3, Fault.ERR_2, Fault.HOOK_1, Fault.HOOK_2,
     Fault.HOOK_3, Fault.HOOK_4, Fault.RES_4, Fault.GET_1, Fault.VAL_1),
]  # fmt: skip
COLLATERAL = {"SPEC-1"}


def test_every_fault_is_listed_once() -> None:
    assert set(FAULTS) == CAUGHT | UNSEEN | OTHER_VARIANTS
    assert not (CAUGHT & UNSEEN or CAUGHT & OTHER_VARIANTS or UNSEEN & OTHER_VARIANTS)
    grouped = [fault for group in GROUPS for fault in group]
    assert sorted(grouped) == sorted(FAULTS)
    for group in GROUPS:
        rules = [FAULTS[fault].rule for fault in group]
        assert len(rules) == len(set(rules))


@pytest.mark.parametrize("group", GROUPS, ids=lambda group: "+".join(group))
def test_the_judge_fails_each_rule_traffic_reveals(
    group: tuple[Fault, ...], image_url: str, tmp_path: Path
) -> None:
    slow = Fault.LIFE_3 in group  # tasks never end: a short deadline, and polls past it
    run, _ = run_through_proxy(
        image_url, tuple(group), task_timeout=2.5 if slow else 15, time_budget=1.5 if slow else 5
    )
    status = {verdict.rule.id: verdict.status.value for verdict in run.outcome.verdicts}
    failed = {rule for rule, value in status.items() if value == "failed"}
    expected = {FAULTS[fault].rule for fault in group if fault in CAUGHT}
    assert expected <= failed, f"not caught: {sorted(expected - failed)}"
    assert failed - expected <= COLLATERAL, f"failed falsely: {sorted(failed - expected)}"
    for fault in group:
        rule = FAULTS[fault].rule
        if fault in UNSEEN:
            assert status[rule] == "skipped", f"{fault}: {rule} is {status[rule]}"
        elif fault in OTHER_VARIANTS:
            assert status[rule] == "passed", f"{fault}: {rule} is {status[rule]}"
    _no_key_anywhere(run, tmp_path)


def _no_key_anywhere(run: Run, folder: Path) -> None:
    """Failures show their requests: with `$API_KEY`, never a key, in lines or reports."""
    write_reports(folder, run.outcome, ())
    written = "\n".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    assert "$API_KEY" in written
    for key in (run.keys.generator, run.keys.second, run.keys.rate_limited):
        assert key not in written and not any(key in line for line in run.lines)
