"""ERR-2 (malformed bodies), ERR-3 (rate limits) and GET-1 (unknown and malformed ids)."""

from __future__ import annotations

import json
import math
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from conformance.fromspec.bodies import BodyFactory
from conformance.judge.answers import retry_after_problem
from conformance.judge.variants import operation
from conformance.run.context import RunContext
from conformance.run.outcome import Variant
from conformance.run.throttle import RATE_LIMITED
from contract import POLL_OPERATIONS, Operation, OperationId

RULES = ("ERR-1", "SEC-1", "ERR-2", "ERR-3", "GET-1")
ONE_MIB = 1 << 20
JSON = "application/json"
PADDING = "conformancePadding"
ONE_BURST = "the rate limit is the key's, not the operation's: the probe bursts E7 only"
LONGEST_WAIT = 60.0


def run(ctx: RunContext) -> None:
    probes: list[Callable[[], None]] = []
    for op in ctx.operations():
        if op.has_body:
            probes += _malformed_bodies(ctx, op)
    unknown = str(uuid.uuid4())
    mixed = "".join(c.upper() if i % 2 else c for i, c in enumerate(str(uuid.uuid4())))
    ids = {
        "an unknown UUID": (unknown, 404),
        "an unknown UUID in upper case": (str(uuid.uuid4()).upper(), 404),
        "an unknown UUID in mixed case": (mixed, 404),
        "an id that is not a UUID": ("not-a-uuid", 400),
        "a number": ("12345", 400),
    }
    for why in ids:
        ctx.ledger.expect("GET-1", Variant("form", why))
    for op_id in POLL_OPERATIONS:
        if not ctx.selected(op_id):
            continue
        for why, (task_id, expected) in ids.items():
            probes.append(partial(_get_one, ctx, op_id, task_id, expected, why))
    ctx.concurrently(probes)
    _rate_limit(ctx)


def _get_one(ctx: RunContext, op_id: OperationId, task_id: str, expected: int, why: str) -> None:
    """GET-1: an unknown UUID (in any letter case) is 404, an id that is not a UUID is 400."""
    exchange = ctx.call(op_id, {"id": task_id})
    variants = [Variant("form", why)]
    if exchange.status == expected:
        ctx.ledger.passed("GET-1", op_id, variants)
    else:
        failure = exchange.failure("GET-1", f"{why}: id {task_id!r}", str(expected))
        ctx.ledger.failed(failure, variants)


def _malformed_bodies(ctx: RunContext, op: Operation) -> list[Callable[[], None]]:
    valid = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480)).minimal()
    text = json.dumps(valid).encode()
    json_header, success = {"Content-Type": JSON}, op.success_status
    json_forms = [f"{JSON}; charset=utf-8", "Application/JSON"]  # still JSON: must be accepted
    cases = [
        *(
            (f"{form} accepted", text, {"Content-Type": form}, op.success_status)
            for form in json_forms
        ),
        ("a body that is not JSON", b'{"prompt": ', {"Content-Type": "application/json"}, 400),
        ("a text/plain body", text, {"Content-Type": "text/plain"}, 415),
        ("a form body", b"prompt=cat", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ("a body of exactly 1 MiB accepted", _padded(valid, ONE_MIB), json_header, success),
        (
            "a body over 1 MiB",
            _padded(valid, ONE_MIB + 1),
            {"Content-Type": "application/json"},
            413,
        ),
    ]

    def probe(why: str, content: bytes, headers: dict[str, str], expected: int) -> None:
        exchange = ctx.api.call(
            op.operation_id, op.method, op.path, content=content, headers=headers
        )
        variants = [Variant("form", why)]
        if exchange.status == expected:
            ctx.ledger.passed("ERR-2", op.operation_id, variants)
        else:
            ctx.ledger.failed(exchange.failure("ERR-2", why, str(expected)), variants)

    for case in cases:
        ctx.ledger.expect("ERR-2", Variant("form", case[0]))
    return [partial(probe, *case) for case in cases]


def _padded(body: dict[str, Any], size: int) -> bytes:
    """`body` as JSON with an unknown field (VAL-3: ignored) making it exactly `size` bytes."""
    bare = json.dumps({**body, PADDING: ""}).encode()
    return json.dumps({**body, PADDING: "a" * (size - len(bare))}).encode()


def _rate_limit(ctx: RunContext) -> None:
    """ERR-3: burst until 429, check Retry-After, wait it out, and the same request succeeds."""
    op_id = OperationId.LIST_ARTWORKS
    if not ctx.selected(op_id):
        return
    if ctx.target.rate_limited_key is None and not ctx.target.bundled:
        reason = (
            "needs --rate-limited-key: bursting the main key would throttle the rest of the run"
        )
        ctx.ledger.skipped("ERR-3", op_id, reason)
        return
    for op in ctx.spec.operations:  # the limit is the key's: bursting one operation tells
        if op.operation_id != op_id and "ERR-3" in op.enforced_by():
            ctx.ledger.expect("ERR-3", operation(op.operation_id), ONE_BURST)
    key = ctx.target.rate_limited_key or ctx.target.api_key
    params = {"limit": 1}
    for _ in range(ctx.settings.rate_limit_probe):
        exchange = ctx.call(op_id, key=key, params=params, paced=False, retry_on_429=False)
        if exchange.status == RATE_LIMITED:
            break
    else:
        reason = f"no 429 within {ctx.settings.rate_limit_probe} quick requests"
        ctx.ledger.skipped("ERR-3", op_id, reason)
        return
    header = exchange.response_headers.get("retry-after")
    problem = retry_after_problem(header)
    if problem is not None or header is None:
        ctx.ledger.failed(exchange.failure("ERR-3", str(problem), "whole seconds"))
        return
    wait = int(header)
    if wait > LONGEST_WAIT:
        ctx.ledger.skipped("ERR-3", op_id, f"Retry-After {wait} s is longer than the kit waits")
        return
    time.sleep(math.ceil(wait) + 0.05)
    again = ctx.call(op_id, key=key, params=params, retry_on_429=False)
    if again.status == 200:
        ctx.ledger.passed("ERR-3", op_id)
    else:
        ctx.ledger.failed(again.failure("ERR-3", f"still refused after waiting {wait} s", "200"))
