"""HOOK-4 in every URL field and every class of forbidden address: each must be refused (400)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from conformance.fromspec.addresses import SSRF_CLASSES, BadUrl, bad_urls
from conformance.fromspec.bodies import BodyFactory
from conformance.judge.variants import url_field
from conformance.run.context import RUN, RunContext
from conformance.run.outcome import Variant
from contract import WEBHOOK_FIELD, Operation, PublicUrl

RULES = ("ERR-1", "SEC-1", "HOOK-4")
RULE = "HOOK-4"
LATER_SOURCE = "a forbidden URL after an allowed one in a list"


def run(ctx: RunContext) -> None:
    skipped = ctx.settings.skip_ssrf_classes
    for address_class in SSRF_CLASSES:
        note = "skipped by --skip-ssrf-class" if address_class in skipped else ""
        ctx.ledger.expect(RULE, Variant("class", address_class), note)
    if skipped:
        named = ", ".join(sorted(skipped))
        ctx.ledger.skipped(RULE, RUN, f"address classes skipped by --skip-ssrf-class: {named}")
    sidecar = ctx.sidecar
    unlisted = sidecar.port + 1 if sidecar.port < 65535 else sidecar.port - 1
    urls = [
        bad for bad in bad_urls(unlisted, sidecar.allow_entry) if bad.address_class not in skipped
    ]
    creates = [op for op in ctx.operations() if op.has_body]
    accepted = ctx.concurrently(partial(_control, ctx, op) for op in creates)
    accepting = [op for op, ok in zip(creates, accepted, strict=True) if ok]
    probes: list[Callable[[], None]] = []
    for op in accepting:
        probes += _probes(ctx, op, urls)
    ctx.progress(f"urls: {len(probes)} forbidden URLs in every URL field")
    ctx.concurrently(probes)


def _control(ctx: RunContext, op: Operation) -> bool:
    """Whether the target accepts the body the probes start from (else a 400 proves nothing)."""
    body = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480)).minimal()
    exchange = ctx.api.call(op.operation_id, op.method, op.path, json_body=body)
    if exchange.status == op.success_status:
        return True
    reason = f"the body the probes start from was refused too ({exchange.status})"
    ctx.ledger.skipped(RULE, op.operation_id, reason)
    return False


def _probes(ctx: RunContext, op: Operation, urls: list[BadUrl]) -> list[Callable[[], None]]:
    bodies = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480))
    base = bodies.minimal()
    probes: list[Callable[[], None]] = []
    for rule in op.rules_of(PublicUrl):
        for field in rule.fields:
            if field not in bodies.properties:
                continue
            listed = bodies.property(field).get("type") == "array"
            if listed and int(bodies.property(field).get("maxItems", 1)) > 1:
                ctx.ledger.expect(RULE, Variant("form", LATER_SOURCE))
            for bad in urls:
                for value, form in _values(bodies, field, bad.url, listed):
                    body = _with(bodies, base, field, value)
                    if bodies.validator.is_valid(body):
                        variants = [url_field(op, field), Variant("class", bad.address_class)]
                        variants += [Variant("form", form)] if form else []
                        why = f"{field} is {bad.why} ({bad.address_class})"
                        probes.append(partial(_refused, ctx, op, body, why, variants))
    return probes


def _values(
    bodies: BodyFactory, field: str, url: str, listed: bool
) -> list[tuple[Any, str | None]]:
    """The field holding `url`: alone, and in a list also after an allowed source."""
    if not listed:
        return [(url, None)]
    found: list[tuple[Any, str | None]] = [([url], None)]
    if int(bodies.property(field).get("maxItems", 1)) > 1:
        found.append(([bodies.image_url, url], LATER_SOURCE))
    return found


def _with(bodies: BodyFactory, base: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """`base` with `field` set, and its singular/plural counterpart dropped (one source form)."""
    body = {**base, field: value}
    counterpart = field[:-1] if field.endswith("s") else f"{field}s"
    if counterpart in body and counterpart in bodies.url_fields and field != WEBHOOK_FIELD:
        del body[counterpart]
    return body


def _refused(
    ctx: RunContext, op: Operation, body: dict[str, Any], why: str, variants: list[Variant]
) -> None:
    exchange = ctx.api.call(op.operation_id, op.method, op.path, json_body=body)
    if exchange.status == 400:
        ctx.ledger.passed(RULE, op.operation_id, variants)
    else:
        ctx.ledger.failed(exchange.failure(RULE, f"{why}: expected 400", "400"), variants)
