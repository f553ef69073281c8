"""The four reports carry the verdicts, the reproductions and the skip reasons, and no secret."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import jsonschema_rs
import pytest

from conformance.report import REDACTED, summary_lines, write_reports
from conformance.report.jsonfile import RESULTS_SCHEMA
from conformance.run.outcome import SPEC_RULE, RuleVerdict, RunInfo, RunOutcome
from contract import load_spec
from tests.conformance_report.conftest import (
    API_KEY,
    CURL,
    LEAKS,
    MUST_MESSAGE,
    OPERATIONS,
    SHOULD_MESSAGE,
    SKIP_REASON,
)

# Registry order of the hand-built run's rules, as every report must list them.
RULE_ORDER = ["AUTH-4", "DIM-1", "DIM-3", "LIFE-3", "IMG-2"]
KINDS = {
    "junit": "junit.xml",
    "json": "results.json",
    "markdown": "report.md",
    "html": "report.html",
}


def matrix(markdown: str) -> dict[str, dict[str, str]]:
    """The Markdown matrix as {rule id: {column: cell}}."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    table: dict[str, dict[str, str]] = {}
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        table[cells[header.index("Rule")]] = dict(zip(header, cells, strict=True))
    return table


def test_writes_the_four_files_into_a_new_folder(reports: dict[str, Path], tmp_path: Path) -> None:
    assert {kind: path.name for kind, path in reports.items()} == KINDS
    for path in reports.values():
        assert path.parent == tmp_path / "out" / "reports"
        assert path.is_file() and path.stat().st_size > 0


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_secret_in_any_report(reports: dict[str, Path], kind: str) -> None:
    text = reports[kind].read_text(encoding="utf-8")
    for leak in LEAKS:
        assert leak not in text
    assert REDACTED in text


def test_junit_counts_rules_and_marks_should_failures_as_warnings(
    reports: dict[str, Path],
) -> None:
    root = ET.parse(reports["junit"]).getroot()
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    assert suite.get("name") == "conformance"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "2", "1")
    assert suite.get("errors") == "0" and float(suite.get("time", "")) == pytest.approx(83.4)
    cases = {case.get("name", "").split(" ")[0]: case for case in suite.iter("testcase")}
    assert list(cases) == RULE_ORDER
    assert cases["DIM-3"].get("classname") == "DIM"
    assert cases["DIM-3"].get("name", "").startswith("DIM-3 width x height")
    for case in cases.values():
        assert case.get("time") is not None

    must = cases["DIM-3"].find("failure")
    assert must is not None and must.get("type") != "warning"
    assert MUST_MESSAGE in must.get("message", "")
    text = must.text or ""
    for part in ("createQuantumArtwork", MUST_MESSAGE, "expected: 400", "seen:", "curl -sS"):
        assert part in text
    should = cases["IMG-2"].find("failure")
    assert should is not None and should.get("type") == "warning"
    assert SHOULD_MESSAGE in (should.text or "")

    skipped = cases["AUTH-4"].find("skipped")
    assert skipped is not None and SKIP_REASON in skipped.get("message", "")
    assert cases["DIM-1"].find("failure") is None and cases["DIM-1"].find("skipped") is None

    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["target"] == "https://staging.example.com"
    assert properties["seed"] == "424242"
    assert properties["profile"] == "staging"
    assert properties["version.schemathesis"] == "4.32.5"


def test_json_has_the_documented_shape(reports: dict[str, Path]) -> None:
    document = json.loads(reports["json"].read_text(encoding="utf-8"))
    jsonschema_rs.Draft202012Validator(RESULTS_SCHEMA).validate(document)
    assert document["schemaVersion"] == 1
    assert set(document) == {"schemaVersion", "run", "summary", "rules"}
    assert document["summary"] == {"passed": 2, "failed": 2, "skipped": 1, "mustFailed": True}
    run = document["run"]
    assert run["seed"] == 424242 and run["operations"] == list(OPERATIONS)
    assert run["successfulCalls"] == 380 and run["startedAt"] == "2025-11-21T10:00:00+00:00"

    rules = {rule["id"]: rule for rule in document["rules"]}
    assert [rule["id"] for rule in document["rules"]] == RULE_ORDER
    dim3 = rules["DIM-3"]
    assert set(dim3) == {
        "id",
        "level",
        "family",
        "summary",
        "status",
        "operations",
        "passes",
        "failures",
        "skips",
    }
    assert (dim3["level"], dim3["status"]) == ("MUST", "failed")
    assert dim3["operations"] == {
        "createImageGeneration": "passed",
        "createQuantumArtwork": "failed",
    }
    [failure] = dim3["failures"]
    assert failure["operation"] == "createQuantumArtwork" and failure["expected"] == "400"
    assert failure["curl"] == CURL.replace(API_KEY, REDACTED)
    assert rules["IMG-2"]["level"] == "SHOULD" and rules["IMG-2"]["status"] == "failed"
    assert rules["AUTH-4"] == {
        **rules["AUTH-4"],
        "status": "skipped",
        "skips": {"getArtworkV2": SKIP_REASON},
        "operations": {"getArtworkV2": "skipped"},
        "passes": {},
        "failures": [],
    }
    assert rules["DIM-1"]["passes"] == {"createQuantumArtwork": 12, "createImageGeneration": 4}


def test_markdown_has_header_matrix_failures_and_skips(reports: dict[str, Path]) -> None:
    text = reports["markdown"].read_text(encoding="utf-8")
    for fact in ("https://staging.example.com", "staging", "424242", "2025-11-21T10:00:00"):
        assert fact in text
    assert "1 min 23 s" in text and "420 (380 successful)" in text and "schemathesis 4.32.5" in text
    assert "FAILED: 2 passed, 2 failed (1 MUST, 1 SHOULD), 1 skipped of 5 rules" in text

    table = matrix(text)
    assert list(table) == RULE_ORDER
    assert table["DIM-3"]["createQuantumArtwork"] == "❌"
    assert table["DIM-3"]["createImageGeneration"] == "✅"
    assert table["DIM-3"]["listArtworks"] == ""
    assert table["IMG-2"]["createImageGeneration"] == "⚠️"
    assert table["AUTH-4"]["getArtworkV2"] == "⏭"
    assert table["DIM-1"]["listArtworks"] == "⏭"
    assert table["LIFE-3"]["(run)"] == "✅"
    assert table["DIM-1"]["Family"] == "**DIM**" and table["DIM-3"]["Family"] == ""

    failures = text.split("## Failures", 1)[1].split("## Skipped", 1)[0]
    assert failures.index("DIM-3") < failures.index("IMG-2")
    for part in (MUST_MESSAGE, "`createQuantumArtwork`", "Expected: `400`", SHOULD_MESSAGE):
        assert part in failures
    assert '```\n{\n  "prompt": "cat",\n  "width": 2049,' in failures
    assert "```bash\n" + CURL.replace(API_KEY, REDACTED) + "\n```" in failures

    skipped = text.split("## Skipped", 1)[1]
    assert "**AUTH-4**" in skipped and SKIP_REASON in skipped
    assert "no size fields on this operation" in skipped


class _Page(HTMLParser):
    """Collects what the HTML test checks: tags, matrix cells and links to outside assets."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "td" and "cell" in (values.get("class") or ""):
            self.cells.append(values.get("class") or "")
        links = [v or "" for k, v in attrs if k in {"src", "href"}]
        self.external += [link for link in links if not link.startswith("#")]  # in-page is fine


def test_html_is_self_contained_with_a_coloured_matrix(reports: dict[str, Path]) -> None:
    text = reports["html"].read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    assert "script" not in page.tags and not page.external and "style" in page.tags
    assert "table" in page.tags
    assert sorted(set(page.cells)) == [
        "cell",
        "cell failed",
        "cell passed",
        "cell skipped",
        "cell warning",
    ]
    assert text.count('class="cell failed"') == 1 and text.count('class="cell warning"') == 1
    assert '<th class="op" scope="col">(run)</th>' in text
    for part in (MUST_MESSAGE, SHOULD_MESSAGE, SKIP_REASON, "424242", "schemathesis 4.32.5"):
        assert part in text
    assert '<code class="language-bash">curl -sS -X POST' in text
    assert "&quot;prompt&quot;: &quot;cat&quot;" in text


def test_html_failures_say_how_to_reproduce_them(outcome: RunOutcome, tmp_path: Path) -> None:
    fuzzed = replace(outcome.verdicts[2].failures[0], phase="fuzz (coverage)")
    verdicts = list(outcome.verdicts)
    verdicts[2] = replace(verdicts[2], failures=[fuzzed])
    paths = write_reports(tmp_path, replace(outcome, verdicts=verdicts), [API_KEY])
    text = paths["html"].read_text("utf-8")
    assert text.count("<code>export API_KEY=...</code>") == 1
    assert text.index("export API_KEY") < text.index(MUST_MESSAGE)
    assert "<dt>Phase</dt><dd><code>fuzz (coverage), seed 424242</code></dd>" in text


def test_html_escapes_what_a_server_sent(outcome: RunOutcome, tmp_path: Path) -> None:
    dim3 = next(v for v in outcome.verdicts if v.rule.id == "DIM-3")
    hostile = "<script>alert(1)</script>\x1b[31m"
    dim3.failures[0] = replace(dim3.failures[0], seen=hostile)
    paths = write_reports(tmp_path, outcome, [API_KEY])
    page = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "\x1b" not in paths["markdown"].read_text(encoding="utf-8")
    ET.parse(paths["junit"])  # an escape character must not make the XML unparsable


def test_summary_lines_name_failures_and_what_was_not_checked(outcome: RunOutcome) -> None:
    lines = summary_lines(outcome)
    assert "FAILED: 2 passed, 2 failed (1 MUST, 1 SHOULD), 1 skipped of 5 rules" in lines
    assert "MUST failures: DIM-3" in lines
    assert "SHOULD warnings: IMG-2" in lines
    assert "Nothing checked for: AUTH-4" in lines
    assert len(lines) <= 6


def test_a_run_that_checked_nothing_reports_every_rule_skipped(tmp_path: Path) -> None:
    spec = load_spec()
    verdicts = [RuleVerdict(rule) for rule in (*spec.contract_rules, SPEC_RULE)]
    outcome = RunOutcome(
        info=RunInfo(
            target="http://127.0.0.1:8000",
            bundled=True,
            profile="default",
            seed=0,
            started_at="2025-11-21T10:00:00+00:00",
            duration_seconds=0.2,
            versions={},
            calls=3,
            successful_calls=0,
            operations=tuple(op.operation_id for op in spec.operations),
        ),
        verdicts=verdicts,
    )
    paths = write_reports(tmp_path, outcome, [])
    suite = ET.parse(paths["junit"]).getroot().find("testsuite")
    assert suite is not None and suite.get("skipped") == suite.get("tests") == str(len(verdicts))
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert list(matrix(markdown)) == [v.rule.id for v in verdicts]
    assert "nothing in this run exercised the rule" in markdown
    assert not outcome.must_failed
    lines = summary_lines(outcome)
    assert lines[1].startswith("NOTHING CHECKED")
    assert any("none of 3 calls succeeded" in line for line in lines)
