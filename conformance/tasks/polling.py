"""Following tasks: create one, then poll every task to a terminal status (LIFE-1..4, ECHO-2)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from conformance.judge.lifecycle import (
    CREATED_EXPECTED,
    TERMINAL,
    created_problems,
    invariant_problems,
    order_problem,
    poll_change,
)
from conformance.run.context import RunContext
from conformance.run.exchange import Exchange
from conformance.run.outcome import Variant
from conformance.run.sidecar import misbehaviour
from contract import POLL_OPERATIONS, WEBHOOK_FIELD, OperationId

POLL_FIRST, POLL_MAX = 0.1, 1.0
# What a task that never got created, or never finished, leaves unchecked.
FOLLOWED_RULES = (
    "LIFE-1", "LIFE-2", "LIFE-3", "LIFE-4", "ECHO-2", "RES-1", "RES-2", "RES-3", "RES-4",
    "DIM-5", "HOOK-1", "HOOK-2", "HOOK-3",
)  # fmt: skip


@dataclass
class Flow:
    """One task the group follows from creation to its results and webhook."""

    name: str
    operation: str
    body: dict[str, Any]
    box: str | None = None
    expect_failure: bool = False
    source_size: tuple[int, int] | None = None
    created: dict[str, Any] | None = None
    statuses: list[str] = field(default_factory=list)
    last: dict[str, Any] | None = None
    last_exchange: Exchange | None = None
    done: bool = False


def create(ctx: RunContext, flow: Flow) -> None:
    op = ctx.spec.operation(flow.operation)
    body = dict(flow.body)
    if flow.box:
        fail, stall = misbehaviour(flow.box)
        body[WEBHOOK_FIELD] = ctx.sidecar.hook_url(flow.box.split("-", 1)[-1], fail, stall)
    flow.body = body
    exchange = ctx.api.call(op.operation_id, op.method, op.path, json_body=body)
    answer = exchange.json()
    if exchange.status != op.success_status or not isinstance(answer, dict) or "id" not in answer:
        for rule in FOLLOWED_RULES:
            ctx.ledger.skipped(
                rule,
                flow.operation,
                f"could not create the {flow.name} task: {exchange.describe()}",
            )
        return
    flow.created, flow.last, flow.last_exchange = answer, answer, exchange
    flow.statuses.append(str(answer.get("status")))
    problems = created_problems(answer)
    if problems:
        ctx.ledger.failed(exchange.failure("LIFE-1", "; ".join(problems), CREATED_EXPECTED))
    else:
        ctx.ledger.passed("LIFE-1", flow.operation)


def poll_all(ctx: RunContext, flows: list[Flow]) -> None:
    deadline, interval, round_ = ctx.deadline(), POLL_FIRST, 0
    ctx.progress(f"lifecycle: polling {len(flows)} tasks (budget {ctx.settings.time_budget:.0f} s)")
    while time.monotonic() < deadline and not all(flow.done for flow in flows):
        op_id = POLL_OPERATIONS[round_ % len(POLL_OPERATIONS)]
        ctx.concurrently(partial(_poll, ctx, flow, op_id) for flow in flows if not flow.done)
        round_ += 1
        time.sleep(interval)
        interval = min(POLL_MAX, interval * 1.5)
    # LIFE-2: a terminal status never changes again (each flow's polls stay in order)
    ctx.concurrently(partial(_poll_again, ctx, flow) for flow in flows if flow.done)
    for flow in flows:
        if flow.done:
            ctx.ledger.passed("LIFE-3", flow.operation)
            continue
        message = f"{flow.name} still {flow.statuses[-1]!r} after {ctx.settings.time_budget:.0f} s"
        assert flow.last_exchange is not None
        ctx.ledger.failed(flow.last_exchange.failure("LIFE-3", message, "a terminal status"))
        for rule in ("RES-1", "RES-2", "RES-3", "RES-4", "DIM-5", "HOOK-1", "HOOK-2", "LIFE-4"):
            ctx.ledger.skipped(
                rule, flow.operation, f"the {flow.name} task never finished (LIFE-3)"
            )


def _poll_again(ctx: RunContext, flow: Flow) -> None:
    for op_id in POLL_OPERATIONS:
        _poll(ctx, flow, op_id)


def _poll(ctx: RunContext, flow: Flow, op_id: OperationId) -> None:
    assert flow.created is not None
    exchange = ctx.call(op_id, {"id": str(flow.created["id"])})
    answer = exchange.json()
    if exchange.status != 200 or not isinstance(answer, dict):
        ctx.ledger.failed(exchange.failure("ECHO-2", "polling the key's own task failed", "200"))
        return
    changed = poll_change(flow.created, answer)
    if changed is not None:
        ctx.ledger.failed(exchange.failure("ECHO-2", changed[0], seen=changed[1]))
    else:
        ctx.ledger.passed("ECHO-2", op_id)
    status = str(answer.get("status"))
    problem = order_problem(flow.statuses[-1], status)
    if problem is not None:
        ctx.ledger.failed(exchange.failure("LIFE-2", problem))
    else:
        ctx.ledger.passed("LIFE-2", flow.operation, terminal_variant(status))
    _invariants(ctx, exchange, answer, flow.operation)
    flow.statuses.append(status)
    flow.last, flow.last_exchange = answer, exchange
    if status in TERMINAL:
        flow.done = True


def _invariants(
    ctx: RunContext, exchange: Exchange, answer: dict[str, Any], operation: str
) -> None:
    """LIFE-4 on every poll: results only when succeeded; duration > 0 once terminal."""
    problems = invariant_problems(answer)
    variants = terminal_variant(str(answer.get("status")))
    if problems:
        ctx.ledger.failed(exchange.failure("LIFE-4", "; ".join(problems)), variants)
    else:
        ctx.ledger.passed("LIFE-4", operation, variants)


def terminal_variant(status: str) -> list[Variant]:
    """The terminal-status variant a verdict about an Artwork with `status` exercises."""
    return [Variant("status", status)] if status in TERMINAL else []
