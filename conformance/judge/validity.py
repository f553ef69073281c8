"""Whether a body must be accepted, and if not which rule it breaks: decided from the spec."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from contract import AreaLimit, Operation, PublicUrl, Spec

LOCAL_NAMES = ("localhost", "localhost.")


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


def private_urls(op: Operation, body: Mapping[str, Any]) -> list[str]:
    """URL fields naming a host that is not plainly public (an allow-list may still admit them)."""
    found = []
    for rule in op.rules_of(PublicUrl):
        for name, url in rule.urls(body):
            if not _plainly_public(url):
                found.append(name)
    return found


def _plainly_public(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host or host in LOCAL_NAMES:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a name: only the server's resolver knows where it points
    return address.is_global
