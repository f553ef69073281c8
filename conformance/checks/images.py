"""IMG-1 and IMG-2: the synchronous endpoint's format, size, ratio, freshness and determinism."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from conformance.fromspec.bodies import BodyFactory
from conformance.judge.imaging import content_type, inspect
from conformance.judge.variants import long_side_bounds, output_variants
from conformance.run.context import RunContext
from conformance.run.exchange import Exchange
from conformance.run.outcome import Variant
from contract import OperationId, OutputFormat, OutputSize, parse_ratio

RULES = ("IMG-1", "IMG-2")
OP = OperationId.CREATE_IMAGE_GENERATION
FRESH_SECONDS = 300
SEEDS = (0, 4242)


def run(ctx: RunContext) -> None:
    if not ctx.selected(OP):
        return
    op = ctx.spec.operation(OP)
    bodies = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480))
    size_rule: OutputSize = op.rules_of(OutputSize)[0]
    format_rule: OutputFormat = op.rules_of(OutputFormat)[0]
    assert size_rule.ratio_field and size_rule.long_side_field and format_rule.field
    base = bodies.minimal()
    ratios = bodies.property(size_rule.ratio_field)["enum"]
    formats = list(format_rule.media_types)
    low, high = long_side_bounds(ctx.spec, op, size_rule.long_side_field)
    sizes: list[Any] = [*size_rule.long_side_names, low, high, (low + high) // 2 + 1]
    variants = max(len(ratios), len(formats), len(sizes)) * ctx.settings.variants
    trials = [base]
    for field in bodies.url_fields:  # image-to-image: with a source, the size rules still hold
        with_source = {**base, field: ctx.sidecar.image_url(640, 480)}
        if bodies.is_valid(with_source):
            trials.append(with_source)
    for index in range(variants):
        body = {
            **base,
            size_rule.ratio_field: ratios[index % len(ratios)],
            format_rule.field: formats[index % len(formats)],
            size_rule.long_side_field: sizes[index % len(sizes)],
            "seed": 1000 + index,
        }
        if bodies.is_valid(body):
            trials.append(body)
    ctx.concurrently(partial(_generate, ctx, body, size_rule, format_rule) for body in trials)
    for seed in SEEDS:  # IMG-2 at the smallest seed that is not random, and above it
        _determinism(ctx, {**base, "seed": seed, size_rule.long_side_field: low})


def _generate(
    ctx: RunContext, body: dict[str, Any], size: OutputSize, fmt: OutputFormat
) -> bytes | None:
    op = ctx.spec.operation(OP)
    exchange = ctx.api.call(OP, op.method, op.path, json_body=body)
    answer = exchange.json()
    if exchange.status != 200 or not isinstance(answer, dict):
        ctx.ledger.failed(exchange.failure("IMG-1", "a valid generation was refused", "200"))
        return None
    created, data = answer.get("created"), answer.get("data")
    if not isinstance(created, int) or abs(created - time.time()) > FRESH_SECONDS:
        ctx.ledger.failed(
            exchange.failure("IMG-1", f"created {created!r} is not within 5 minutes of now")
        )
        return None
    if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        ctx.ledger.failed(exchange.failure("IMG-1", "data is not exactly one item"))
        return None
    fetched = ctx.api.fetch(OP, str(data[0].get("url")))
    image = inspect(fetched.content) if fetched.status == 200 else None
    problem = _image_problem(ctx, body, size, fmt, fetched, image)
    if problem:
        ctx.ledger.failed(exchange.failure("IMG-1", problem, seen=fetched.describe_file()))
        return None
    ctx.ledger.passed("IMG-1", OP, output_variants(ctx.spec, op, body))
    return fetched.content


def _image_problem(
    ctx: RunContext,
    body: dict[str, Any],
    size: OutputSize,
    fmt: OutputFormat,
    fetched: Exchange,
    image: Any,
) -> str | None:
    if image is None:
        return "the URL did not give an image"
    defaults = ctx.spec.defaults(ctx.spec.operation(OP).request_schema or "")
    pick = {**defaults, **body}
    assert size.ratio_field and size.long_side_field and fmt.field
    wanted_type = fmt.media_types[pick[fmt.field]]
    declared = content_type(fetched.response_headers.get("content-type"))
    if image.media_type != wanted_type or declared != wanted_type:
        return f"asked for {wanted_type}, got {image.media_type} labelled {declared}"
    long_side = pick[size.long_side_field]
    long_side = size.long_side_names.get(long_side, long_side)
    if max(image.width, image.height) != long_side:
        return f"long side {max(image.width, image.height)}, asked for {long_side}"
    ratio = float(parse_ratio(pick[size.ratio_field]))
    error = abs(image.width / image.height - ratio) / ratio
    if error > size.tolerance:
        return f"{image.width}x{image.height} is {error:.2%} off {pick[size.ratio_field]}"
    return None


def _determinism(ctx: RunContext, body: dict[str, Any]) -> None:
    op = ctx.spec.operation(OP)
    size, fmt = op.rules_of(OutputSize)[0], op.rules_of(OutputFormat)[0]
    ctx.ledger.expect("IMG-2", Variant("boundary", f"seed={body['seed']}"))
    first = _generate(ctx, body, size, fmt)
    second = _generate(ctx, body, size, fmt)
    if first is None or second is None:
        ctx.ledger.skipped("IMG-2", OP, "the generations themselves failed (IMG-1)")
    elif first == second:
        ctx.ledger.passed("IMG-2", OP, [Variant("boundary", f"seed={body['seed']}")])
    else:
        exchange = ctx.api.call(OP, op.method, op.path, json_body=body)
        ctx.ledger.failed(
            exchange.failure("IMG-2", "the same seed gave different bytes", "identical images")
        )
