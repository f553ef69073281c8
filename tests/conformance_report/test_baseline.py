"""A baseline turns old failures into known ones: only new failures fail, fixed rules are named."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema_rs
import pytest

from conformance.report import summary_lines, view, write_reports
from conformance.report.baseline import BaselineError, load_baseline
from conformance.report.jsonfile import RESULTS_SCHEMA
from conformance.run.outcome import Baseline, RuleVerdict, RunOutcome
from tests.conformance_report.conftest import API_KEY


def ids(verdicts: list[RuleVerdict]) -> list[str]:
    return [verdict.rule.id for verdict in verdicts]


def test_a_results_json_of_this_kit_is_read_back_as_its_failed_rules(
    reports: dict[str, Path],
) -> None:
    baseline = load_baseline(reports["json"])
    assert baseline.failed == {"DIM-3", "IMG-2"}
    assert baseline.source == str(reports["json"])
    assert baseline.target == "https://staging.example.com"
    assert baseline.started_at == "2025-11-21T10:00:00+00:00"


def test_failures_are_known_new_or_fixed_against_the_baseline(compared: RunOutcome) -> None:
    # Baseline failed: DIM-3 (MUST, failing now), DIM-1 (passing now), AUTH-4 (skipped now).
    assert ids(view.known_failures(compared)) == ["DIM-3"]
    assert ids(view.new_failures(compared)) == ["IMG-2"]
    assert ids(view.fixed(compared)) == ["DIM-1"]  # a rule skipped now is not called fixed
    assert compared.must_failed and not compared.new_must_failed
    assert view.verdict_word(compared) == "PASSED WITH WARNINGS"  # IMG-2 is a new SHOULD failure
    assert ids(view.failing(compared)) == ["IMG-2", "DIM-3"]  # new before known


def test_a_must_failure_missing_from_the_baseline_fails_the_run(compared: RunOutcome) -> None:
    assert compared.baseline is not None
    regressed = replace(compared, baseline=replace(compared.baseline, failed=frozenset({"IMG-2"})))
    assert ids(view.new_failures(regressed)) == ["DIM-3"]
    assert ids(view.known_failures(regressed)) == ["IMG-2"]
    assert regressed.new_must_failed and view.verdict_word(regressed) == "FAILED"


def test_with_every_failure_known_the_run_has_no_new_failures(compared: RunOutcome) -> None:
    assert compared.baseline is not None
    debt = replace(compared.baseline, failed=frozenset({"DIM-3", "IMG-2"}))
    only_known = replace(compared, baseline=debt)
    assert view.new_failures(only_known) == [] and not only_known.new_must_failed
    assert view.summary_sentence(only_known) == (
        "NO NEW FAILURES: 2 passed, 2 failed (1 MUST, 1 SHOULD; 0 new, 2 known), "
        "1 skipped of 5 rules"
    )


def test_without_a_baseline_every_failure_is_new(outcome: RunOutcome) -> None:
    assert ids(view.new_failures(outcome)) == ["DIM-3", "IMG-2"]
    assert view.known_failures(outcome) == [] and view.fixed(outcome) == []
    assert outcome.new_must_failed == outcome.must_failed is True
    assert all(view.baseline_tag(outcome, verdict) == "" for verdict in outcome.verdicts)


def test_every_report_shows_known_new_and_fixed(compared: RunOutcome, tmp_path: Path) -> None:
    paths = write_reports(tmp_path, compared, [API_KEY])

    document = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema_rs.Draft202012Validator(RESULTS_SCHEMA).validate(document)
    assert document["baseline"] == {
        "source": "old/results.json",
        "target": "https://staging.example.com",
        "startedAt": "2025-11-01T10:00:00+00:00",
        "new": ["IMG-2"],
        "known": ["DIM-3"],
        "fixed": ["DIM-1"],
        "newMustFailed": False,
        "lostVariants": {},
    }
    assert document["summary"]["mustFailed"] is True  # the facts stay; the baseline adds meaning

    md = paths["markdown"].read_text(encoding="utf-8")
    assert "- **Baseline:** old/results.json (a run against https://staging.example.com" in md
    assert "- New failures: [IMG-2](#fail-IMG-2) (SHOULD)" in md
    assert "- Known failures (already in the baseline): [DIM-3](#fail-DIM-3) (MUST)" in md
    assert "- Fixed since the baseline: DIM-1 (MUST)" in md
    assert "### ❌ DIM-3 (MUST, known): " in md and "### ⚠️ IMG-2 (SHOULD, new): " in md

    page = paths["html"].read_text(encoding="utf-8")
    assert '<a href="#fail-DIM-3">DIM-3</a> (MUST)' in page
    assert '<a href="#row-DIM-1">DIM-1</a> (MUST)' in page  # fixed: linked to its matrix row
    for rule, tag in (("DIM-3", "known"), ("IMG-2", "new"), ("DIM-1", "fixed")):
        assert f'scope="row">{rule} <span class="tag {tag}">{tag}</span></th>' in page
    assert '<div class="verdict warning">' in page

    suite = ET.parse(paths["junit"]).getroot().find("testsuite")
    assert suite is not None
    cases = {case.get("name", "").split(" ")[0]: case for case in suite.iter("testcase")}
    known = cases["DIM-3"].find("failure")
    assert known is not None and known.get("type") == "known"
    assert known.get("message", "").startswith("known failure (already in the baseline)")
    warning = cases["IMG-2"].find("failure")
    assert warning is not None and warning.get("type") == "warning"
    assert cases["DIM-1"].findtext("system-out") == "fixed since the baseline"
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert (properties["baseline"] or "").startswith("old/results.json")

    lines = summary_lines(compared)
    assert "New SHOULD warnings: IMG-2" in lines
    assert "Known failures (already in the baseline): DIM-3" in lines
    assert "Fixed since the baseline: DIM-1" in lines
    assert not any(line.startswith("MUST failures") for line in lines)


def _written(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("results.json", None, "no such file"),
        ("folder", "", "a folder, not a results.json"),
        ("junit.xml", "<testsuites/>", "not a results.json of this kit (not JSON: line 1)"),
        ("latin1.json", b"\xff\xfe{", "cannot be read (UnicodeDecodeError)"),
        pytest.param(
            "deep.json",
            "[" * 100_000,
            "not a results.json of this kit (not JSON: nested too deeply)",
            id="deep.json",
        ),
        ("other.json", '{"rules": []}', "not a results.json of this kit (at top level:"),
        ("list.json", "[1, 2]", "not a results.json of this kit (at top level:"),
        ("future.json", '{"schemaVersion": 2}', "results.json schemaVersion 2; this kit reads 1"),
    ],
)
def test_a_file_that_is_not_a_results_json_is_refused_in_one_line(
    tmp_path: Path, name: str, content: str | bytes | None, says: str
) -> None:
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif content is not None:
        _written(tmp_path, name, content)
    with pytest.raises(BaselineError) as raised:
        load_baseline(path)
    message = str(raised.value)
    assert message.startswith(f"--baseline {path}: ") and says in message, message
    assert "\n" not in message and len(message) < 300


def test_a_results_json_with_a_broken_rule_names_where(
    reports: dict[str, Path], tmp_path: Path
) -> None:
    document = json.loads(reports["json"].read_text(encoding="utf-8"))
    document["rules"][2]["status"] = "x" * 10_000
    path = _written(tmp_path, "broken.json", json.dumps(document))
    with pytest.raises(BaselineError, match=r"\(at rules/2/status: ") as raised:
        load_baseline(path)
    assert len(str(raised.value)) < 300


def test_a_baseline_without_failures_makes_every_failure_new(outcome: RunOutcome) -> None:
    clean = Baseline("old.json", "https://staging.example.com", "2025-11-01", frozenset())
    against = replace(outcome, baseline=clean)
    assert ids(view.new_failures(against)) == ["DIM-3", "IMG-2"] and against.new_must_failed
    assert view.baseline_tag(against, against.verdicts[2]) == "new"
