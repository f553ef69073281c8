"""Schemathesis over every selected operation, all phases, with the kit's repairs and checks."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import BaseSchema, Case, Config, GenerationMode, HookContext, Response
from schemathesis.engine import Status, events, from_schema

from conformance.checks.answers import error_body_problem
from conformance.fromspec.expect import echo_findings
from conformance.fromspec.generation import repair
from conformance.run.context import RunContext
from conformance.run.ledger import SPEC_RULE, Failure
from contract import Operation, OperationId

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


class FuzzRun:
    """One Schemathesis run bound to one kit run: its hooks are registered on its own schema."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self._by_route = {(op.method, op.path): op for op in ctx.spec.operations}

    def operation(self, case: Case[Any]) -> Operation | None:
        return self._by_route.get((case.operation.method.upper(), case.operation.path))

    def hook_into(self, schema: BaseSchema) -> None:
        """Hooks on `schema` alone, as plain functions (Schemathesis sets attributes on them)."""

        def map_case(context: HookContext, case: Case[Any]) -> Case[Any]:
            return self.map_case(context, case)

        def after_call(context: HookContext, case: Case[Any], response: Response) -> None:
            self.after_call(context, case, response)

        schema.hook("map_case")(map_case)
        schema.hook("after_call")(after_call)

    def map_case(self, context: HookContext, case: Case[Any]) -> Case[Any]:
        """Positive bodies are bent to the cross-field and x- rules that generators do not know."""
        op = self.operation(case)
        if op is not None and _positive(case) and op.has_body:
            case.body = repair(self.ctx.spec, op, case.body, self.ctx.sidecar.image_url(640, 480))
        return case

    def after_call(self, context: HookContext, case: Case[Any], response: Response) -> None:
        """Every answer is counted, and judged against the rules the built-in checks do not know."""
        self.ctx.ledger.count_call(response.status_code)
        op = self.operation(case)
        if op is None:
            return
        self._error_body(op, case, response)
        self._echo(op, case, response)

    def _echo(self, op: Operation, case: Case[Any], response: Response) -> None:
        """ECHO-1, DIM-4/5, TXT-1/2 and VAL-3 on accepted creates: the echo obeys the x- rules."""
        if not op.has_body or response.status_code != op.success_status:
            return
        if op.operation_id == OperationId.CREATE_IMAGE_GENERATION or not isinstance(
            case.body, dict
        ):
            return
        if not _positive(case):
            return  # echo rules are about valid requests; an accepted invalid one fails VAL-1
        try:
            answer = response.json()
        except ValueError:
            answer = None
        params = answer.get("parameters") if isinstance(answer, dict) else None
        for rule, problem in echo_findings(self.ctx.spec, op, case.body, params):
            if problem is None:
                self.ctx.ledger.passed(rule, op.operation_id)
            else:
                self.ctx.ledger.failed(
                    _failure(rule, op.operation_id, case, problem, f"parameters: {params}")
                )

    def _error_body(self, op: Operation, case: Case[Any], response: Response) -> None:
        """ERR-1 on every error answer the fuzzer provokes."""
        if response.status_code < 400:
            return
        try:
            body = response.json()
        except ValueError:
            body = None
        problem = error_body_problem(response.status_code, body)
        if problem is None:
            self.ctx.ledger.passed("ERR-1", op.operation_id)
        else:
            seen = f"{response.status_code} {response.text[:200]}"
            self.ctx.ledger.failed(_failure("ERR-1", op.operation_id, case, problem, seen))


def _positive(case: Case[Any]) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


def _failure(rule: str, operation: str, case: Case[Any], message: str, seen: str) -> Failure:
    return Failure(rule, operation, message, "", seen, _request(case), _curl(case))


def _request(case: Case[Any]) -> str:
    body = case.body if case.body is not None else ""
    shown = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return f"{case.operation.method.upper()} {case.formatted_path}\n\n{shown}"


def _curl(case: Case[Any]) -> str:
    return str(case.as_curl_command()).replace("[Filtered]", "Bearer $API_KEY")


def run(ctx: RunContext) -> None:
    ctx.progress(f"fuzz: Schemathesis, all phases, {ctx.settings.examples} examples per operation")
    schema = _schema(ctx)
    FuzzRun(ctx).hook_into(schema)
    by_label = {f"{op.method} {op.path}": op.operation_id for op in ctx.spec.operations}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(ctx, event, by_label)
        elif isinstance(event, events.PhaseStarted):
            ctx.progress(f"fuzz: {event.phase.name.value} phase")
        elif isinstance(event, events.NonFatalError):
            ctx.progress(f"fuzz: error in {event.label}: {event.info.message}")
        elif isinstance(event, events.FatalError):
            raise RuntimeError(f"Schemathesis stopped: {event.exception}")


def _schema(ctx: RunContext) -> BaseSchema:
    # Schemathesis' defaults also accept 401, 5xx and more: a run with a refused key would "pass".
    config = Config.from_dict(
        {
            "seed": ctx.settings.seed,
            "checks": {
                "positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES},
                "negative_data_rejection": {"expected-statuses": NEGATIVE_STATUSES},
            },
        }
    )
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
    # Rotating the org's secret is destructive; the fuzzer only calls it where the run may.
    may_rotate = ctx.target.bundled or ctx.settings.allow_rotation
    selected = sorted(
        op.operation_id
        for op in ctx.operations()
        if may_rotate or op.operation_id != OperationId.ROTATE_WEBHOOK_SECRET
    )
    return schema.include(operation_id=selected)


def _record(ctx: RunContext, event: events.ScenarioFinished, by_label: dict[str, str]) -> None:
    for label, nodes in event.recorder.checks.items():
        case = event.recorder.cases.get(label)
        operation = (
            by_label.get(getattr(case.value.operation, "label", ""), "(run)") if case else "(run)"
        )
        for node in nodes:
            rule = CHECK_RULES.get(node.name, SPEC_RULE.id)
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
