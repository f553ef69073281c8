"""Spec-only edits, as the spec's maintainers would make them, in a scratch copy of the project.

1. The area limit lowered, a word limit lowered and the batch maximum raised (its echo with it),
   the examples fixed: after regeneration, a representative part of the suite passes but for the
   one file that pins the spec's literal values (`test_spec_literals.py`), which must fail.
2. The area limit lowered under an example, the example left as it is: the example check of
   `scripts/lint` fails naming the example, and the kit passes the reference server built from
   that spec with a SPEC-1 warning instead of failing VAL-2.
"""

from __future__ import annotations

import copy
import json
import math
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract import AreaLimit, OperationId, Spec, WordLimit, echoes, load_spec, parse_rule
from contract.examples import REQUEST, example_problems, examples
from contract.pointers import tokens
from tests.support.spec_edits import lowered_under_an_example

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.xdist_group("spec-only-edits"),
]
REPO = Path(__file__).resolve().parents[2]
LITERALS = "tests/spec/test_spec_literals.py"
# A representative, bounded part of the suite: the server's validation and end-to-end tests (with
# the regenerated client), the spec's own tests and the contract's. Redocly needs node_modules.
SUITE = [
    LITERALS,
    "tests/contract",
    "tests/spec/test_spec_document.py",
    "tests/spec/test_client_examples.py",
    "tests/refserver/test_rs_validation.py",
    "tests/refserver/test_rs_end_to_end.py",
]
DESELECTED = ["tests/spec/test_spec_document.py::test_redocly_lint_reports_no_problem"]


def _scratch(root: Path) -> Path:
    """A copy of the project's files, tracked or new (no .venv, no caches, nothing ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "-co", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    return root


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(root / "generated")])
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def _run(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _write(root: Path, document: Any) -> None:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=200)
    (root / "spec" / "openapi.yaml").write_text(text, encoding="utf-8")


def _rules_of(document: Any, schema: str) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = document["components"]["schemas"][schema]["x-rules"]
    return rules


def maintainers_edit(spec: Spec) -> dict[str, Any]:
    """The three edits, each found from the spec, and the examples fixed to fit them."""
    document = copy.deepcopy(dict(spec.raw))
    quantum = spec.operation(OperationId.CREATE_QUANTUM).request_schema
    selena = spec.operation(OperationId.CREATE_SELENA_VARIETE).request_schema
    assert quantum is not None and selena is not None
    rules = _rules_of(document, quantum)
    index = next(
        i
        for i, raw in enumerate(rules)
        if isinstance(parse_rule(raw), AreaLimit) and "when" not in raw
    )
    old = parse_rule(rules[index])
    assert isinstance(old, AreaLimit)
    side = math.isqrt(old.max) - 96
    rules[index]["max"] = side * side
    prompt = next(i for i, raw in enumerate(rules) if isinstance(parse_rule(raw), WordLimit))
    rules[prompt]["maxWords"] -= 50
    echoed_by = [echo.schema for echo in echoes(document) if echo.request == selena]
    for schema in (selena, *echoed_by):  # the echo (ECHO-1) holds what the request may send
        document["components"]["schemas"][schema]["properties"]["batch"]["maximum"] += 2
    for example in examples(spec):  # "exactly at the area limit" stays exactly at the new one
        mine = example.kind == REQUEST and example.request_schema == quantum
        if mine and old.applies(example.value) and old.area(example.value) == old.max:
            _set(document, example.pointer, {**example.value, **dict.fromkeys(old.fields, side)})
    return document


def _set(document: Any, pointer: str, value: Any) -> None:
    *parents, last = tokens(pointer)
    for token in parents:
        document = document[int(token)] if isinstance(document, list) else document[token]
    document[last] = value


def _file_of(root: Path, classname: str) -> str:
    """The test file a JUnit classname (`tests.spec.test_x` or `...test_x.TestClass`) names."""
    parts = classname.split(".")
    for end in range(len(parts), 0, -1):
        candidate = "/".join(parts[:end]) + ".py"
        if (root / candidate).is_file():
            return candidate
    return classname


def _failed_files(root: Path, junit: Path) -> tuple[set[str], int]:
    """The test files with a failure or error, and how many tests passed."""
    failed: set[str] = set()
    passed = 0
    for case in ElementTree.parse(junit).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add(_file_of(root, case.get("classname", "")))
        elif case.find("skipped") is None:
            passed += 1
    return failed, passed


def test_a_spec_only_edit_fails_only_the_tests_that_pin_literals(tmp_path: Path) -> None:
    root = _scratch(tmp_path / "project")
    document = maintainers_edit(load_spec())
    assert example_problems(Spec(document)) == [], "the edit left an example broken"
    _write(root, document)
    generated = _run(root, "-m", "specdiff.generate", "spec/openapi.yaml", str(tmp_path / "client"))
    assert generated.returncode == 0, generated.stderr[-2000:]
    shutil.rmtree(root / "generated")
    shutil.copytree(tmp_path / "client", root / "generated")
    junit = tmp_path / "junit.xml"
    deselect = [arg for name in DESELECTED for arg in ("--deselect", name)]
    result = _run(
        root,
        *("-m", "pytest", "-q", "-n", "2", "-p", "no:randomly", f"--junitxml={junit}"),
        *deselect,
        *SUITE,
    )
    failed, passed = _failed_files(root, junit)
    assert failed == {LITERALS}, (result.stdout + result.stderr)[-4000:]
    assert passed >= 100, result.stdout[-2000:]


def test_an_example_under_a_lowered_limit_fails_lint_and_is_a_spec_1_warning_for_the_kit(
    tmp_path: Path,
) -> None:
    root = _scratch(tmp_path / "project")
    document, pointer, rule = lowered_under_an_example(load_spec())
    _write(root, document)
    lint = _run(root, "-m", "contract.examples", "spec/openapi.yaml", timeout=120)
    assert lint.returncode == 1 and pointer in lint.stderr and f"breaks {rule}" in lint.stderr
    reports = tmp_path / "reports"
    kit = _run(
        root,
        *("-m", "conformance", "--group", "validation", "--group", "fuzz"),
        *("--operation", OperationId.CREATE_QUANTUM, "--profile", "quick", "--examples", "3"),
        *("--seed", "1", "--report-dir", str(reports), "--quiet"),
    )
    assert kit.returncode == 0, (kit.stdout + kit.stderr)[-4000:]
    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    verdicts = {entry["id"]: entry for entry in results["rules"]}
    assert verdicts["VAL-2"]["status"] == "passed"
    spec_1 = verdicts["SPEC-1"]
    assert spec_1["status"] == "failed" and spec_1["level"] == "SHOULD"
    messages = [failure["message"] for failure in spec_1["failures"]]
    assert sum(pointer in message for message in messages) == 1, messages
