"""Every contract rule the spec can express is in it; the registry matches the contract."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract import Spec

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "API-CONTRACT.md"
RULE_LINE = re.compile(r"^- ([A-Z]+-\d+) (MUST|SHOULD):", re.MULTILINE)

# Rules about behaviour over time or across requests: no schema keyword or x-rule can say them.
# The conformance kit checks them as flows; the spec holds them only in its registry.
BEHAVIOURAL = {
    "AUTH-4": "which key created a task is server state, not a property of one request",
    "SEC-1": "'no input gives a 5xx' is about every input, not a schema of some",
    "ECHO-2": "equality between the 202 answer and later polls spans requests",
    "LIFE-2": "the order of statuses spans successive polls",
    "LIFE-3": "a time budget is a property of the run, not of a document",
    "RES-2": "result URLs are served outside the API's paths; their bytes are not JSON",
    "IMG-2": "determinism compares two requests",
}


def contract_rules() -> dict[str, str]:
    if not CONTRACT.is_file():
        pytest.skip(f"the contract is not beside the repository ({CONTRACT})")
    return dict(RULE_LINE.findall(CONTRACT.read_text(encoding="utf-8")))


def _walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}")


def _resolve(spec: Spec, node: Any, pointer: str) -> Any:
    """Follow a JSON pointer from `node`, through any `$ref` met on the way."""
    for part in pointer.split("/")[1:] if pointer else []:
        part = part.replace("~1", "/").replace("~0", "~")
        while isinstance(node, dict) and part not in node and "$ref" in node:
            node = spec.resolve(node["$ref"])
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def encoded_rules(spec: Spec) -> dict[str, list[str]]:
    """Rule ID to where it is encoded: `x-rules` entries and resolvable `x-enforces` pointers."""
    found: dict[str, list[str]] = {}
    for pointer, node in _walk(dict(spec.raw)):
        if not isinstance(node, dict):
            continue
        for entry in node.get("x-rules", []):
            found.setdefault(entry["id"], []).append(f"{pointer}/x-rules")
        for rule_id, target in node.get("x-enforces", {}).items():
            try:
                _resolve(spec, node, target)
            except (KeyError, IndexError, ValueError) as broken:
                pytest.fail(
                    f"x-enforces {rule_id} at {pointer} points at nothing: {target} ({broken})"
                )
            found.setdefault(rule_id, []).append(f"{pointer}{target}")
    return found


def test_the_registry_lists_exactly_the_contract_rules(spec: Spec) -> None:
    registry = {rule.id: rule.level for rule in spec.contract_rules}
    assert registry == contract_rules()


def test_every_expressible_rule_is_encoded_in_the_spec(spec: Spec) -> None:
    found = encoded_rules(spec)
    missing = sorted(set(contract_rules()) - set(found) - set(BEHAVIOURAL))
    assert missing == [], f"rules the spec should encode but does not: {missing}"


def test_behavioural_rules_are_really_absent(spec: Spec) -> None:
    found = encoded_rules(spec)
    claimed = sorted(set(BEHAVIOURAL) & set(found))
    assert claimed == [], f"listed as behavioural but encoded in the spec: {claimed}"
    assert set(BEHAVIOURAL) <= set(contract_rules())


def test_every_rule_id_in_the_spec_is_a_contract_rule(spec: Spec) -> None:
    unknown = sorted(set(encoded_rules(spec)) - set(contract_rules()))
    assert unknown == []
