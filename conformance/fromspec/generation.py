"""Repairs generated bodies so positive cases satisfy the spec's cross-field and x- rules too."""

from __future__ import annotations

from typing import Any

from contract import WEBHOOK_FIELD, AreaLimit, Operation, PublicUrl, Spec


def repair(spec: Spec, op: Operation, body: Any, image_url: str) -> Any:
    """Bend a positive body to the rules generators miss; the result may still be invalid."""
    if not isinstance(body, dict) or op.request_schema is None:
        return body
    schema = spec.component(op.request_schema)
    fixed = {name: value for name, value in body.items() if name != WEBHOOK_FIELD}
    for url_rule in op.rules_of(PublicUrl):
        fixed = url_rule.pointed(fixed, lambda _: image_url)
    for field, partners in schema.get("dependentRequired", {}).items():
        if field in fixed and any(partner not in fixed for partner in partners):
            del fixed[field]
    for field, sub in schema.get("dependentSchemas", {}).items():
        if field in fixed and not spec.inline_validator(sub).is_valid(fixed):
            for name in _required_names(sub):
                fixed.pop(name, None)
    if "if" in schema and spec.inline_validator(schema["if"]).is_valid(fixed):
        for name in schema.get("then", {}).get("required", ()):
            if name not in fixed:
                fixed[name] = [image_url] if _is_array(spec, op, name) else image_url
    for limit in op.rules_of(AreaLimit):
        fixed = limit.shrunk(fixed)
    return fixed


def _required_names(schema: Any) -> set[str]:
    """Every property a `not`/`anyOf` subschema names in a `required` list."""
    names: set[str] = set()
    if isinstance(schema, dict):
        names.update(schema.get("required", ()))
        for value in schema.values():
            names |= _required_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names |= _required_names(item)
    return names


def _is_array(spec: Spec, op: Operation, name: str) -> bool:
    assert op.request_schema is not None
    return spec.property_schema(op.request_schema, name).get("type") == "array"
