"""IMG-1 and IMG-2: the synchronous endpoint's format, size, ratio, freshness and determinism."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from conformance.fromspec.bodies import BodyFactory
from conformance.judge.results import generation_answer_problem, generation_image_problem
from conformance.judge.variants import long_side_bounds, output_variants
from conformance.run.context import RunContext
from conformance.run.outcome import Variant
from contract import OperationId, OutputFormat, OutputSize

RULES = ("IMG-1", "IMG-2")
OP = OperationId.CREATE_IMAGE_GENERATION
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
    problem = generation_answer_problem(answer, time.time())
    if problem:
        ctx.ledger.failed(exchange.failure("IMG-1", problem))
        return None
    url = str(answer["data"][0].get("url"))
    fetched = ctx.api.fetch(OP, url)
    problem = "the URL did not give an image"
    if fetched.status == 200:
        declared = fetched.response_headers.get("content-type")
        problem = generation_image_problem(ctx.spec, op, body, declared, fetched.content)
    if problem:
        ctx.ledger.failed(exchange.failure("IMG-1", problem, seen=fetched.describe_file()))
        return None
    ctx.ledger.passed("IMG-1", OP, output_variants(ctx.spec, op, body))
    return fetched.content


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
