"""The spec's examples against its own schemas and x-rules (`contract.examples`, run by lint)."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from contract import Spec, load_spec
from contract.examples import PARAMETER, REQUEST, RESPONSE, example_problems, examples
from tests.support.spec_edits import lowered_under_an_example


def test_the_committed_spec_has_examples_of_every_kind_and_none_breaks_a_rule() -> None:
    spec = load_spec()
    kinds = {example.kind for example in examples(spec)}
    assert {REQUEST, RESPONSE, PARAMETER} <= kinds
    assert example_problems(spec) == []


def test_an_area_limit_lowered_under_an_example_names_the_example_and_the_rule() -> None:
    document, pointer, rule = lowered_under_an_example(load_spec())
    found = example_problems(Spec(document))
    assert [(p.pointer, p.rule) for p in found] == [(pointer, rule)]
    assert "over the limit" in found[0].message


def _set(document: Any, pointer: str, value: Any) -> None:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    for token in tokens[:-1]:
        document = document[int(token)] if isinstance(document, list) else document[token]
    document[tokens[-1]] = value


def test_a_broken_response_and_parameter_example_name_spec_1_and_the_parameter_rule() -> None:
    spec = load_spec()
    document = copy.deepcopy(dict(spec.raw))
    shared = next(e for e in examples(spec) if e.kind == RESPONSE and e.written_at)
    _set(document, shared.written_at + "/value", "not an object")
    param = next(e for e in examples(spec) if e.kind == PARAMETER)
    _set(document, param.pointer, "\x00 not a valid value")
    found = {(p.pointer, p.rule) for p in example_problems(Spec(document))}
    assert (shared.pointer, "SPEC-1") in found
    assert (param.pointer, param.parameter_rule) in found


def test_the_lint_step_fails_naming_the_example(tmp_path: Path) -> None:
    document, pointer, rule = lowered_under_an_example(load_spec())
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    lint = Path(__file__).resolve().parents[2] / "scripts" / "lint"
    assert "python -m contract.examples spec/openapi.yaml" in lint.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "contract.examples", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert pointer in result.stderr and f"breaks {rule}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_path_items_own_parameter_example_is_checked_too() -> None:
    document = copy.deepcopy(dict(load_spec().raw))
    path = next(iter(document["paths"]))
    bad = {"name": "q", "in": "query", "schema": {"type": "integer"}, "example": "text"}
    document["paths"][path]["parameters"] = [bad]
    found = [p for p in example_problems(Spec(document)) if p.kind == PARAMETER]
    assert [p.pointer for p in found] == [f"/paths/{path.replace('/', '~1')}/parameters/0/example"]
