"""Schemathesis over every selected operation, all phases, with the kit's repairs and checks."""

from __future__ import annotations

import threading
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Config, GenerationMode, HookContext, Response
from schemathesis.config._checks import (
    NegativeDataRejectionConfig,
    PositiveDataAcceptanceConfig,
)
from schemathesis.engine import Status, events, from_schema

from conformance.api import error_body_problem
from conformance.context import RunContext
from conformance.expect import echo_findings
from conformance.generation import repair
from conformance.ledger import SPEC_RULE, Failure
from contract import Operation

RULES = (
    "SEC-1",
    "VAL-1",
    "VAL-2",
    "ERR-1",
    "ECHO-1",
    "DIM-4",
    "DIM-5",
    "TXT-1",
    "TXT-2",
    SPEC_RULE.id,
)
# Built-in checks whose failures a contract rule names; the others are failures of the spec itself.
CHECK_RULES = {
    "not_a_server_error": "SEC-1",
    "negative_data_rejection": "VAL-1",
    "positive_data_acceptance": "VAL-2",
}
# Valid data may meet 403 (E8 needs a manager key) or 404 (an id nobody created), never 401.
POSITIVE_STATUSES = ["2xx", "403", "404"]
# Invalid data is refused as the contract says (VAL-1, ERR-2), 404 when it breaks the path, or
# 403 when the key may not call the operation at all (scope is checked before the body).
NEGATIVE_STATUSES = ["400", "403", "404", "413", "415"]
# Probed by the auth group with per-call keys; with a configured header it fails falsely.
EXCLUDED_CHECKS = ["ignored_auth"]

_active: RunContext | None = None
_lock = threading.Lock()


def _operation(case: Case[Any]) -> Operation | None:
    if _active is None:
        return None
    for op in _active.spec.operations:
        if op.method == case.operation.method.upper() and op.path == case.operation.path:
            return op
    return None


@schemathesis.hook
def map_case(context: HookContext, case: Case[Any]) -> Case[Any]:
    """Positive bodies are bent to the cross-field and x- rules that generators do not know."""
    op = _operation(case)
    positive = case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE
    if op is not None and _active is not None and positive and op.has_body:
        case.body = repair(_active.spec, op, case.body, _active.sidecar.image_url(640, 480))
    return case


@schemathesis.hook
def after_call(context: HookContext, case: Case[Any], response: Response) -> None:
    if _active is not None:
        _active.ledger.count_call(response.status_code)


@schemathesis.check
def contract_echo(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """ECHO-1, DIM-4/5, TXT-1/2 and VAL-3 on every accepted create: the echo obeys the x- rules."""
    op = _operation(case)
    if (
        _active is None
        or op is None
        or not op.has_body
        or response.status_code != op.success_status
    ):
        return True
    if op.operation_id == "createImageGeneration" or not isinstance(case.body, dict):
        return True
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return True  # echo rules are about valid requests; an accepted invalid one fails VAL-1
    answer = response.json()
    params = answer.get("parameters") if isinstance(answer, dict) else None
    for rule, problem in echo_findings(_active.spec, op, case.body, params):
        if problem is None:
            _active.ledger.passed(rule, op.operation_id)
        else:
            _active.ledger.failed(
                _failure(rule, op.operation_id, case, problem, f"parameters: {params}")
            )
    return None


@schemathesis.check
def contract_error_body(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """ERR-1 on every error answer the fuzzer provokes."""
    op = _operation(case)
    if _active is None or op is None or response.status_code < 400:
        return True
    try:
        body = response.json()
    except ValueError:
        body = None
    problem = error_body_problem(response.status_code, body)
    if problem is None:
        _active.ledger.passed("ERR-1", op.operation_id)
    else:
        seen = f"{response.status_code} {response.text[:200]}"
        _active.ledger.failed(_failure("ERR-1", op.operation_id, case, problem, seen))
    return None


def _failure(rule: str, operation: str, case: Case[Any], message: str, seen: str) -> Failure:
    return Failure(rule, operation, message, "", seen, _request(case), _curl(case))


def _request(case: Case[Any]) -> str:
    body = case.body if case.body is not None else ""
    shown = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return f"{case.operation.method.upper()} {case.formatted_path}\n\n{shown}"


def _curl(case: Case[Any]) -> str:
    return str(case.as_curl_command()).replace("[Filtered]", "Bearer $API_KEY")


def run(ctx: RunContext) -> None:
    global _active
    with _lock:
        _active = ctx
        try:
            _run(ctx)
        finally:
            _active = None


def _schema(ctx: RunContext) -> Any:
    config = Config(seed=ctx.settings.seed)
    schema = schemathesis.openapi.from_dict(dict(ctx.spec.raw), config=config)
    schema.config.update(
        base_url=ctx.target.base_url,
        headers={"Authorization": f"Bearer {ctx.target.api_key}"},
        request_timeout=ctx.settings.request_timeout,
        rate_limit=f"{max(1, int(ctx.settings.max_rps))}/s",
    )
    schema.config.generation.update(
        max_examples=ctx.settings.examples,
        with_security_parameters=False,
        database="none",
        allow_x00=False,
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    )
    schema.config.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])
    schema.config.phases.stateful.max_steps = ctx.settings.stateful_steps
    schema.config.checks.update(excluded_check_names=EXCLUDED_CHECKS)
    # Schemathesis' defaults also accept 401, 5xx and more: a run with a refused key would "pass".
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=POSITIVE_STATUSES
    )
    schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
        expected_statuses=NEGATIVE_STATUSES
    )
    # Rotating the org's secret is destructive; the fuzzer only calls it where the run may.
    may_rotate = ctx.target.bundled or ctx.settings.allow_rotation
    selected = sorted(
        op.operation_id
        for op in ctx.operations()
        if may_rotate or op.operation_id != "rotateWebhookSecret"
    )
    return schema.include(operation_id=selected)


def _run(ctx: RunContext) -> None:
    ctx.progress(f"fuzz: Schemathesis, all phases, {ctx.settings.examples} examples per operation")
    by_label = {f"{op.method} {op.path}": op.operation_id for op in ctx.spec.operations}
    for event in from_schema(_schema(ctx)).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(ctx, event, by_label)
        elif isinstance(event, events.PhaseStarted):
            ctx.progress(f"fuzz: {event.phase.name.value} phase")
        elif isinstance(event, events.NonFatalError):
            ctx.progress(f"fuzz: error in {event.label}: {event.info.message}")
        elif isinstance(event, events.FatalError):
            raise RuntimeError(f"Schemathesis stopped: {event.exception}")


def _record(ctx: RunContext, event: events.ScenarioFinished, by_label: dict[str, str]) -> None:
    for label, nodes in event.recorder.checks.items():
        case = event.recorder.cases.get(label)
        operation = (
            by_label.get(getattr(case.value.operation, "label", ""), "(run)") if case else "(run)"
        )
        for node in nodes:
            rule = CHECK_RULES.get(node.name, SPEC_RULE.id)
            if node.name in ("contract_echo", "contract_error_body"):
                continue
            if node.status == Status.SUCCESS:
                ctx.ledger.passed(rule, operation)
            elif node.failure_info is not None:
                if rule == "VAL-1" and case is not None:
                    rule = _broken_rule(ctx, operation, case.value.body)
                failure = node.failure_info.failure
                ctx.ledger.failed(
                    Failure(
                        rule,
                        operation,
                        f"{node.name}: {failure.title}",
                        "",
                        (failure.message or "")[:400],
                        f"Schemathesis {event.phase.value} phase",
                        str(node.failure_info.code_sample).replace("[Filtered]", "Bearer $API_KEY"),
                    )
                )


def _broken_rule(ctx: RunContext, operation: str, body: Any) -> str:
    """The most specific rule an accepted invalid body breaks (DIM-1 for width alone, ...)."""
    try:
        schema = ctx.spec.operation(operation).request_schema
    except KeyError:
        return "VAL-1"
    if schema is None or not isinstance(body, dict):
        return "VAL-1"
    rules = {
        ctx.spec.rule_for_keyword_path(schema, list(error.schema_path))
        for error in ctx.spec.schema_validator(schema).iter_errors(body)
    }
    specific = sorted(rules - {"VAL-1"})
    return specific[0] if len(specific) == 1 and rules == set(specific) else "VAL-1"
