"""Repairs generated bodies so positive cases satisfy the spec's cross-field and x- rules too."""

from __future__ import annotations

from typing import Any

from contract import AreaLimit, Operation, PublicUrl, Spec


def repair(spec: Spec, op: Operation, body: Any, image_url: str) -> Any:
    """Bend a positive body to the rules generators miss; the result may still be invalid."""
    if not isinstance(body, dict) or op.request_schema is None:
        return body
    schema = spec.component(op.request_schema)
    fixed = dict(body)
    for rule in op.rules_of(PublicUrl):
        for name in rule.fields:
            value = fixed.get(name)
            if name == "webhook" and name in fixed:
                del fixed[name]
            elif isinstance(value, list):
                fixed[name] = [image_url for _ in value]
            elif isinstance(value, str):
                fixed[name] = image_url
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
    for rule in op.rules_of(AreaLimit):
        first, second = rule.fields
        applies = first in fixed and second in fixed and rule.when.matches(fixed)
        if applies and fixed[first] * fixed[second] > rule.max:
            fixed[second] = max(1, rule.max // max(1, int(fixed[first])))
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
