"""`--report har`: the kit's own run, recorded, judged again by check-har: no failure either."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.entry.cli import main
from conformance.passive.harfile import HAR_NAME

pytestmark = pytest.mark.slow

GROUPS = ("errors", "validation", "listing")  # deterministic probes, seconds not minutes


def _statuses(folder: Path) -> dict[str, str]:
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return {rule["id"]: rule["status"] for rule in results["rules"]}


def test_the_kit_s_har_gets_no_failure_from_the_passive_judge(tmp_path: Path) -> None:
    active, passive = tmp_path / "active", tmp_path / "passive"
    argv = ["--report", "har", "--report-dir", str(active), "--quiet"]
    for group in GROUPS:
        argv += ["--group", group]
    assert main(argv) == 0
    har = active / HAR_NAME
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert len(entries) > 100
    code = main(["check-har", str(har), "--report-dir", str(passive), "--quiet"])
    judged = _statuses(passive)
    assert "failed" not in judged.values(), (passive / "report.md").read_text(encoding="utf-8")
    assert code == 0
    kit = _statuses(active)
    both = [rule for rule in judged if judged[rule] == "passed" and kit[rule] == "passed"]
    assert len(both) >= 10, both
    written = har.read_text(encoding="utf-8")
    assert "Bearer key-" in written and "sk-" not in written  # keys as digests only
