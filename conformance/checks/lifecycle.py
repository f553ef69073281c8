"""The lifecycle group: the task flows it follows, and what their results must be (RES, DIM-5)."""

from __future__ import annotations

from functools import partial
from typing import Any

from conformance.fromspec.bodies import SOURCE_SIZE, BodyFactory
from conformance.fromspec.expect import size_findings
from conformance.judge.results import Verdict, count_verdicts, image_verdicts
from conformance.judge.variants import branches_hit, counts_hit, source_fields
from conformance.run.context import RunContext
from conformance.run.exchange import Exchange
from conformance.run.outcome import Variant
from conformance.tasks import webhooks
from conformance.tasks.polling import FOLLOWED_RULES, Flow, create, poll_all
from contract import OperationId, ResultCount

RULES = FOLLOWED_RULES


def run(ctx: RunContext) -> None:
    secret = webhooks.rotate(ctx, "before the flows")
    flows = _flows(ctx)
    ctx.concurrently(partial(create, ctx, flow) for flow in flows)
    followed = [flow for flow in flows if flow.created]
    poll_all(ctx, followed)
    ctx.concurrently(partial(_results, ctx, flow) for flow in followed if flow.done)
    webhooks.check_deliveries(ctx, flows, secret)
    if secret is not None:
        if all(flow.done for flow in followed):
            webhooks.check_rotation(ctx, secret)
        else:  # another task would only wait out another budget
            reason = "tasks did not finish (LIFE-3): no flow after the rotation was started"
            ctx.ledger.skipped("HOOK-3", OperationId.CREATE_QUANTUM, reason)


def _flows(ctx: RunContext) -> list[Flow]:
    sidecar, flows = ctx.sidecar, []

    def body(op_id: str) -> dict[str, Any]:
        return BodyFactory(
            ctx.spec, ctx.spec.operation(op_id), sidecar.image_url(*SOURCE_SIZE)
        ).minimal()

    if ctx.selected(OperationId.CREATE_QUANTUM):
        flows.append(
            Flow(
                "quantum", OperationId.CREATE_QUANTUM, body(OperationId.CREATE_QUANTUM), "fail2-q1"
            )
        )
        flows.append(
            Flow("quantum-no-webhook", OperationId.CREATE_QUANTUM, body(OperationId.CREATE_QUANTUM))
        )
        if ctx.settings.variants > 1:  # costs the delivery timeout: thorough profile only
            stalled = body(OperationId.CREATE_QUANTUM)
            flows.append(
                Flow("quantum-slow-receiver", OperationId.CREATE_QUANTUM, stalled, "stall1-q3")
            )
        transparent = {
            **body(OperationId.CREATE_QUANTUM),
            "transparentBackground": True,
            "aspectRatio": "16:9",
        }
        flows.append(Flow("quantum-transparent", OperationId.CREATE_QUANTUM, transparent, "q2"))
    if ctx.selected(OperationId.CREATE_PHOTO_PILOT):
        base = {
            k: v
            for k, v in body(OperationId.CREATE_PHOTO_PILOT).items()
            if k not in ("imageUrl", "imageUrls")
        }
        high = {
            **base,
            "imageGuidance": 3,
            "imageUrls": [sidecar.image_url(*SOURCE_SIZE)],
            "width": 1024,
            "height": 1024,
        }
        flows.append(
            Flow(
                "photo-pilot-source-size",
                OperationId.CREATE_PHOTO_PILOT,
                high,
                "fail2-p1",
                source_size=SOURCE_SIZE,
            )
        )
        ratio = {
            **base,
            "imageGuidance": 2,
            "imageUrl": sidecar.image_url(*SOURCE_SIZE, "jpg"),
            "aspectRatio": "16:9",
        }
        flows.append(
            Flow(
                "photo-pilot-ratio-ignored",
                OperationId.CREATE_PHOTO_PILOT,
                ratio,
                "p3",
                source_size=SOURCE_SIZE,
            )
        )
        _, listed, _, most = source_fields(
            ctx.spec, ctx.spec.operation(OperationId.CREATE_PHOTO_PILOT)
        )
        for count in range(2, most + 1) if listed is not None else ():
            # RES-1 and RES-4 with several sources: one result, of the first one's size
            sizes = [(640 + 80 * n, 480 + 60 * n) for n in range(count)][::-1]
            urls = [sidecar.image_url(*size) for size in sizes]
            assert listed is not None
            several: dict[str, Any] = {**base, "imageGuidance": 2 + count % 2, listed: urls}
            name = f"photo-pilot-{count}-sources"
            flows.append(Flow(name, OperationId.CREATE_PHOTO_PILOT, several, source_size=sizes[0]))
        high_default = {
            **base,
            "imageGuidance": 1,
            "highResolution": True,
            "imageUrl": sidecar.image_url(*SOURCE_SIZE),
        }
        flows.append(
            Flow("photo-pilot-high-resolution", OperationId.CREATE_PHOTO_PILOT, high_default)
        )
        broken = {**base, "imageGuidance": 2, "imageUrl": sidecar.broken_image_url()}
        flows.append(
            Flow(
                "photo-pilot-broken-source",
                OperationId.CREATE_PHOTO_PILOT,
                broken,
                "p2",
                expect_failure=True,
            )
        )
    if ctx.selected(OperationId.CREATE_SELENA_VARIETE):
        selena = body(OperationId.CREATE_SELENA_VARIETE)
        flows.append(Flow("selena-variete", OperationId.CREATE_SELENA_VARIETE, selena, "s1"))
        op = ctx.spec.operation(OperationId.CREATE_SELENA_VARIETE)
        for rule in op.rules_of(ResultCount):
            if rule.field is None or op.request_schema is None:
                continue
            lowest, highest = ctx.spec.bounds(op.request_schema, rule.field)
            for count in range(lowest, highest + 1):  # each count, and the default above
                box = "fail2-s2" if count == lowest else None  # HOOK-2 on this operation too
                counted = {**selena, rule.field: count}
                name = f"selena-variete-{rule.field}-{count}"
                flows.append(Flow(name, OperationId.CREATE_SELENA_VARIETE, counted, box))
    return flows


def _results(ctx: RunContext, flow: Flow) -> None:
    assert flow.last is not None and flow.last_exchange is not None
    op = ctx.spec.operation(flow.operation)
    params = flow.last.get("parameters")
    status = flow.last.get("status")
    results = flow.last.get("results")
    if not isinstance(params, dict) or not isinstance(results, list):
        ctx.ledger.failed(
            flow.last_exchange.failure(
                "ECHO-1", "the artwork lacks a parameters object or results list"
            )
        )
        return
    if flow.expect_failure:
        if status != "failed":
            ctx.ledger.skipped(
                "LIFE-4", flow.operation, f"an unfetchable source ended {status!r}, not failed"
            )
        return
    if status != "succeeded":
        for rule_id in ("RES-1", "RES-2", "RES-3", "RES-4", "DIM-5"):
            ctx.ledger.skipped(rule_id, flow.operation, f"the {flow.name} task ended {status!r}")
        return
    counts = counts_hit(ctx.spec, op, flow.body)
    for verdict in count_verdicts(op, params, results):
        _record(ctx, flow.operation, flow.last_exchange, verdict, counts)
    for rule_id, problem in size_findings(
        ctx.spec, op, flow.body, params.get("width"), params.get("height"), flow.source_size
    ):
        branches = branches_hit(op, rule_id, flow.body)
        if problem is None:
            ctx.ledger.passed(rule_id, flow.operation, branches)
        else:
            seen = f"parameters: {params}"
            ctx.ledger.failed(flow.last_exchange.failure(rule_id, problem, seen=seen), branches)
    for url in results:
        fetched = ctx.api.fetch(flow.operation, str(url))
        if fetched.status != 200:
            what = f"result {url}: no image"
            ctx.ledger.failed(
                fetched.failure("RES-2", what, "matching type", fetched.describe_file())
            )
            continue
        declared = fetched.response_headers.get("content-type")
        for verdict in image_verdicts(op, flow.body, params, str(url), declared, fetched.content):
            branches = branches_hit(op, verdict.rule, flow.body)
            _record(ctx, flow.operation, fetched, verdict, branches)


def _record(
    ctx: RunContext,
    operation: str,
    exchange: Exchange,
    verdict: Verdict,
    variants: list[Variant],
) -> None:
    if verdict.problem is None:
        ctx.ledger.passed(verdict.rule, operation, variants)
        return
    seen = verdict.seen or (exchange.describe_file() if verdict.rule == "RES-2" else "")
    failure = exchange.failure(verdict.rule, verdict.problem, verdict.expected, seen)
    ctx.ledger.failed(failure, variants)
