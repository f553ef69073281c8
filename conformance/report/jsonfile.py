"""`results.json`: the run in a stable, versioned shape that other tools can rely on.

Schema version 1 (`RESULTS_SCHEMA` below is the same, as JSON Schema 2020-12)::

    {
      "schemaVersion": 1,
      "run": {
        "target": str, "bundled": bool, "profile": str, "seed": int,
        "startedAt": str, "durationSeconds": float, "versions": {name: version},
        "calls": int, "successfulCalls": int, "operations": [operationId],
        "selectedGroups": [str], "notes": [str],
        "rateLimitedAnswers": int, "rateLimitWaitSeconds": float   # 429s met, seconds held back
      },
      "summary": {"passed": int, "failed": int, "skipped": int, "mustFailed": bool},
      "baseline": {                   # only with --baseline: failures against an earlier run
        "source": str, "target": str, "startedAt": str,
        "new": [ruleId], "known": [ruleId], "fixed": [ruleId], "newMustFailed": bool,
        "lostVariants": {ruleId: [variant]}   # exercised there, not here
      },
      "rules": [                      # registry order
        {
          "id": "DIM-3", "level": "MUST" | "SHOULD", "family": "DIM", "summary": str,
          "status": "passed" | "failed" | "skipped",
          "operations": {operationId: "passed" | "failed" | "skipped"},
          "passes": {operationId: int},           # checks that passed
          "failures": [{"operation", "message", "expected", "seen", "request", "curl", "phase"}],
          "skips": {operationId: reason},
          "verdict": str,                  # "passed (partly covered: ...)" when a variant is out
          "coverage": [{"kind", "name", "inputs": int, "expected": bool, "note"?: str}]
        }
      ]
    }

Counts in "summary" are rules, not checks. Adding keys is compatible; removing or renaming one
raises `schemaVersion`.
"""

from __future__ import annotations

import json
from typing import Any

from conformance.run.outcome import Baseline, Failure, RuleVerdict, RunInfo, RunOutcome

from . import coverage, view

SCHEMA_VERSION = 1

_STATUS = {"enum": ["passed", "failed", "skipped"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_FAILURE_KEYS = ["operation", "message", "expected", "seen", "request", "curl", "phase"]

RESULTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Conformance results",
    "type": "object",
    "required": ["schemaVersion", "run", "summary", "rules"],
    "properties": {
        "schemaVersion": {"const": SCHEMA_VERSION},
        "run": {
            "type": "object",
            "required": [
                "target",
                "bundled",
                "profile",
                "seed",
                "startedAt",
                "durationSeconds",
                "versions",
                "calls",
                "successfulCalls",
                "operations",
                "selectedGroups",
                "notes",
            ],
            "properties": {
                "target": {"type": "string"},
                "bundled": {"type": "boolean"},
                "profile": {"type": "string"},
                "seed": {"type": "integer"},
                "startedAt": {"type": "string"},
                "durationSeconds": {"type": "number", "minimum": 0},
                "versions": {"type": "object", "additionalProperties": {"type": "string"}},
                "calls": {"type": "integer", "minimum": 0},
                "successfulCalls": {"type": "integer", "minimum": 0},
                "operations": _STRINGS,
                "selectedGroups": _STRINGS,
                "notes": _STRINGS,
                "rateLimitedAnswers": {"type": "integer", "minimum": 0},
                "rateLimitWaitSeconds": {"type": "number", "minimum": 0},
            },
        },
        "summary": {
            "type": "object",
            "required": ["passed", "failed", "skipped", "mustFailed"],
            "properties": {
                "passed": {"type": "integer", "minimum": 0},
                "failed": {"type": "integer", "minimum": 0},
                "skipped": {"type": "integer", "minimum": 0},
                "mustFailed": {"type": "boolean"},
            },
        },
        "baseline": {
            "type": "object",
            "required": ["source", "target", "startedAt", "new", "known", "fixed", "newMustFailed"],
            "properties": {
                "source": {"type": "string"},
                "target": {"type": "string"},
                "startedAt": {"type": "string"},
                "new": _STRINGS,
                "known": _STRINGS,
                "fixed": _STRINGS,
                "newMustFailed": {"type": "boolean"},
                "lostVariants": coverage.LOST_SCHEMA,
            },
        },
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "level",
                    "family",
                    "summary",
                    "status",
                    "operations",
                    "passes",
                    "failures",
                    "skips",
                ],
                "properties": {
                    "id": {"type": "string"},
                    "level": {"enum": ["MUST", "SHOULD"]},
                    "family": {"type": "string"},
                    "summary": {"type": "string"},
                    "status": _STATUS,
                    "operations": {"type": "object", "additionalProperties": _STATUS},
                    "passes": {
                        "type": "object",
                        "additionalProperties": {"type": "integer", "minimum": 1},
                    },
                    "failures": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": _FAILURE_KEYS,
                            "properties": {
                                **{key: {"type": "string"} for key in _FAILURE_KEYS},
                                "requestId": {"type": "string"},
                            },
                        },
                    },
                    "skips": {"type": "object", "additionalProperties": {"type": "string"}},
                    "verdict": {"type": "string"},
                    "coverage": coverage.COVERAGE_SCHEMA,
                },
            },
        },
    },
}


def _run(info: RunInfo) -> dict[str, Any]:
    """RunInfo in the document's camelCase, so consumers see one naming style."""
    return {
        "target": info.target,
        "bundled": info.bundled,
        "profile": info.profile,
        "seed": info.seed,
        "startedAt": info.started_at,
        "durationSeconds": info.duration_seconds,
        "versions": dict(info.versions),
        "calls": info.calls,
        "successfulCalls": info.successful_calls,
        "operations": list(info.operations),
        "selectedGroups": list(info.selected_groups),
        "notes": list(info.notes),
        "rateLimitedAnswers": info.rate_limited_answers,
        "rateLimitWaitSeconds": info.rate_limit_wait_seconds,
    }


def _failure(failure: Failure) -> dict[str, str]:
    """A failure without its rule ID, which the enclosing rule already gives."""
    shown = {key: str(getattr(failure, key)) for key in _FAILURE_KEYS}
    return {**shown, "requestId": failure.request_id} if failure.request_id else shown


def _rule(verdict: RuleVerdict) -> dict[str, Any]:
    """One rule's verdict with the per-operation detail behind it."""
    rule = verdict.rule
    statuses = {op: verdict.operation_status(op) for op in verdict.operations}
    return {
        "id": rule.id,
        "level": rule.level,
        "family": rule.family,
        "summary": rule.summary,
        "status": verdict.status.value,
        "operations": {op: status.value for op, status in statuses.items() if status is not None},
        "passes": dict(verdict.passes),
        "failures": [_failure(failure) for failure in verdict.failures],
        "skips": dict(verdict.skips),
        "verdict": verdict.verdict_text,
        "coverage": coverage.rows(verdict),
    }


def _baseline(outcome: RunOutcome, baseline: Baseline) -> dict[str, Any]:
    """How this run's failures compare with the baseline's, by rule ID."""
    return {
        "source": baseline.source,
        "target": baseline.target,
        "startedAt": baseline.started_at,
        "new": [v.rule.id for v in view.new_failures(outcome)],
        "known": [v.rule.id for v in view.known_failures(outcome)],
        "fixed": [v.rule.id for v in view.fixed(outcome)],
        "newMustFailed": outcome.new_must_failed,
        "lostVariants": outcome.lost_variants(),
    }


def document(outcome: RunOutcome) -> dict[str, Any]:
    """The results as plain data, for callers that want them without a file."""
    tally = view.counts(outcome)
    document: dict[str, Any] = {
        "schemaVersion": SCHEMA_VERSION,
        "run": _run(outcome.info),
        "summary": {
            "passed": tally.passed,
            "failed": tally.failed,
            "skipped": tally.skipped,
            "mustFailed": outcome.must_failed,
        },
        "rules": [_rule(verdict) for verdict in outcome.verdicts],
    }
    if outcome.baseline is not None:
        document["baseline"] = _baseline(outcome, outcome.baseline)
    return document


def render(outcome: RunOutcome) -> str:
    """The results as indented UTF-8 JSON, diff-friendly between runs."""
    return json.dumps(document(outcome), indent=2, ensure_ascii=False) + "\n"
