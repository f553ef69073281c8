"""Task flows: create, poll to a terminal status, fetch results, and receive the webhooks."""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from conformance.api import Exchange
from conformance.bodies import SOURCE_SIZE, BodyFactory
from conformance.context import RUN, RunContext
from conformance.expect import size_findings
from conformance.imaging import content_type, inspect
from conformance.sidecar import MISBEHAVIOUR
from contract import OutputFormat, ResultCount

RULES = (
    "LIFE-1", "LIFE-2", "LIFE-3", "LIFE-4", "ECHO-2", "RES-1", "RES-2", "RES-3", "RES-4",
    "DIM-5", "HOOK-1", "HOOK-2", "HOOK-3",
)  # fmt: skip
TERMINAL = ("succeeded", "failed", "canceled")
ORDER = {"starting": 0, "processing": 1, "succeeded": 2, "failed": 2, "canceled": 2}
POLL_FIRST, POLL_MAX = 0.1, 1.0
GRACE_SECONDS = 0.5  # after the first delivery, how long a duplicate gets to show up
HEX64 = re.compile(r"[0-9a-f]{64}")


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


def run(ctx: RunContext) -> None:
    secret = _rotate(ctx, "before the flows")
    flows = _flows(ctx)
    for flow in flows:
        _create(ctx, flow)
    _poll_all(ctx, [flow for flow in flows if flow.created])
    for flow in flows:
        if flow.created and flow.done:
            _results(ctx, flow)
    _webhooks(ctx, flows, secret)
    if secret is not None:
        _rotation(ctx, secret)


def _flows(ctx: RunContext) -> list[Flow]:
    sidecar, flows = ctx.sidecar, []

    def body(op_id: str) -> dict[str, Any]:
        return BodyFactory(
            ctx.spec, ctx.spec.operation(op_id), sidecar.image_url(*SOURCE_SIZE)
        ).minimal()

    if ctx.selected("createQuantumArtwork"):
        flows.append(Flow("quantum", "createQuantumArtwork", body("createQuantumArtwork"), "q1"))
        flows.append(
            Flow("quantum-no-webhook", "createQuantumArtwork", body("createQuantumArtwork"))
        )
        if ctx.settings.variants > 1:  # costs the delivery timeout: thorough profile only
            stalled = body("createQuantumArtwork")
            flows.append(
                Flow("quantum-slow-receiver", "createQuantumArtwork", stalled, "stall1-q3")
            )
        transparent = {
            **body("createQuantumArtwork"),
            "transparentBackground": True,
            "aspectRatio": "16:9",
        }
        flows.append(Flow("quantum-transparent", "createQuantumArtwork", transparent, "q2"))
    if ctx.selected("createPhotoPilotArtwork"):
        base = {
            k: v
            for k, v in body("createPhotoPilotArtwork").items()
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
                "createPhotoPilotArtwork",
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
                "createPhotoPilotArtwork",
                ratio,
                "p3",
                source_size=SOURCE_SIZE,
            )
        )
        broken = {**base, "imageGuidance": 2, "imageUrl": sidecar.broken_image_url()}
        flows.append(
            Flow(
                "photo-pilot-broken-source",
                "createPhotoPilotArtwork",
                broken,
                "p2",
                expect_failure=True,
            )
        )
    if ctx.selected("createSelenaVarieteArtwork"):
        flows.append(
            Flow(
                "selena-variete",
                "createSelenaVarieteArtwork",
                body("createSelenaVarieteArtwork"),
                "s1",
            )
        )
    return flows


def _create(ctx: RunContext, flow: Flow) -> None:
    op = ctx.spec.operation(flow.operation)
    body = dict(flow.body)
    if flow.box:
        fail, stall = _misbehaviour(flow.box)
        body["webhook"] = ctx.sidecar.hook_url(flow.box.split("-", 1)[-1], fail, stall)
    flow.body = body
    exchange = ctx.api.call(op.operation_id, op.method, op.path, json_body=body)
    answer = exchange.json()
    if exchange.status != op.success_status or not isinstance(answer, dict) or "id" not in answer:
        for rule in RULES:
            ctx.ledger.skipped(
                rule,
                flow.operation,
                f"could not create the {flow.name} task: {exchange.describe()}",
            )
        return
    flow.created, flow.last, flow.last_exchange = answer, answer, exchange
    flow.statuses.append(str(answer.get("status")))
    problems = []
    if answer.get("status") != "starting":
        problems.append(f"status is {answer.get('status')!r}")
    if answer.get("results") != []:
        problems.append(f"results is {answer.get('results')!r}")
    if answer.get("duration") != 0:
        problems.append(f"duration is {answer.get('duration')!r}")
    if problems:
        ctx.ledger.failed(exchange.failure("LIFE-1", "; ".join(problems), "starting, [], 0"))
    else:
        ctx.ledger.passed("LIFE-1", flow.operation)


def _poll_all(ctx: RunContext, flows: list[Flow]) -> None:
    deadline, interval, round_ = ctx.deadline(), POLL_FIRST, 0
    ctx.progress(f"lifecycle: polling {len(flows)} tasks (budget {ctx.settings.time_budget:.0f} s)")
    while time.monotonic() < deadline and not all(flow.done for flow in flows):
        for flow in flows:
            if not flow.done:
                _poll(ctx, flow, "/v2/artworks/" if round_ % 2 == 0 else "/v1/artworks/")
        round_ += 1
        time.sleep(interval)
        interval = min(POLL_MAX, interval * 1.5)
    for flow in flows:
        if flow.done:
            ctx.ledger.passed("LIFE-3", flow.operation)
            for prefix in ("/v2/artworks/", "/v1/artworks/"):
                _poll(ctx, flow, prefix)  # LIFE-2: a terminal status never changes again
            continue
        message = f"{flow.name} still {flow.statuses[-1]!r} after {ctx.settings.time_budget:.0f} s"
        assert flow.last_exchange is not None
        ctx.ledger.failed(flow.last_exchange.failure("LIFE-3", message, "a terminal status"))
        for rule in ("RES-1", "RES-2", "RES-3", "RES-4", "DIM-5", "HOOK-1", "HOOK-2", "LIFE-4"):
            ctx.ledger.skipped(
                rule, flow.operation, f"the {flow.name} task never finished (LIFE-3)"
            )


def _poll(ctx: RunContext, flow: Flow, prefix: str) -> None:
    assert flow.created is not None
    op_id = "getArtworkV2" if prefix.startswith("/v2") else "getArtworkV1"
    exchange = ctx.api.call(op_id, "GET", prefix + str(flow.created["id"]))
    answer = exchange.json()
    if exchange.status != 200 or not isinstance(answer, dict):
        ctx.ledger.failed(exchange.failure("ECHO-2", "polling the key's own task failed", "200"))
        return
    for name in ("id", "artworkType", "parameters", "createdAt"):
        if answer.get(name) != flow.created.get(name):
            seen = f"{name}: {answer.get(name)!r} (the 202 said {flow.created.get(name)!r})"
            ctx.ledger.failed(exchange.failure("ECHO-2", f"the poll changed {name}", seen=seen))
            break
    else:
        ctx.ledger.passed("ECHO-2", op_id)
    status, previous = str(answer.get("status")), flow.statuses[-1]
    if ORDER.get(status, -1) < ORDER.get(previous, -1) or (
        previous in TERMINAL and status != previous
    ):
        ctx.ledger.failed(exchange.failure("LIFE-2", f"status went {previous!r} -> {status!r}"))
    elif status not in ORDER:
        ctx.ledger.failed(exchange.failure("LIFE-2", f"unknown status {status!r}"))
    else:
        ctx.ledger.passed("LIFE-2", flow.operation)
    _invariants(ctx, exchange, answer, flow.operation)
    flow.statuses.append(status)
    flow.last, flow.last_exchange = answer, exchange
    if status in TERMINAL:
        flow.done = True


def _invariants(
    ctx: RunContext, exchange: Exchange, answer: dict[str, Any], operation: str
) -> None:
    """LIFE-4 on every poll: results only when succeeded; duration > 0 once terminal."""
    status, results, duration = answer.get("status"), answer.get("results"), answer.get("duration")
    problems = []
    if status != "succeeded" and results:
        problems.append(f"{status} with results {results!r}")
    if status in TERMINAL and not (isinstance(duration, int | float) and duration > 0):
        problems.append(f"{status} with duration {duration!r}")
    if problems:
        ctx.ledger.failed(exchange.failure("LIFE-4", "; ".join(problems)))
    else:
        ctx.ledger.passed("LIFE-4", operation)


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
    for rule in op.rules_of(ResultCount):
        try:
            expected = rule.expected(params)
        except (KeyError, TypeError, ValueError):
            ctx.ledger.failed(flow.last_exchange.failure(rule.id, f"no usable {rule.field} echoed"))
            continue
        if len(results) == expected:
            ctx.ledger.passed(rule.id, flow.operation)
        else:
            ctx.ledger.failed(
                flow.last_exchange.failure(
                    rule.id, "wrong number of results", str(expected), str(len(results))
                )
            )
    if flow.source_size is not None:
        for rule_id, problem in size_findings(
            ctx.spec, op, flow.body, params.get("width"), params.get("height"), flow.source_size
        ):
            if problem is None:
                ctx.ledger.passed(rule_id, flow.operation)
            else:
                ctx.ledger.failed(
                    flow.last_exchange.failure(rule_id, problem, seen=f"parameters: {params}")
                )
    formats = [rule for rule in op.rules_of(OutputFormat) if rule.when.matches(flow.body)]
    for url in results:
        _result_image(ctx, flow, str(url), params, formats)


def _result_image(
    ctx: RunContext, flow: Flow, url: str, params: dict[str, Any], formats: list[OutputFormat]
) -> None:
    fetched = ctx.api.fetch(flow.operation, url)
    declared = content_type(fetched.response_headers.get("content-type"))
    image = inspect(fetched.content) if fetched.status == 200 else None
    if image is None or image.media_type is None or declared != image.media_type:
        what = "no image" if image is None else f"{image.media_type} bytes labelled {declared!r}"
        ctx.ledger.failed(
            fetched.failure(
                "RES-2", f"result {url}: {what}", "matching type", fetched.describe_file()
            )
        )
        return
    ctx.ledger.passed("RES-2", flow.operation)
    size = (image.width, image.height)
    if size == (params.get("width"), params.get("height")):
        ctx.ledger.passed("DIM-5", flow.operation)
    else:
        echoed = (params.get("width"), params.get("height"))
        ctx.ledger.failed(
            fetched.failure("DIM-5", "the image is not the echoed size", str(echoed), str(size))
        )
    for rule in formats:
        wrong = rule.media_type and image.media_type != rule.media_type
        if wrong or (rule.alpha and not image.has_alpha):
            seen = f"{image.media_type}, alpha={image.has_alpha}"
            ctx.ledger.failed(
                fetched.failure(rule.id, "wrong format", f"{rule.media_type}, alpha", seen)
            )
        else:
            ctx.ledger.passed(rule.id, flow.operation)


def _final_answer(ctx: RunContext, flow: Flow) -> Any:
    assert flow.created is not None
    return ctx.api.call("getArtworkV2", "GET", f"/v2/artworks/{flow.created['id']}").json()


def _webhooks(ctx: RunContext, flows: list[Flow], secret: str | None) -> None:
    delivery = ctx.spec.delivery()
    for flow in flows:
        if not (flow.created and flow.done and flow.box):
            continue
        assert flow.last_exchange is not None
        box = flow.box.split("-", 1)[-1]
        failing = sum(_misbehaviour(flow.box))
        budget = ctx.settings.time_budget + failing * ctx.sidecar.stall_seconds
        got = ctx.sidecar.wait_for(box, failing + 1, budget)
        time.sleep(GRACE_SECONDS)  # a duplicate delivery would arrive about now
        got = ctx.sidecar.deliveries(box)
        final = _final_answer(ctx, flow)
        if not got:
            message = f"no webhook for {flow.name} in {ctx.settings.time_budget:.0f} s"
            ctx.ledger.failed(flow.last_exchange.failure("HOOK-1", message))
            continue
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
            _retries(ctx, flow, got, ids, delivery.min_attempts)
        if secret is not None:
            for attempt in got:
                _signature(ctx, flow, attempt.headers, attempt.body, secret, "HOOK-3")


def _misbehaviour(box: str) -> tuple[int, int]:
    """How many attempts the sink fails, and how many it answers too late, for a flow's box."""
    match = MISBEHAVIOUR.match(box)
    if match is None:
        return 0, 0
    count = int(match[2])
    return (count, 0) if match[1] == "fail" else (0, count)


def _stalled(flow: Flow, delivery: Any, got: list[Any]) -> bool:
    """Whether the sink held this attempt past the sender's timeout (so it counts as failed)."""
    assert flow.box is not None
    return got.index(delivery) < _misbehaviour(flow.box)[1]


def _retries(ctx: RunContext, flow: Flow, got: list[Any], ids: set[Any], min_attempts: int) -> None:
    """HOOK-2: a failed delivery is retried, at least `min_attempts` in all, with one webhook-id."""
    assert flow.last_exchange is not None
    stalled = _misbehaviour(flow.box or "")[1]
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


def signature_problem(secret: str, headers: dict[str, str], body: bytes) -> str | None:
    """Why a delivery does not verify with `secret` (Standard Webhooks), or None when it does."""
    try:
        key = base64.b64encode(bytes.fromhex(secret)).decode()
        Webhook(key).verify(body, headers)
    except WebhookVerificationError as error:
        return str(error) or "the signature does not match"
    except (ValueError, UnicodeDecodeError) as error:  # malformed headers, body or secret
        return f"{type(error).__name__}: {error}"
    return None


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _rotate(ctx: RunContext, why: str) -> str | None:
    """Create or rotate the organisation's webhook secret, when this run may (HOOK-3)."""
    op_id = "rotateWebhookSecret"
    if not ctx.selected(op_id):
        return None
    if not (ctx.target.manager_key and ctx.target.org_id):
        ctx.ledger.skipped("HOOK-3", RUN, "signatures need --manager-key and --org-id")
        return None
    if not ctx.target.bundled and not ctx.settings.allow_rotation:
        ctx.ledger.skipped("HOOK-3", RUN, "rotating a secret is destructive: pass --allow-rotation")
        return None
    path = f"/v2/organizations/{ctx.target.org_id}/webhook-secret"
    exchange = ctx.api.call(op_id, "POST", path, key=ctx.target.manager_key)
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


def _rotation(ctx: RunContext, old: str) -> None:
    """After a rotation, new deliveries are signed with the new secret, not the old one."""
    new = _rotate(ctx, "a second time")
    if new is None or not ctx.selected("createQuantumArtwork"):
        return
    op = ctx.spec.operation("createQuantumArtwork")
    flow = Flow("after-rotation", op.operation_id, BodyFactory(ctx.spec, op, "").minimal(), "r1")
    _create(ctx, flow)
    if not flow.created:
        return
    _poll_all(ctx, [flow])
    got = ctx.sidecar.wait_for("r1", 1, ctx.settings.time_budget)
    if not got:
        ctx.ledger.skipped("HOOK-3", op.operation_id, "no webhook arrived after the rotation")
        return
    delivered = got[-1]
    _signature(ctx, flow, delivered.headers, delivered.body, new, "HOOK-3")
    try:
        Webhook(base64.b64encode(bytes.fromhex(old)).decode()).verify(
            delivered.body, delivered.headers
        )
    except WebhookVerificationError:
        ctx.ledger.passed("HOOK-3", op.operation_id)
    else:
        assert flow.last_exchange is not None
        ctx.ledger.failed(
            flow.last_exchange.failure(
                "HOOK-3", "a delivery after the rotation verifies with the old secret"
            )
        )
