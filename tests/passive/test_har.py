"""check-har: the same judge over HAR files as each tool writes them, and bad files refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance.entry.cli import main
from conformance.passive.harfile import document
from tests.passive import hars
from tests.passive.conftest import TIME_BUDGET, Run
from tests.passive.test_clean_flows import OBSERVED

BODY_RULES = {
    "VAL-1", "VAL-2", "VAL-3", "DIM-1", "DIM-2", "DIM-3", "DIM-4", "DIM-5", "TXT-1", "TXT-2",
    "TXT-3", "ECHO-1", "ECHO-2", "LIFE-1", "LIFE-2", "LIFE-3", "LIFE-4", "RES-1", "RES-2",
    "RES-3", "LIST-2", "IMG-1", "IMG-2", "ERR-1", "SPEC-1",
}  # fmt: skip


@pytest.fixture(scope="module")
def har(clean_run: Run) -> dict[str, Any]:
    return document(clean_run.records)


def check(tmp_path: Path, *files: Path) -> tuple[int, dict[str, str]]:
    """Run check-har; the exit code and each rule's status from results.json."""
    folder = tmp_path / "report"
    code = main(
        ["check-har", *map(str, files), "--report-dir", str(folder), "--time-budget",
         str(TIME_BUDGET), "--quiet"]
    )  # fmt: skip
    if code == 2:
        return code, {}
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return code, {rule["id"]: rule["status"] for rule in results["rules"]}


@pytest.mark.parametrize("dialect", sorted(hars.DIALECTS))
def test_each_tool_s_har_gets_the_live_verdict(
    dialect: str, har: dict[str, Any], tmp_path: Path
) -> None:
    path = hars.write(tmp_path, dialect, hars.DIALECTS[dialect](har, tmp_path))
    code, found = check(tmp_path, path)
    failed = {rule for rule, status in found.items() if status == "failed"}
    assert failed == set(), (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert code == 0
    passed = {rule for rule, status in found.items() if status == "passed"}
    assert passed == OBSERVED, f"missing {OBSERVED - passed}, extra {passed - OBSERVED}"


def test_several_files_are_judged_as_one_traffic(har: dict[str, Any], tmp_path: Path) -> None:
    entries = har["log"]["entries"]
    half = len(entries) // 2
    first = hars.write(tmp_path, "a", {"log": {**har["log"], "entries": entries[:half]}})
    second = hars.write(tmp_path, "b", {"log": {**har["log"], "entries": entries[half:]}})
    code, found = check(tmp_path, second, first)
    assert code == 0 and "failed" not in found.values()
    assert {rule for rule, status in found.items() if status == "passed"} == OBSERVED


def test_bodies_not_recorded_leave_their_rules_not_observed(
    har: dict[str, Any], tmp_path: Path
) -> None:
    code, found = check(tmp_path, hars.write(tmp_path, "bare", hars.unrecorded(har, tmp_path)))
    assert code == 0
    assert "failed" not in found.values()
    assert all(found[rule] == "skipped" for rule in BODY_RULES)
    assert found["SEC-1"] == found["AUTH-1"] == "passed"  # a status is enough for these


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("not-json", "this is not JSON at all", "not JSON"),
        ("not-har", '{"log": {"version": "1.2"}}', "not a HAR file"),
        ("truncated", None, "truncated"),
        ("bad-entry", '{"log": {"entries": [{"request": {}}]}}', "entry 0"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(
    name: str,
    text: str | None,
    said: str,
    har: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / f"{name}.har"
    whole = json.dumps(har)
    path.write_text(text if text is not None else whole[: len(whole) // 2], encoding="utf-8")
    code, _ = check(tmp_path, path)
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("conformance: ")
    assert said in lines[0] and "Traceback" not in captured.err


def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = check(tmp_path, tmp_path / "absent.har")
    assert code == 2
    assert "no such file" in capsys.readouterr().err


def test_keys_in_a_har_never_reach_any_output(
    clean_run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A browser's HAR holds the real keys: check-har keeps only their digests."""
    keys = [clean_run.keys.generator, clean_run.keys.second, clean_run.keys.rate_limited]
    har = document(clean_run.records)
    for entry in har["log"]["entries"]:
        for header in entry["request"]["headers"]:
            if header["name"].lower() == "authorization":
                header["value"] = f"Bearer {keys[0]}"
        entry["request"]["url"] += ""  # URLs hold no keys
    broken = har["log"]["entries"][0]
    broken["response"]["status"] = 500  # a failure, so a request is shown as evidence
    folder = tmp_path / "report"
    main(["check-har", str(hars.write(tmp_path, "keys", har)), "--report-dir", str(folder)])
    told = capsys.readouterr()
    written = "\n".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    assert "SEC-1" in told.out and "$API_KEY" in written
    for key in keys:
        assert key not in told.out + told.err + written


def test_a_passive_run_is_a_baseline_like_an_active_one(
    har: dict[str, Any], tmp_path: Path
) -> None:
    """results.json has the kit's shape: a known failure does not fail the next run."""
    broken = json.loads(json.dumps(har))
    broken["log"]["entries"][0]["response"]["status"] = 500
    path = hars.write(tmp_path, "broken", broken)
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["check-har", str(path), "--report-dir", str(first), "--quiet"]) == 1
    again = ["check-har", str(path), "--report-dir", str(second), "--quiet"]
    assert main([*again, "--baseline", str(first / "results.json")]) == 0
    results = json.loads((second / "results.json").read_text(encoding="utf-8"))
    assert "SEC-1" in results["baseline"]["known"] and results["baseline"]["new"] == []
