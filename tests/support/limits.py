"""The sizes, limits and counts tests probe rules with, read from the spec through contract/
(never restated): "exactly at the area limit", "one pixel over", "one word over the limit"."""

from __future__ import annotations

import math

from contract import AreaLimit, OperationId, OutputSize, Spec, WordLimit, load_spec


def area_limit(
    op_id: OperationId = OperationId.CREATE_QUANTUM, spec: Spec | None = None
) -> AreaLimit:
    """The first (unconditional where there is one) area limit of a task operation."""
    rules = (spec or load_spec()).operation(op_id).rules_of(AreaLimit)
    return next((rule for rule in rules if rule.when.schema is None), rules[0])


def _bounds(op_id: OperationId, field: str, spec: Spec) -> tuple[int, int]:
    schema = spec.operation(op_id).request_schema
    assert schema is not None
    return spec.bounds(schema, field)


def at_the_area_limit(op_id: OperationId = OperationId.CREATE_QUANTUM) -> tuple[int, int]:
    """A width and height whose product is exactly the limit (a square when the limit is one),
    each within the schema's bounds."""
    spec = load_spec()
    rule = area_limit(op_id, spec)
    (w_low, w_high), (h_low, h_high) = (_bounds(op_id, name, spec) for name in rule.fields)
    side = math.isqrt(rule.max)
    if side * side == rule.max and w_low <= side <= w_high and h_low <= side <= h_high:
        return side, side
    for width in range(min(w_high, rule.max // h_low), w_low - 1, -1):
        if rule.max % width == 0 and h_low <= rule.max // width <= h_high:
            return width, rule.max // width
    raise AssertionError(f"no size within bounds is exactly at {rule.max}")


def one_over_the_area_limit(op_id: OperationId = OperationId.CREATE_QUANTUM) -> tuple[int, int]:
    """The size at the limit with its width one pixel larger (still within the width's bounds)."""
    width, height = at_the_area_limit(op_id)
    high = _bounds(op_id, area_limit(op_id).fields[0], load_spec())[1]
    assert width + 1 <= high, "the limit sits at the width's bound: no pixel over is valid"
    return width + 1, height


def word_limit(field: str, op_id: OperationId = OperationId.CREATE_QUANTUM) -> int:
    """How many words `field` keeps under the operation's word limit (TXT-1, TXT-2)."""
    rules = load_spec().operation(op_id).rules_of(WordLimit)
    return next(rule.max_words for rule in rules if rule.field == field)


def defaults(op_id: OperationId) -> dict[str, object]:
    """The request defaults of a task operation, as its schema declares them (ECHO-1)."""
    schema = load_spec().operation(op_id).request_schema
    assert schema is not None
    return load_spec().defaults(schema)


def default_size(op_id: OperationId, body: dict[str, object] | None = None) -> tuple[int, int]:
    """The output size a body without a size gets: the first fixed-size rule that matches it."""
    rules = load_spec().operation(op_id).rules_of(OutputSize)
    rule = next(r for r in rules if r.size is not None and r.when.matches(body or {}))
    assert rule.size is not None
    return rule.size
