"""The coverage map on real runs: every variant a thorough run can reach, and holes shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import conformance.checks.auth as auth
from conformance.checks import GROUPS
from conformance.checks.errors import ONE_BURST
from conformance.entry.runner import prepared, run_groups
from conformance.fromspec.addresses import SSRF_CLASSES
from conformance.judge.variants import UNREACHABLE as UNREACHABLE_STATUS
from conformance.run.outcome import RunOutcome, Status, Variant
from conformance.run.target import Settings
from contract import OperationId
from tests.conformance.conftest import run_kit

pytestmark = pytest.mark.slow

# What no run against a conforming server can reach, and why (the map says so too).
UNREACHABLE = {
    **{
        (rule, "status canceled"): UNREACHABLE_STATUS["canceled"]
        for rule in ("LIFE-2", "LIFE-4", "HOOK-1")
    },
    **{
        ("ERR-3", f"operation {op}"): ONE_BURST
        for op in OperationId
        if op != OperationId.LIST_ARTWORKS
    },
}


@pytest.fixture(scope="module")
def thorough() -> Iterator[RunOutcome]:
    """One thorough run of every group but the fuzzer (which names operations only)."""
    groups = [name for name in GROUPS if name != "fuzz"]
    settings = Settings.for_profile("thorough", seed=4321, time_budget=30.0)
    with prepared(None, settings) as (target, sidecar):
        yield run_groups(target, sidecar, settings, groups)


def _missing(outcome: RunOutcome) -> dict[tuple[str, str], str]:
    return {
        (verdict.rule.id, str(variant)): verdict.expected[variant]
        for verdict in outcome.verdicts
        for variant in verdict.missing
    }


def test_a_thorough_run_covers_every_variant_it_can_reach(thorough: RunOutcome) -> None:
    failed = {v.rule.id: v.failures[:1] for v in thorough.verdicts if v.failures}
    assert failed == {}
    assert _missing(thorough) == UNREACHABLE


def test_a_thorough_run_exercises_the_variants_the_contract_names(thorough: RunOutcome) -> None:
    verdicts = {v.rule.id: v for v in thorough.verdicts}
    hook4 = {str(variant) for variant in verdicts["HOOK-4"].exercised}
    assert {f"class {name}" for name in SSRF_CLASSES} <= hook4
    assert {
        "field createPhotoPilotArtwork.imageUrls",
        "field createSelenaVarieteArtwork.imageUrl",
        "field createImageGeneration.image",
    } <= hook4
    res1 = {str(variant) for variant in verdicts["RES-1"].exercised}
    assert {
        "count createPhotoPilotArtwork: 3 in imageUrls",
        "count createSelenaVarieteArtwork: batch=1",
    } <= res1
    auth4 = {str(variant) for variant in verdicts["AUTH-4"].exercised}
    assert "route listArtworks?artworkType&status" in auth4
    dim4 = {str(variant) for variant in verdicts["DIM-4"].exercised}
    assert any("highResolution=true" in name for name in dim4)


def test_a_disabled_check_shows_its_hole_in_the_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_listings", lambda ctx, task: [{"limit": 10}])
    outcome = run_kit(groups=["auth"])
    verdict = next(v for v in outcome.verdicts if v.rule.id == "AUTH-4")
    assert verdict.status is Status.PASSED
    assert Variant("route", "listArtworks?status") in verdict.missing
    assert verdict.verdict_text.startswith("passed (partly covered: ")
    assert "route listArtworks?status" in verdict.verdict_text


def test_a_skipped_address_class_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings.for_profile("quick", seed=1, skip_ssrf_classes=frozenset({"metadata"}))
    with prepared(None, settings) as (target, sidecar):
        outcome = run_groups(target, sidecar, settings, ["urls"])
    verdict = next(v for v in outcome.verdicts if v.rule.id == "HOOK-4")
    assert verdict.missing == [Variant("class", "metadata")]
    assert verdict.expected[Variant("class", "metadata")] == "skipped by --skip-ssrf-class"
    assert any("metadata" in reason for reason in verdict.skips.values())
