"""A hand-built run with one rule of each outcome, and its reports written once per test."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conformance.report import write_reports
from conformance.run.outcome import Baseline, Failure, RuleVerdict, RunInfo, RunOutcome
from contract import ContractRule, load_spec

API_KEY = "sk-live-7Qp3xZ9r2LmT"
WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
WEBHOOK_KEY = WEBHOOK_SECRET.removeprefix("whsec_")
# Forms of the secrets that must appear in no report.
LEAKS = (API_KEY, f"Bearer {API_KEY}", WEBHOOK_SECRET, WEBHOOK_KEY)

OPERATIONS = (
    "createQuantumArtwork",
    "createImageGeneration",
    "getArtworkV2",
    "listArtworks",
)
SKIP_REASON = "the target profile has no second key, which AUTH-4 needs"
MUST_MESSAGE = "width x height one over the limit was accepted"
SHOULD_MESSAGE = "the same body and seed gave different bytes"
CURL = (
    "curl -sS -X POST https://staging.example.com/v2/artworks/quantum "
    f"-H 'Authorization: Bearer {API_KEY}' -H 'Content-Type: application/json' "
    '--data \'{"prompt": "cat", "width": 2049, "height": 2048}\''
)
REQUEST = '{\n  "prompt": "cat",\n  "width": 2049,\n  "height": 2048\n}'


@pytest.fixture(scope="session")
def rules() -> dict[str, ContractRule]:
    return {rule.id: rule for rule in load_spec().contract_rules}


@pytest.fixture
def outcome(rules: dict[str, ContractRule]) -> RunOutcome:
    info = RunInfo(
        target="https://staging.example.com",
        bundled=False,
        profile="staging",
        seed=424242,
        started_at="2025-11-21T10:00:00+00:00",
        duration_seconds=83.4,
        versions={"kit": "0.1.0", "schemathesis": "4.32.5", "spec": "2.1.0"},
        calls=420,
        successful_calls=380,
        operations=OPERATIONS,
        notes=(f"key used: Bearer {API_KEY}",),
    )
    passed = RuleVerdict(
        rules["DIM-1"],
        passes={"createQuantumArtwork": 12, "createImageGeneration": 4},
        skips={"listArtworks": "no size fields on this operation"},
    )
    run_level = RuleVerdict(rules["LIFE-3"], passes={"lifecycle": 3})
    must_failed = RuleVerdict(
        rules["DIM-3"],
        passes={"createImageGeneration": 2},
        failures=[
            Failure(
                rule="DIM-3",
                operation="createQuantumArtwork",
                message=MUST_MESSAGE,
                expected="400",
                seen=f"202 (sent with Authorization: Bearer {API_KEY})",
                request=REQUEST,
                curl=CURL,
            )
        ],
    )
    should_failed = RuleVerdict(
        rules["IMG-2"],
        failures=[
            Failure(
                rule="IMG-2",
                operation="createImageGeneration",
                message=SHOULD_MESSAGE,
                expected="sha256 1f0c…",
                seen="sha256 9ab2…",
                request=f'{{"seed": 7, "webhookSecret": "{WEBHOOK_SECRET}"}}',
                curl=f"curl -H 'Authorization: Bearer {API_KEY}' https://staging.example.com/v2/x",
            )
        ],
    )
    skipped = RuleVerdict(rules["AUTH-4"], skips={"getArtworkV2": SKIP_REASON})
    return RunOutcome(info, [skipped, passed, must_failed, run_level, should_failed])


@pytest.fixture
def reports(tmp_path: Path, outcome: RunOutcome) -> dict[str, Path]:
    return write_reports(tmp_path / "out" / "reports", outcome, [API_KEY, WEBHOOK_SECRET, ""])


@pytest.fixture
def compared(outcome: RunOutcome) -> RunOutcome:
    """The run against a baseline where DIM-3 (failing now), DIM-1 (passing) and AUTH-4 failed."""
    baseline = Baseline(
        source="old/results.json",
        target="https://staging.example.com",
        started_at="2025-11-01T10:00:00+00:00",
        failed=frozenset({"DIM-3", "DIM-1", "AUTH-4"}),
    )
    return replace(outcome, baseline=baseline)
