"""The coverage map: a pass with a variant left out says so, in every report and in a baseline."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema_rs

from conformance.report import summary_lines, write_reports
from conformance.report.baseline import load_baseline
from conformance.report.jsonfile import RESULTS_SCHEMA
from conformance.run.outcome import RuleVerdict, RunOutcome, Variant
from tests.conformance_report.conftest import API_KEY

COVERED = Variant("class", "loopback")
LEFT_OUT = Variant("class", "metadata")


def _partly(outcome: RunOutcome) -> RunOutcome:
    """The outcome with its passing rule exercising one expected variant of two."""
    verdicts = []
    for verdict in outcome.verdicts:
        if verdict.rule.id == "DIM-1":
            verdict = replace(
                verdict,
                exercised={COVERED: 3, Variant("operation", "createQuantumArtwork"): 3},
                expected={COVERED: "", LEFT_OUT: "skipped by --skip-ssrf-class"},
            )
        verdicts.append(verdict)
    return replace(outcome, verdicts=verdicts)


def _verdict(outcome: RunOutcome, rule_id: str) -> RuleVerdict:
    return next(v for v in outcome.verdicts if v.rule.id == rule_id)


def test_a_pass_that_left_a_variant_out_never_reads_as_a_bare_pass(outcome: RunOutcome) -> None:
    partly = _verdict(_partly(outcome), "DIM-1")
    assert partly.missing == [LEFT_OUT]
    assert partly.verdict_text == "passed (partly covered: class metadata not exercised)"
    full = replace(partly, expected={COVERED: ""})
    assert full.verdict_text == "passed"


def test_every_report_shows_the_map_with_input_counts(outcome: RunOutcome, tmp_path: Path) -> None:
    paths = write_reports(tmp_path, _partly(outcome), [API_KEY])
    document = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema_rs.Draft202012Validator(RESULTS_SCHEMA).validate(document)
    rule = next(r for r in document["rules"] if r["id"] == "DIM-1")
    assert rule["verdict"].startswith("passed (partly covered: class metadata")
    rows = {(row["kind"], row["name"]): row for row in rule["coverage"]}
    assert rows[("class", "loopback")]["inputs"] == 3
    assert rows[("class", "metadata")] == {
        "kind": "class",
        "name": "metadata",
        "inputs": 0,
        "expected": True,
        "note": "skipped by --skip-ssrf-class",
    }
    assert rows[("operation", "createQuantumArtwork")]["expected"] is False  # seen, not declared
    md = paths["markdown"].read_text(encoding="utf-8")
    assert "## Coverage map" in md
    assert "- **DIM-1** passed (partly covered: class metadata not exercised)" in md
    assert "metadata (NOT EXERCISED: skipped by --skip-ssrf-class)" in md
    html = paths["html"].read_text(encoding="utf-8")
    assert "<h2>Coverage map</h2>" in html and "loopback (3)" in html
    assert any(
        line.startswith("Partly covered") and "DIM-1 (1)" in line
        for line in summary_lines(_partly(outcome))
    )


def test_a_variant_covered_in_the_baseline_and_not_now_is_reported(
    outcome: RunOutcome, tmp_path: Path
) -> None:
    before = _partly(outcome)
    before_dim = _verdict(before, "DIM-1")
    before_dim.exercised[LEFT_OUT] = 2
    old = write_reports(tmp_path / "old", before, [API_KEY])["json"]
    baseline = load_baseline(old)
    assert "class metadata" in baseline.covered["DIM-1"]
    now = replace(_partly(outcome), baseline=baseline)
    assert now.lost_variants() == {"DIM-1": ["class metadata"]}
    paths = write_reports(tmp_path / "new", now, [API_KEY])
    document = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert document["baseline"]["lostVariants"] == {"DIM-1": ["class metadata"]}
    assert "Covered in the baseline, not in this run:" in paths["markdown"].read_text("utf-8")
    assert any(
        "Covered in the baseline, not now: DIM-1: class metadata" in line
        for line in summary_lines(now)
    )


def test_a_results_json_from_before_the_map_is_still_a_baseline(reports: dict[str, Path]) -> None:
    document = json.loads(reports["json"].read_text(encoding="utf-8"))
    for rule in document["rules"]:
        rule.pop("coverage"), rule.pop("verdict")
    reports["json"].write_text(json.dumps(document), encoding="utf-8")
    assert load_baseline(reports["json"]).covered["DIM-1"] == frozenset()
