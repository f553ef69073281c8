"""What the echoed `parameters` must be for a valid request, derived from the spec's x-rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract import AreaLimit, EmptyDefault, Operation, OutputSize, Spec, WordLimit, parse_ratio

Finding = tuple[str, str | None]  # (rule ID, problem or None when it held)
ALWAYS_ECHOED = {"width", "height"}


def same_value(expected: Any, seen: Any) -> bool:
    """JSON equality where 715.0 equals 715 but true never equals 1."""
    if isinstance(expected, bool) or isinstance(seen, bool):
        return type(expected) is type(seen) and expected == seen
    if isinstance(expected, list) and isinstance(seen, list):
        return len(expected) == len(seen) and all(map(same_value, expected, seen))
    return bool(expected == seen)


def size_findings(
    spec: Spec,
    op: Operation,
    body: Mapping[str, Any],
    width: Any,
    height: Any,
    source_size: tuple[int, int] | None = None,
) -> list[Finding]:
    """DIM-4/DIM-5/RES-4: whether an output size is what the matching output-size rule says."""
    rule = op.first_matching(OutputSize, body)
    if rule is None:
        return []
    if not isinstance(width, int) or not isinstance(height, int) or width <= 0 or height <= 0:
        return [(rule.id, f"the output size {width!r} x {height!r} is not two positive integers")]
    if rule.size is not None:
        ok = (width, height) == rule.size
        return [
            (rule.id, None if ok else f"expected the default {rule.size}, got {width}x{height}")
        ]
    if rule.from_fields is not None:
        wanted = tuple(body[name] for name in rule.from_fields)
        ok = (width, height) == wanted
        return [(rule.id, None if ok else f"asked for {wanted}, got {width}x{height}")]
    if rule.from_source is not None:
        if source_size is None:
            return []
        ok = (width, height) == source_size
        return [(rule.id, None if ok else f"the source is {source_size}, got {width}x{height}")]
    if rule.ratio_for(body) is not None:
        return [(rule.id, _ratio_problem(spec, op, body, rule, width, height))]
    return []


def _ratio_problem(
    spec: Spec, op: Operation, body: Mapping[str, Any], rule: OutputSize, width: int, height: int
) -> str | None:
    wanted = rule.ratio_for(body)
    assert wanted is not None
    ratio = float(parse_ratio(wanted))
    error = abs(width / height - ratio) / ratio
    if error > rule.tolerance:
        return f"{width}x{height} is {error:.2%} off {wanted} (tolerance {rule.tolerance:.0%})"
    limit = op.first_matching(AreaLimit, body)
    output = {**body, limit.fields[0]: width, limit.fields[1]: height} if limit else body
    if limit is not None and limit.exceeded_by(output):
        return f"{width}x{height} is over the area limit {limit.max}"
    outranked = op.outranked_area(rule, body)
    if outranked is not None and width * height <= outranked:
        return f"{width}x{height} is no larger than the {outranked}-pixel size this rule outranks"
    for field, value in (("width", width), ("height", height)):
        assert op.request_schema is not None
        low, high = spec.bounds(op.request_schema, field)
        if not low <= value <= high:
            return f"{field} {value} is outside {low}-{high}"
    return None


def echo_findings(
    spec: Spec,
    op: Operation,
    body: Mapping[str, Any],
    params: Any,
    source_size: tuple[int, int] | None = None,
) -> list[Finding]:
    """Every rule an echo of a valid `body` can be checked against, each with its verdict."""
    if not isinstance(params, dict):
        return [("ECHO-1", "the answer has no `parameters` object")]
    assert op.request_schema is not None
    properties = spec.component(op.request_schema).get("properties", {})
    defaults = spec.defaults(op.request_schema)
    findings: list[Finding] = []
    handled: set[str] = set(ALWAYS_ECHOED)

    for rule in op.rules_of(WordLimit):
        handled.add(rule.field)
        findings += _word_limit(rule, body, params, defaults)
    for empty in op.rules_of(EmptyDefault):
        handled.add(empty.field)
        if empty.is_empty(body.get(empty.field)):
            echoed = params.get(empty.field)
            ok = not empty.is_empty(echoed)
            findings.append((empty.id, None if ok else f"an empty prompt was echoed as {echoed!r}"))

    size_rule = op.first_matching(OutputSize, body)
    findings += size_findings(
        spec, op, body, params.get("width"), params.get("height"), source_size
    )
    if size_rule is not None and size_rule.from_source:
        handled.add(size_rule.from_source)

    for name in properties:
        if name in handled:
            continue
        findings += _field_echo(name, body, params, defaults, properties)

    for name in spec.echo_required(op):
        if name not in params:
            findings.append(("ECHO-1", f"the echo lacks {name}, which it always carries"))
    for name in body:
        if name not in properties and name in params:
            findings.append(("VAL-3", f"the unknown field {name!r} was echoed"))
        elif name not in properties:
            findings.append(("VAL-3", None))
    return findings


def _word_limit(
    rule: WordLimit, body: Mapping[str, Any], params: Mapping[str, Any], defaults: Mapping[str, Any]
) -> list[Finding]:
    if rule.field not in body:
        if rule.field in defaults:
            ok = same_value(defaults[rule.field], params.get(rule.field))
            return [("ECHO-1", None if ok else f"{rule.field} default not echoed")]
        return []
    sent, echoed = body[rule.field], params.get(rule.field)
    if EmptyDefault.is_empty(sent):
        return []  # an empty prompt is the empty-default rule's business
    if not rule.when.matches(body):
        ok = isinstance(echoed, str) and len(echoed.split()) <= rule.max_words
        return [(rule.id, None if ok else f"{rule.field} has more than {rule.max_words} words")]
    expected = rule.truncate(sent)
    if echoed == expected:
        return [(rule.id, None)]
    words = len(str(sent).split())
    return [
        (
            rule.id,
            f"{rule.field} of {words} words (limit {rule.max_words}) was echoed as "
            f"{len(str(echoed).split())} words: {str(echoed)[:80]!r}",
        )
    ]


def _field_echo(
    name: str,
    body: Mapping[str, Any],
    params: Mapping[str, Any],
    defaults: Mapping[str, Any],
    properties: Mapping[str, Any],
) -> list[Finding]:
    if name in body:
        sent = body[name]
        if name not in params and isinstance(sent, str) and f"{name}s" in properties:
            return []  # a single URL normalised into its plural list (E2 imageUrl -> imageUrls)
        ok = same_value(sent, params.get(name))
        return [
            ("ECHO-1", None if ok else f"{name} sent as {sent!r}, echoed as {params.get(name)!r}")
        ]
    if name.endswith("s") and name[:-1] in body:
        ok = same_value([body[name[:-1]]], params.get(name))
        return [("ECHO-1", None if ok else f"{name} should be [{body[name[:-1]]!r}]")]
    if name in defaults:
        ok = same_value(defaults[name], params.get(name))
        return [
            (
                "ECHO-1",
                None if ok else f"{name} default {defaults[name]!r} echoed as {params.get(name)!r}",
            )
        ]
    if name in params:
        return [
            (
                "ECHO-1",
                f"{name} was not sent and has no default, but was echoed as {params[name]!r}",
            )
        ]
    return []
