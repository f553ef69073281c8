"""Edge values in path and query parameters: every answer is the contract's JSON error (ERR-1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from conformance.run.context import RunContext
from contract import Operation, OperationId

RULES = ("ERR-1", "SEC-1")
LONG_ID = "x" * 10_000
# Each as it goes on the wire (already percent-encoded where it must be), with what it is.
EDGE_VALUES = {
    "a newline (%0A)": "a%0Ab",
    "a carriage return (%0D)": "a%0Db",
    "a tab (%09)": "a%09b",
    "a NUL byte (%00)": "a%00b",
    "a raw slash": "a/b",
    "an encoded slash (%2F)": "a%2Fb",
    "a 10,000-character value": LONG_ID,
    "non-ASCII (café)": "caf%C3%A9",
    "a space (%20)": "%20",
    "an empty value": "",
}


def run(ctx: RunContext) -> None:
    may_rotate = ctx.target.bundled or ctx.settings.allow_rotation
    probes: list[Callable[[], None]] = []
    for op in ctx.operations():
        if op.operation_id == OperationId.ROTATE_WEBHOOK_SECRET and not may_rotate:
            continue  # probing E8 may rotate a live secret on a broken server
        probes += [partial(_expect_error, ctx, op, url, why) for url, why in _edge_urls(ctx, op)]
    ctx.progress(f"edges: {len(probes)} edge values in path and query parameters")
    ctx.concurrently(probes)


def _edge_urls(ctx: RunContext, op: Operation) -> Iterator[tuple[str, str]]:
    """Each URL with one parameter set to one edge value, and what that value is."""
    in_path = [p.name for p in op.parameters if p.location == "path"]
    fill = {name: _usual(ctx, name) for name in in_path}
    for param in op.parameters:
        for why, value in EDGE_VALUES.items():
            if param.location == "path":
                yield op.url(**{**fill, param.name: value}), f"{param.name} is {why}"
            elif param.location == "query":
                yield f"{op.url(**fill)}?{param.name}={value}", f"{param.name} is {why}"


def _usual(ctx: RunContext, name: str) -> str:
    """A harmless value for the path parameters not under test."""
    return ctx.target.org_id or "org-unknown" if name == "orgId" else "0"


def _expect_error(ctx: RunContext, op: Operation, url: str, why: str) -> None:
    """The answer must be an error with the contract's body; the client judges the body (ERR-1)."""
    exchange = ctx.api.call(op.operation_id, op.method, url)
    if exchange.status is not None and 200 <= exchange.status < 400:
        message = f"{why}: answered {exchange.status}, not an error"
        ctx.ledger.failed(exchange.failure("ERR-1", message, "4xx with the contract's error body"))
