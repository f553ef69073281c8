"""The keywords of one schema that hold a value or a bound (type, enum, pattern, maximum, ...):
each change's ID is declared here, beside the comparison that emits it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from specdiff.model import Sided
from specdiff.pointers import Pair

TYPE_CHANGED = Sided("request-*-type-changed", "response-*-type-changed")
BECAME_NULLABLE = Sided("request-*-became-nullable", "response-*-became-nullable")
BECAME_NOT_NULLABLE = Sided("request-*-became-not-nullable", "response-*-became-not-nullable")
ENUM_VALUE_ADDED = Sided("request-*-enum-value-added", "response-*-enum-value-added")
ENUM_VALUE_REMOVED = Sided("request-*-enum-value-removed", "response-*-enum-value-removed")
CONST_CHANGED = Sided("request-*-const-changed", "response-*-const-changed")
FORMAT_CHANGED = Sided("request-*-format-changed", "response-*-format-changed")
DEFAULT_CHANGED = Sided("request-*-default-changed", "response-*-default-changed")
PATTERN_ADDED = Sided("request-*-pattern-added", "response-*-pattern-added")
PATTERN_REMOVED = Sided("request-*-pattern-removed", "response-*-pattern-removed")
PATTERN_CHANGED = Sided("request-*-pattern-changed", "response-*-pattern-changed")
DEPRECATED = Sided("request-*-deprecated", "response-*-deprecated")
UNDEPRECATED = Sided("request-*-undeprecated", "response-*-undeprecated")
DISCRIMINATOR_CHANGED = Sided("request-*-discriminator-changed", "response-*-discriminator-changed")
CONSTRAINT_CHANGED = Sided("request-*-constraint-changed", "response-*-constraint-changed")
MAX_INCREASED = Sided("request-*-max-increased", "response-*-max-increased")
MAX_DECREASED = Sided("request-*-max-decreased", "response-*-max-decreased")
MIN_INCREASED = Sided("request-*-min-increased", "response-*-min-increased")
MIN_DECREASED = Sided("request-*-min-decreased", "response-*-min-decreased")
MAX_LENGTH_INCREASED = Sided("request-*-max-length-increased", "response-*-max-length-increased")
MAX_LENGTH_DECREASED = Sided("request-*-max-length-decreased", "response-*-max-length-decreased")
MIN_LENGTH_INCREASED = Sided("request-*-min-length-increased", "response-*-min-length-increased")
MIN_LENGTH_DECREASED = Sided("request-*-min-length-decreased", "response-*-min-length-decreased")
MAX_ITEMS_INCREASED = Sided("request-*-max-items-increased", "response-*-max-items-increased")
MAX_ITEMS_DECREASED = Sided("request-*-max-items-decreased", "response-*-max-items-decreased")
MIN_ITEMS_INCREASED = Sided("request-*-min-items-increased", "response-*-min-items-increased")
MIN_ITEMS_DECREASED = Sided("request-*-min-items-decreased", "response-*-min-items-decreased")

# keyword -> (True for an upper bound, the ID when it moves up, the ID when it moves down)
BOUNDS: dict[str, tuple[bool, Sided, Sided]] = {
    "maximum": (True, MAX_INCREASED, MAX_DECREASED),
    "exclusiveMaximum": (True, MAX_INCREASED, MAX_DECREASED),
    "maxLength": (True, MAX_LENGTH_INCREASED, MAX_LENGTH_DECREASED),
    "maxItems": (True, MAX_ITEMS_INCREASED, MAX_ITEMS_DECREASED),
    "minimum": (False, MIN_INCREASED, MIN_DECREASED),
    "exclusiveMinimum": (False, MIN_INCREASED, MIN_DECREASED),
    "minLength": (False, MIN_LENGTH_INCREASED, MIN_LENGTH_DECREASED),
    "minItems": (False, MIN_ITEMS_INCREASED, MIN_ITEMS_DECREASED),
}
_VALUED = {"const": CONST_CHANGED, "format": FORMAT_CHANGED, "default": DEFAULT_CHANGED}


class Emit(Protocol):
    """How a comparison reports one change: its ID, where, of what, and the values."""

    def __call__(
        self,
        change: Sided | str,
        pointer: str,
        subject: str,
        noun: str,
        old: Any = None,
        new: Any = None,
    ) -> None: ...


def canonical(value: Any) -> str:
    """A key-order-free text of a JSON value, for comparing and showing it."""
    return json.dumps(value, sort_keys=True, default=str)


def _types(schema: Mapping[str, Any]) -> tuple[frozenset[str], bool]:
    raw = schema.get("type")
    types = frozenset([raw] if isinstance(raw, str) else raw or [])
    nullable = "null" in types or schema.get("nullable") is True
    return types - {"null"}, nullable


def scalars(emit: Emit, pair: Pair, noun: str, subject: str) -> None:
    """Type and nullability, enum, const/format/default, pattern, deprecation, discriminator."""
    o, n, at = pair.old.schema, pair.new.schema, pair.at
    (o_types, o_null), (n_types, n_null) = _types(o), _types(n)
    if o_types != n_types and o_types and n_types:
        emit(TYPE_CHANGED, at("type"), subject, noun, sorted(o_types), sorted(n_types))
    if o_null != n_null:
        emit(BECAME_NULLABLE if n_null else BECAME_NOT_NULLABLE, at("type"), subject, noun)
    if "enum" in o and "enum" in n:
        o_enum = {canonical(v): v for v in o["enum"]}
        n_enum = {canonical(v): v for v in n["enum"]}
        added = [n_enum[k] for k in n_enum if k not in o_enum]
        removed = [o_enum[k] for k in o_enum if k not in n_enum]
        if added:
            emit(ENUM_VALUE_ADDED, at("enum"), subject, noun, None, added)
        if removed:
            emit(ENUM_VALUE_REMOVED, at("enum"), subject, noun, removed, None)
    elif ("enum" in o) != ("enum" in n):
        emit(CONSTRAINT_CHANGED, at("enum"), subject, noun, "enum", "enum")
    for key, change in _VALUED.items():
        if (key in o or key in n) and canonical(o.get(key)) != canonical(n.get(key)):
            emit(change, at(key), subject, noun, o.get(key), n.get(key))
    if o.get("pattern") != n.get("pattern"):
        if "pattern" not in o:
            pattern = PATTERN_ADDED
        else:
            pattern = PATTERN_CHANGED if "pattern" in n else PATTERN_REMOVED
        emit(pattern, at("pattern"), subject, noun, o.get("pattern"), n.get("pattern"))
    if bool(o.get("deprecated")) != bool(n.get("deprecated")):
        emit(DEPRECATED if n.get("deprecated") else UNDEPRECATED, at("deprecated"), subject, noun)
    if o.get("discriminator") != n.get("discriminator"):
        emit(DISCRIMINATOR_CHANGED, at("discriminator"), subject, noun)


def bounds(emit: Emit, pair: Pair, noun: str, subject: str) -> None:
    """Each numeric bound that moved, as widening or narrowing what it admits."""
    for key, (upper, increased, decreased) in BOUNDS.items():
        before, after = pair.old.schema.get(key), pair.new.schema.get(key)
        if before == after:
            continue
        if not all(v is None or isinstance(v, int | float) for v in (before, after)):
            emit(CONSTRAINT_CHANGED, pair.at(key), subject, noun, before, after)
            continue  # not a number (an OpenAPI 3.0 boolean flag, say): no direction
        if upper:
            up = after is None or (before is not None and after > before)
        else:
            up = after is not None and (before is None or after > before)
        emit(increased if up else decreased, pair.at(key), subject, noun, before, after)
