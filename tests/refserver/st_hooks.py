"""Schemathesis hooks: repair positive cases to the x-rules, and count the answers."""

from __future__ import annotations

import os
from typing import Any

import schemathesis

from contract import WEBHOOK_FIELD, AreaLimit, Operation, PublicUrl, load_spec

SPEC = load_spec()
SOURCE_URL = os.environ.get("RS_SOURCE_URL", "")
HOOK_URL = os.environ.get("RS_HOOK_URL", "")
ORG_ID = os.environ.get("RS_ORG_ID", "")
COUNTS_FILE = os.environ.get("RS_COUNTS_FILE", "")


def _operation(method: str, path: str) -> Operation | None:
    for op in SPEC.operations:
        if op.method == method.upper() and op.path == path:
            return op
    return None


def _repaired(op: Operation, body: dict[str, Any]) -> dict[str, Any]:
    """What JSON Schema cannot say: public-url fields point at the allow-listed loopback service,
    and products over an area limit are shrunk to fit."""
    for rule in op.rules_of(PublicUrl):
        body = rule.pointed(body, lambda name: HOOK_URL if name == WEBHOOK_FIELD else SOURCE_URL)
    for limit in op.rules_of(AreaLimit):
        body = limit.shrunk(body)
    return body


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    meta = getattr(case, "meta", None)
    if meta is None or not meta.generation.mode.is_positive:
        return case
    op = _operation(case.method, case.path)
    if op is None:
        return case
    if isinstance(case.body, dict) and op.request_schema:
        case.body = _repaired(op, case.body)
    if isinstance(case.path_parameters, dict) and "orgId" in case.path_parameters and ORG_ID:
        case.path_parameters["orgId"] = ORG_ID
    return case


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    if COUNTS_FILE:
        with open(COUNTS_FILE, "a", encoding="utf-8") as handle:
            handle.write(f"{case.method} {case.path} {response.status_code}\n")
