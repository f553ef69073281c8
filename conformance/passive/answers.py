"""SPEC-1 on answers seen: a success answer's JSON matches the schema the spec gives for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conformance.passive.seen import Seen
from contract import Operation

if TYPE_CHECKING:
    from conformance.passive.judge import Judge


def schema(judge: Judge, seen: Seen, op: Operation, answer: Any) -> None:
    status = seen.exchange.status
    declared = op.raw.get("responses", {}).get(str(status))
    if isinstance(declared, dict) and "$ref" in declared:
        declared = judge.spec.resolve(declared["$ref"])
    media = (declared or {}).get("content", {}).get("application/json")
    if media is None or "schema" not in media:
        return
    raw = media["schema"]
    validator = (
        judge.spec.validator(raw["$ref"]) if "$ref" in raw else judge.spec.inline_validator(raw)
    )
    error = next(iter(validator.iter_errors(answer)), None)
    if error is None:
        judge.passed(seen, "SPEC-1")
        return
    where = "/" + "/".join(str(part) for part in error.instance_path)
    judge.fail(seen, "SPEC-1", f"the answer breaks its schema at {where}: {error.message}"[:300])
