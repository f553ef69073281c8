"""Targeted probes of every request schema's edges: VAL, DIM, TXT and ECHO-1."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from conformance.fromspec.bodies import BodyFactory, exact_area, just_over_area, words
from conformance.fromspec.expect import echo_findings
from conformance.judge.variants import branches_hit
from conformance.run.context import RunContext
from conformance.run.exchange import Exchange
from conformance.run.outcome import Variant
from contract import (
    AreaLimit,
    EmptyDefault,
    Operation,
    OperationId,
    WordLimit,
)

RULES = (
    "ERR-1", "SEC-1", "VAL-1", "VAL-2", "VAL-3", "DIM-1", "DIM-2", "DIM-3", "DIM-4", "DIM-5",
    "TXT-1", "TXT-2", "TXT-3", "ECHO-1",
)  # fmt: skip
UNKNOWN_FIELD = "conformanceUnknownField"
# Strings that break naive servers: templates, injections, control and bidi characters, odd Unicode.
HOSTILE_STRINGS = (
    "{{{7*7}}}",
    "${jndi:ldap://127.0.0.1/a}",
    "'; DROP TABLE artworks; --",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "\u202egnp.exe",
    "\u0000",
    "\U0001f600" * 50,
    "a\u0301" * 100,
    "<script>alert(1)</script>",
)


class Prober:
    """Sends bodies to one create operation and records what each answer proves."""

    def __init__(self, ctx: RunContext, op: Operation) -> None:
        self.ctx, self.op = ctx, op
        self.accepted_invalid = 0  # bodies that should have been refused but were not
        self.bodies = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480))
        self._probes: list[Callable[[], None]] = []  # independent: they go out together
        self._lock = threading.Lock()

    def send(self, body: Any) -> Exchange:
        return self.ctx.api.call(self.op.operation_id, self.op.method, self.op.path, json_body=body)

    def take(self) -> list[Callable[[], None]]:
        """The probes queued so far (each sends one body and records what its answer proves)."""
        probes, self._probes = self._probes, []
        return probes

    def rejects(self, rule: str, body: Any, why: str) -> None:
        """The body must get 400 (and the error body ERR-1 asks for)."""
        self._probes.append(lambda: self._refused(rule, self.send(body), why, body))

    def rejects_raw(self, rule: str, raw: bytes, why: str) -> None:
        def probe() -> None:
            exchange = self.ctx.api.call(
                self.op.operation_id,
                self.op.method,
                self.op.path,
                content=raw,
                headers={"Content-Type": "application/json"},
            )
            self._refused(rule, exchange, why)

        self._probes.append(probe)

    def _branches(self, rule: str, body: Any) -> list[Variant]:
        return branches_hit(self.op, rule, body) if isinstance(body, dict) else []

    def _refused(self, rule: str, exchange: Exchange, why: str, body: Any = None) -> None:
        variants = self._branches(rule, body)
        if exchange.status == 400:
            self.ctx.ledger.passed(rule, self.op.operation_id, variants)
            return
        with self._lock:
            self.accepted_invalid += exchange.status is not None and exchange.status < 300
        self.ctx.ledger.failed(exchange.failure(rule, f"{why}: expected 400", "400"), variants)

    def accepts(self, rule: str, body: dict[str, Any], why: str) -> None:
        """The body must be accepted (`rule` is the most specific one that says so); then every
        echo rule it touches is checked."""
        self._probes.append(lambda: self._accepted(rule, body, why))

    def _accepted(self, rule: str, body: dict[str, Any], why: str) -> None:
        exchange = self.send(body)
        variants = self._branches(rule, body)
        if exchange.status != self.op.success_status:
            self.ctx.ledger.failed(
                exchange.failure(
                    rule, f"{why}: a valid body was refused", str(self.op.success_status)
                ),
                variants,
            )
            return
        self.ctx.ledger.passed(rule, self.op.operation_id, variants)
        answer = exchange.json()
        if self.op.operation_id != OperationId.CREATE_IMAGE_GENERATION and isinstance(answer, dict):
            self.check_echo(exchange, body, answer.get("parameters"))

    def check_echo(self, exchange: Exchange, body: dict[str, Any], params: Any) -> None:
        for rule, problem in echo_findings(self.ctx.spec, self.op, body, params):
            variants = self._branches(rule, body)
            if problem is None:
                self.ctx.ledger.passed(rule, self.op.operation_id, variants)
            else:
                self.ctx.ledger.failed(
                    exchange.failure(rule, problem, seen=f"parameters: {params}"), variants
                )


def run(ctx: RunContext) -> None:
    creates = [op for op in ctx.operations() if op.has_body]
    before = _newest_task(ctx)
    probers = [Prober(ctx, op) for op in creates]
    for prober in probers:
        _negative(prober)
    ctx.progress(f"validation: rejecting bad bodies for {len(probers)} operations")
    ctx.concurrently(probe for prober in probers for probe in prober.take())
    accepted_invalid = sum(prober.accepted_invalid for prober in probers)
    if accepted_invalid:
        reason = f"{accepted_invalid} invalid bodies were accepted (failed under their own rules)"
        ctx.ledger.skipped("VAL-1", OperationId.LIST_ARTWORKS, f"{reason}: new tasks are expected")
    else:
        _no_task_created(ctx, before)
    probers = [Prober(ctx, op) for op in creates]
    for prober in probers:
        _positive(prober)
    ctx.progress(f"validation: accepting edge bodies for {len(probers)} operations")
    ctx.concurrently(probe for prober in probers for probe in prober.take())


def _negative(p: Prober) -> None:
    base = p.bodies.minimal()
    for name in p.bodies.required:
        body = {k: v for k, v in base.items() if k != name}
        if not p.bodies.is_valid(body):
            p.rejects("VAL-1", body, f"the required field {name} is missing")
    for name in p.bodies.properties:
        for why, value in p.bodies.wrong_values(name):
            body = {**base, name: value}
            if not p.bodies.validator.is_valid(body):
                p.rejects("VAL-1", body, f"{name} is {why}")
    for raw in (b"[]", b'"a string"', b"42", b"null"):
        p.rejects_raw("VAL-1", raw, f"the body is the JSON {raw.decode()}, not an object")
    _size_rules(p, base)


def _size_rules(p: Prober, base: dict[str, Any]) -> None:
    props = p.bodies.properties
    if "width" in props and "height" in props:
        p.rejects("DIM-1", {**base, "width": 768}, "width without height")
        p.rejects("DIM-1", {**base, "height": 768}, "height without width")
        if "aspectRatio" in props:
            ratio = p.bodies.property("aspectRatio")["enum"][0]
            both = {**base, "aspectRatio": ratio, "width": 768, "height": 768}
            p.rejects("DIM-2", both, "aspectRatio with width and height")
            p.rejects(
                "DIM-2", {**base, "aspectRatio": ratio, "width": 768}, "aspectRatio with width"
            )
    for rule in p.op.rules_of(AreaLimit):
        body = p.bodies.satisfying(rule.when.schema, base)
        low, high = _bounds(p, rule.fields[0])
        over = just_over_area(rule.max, low, high)
        if over is None:
            p.ctx.ledger.skipped(rule.id, p.op.operation_id, "no in-range size is over the limit")
            continue
        trial = {**body, rule.fields[0]: over[0], rule.fields[1]: over[1]}
        if rule.when.matches(trial):
            p.rejects(rule.id, trial, f"{over[0]}x{over[1]} is one step over {rule.max}")


def _positive(p: Prober) -> None:
    for body in p.bodies.examples():
        p.accepts("VAL-2", body, "a documented example")
    base = p.bodies.minimal()
    p.accepts("VAL-2", base, "only the required fields")
    p.accepts("VAL-3", {**base, UNKNOWN_FIELD: {"nested": [1, 2]}}, "an unknown field")
    variants = p.ctx.settings.variants
    for name in p.bodies.properties:
        for index, (why, value) in enumerate(p.bodies.boundary_values(name)):
            if index >= 2 + variants * 4 and name not in {"aspectRatio", "aspect_ratio"}:
                break
            body = {**base, name: value}
            if p.bodies.is_valid(body):
                p.accepts("VAL-2", body, f"{name} at {why}")
    for rule in p.op.rules:  # every `when` branch of the operation's x-rules, once each
        branch = p.bodies.in_branch(rule.when.schema, base) if rule.when.schema else None
        if branch is not None:
            p.accepts("VAL-2", branch, f"a body where the {rule.id} branch applies")
    _size_edges(p, base)
    _text_edges(p, base)
    _hostile_text(p, base)


def _hostile_text(p: Prober, base: dict[str, Any]) -> None:
    """SEC-1: free-text fields full of hostile strings are accepted, never a 5xx."""
    free_text = [
        name
        for name in p.bodies.properties
        if p.bodies.property(name).get("type") == "string"
        and "enum" not in p.bodies.property(name)
        and "format" not in p.bodies.property(name)
    ]
    for name in free_text:
        for text in HOSTILE_STRINGS[: 4 + 3 * p.ctx.settings.variants]:
            body = {**base, name: text}
            if p.bodies.is_valid(body):
                p.accepts("VAL-2", body, f"{name} holding {text[:20]!r}")


def _bounds(p: Prober, field: str) -> tuple[int, int]:
    schema = p.bodies.property(field)
    return int(schema["minimum"]), int(schema["maximum"])


def _size_edges(p: Prober, base: dict[str, Any]) -> None:
    for rule in p.op.rules_of(AreaLimit):
        body = p.bodies.satisfying(rule.when.schema, base)
        low, high = _bounds(p, rule.fields[0])
        exact = exact_area(rule.max, low, high)
        if exact is None:
            p.ctx.ledger.skipped(
                rule.id, p.op.operation_id, "no in-range size is exactly at the limit"
            )
            continue
        trial = {**body, rule.fields[0]: exact[0], rule.fields[1]: exact[1]}
        if rule.when.matches(trial) and p.bodies.validator.is_valid(trial):
            p.accepts(rule.id, trial, f"{exact[0]}x{exact[1]} is exactly at the limit {rule.max}")
        p.accepts("VAL-2", {**body}, "the fields that make an area limit apply")
        _limit_outside_when(p, rule, base)


def _limit_outside_when(p: Prober, rule: AreaLimit, base: dict[str, Any]) -> None:
    """An area limit with a `when` does not apply outside it: there an over-limit size is fine."""
    low, high = _bounds(p, rule.fields[0])
    over = just_over_area(rule.max, low, high)
    if over is None:
        return
    for name, condition in (rule.when.schema or {}).get("properties", {}).items():
        options = p.bodies.property(name).get("enum", []) if name in p.bodies.properties else []
        for value in options:
            if value == condition.get("const"):
                continue
            trial = {**base, name: value, rule.fields[0]: over[0], rule.fields[1]: over[1]}
            if not rule.when.matches(trial) and p.bodies.is_valid(trial):
                p.accepts(
                    rule.id,
                    trial,
                    f"{over[0]}x{over[1]} with {name}={value!r}, where the limit does not apply",
                )
                return


def _text_edges(p: Prober, base: dict[str, Any]) -> None:
    for rule in p.op.rules_of(WordLimit):
        for count in (rule.max_words, rule.max_words + 1, rule.max_words * 2 + 3):
            p.accepts("VAL-2", {**base, rule.field: words(count)}, f"{rule.field} of {count} words")
        for name, condition in (rule.when.schema or {}).get("properties", {}).items():
            others = [v for _, v in p.bodies.boundary_values(name) if v != condition.get("const")]
            if others:  # outside the branch the text is still cut to the limit, if not exactly
                over = {**base, name: others[0], rule.field: words(rule.max_words + 1)}
                p.accepts(rule.id, over, f"{rule.field} over the limit with {name}={others[0]!r}")
    for empty in p.op.rules_of(EmptyDefault):
        without = {k: v for k, v in base.items() if k != empty.field}
        for why, body in (
            ("no prompt", without),
            ("an empty prompt", {**base, empty.field: ""}),
            ("a whitespace prompt", {**base, empty.field: " \t\n\u2003"}),
        ):
            p.accepts(empty.id, body, f"{why} (VAL-2: a valid body)")


UNKNOWN = object()  # the listing gave no usable page


def _newest_task(ctx: RunContext) -> Any:
    if not ctx.selected(OperationId.LIST_ARTWORKS):
        return UNKNOWN
    exchange = ctx.call(OperationId.LIST_ARTWORKS, params={"limit": 1})
    page = exchange.json()
    if exchange.status != 200 or not isinstance(page, list):
        return UNKNOWN
    return page[0].get("id") if page and isinstance(page[0], dict) else None


def _no_task_created(ctx: RunContext, before: Any) -> None:
    """VAL-1: rejected bodies must not have created a task (the newest task is unchanged)."""
    after = _newest_task(ctx)
    if before is UNKNOWN or after is UNKNOWN:
        reason = "no usable page from the listing (E7): cannot see whether a task was created"
        ctx.ledger.skipped("VAL-1", OperationId.LIST_ARTWORKS, reason)
        return
    if after == before:
        ctx.ledger.passed("VAL-1", OperationId.LIST_ARTWORKS)
    else:
        exchange = ctx.call(OperationId.LIST_ARTWORKS, params={"limit": 1})
        ctx.ledger.failed(
            exchange.failure(
                "VAL-1", "a rejected body created a task", f"newest {before}", f"newest {after}"
            )
        )
