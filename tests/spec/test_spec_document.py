"""The spec is valid, lint-clean, and every example in it satisfies its own schema and x-rules."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from contract import AreaLimit, Spec
from contract.spec import default_spec_path
from tests.spec.examples import iter_examples


def test_openapi_spec_validator_accepts_the_spec() -> None:
    document, _ = read_from_filename(str(default_spec_path()))
    validate(document)


def test_redocly_lint_reports_no_problem(repo: Path) -> None:
    redocly = repo / "spec" / "node_modules" / ".bin" / "redocly"
    if not redocly.exists() and shutil.which("redocly") is None:
        pytest.fail("Redocly CLI is not installed: run scripts/test, which installs it")
    result = subprocess.run(
        [str(redocly), "lint", "spec/openapi.yaml", "--config", "spec/redocly.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Your API description is valid" in output, output
    assert "warning" not in output.lower().replace("deprecation warning", ""), output


def test_the_spec_has_examples_for_every_operation(spec: Spec) -> None:
    examples = list(iter_examples(spec))
    for op in spec.operations:
        own = [ex for ex in examples if ex.operation_id == op.operation_id]
        if op.has_body:
            assert any(ex.is_request for ex in own), f"{op.operation_id} has no request example"
        assert any(ex.status == op.success_status for ex in own), (
            f"{op.operation_id} has no {op.success_status} example"
        )
    assert any(ex.operation_id == "artworkCompleted" for ex in examples)


@pytest.mark.parametrize(
    "example", list(iter_examples(Spec.from_path(default_spec_path()))), ids=lambda ex: ex.where
)
def test_every_example_satisfies_its_schema(spec: Spec, example: Any) -> None:
    errors = [
        error.message for error in spec.validator(example.schema_ref).iter_errors(example.value)
    ]
    assert errors == [], f"{example.where}: {errors}"


def test_request_examples_respect_the_area_limits(spec: Spec) -> None:
    checked = 0
    for example in iter_examples(spec):
        if not example.is_request or example.operation_id not in {
            op.operation_id for op in spec.operations
        }:
            continue
        for rule in spec.operation(example.operation_id).rules_of(AreaLimit):
            body = example.value
            if rule.applies(body):
                checked += 1
                width, height = (body[field] for field in rule.fields)
                assert width * height <= rule.max, f"{example.where} breaks {rule.id}"
    assert checked >= 1, "no example exercises an area limit"
