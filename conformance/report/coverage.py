"""The coverage map: per rule, each variant the spec or a check names, and the inputs it had."""

from __future__ import annotations

from typing import Any

from conformance.run.outcome import Covered, RuleVerdict, RunOutcome

COVERAGE_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["kind", "name", "inputs", "expected"],
        "properties": {
            "kind": {"type": "string"},
            "name": {"type": "string"},
            "inputs": {"type": "integer", "minimum": 0},
            "expected": {"type": "boolean"},
            "note": {"type": "string"},
        },
    },
}
LOST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def rows(verdict: RuleVerdict) -> list[dict[str, Any]]:
    """A rule's coverage map as plain data for results.json."""
    found = []
    for row in verdict.coverage():
        entry: dict[str, Any] = {
            "kind": row.variant.kind,
            "name": row.variant.name,
            "inputs": row.inputs,
            "expected": row.expected,
        }
        if row.note:
            entry["note"] = row.note
        found.append(entry)
    return found


def covered_in(rule: dict[str, Any]) -> frozenset[str]:
    """The variants a results.json rule entry exercised (none in files from before coverage)."""
    return frozenset(
        f"{row['kind']} {row['name']}" for row in rule.get("coverage", []) if row["inputs"] > 0
    )


def _row_text(row: Covered) -> str:
    if row.inputs:
        return f"{row.variant.name} ({row.inputs})"
    note = f": {row.note}" if row.note else ""
    return f"{row.variant.name} (NOT EXERCISED{note})"


def lines(verdict: RuleVerdict) -> list[tuple[str, str]]:
    """Per kind of variant, its variants with their input counts, as (kind, text) pairs."""
    rows = verdict.coverage()
    kinds = sorted(
        dict.fromkeys(row.variant.kind for row in rows), key=lambda kind: kind != "operation"
    )
    return [
        (kind, ", ".join(_row_text(row) for row in rows if row.variant.kind == kind))
        for kind in kinds
    ]


def partly_covered(outcome: RunOutcome) -> list[RuleVerdict]:
    """Rules that passed with a variant left out: never to be read as a bare pass."""
    return [v for v in outcome.verdicts if v.verdict_text.startswith("passed (")]
