"""Webhook deliveries (HOOK-1, HOOK-2) and their signatures across a secret rotation (HOOK-3)."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from conformance.fromspec.bodies import BodyFactory
from conformance.judge.signatures import signature_problem
from conformance.run.context import RUN, RunContext
from conformance.run.sidecar import misbehaviour
from conformance.tasks.polling import Flow, create, poll_all
from contract import OperationId

GRACE_SECONDS = 0.5  # after the first delivery, how long a duplicate gets to show up
HEX64 = re.compile(r"[0-9a-f]{64}")


def _final_answer(ctx: RunContext, flow: Flow) -> Any:
    assert flow.created is not None
    return ctx.call(OperationId.GET_ARTWORK_V2, {"id": str(flow.created["id"])}).json()


def _box(flow: Flow) -> str:
    assert flow.box is not None
    return flow.box.split("-", 1)[-1]


def check_deliveries(ctx: RunContext, flows: list[Flow], secret: str | None) -> None:
    """Wait for every flow's deliveries at once, within one shared budget, then judge each."""
    delivery = ctx.spec.delivery()
    awaited = [flow for flow in flows if flow.created and flow.done and flow.box]
    if not awaited:
        return
    wanted = {_box(flow): sum(misbehaviour(flow.box or "")) + 1 for flow in awaited}
    stalls = max(misbehaviour(flow.box or "")[1] for flow in awaited)
    budget = ctx.settings.time_budget + stalls * ctx.sidecar.stall_seconds
    ctx.progress(f"lifecycle: waiting for {len(awaited)} webhooks (budget {budget:.0f} s)")
    ctx.sidecar.wait_for_all(wanted, time.monotonic() + budget)
    time.sleep(GRACE_SECONDS)  # a duplicate delivery would arrive about now
    ctx.delivers_webhooks = any(ctx.sidecar.deliveries(box) for box in wanted)
    for flow in awaited:
        _judge(ctx, flow, secret, delivery.min_attempts, budget)


def _judge(
    ctx: RunContext, flow: Flow, secret: str | None, min_attempts: int, budget: float
) -> None:
    """HOOK-1 (and HOOK-2, HOOK-3 where the flow asks for them) on what one flow's box got."""
    assert flow.last_exchange is not None and flow.box is not None
    got = ctx.sidecar.deliveries(_box(flow))
    failing = sum(misbehaviour(flow.box))
    final = _final_answer(ctx, flow)
    if not got:
        message = f"no webhook for {flow.name} in {budget:.0f} s"
        ctx.ledger.failed(flow.last_exchange.failure("HOOK-1", message))
        return
    ids = {d.headers.get("webhook-id") for d in got}
    answered = [d for d in got if d.answered < 300 and not _stalled(flow, d, got)]
    bodies_ok = isinstance(final, dict) and all(_json(d.body) == final for d in got)
    if len(ids) == 1 and len(answered) <= 1 and bodies_ok:
        ctx.ledger.passed("HOOK-1", flow.operation)
    else:
        seen = f"{len(ids)} ids, {len(answered)} answered 2xx, bodies equal to E5: {bodies_ok}"
        expected = "one delivery, its body equal to E5"
        ctx.ledger.failed(flow.last_exchange.failure("HOOK-1", "the webhook", expected, seen))
    if failing:
        _retries(ctx, flow, got, ids, min_attempts)
    if secret is not None:
        for attempt in got:
            _signature(ctx, flow, attempt.headers, attempt.body, secret, "HOOK-3")


def _stalled(flow: Flow, delivery: Any, got: list[Any]) -> bool:
    """Whether the sink held this attempt past the sender's timeout (so it counts as failed)."""
    assert flow.box is not None
    return got.index(delivery) < misbehaviour(flow.box)[1]


def _retries(ctx: RunContext, flow: Flow, got: list[Any], ids: set[Any], min_attempts: int) -> None:
    """HOOK-2: a failed delivery is retried, at least `min_attempts` in all, with one webhook-id."""
    assert flow.last_exchange is not None
    stalled = misbehaviour(flow.box or "")[1]
    needed = min_attempts if not stalled else stalled + 1
    enough = len(got) >= needed and got[-1].answered < 300
    if enough and len(ids) == 1:
        ctx.ledger.passed("HOOK-2", flow.operation)
        return
    if len(got) >= 2 and len(ids) == 1:
        reason = f"retried, but only {len(got)} attempts within the budget: raise --time-budget"
        ctx.ledger.skipped("HOOK-2", flow.operation, reason)
        return
    seen = f"{len(got)} attempts, {len(ids)} ids, last answered {got[-1].answered}"
    expected = f">= {needed} attempts, one webhook-id"
    ctx.ledger.failed(flow.last_exchange.failure("HOOK-2", "retries", expected, seen))


def _signature(
    ctx: RunContext, flow: Flow, headers: dict[str, str], body: bytes, secret: str, rule: str
) -> bool:
    assert flow.last_exchange is not None
    problem = signature_problem(secret, headers, body)
    if problem is not None:
        ctx.ledger.failed(
            flow.last_exchange.failure(rule, f"the {flow.name} webhook signature: {problem}")
        )
        return False
    ctx.ledger.passed(rule, flow.operation)
    return True


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def rotate(ctx: RunContext, why: str) -> str | None:
    """Create or rotate the organisation's webhook secret, when this run may (HOOK-3)."""
    op_id = OperationId.ROTATE_WEBHOOK_SECRET
    if not ctx.selected(op_id):
        return None
    if not (ctx.target.manager_key and ctx.target.org_id):
        ctx.ledger.skipped("HOOK-3", RUN, "signatures need --manager-key and --org-id")
        return None
    if not ctx.target.bundled and not ctx.settings.allow_rotation:
        ctx.ledger.skipped("HOOK-3", RUN, "rotating a secret is destructive: pass --allow-rotation")
        return None
    exchange = ctx.call(op_id, {"orgId": ctx.target.org_id}, key=ctx.target.manager_key)
    answer = exchange.json()
    secret = answer.get("secret") if isinstance(answer, dict) else None
    if isinstance(secret, str):
        ctx.ledger.secrets.add(secret)  # never in a report, whatever else happens
    if exchange.status != 200 or not isinstance(secret, str) or not HEX64.fullmatch(secret):
        seen = f"{exchange.status}, secret {'present' if secret else 'absent'}"
        ctx.ledger.failed(
            exchange.failure("HOOK-3", f"rotating {why}", "200 {secret: 64 hex}", seen)
        )
        return None
    ctx.ledger.passed("HOOK-3", op_id)
    return secret


def check_rotation(ctx: RunContext, old: str) -> None:
    """After a rotation, new deliveries are signed with the new secret, not the old one."""
    new = rotate(ctx, "a second time")
    if new is None or not ctx.selected(OperationId.CREATE_QUANTUM):
        return
    op = ctx.spec.operation(OperationId.CREATE_QUANTUM)
    flow = Flow("after-rotation", op.operation_id, BodyFactory(ctx.spec, op, "").minimal(), "r1")
    if ctx.delivers_webhooks is False:  # waiting a budget out again would prove nothing new
        reason = "the target delivered no webhook at all (HOOK-1): none to verify after a rotation"
        ctx.ledger.skipped("HOOK-3", op.operation_id, reason)
        return
    create(ctx, flow)
    if not flow.created:
        return
    poll_all(ctx, [flow])
    got = ctx.sidecar.wait_for("r1", 1, ctx.settings.time_budget)
    if not got:
        ctx.ledger.skipped("HOOK-3", op.operation_id, "no webhook arrived after the rotation")
        return
    delivered = got[-1]
    _signature(ctx, flow, delivered.headers, delivered.body, new, "HOOK-3")
    if signature_problem(old, delivered.headers, delivered.body) is not None:
        ctx.ledger.passed("HOOK-3", op.operation_id)
    else:
        assert flow.last_exchange is not None
        ctx.ledger.failed(
            flow.last_exchange.failure(
                "HOOK-3", "a delivery after the rotation verifies with the old secret"
            )
        )
