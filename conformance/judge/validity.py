"""Whether a body must be accepted, and if not which rule it breaks: decided from the spec."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract import AreaLimit, Operation, PublicUrl, Spec


def body_problem(spec: Spec, op: Operation, body: Any) -> tuple[str, str] | None:
    """(rule, why) for the first thing `body` breaks, or None when the contract says accept it."""
    assert op.request_schema is not None
    validator = spec.schema_validator(op.request_schema)
    try:
        error = next(iter(validator.iter_errors(body)), None)
    except Exception:  # values such as huge integers that the validator cannot read
        return "VAL-1", "the body holds a value that cannot be validated"
    if error is not None:
        rule = spec.rule_for_keyword_path(op.request_schema, list(error.schema_path))
        where = "/" + "/".join(str(part) for part in error.instance_path)
        return rule, f"{where}: {error.message}"[:300]
    for limit in op.rules_of(AreaLimit):
        if limit.exceeded_by(body):
            first, second = limit.fields
            return limit.id, f"{first} x {second} {limit.area(body)} is over {limit.max}"
    return None


def urls_in(op: Operation, body: Mapping[str, Any]) -> list[str]:
    """The URL fields a body holds: a 400 for one may be HOOK-4, which only the server can decide.

    Whether a host is public depends on where its name resolves, and an allow-list may admit
    hosts that are not, so a refusal of a body with a URL is never judged a VAL-2 failure.
    """
    return [name for rule in op.rules_of(PublicUrl) for name, _ in rule.urls(body)]
