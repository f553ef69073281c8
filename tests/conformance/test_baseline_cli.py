"""`--baseline`: failures the baseline had are known and pass the gate; only new ones fail it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.entry.cli import main

# The auth group alone is a short run; the fault breaks AUTH-1, AUTH-2 keeps passing.
RUN = ["--group", "auth", "--seed", "7", "--quiet"]
FAULT = ["--fault", "auth-1"]


def test_known_failures_pass_new_ones_fail_and_fixed_rules_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first"
    assert main([*RUN, *FAULT, "--report-dir", str(first)]) == 1  # no baseline: AUTH-1 fails
    out = capsys.readouterr().out
    assert "MUST failures: AUTH-1" in out

    # The team's baseline: this run's results, plus AUTH-2 as if it had failed back then.
    document = json.loads((first / "results.json").read_text(encoding="utf-8"))
    rules = {rule["id"]: rule for rule in document["rules"]}
    assert rules["AUTH-1"]["status"] == "failed" and rules["AUTH-2"]["status"] == "passed"
    rules["AUTH-2"]["status"] = "failed"
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(document), encoding="utf-8")

    second = tmp_path / "second"
    code = main([*RUN, *FAULT, "--report-dir", str(second), "--baseline", str(baseline)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Known failures (already in the baseline): AUTH-1" in out
    assert "Fixed since the baseline: AUTH-2" in out
    assert "NO NEW FAILURES" in out and "MUST failures" not in out
    compared = json.loads((second / "results.json").read_text(encoding="utf-8"))["baseline"]
    assert (compared["known"], compared["fixed"], compared["new"]) == (["AUTH-1"], ["AUTH-2"], [])
    markdown = (second / "report.md").read_text(encoding="utf-8")
    assert "[AUTH-1](#fail-AUTH-1) (MUST)" in markdown and "(MUST, known)" in markdown


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("missing.json", None, "no such file"),
        ("", None, "a folder, not a results.json"),  # the test's own folder
        ("report.md", "# Conformance report\n", "not JSON"),
        ("junk.json", '{"summary": {}}', "not a results.json"),
    ],
)
def test_a_bad_baseline_is_one_line_and_exit_2_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None, says: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    reports = tmp_path / "reports"
    code = main(["--group", "auth", "--report-dir", str(reports), "--baseline", str(path)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and says in err and str(path) in err, err
    assert not reports.exists()  # no progress line above and no report: the run never started
