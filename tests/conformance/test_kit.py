"""The kit on the clean reference server: all passes, nothing is vacuous, gaps are skips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conformance.entry.cli import main
from conformance.entry.runner import prepared, run_groups
from conformance.run.outcome import RunOutcome, Status
from conformance.run.target import Settings
from contract import load_spec
from tests.conformance.conftest import run_kit

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("clean-run")]  # one clean run, shared


@pytest.fixture(scope="module")
def clean_run() -> RunOutcome:
    return run_kit()


def test_every_must_rule_passes_and_none_is_skipped(clean_run: RunOutcome) -> None:
    statuses = {v.rule.id: v.status for v in clean_run.verdicts}
    not_passed = {rule: status for rule, status in statuses.items() if status is not Status.PASSED}
    assert not_passed == {}, [f.message for v in clean_run.verdicts for f in v.failures][:5]
    assert not clean_run.must_failed


def test_the_run_is_not_vacuous(clean_run: RunOutcome) -> None:
    registry = load_spec().contract_rules
    assert clean_run.info.successful_calls >= 200, clean_run.info
    assert clean_run.info.calls > clean_run.info.successful_calls  # negative probes were sent too
    for verdict in clean_run.verdicts:
        assert sum(verdict.passes.values()) >= 1, f"{verdict.rule.id} passed without a single check"
    assert {v.rule.id for v in clean_run.verdicts} >= {rule.id for rule in registry}


def test_a_rule_whose_inputs_are_missing_is_skipped_not_passed() -> None:
    settings = Settings.for_profile("quick", seed=7)
    with prepared(None, settings) as (target, sidecar):
        without = dataclasses.replace(target, second_key=None, manager_key=None)
        outcome = run_groups(without, sidecar, settings, ["auth"])
    verdicts = {v.rule.id: v for v in outcome.verdicts}
    assert verdicts["AUTH-4"].status is Status.SKIPPED
    assert "second key" in " ".join(verdicts["AUTH-4"].skips.values())
    assert verdicts["HOOK-3"].status is Status.SKIPPED
    assert verdicts["AUTH-1"].status is Status.PASSED
    assert verdicts["LIFE-3"].status is Status.SKIPPED  # its group was not selected


def test_cli_writes_every_report_without_secrets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--group",
            "auth",
            "--group",
            "errors",
            "--report-dir",
            str(tmp_path),
            "--quiet",
            "--seed",
            "3",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out
    names = {p.name for p in tmp_path.iterdir()}
    assert names >= {"junit.xml", "results.json", "report.md", "report.html"}
    assert "report:" in out.out
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "sk-gen-" not in text and "sk-manager-" not in text and "sk-second-" not in text


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--base-url", "ftp://example.com", "--api-key", "k"], "http(s) URL"),
        (["--base-url", "http://127.0.0.1:9"], "--api-key"),
        (["--api-key", "k"], "without --base-url"),
        (["--examples", "0"], "--examples"),
        (["--base-url", "http://127.0.0.1:9", "--api-key", "k"], "--sidecar-public-url"),
        (
            [
                "--base-url",
                "http://127.0.0.1:9",
                "--api-key",
                "k",
                "--sidecar-port",
                "0",
                "--sidecar-public-url",
                "http://127.0.0.1:9",
            ],
            "cannot reach",
        ),
    ],
)
def test_cli_bad_input_is_one_readable_line(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main([*argv, "--report-dir", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert len(err.splitlines()) == 1 and says in err, err
    assert "Traceback" not in err
