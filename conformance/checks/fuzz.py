"""Schemathesis over every selected operation, all phases, with the kit's repairs and checks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import requests
import schemathesis
from schemathesis import BaseSchema, Case, Config, GenerationMode, HookContext, Response
from schemathesis.engine import Status, events, from_schema

from conformance.fromspec.examples import EXPECTED as EXPECTED_EXAMPLE
from conformance.fromspec.examples import broken_examples, defect_message, sendable_document
from conformance.fromspec.expect import echo_findings
from conformance.fromspec.generation import repair
from conformance.judge.answers import error_body_problem
from conformance.run.context import RunContext
from conformance.run.exchange import Exchange
from conformance.run.ledger import SPEC_RULE, Failure
from conformance.run.prefetch import Prefetch
from conformance.run.serial_ast import serialised_ast_parse
from conformance.run.throttle import RATE_LIMITED, retry_after
from contract import Operation, OperationId

CONTRACT_RULES = ("SEC-1", "VAL-1", "VAL-2", "ERR-1", "ECHO-1", "DIM-4", "DIM-5", "TXT-1", "TXT-2")
RULES = (*CONTRACT_RULES, SPEC_RULE.id)  # and the spec's own, for answers no rule names
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
# What the two status checks expected, said in the failure (the fuzzer's own text varies).
EXPECTED = {
    "positive_data_acceptance": f"a valid request accepted: one of {', '.join(POSITIVE_STATUSES)}",
    "negative_data_rejection": f"an invalid request refused: one of {', '.join(NEGATIVE_STATUSES)}",
}
PHASES = ["examples", "coverage", "fuzzing", "stateful"]
# Not shown, not repeated: the transport's own, which curl sets itself.
UNSHOWN_HEADERS = {"content-length", "connection", "accept-encoding", "host", "user-agent"}
# Probed by the auth group with per-call keys; with a configured header it fails falsely.
EXCLUDED_CHECKS = ["ignored_auth"]


class FuzzRun:
    """One Schemathesis run bound to one kit run: its hooks are registered on its own schema."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.phase = "fuzz"
        self._by_route = {(op.method, op.path): op for op in ctx.spec.operations}
        self._session = requests.Session()  # for resending what met a 429
        # Nothing goes ahead once the target has rate-limited the run: it gains nothing there,
        # and a burst of early sends meets 429s that slow every later request.
        throttle = ctx.api.throttle
        self.ahead = Prefetch(ctx.settings.concurrency, throttle.wait, lambda: throttle.met > 0)

    def close(self) -> None:
        self._session.close()

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
        self.ahead.drawn(case)
        return case

    def after_call(self, context: HookContext, case: Case[Any], response: Response) -> None:
        """Every answer is counted, and judged against the rules the built-in checks do not know.

        A 429 is waited out and the same request sent again; the answer is replaced in place,
        so Schemathesis' own checks judge the answer to their question, not the rate limit.
        """
        paced = self.ahead.sent_ahead(response)
        self.ctx.ledger.count_call(response.status_code)
        if response.status_code == RATE_LIMITED:
            self._resend(response)
        else:
            self.ctx.api.throttle.answered()
        op = self.operation(case)
        if op is not None:
            self._error_body(op, case, response)
            self._echo(op, case, response)
        # Before this worker's next request: one pace for the kit's and the fuzzer's requests
        # (a before_call hook can only be global); an answer sent ahead kept its pace when sent.
        if not paced:
            self.ctx.api.throttle.wait()

    def _resend(self, response: Response) -> None:
        throttle, limits = self.ctx.api.throttle, self.ctx.api.limits
        held = 0.0
        for _attempt in range(limits.attempts):
            delay = retry_after({k: v[0] for k, v in response.headers.items() if v})
            throttle.throttled(delay)
            held += delay
            if held > limits.seconds:
                return
            throttle.wait()
            try:
                fresh = self._session.send(
                    response.request.copy(), timeout=self.ctx.settings.request_timeout
                )
            except requests.RequestException:
                return  # the 429 stands; the checks see it, and the rules are skipped
            answer = Response.from_requests(fresh, verify=response.verify)
            for name in Response.__slots__:
                setattr(response, name, getattr(answer, name))
            self.ctx.ledger.count_call(response.status_code)
            if response.status_code != RATE_LIMITED:
                throttle.answered()
                return

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
        sent = _sent(op.operation_id, response.request, response.status_code, response.content)
        for rule, problem in echo_findings(self.ctx.spec, op, case.body, params):
            if problem is None:
                self.ctx.ledger.passed(rule, op.operation_id)
            else:
                failure = sent.failure(rule, problem, seen=f"parameters: {params}")
                self.ctx.ledger.failed(replace(failure, phase=self.phase))

    def _error_body(self, op: Operation, case: Case[Any], response: Response) -> None:
        """ERR-1 on every error answer the fuzzer provokes."""
        if response.status_code < 400 or response.status_code == RATE_LIMITED:
            return
        try:
            body = response.json()
        except ValueError:
            body = None
        problem = error_body_problem(response.status_code, body)
        if problem is None:
            self.ctx.ledger.passed("ERR-1", op.operation_id)
        else:
            sent = _sent(op.operation_id, response.request, response.status_code, response.content)
            failure = sent.failure("ERR-1", problem, "the contract's error body")
            self.ctx.ledger.failed(replace(failure, phase=self.phase))


def _positive(case: Case[Any]) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


def _sent(operation: str, request: Any, status: int | None, content: bytes) -> Exchange:
    """What Schemathesis sent and got back, as one of the kit's exchanges (to show and repeat)."""
    headers = {
        name: value if isinstance(value, str) else ", ".join(value)
        for name, value in request.headers.items()
        if name.lower() not in UNSHOWN_HEADERS
    }
    body = request.body.encode() if isinstance(request.body, str) else request.body
    url = str(getattr(request, "url", None) or request.uri)
    exchange = Exchange(operation, str(request.method), url, headers, body)
    exchange.status, exchange.content = status, content
    return exchange


def run(ctx: RunContext) -> None:
    ctx.progress(f"fuzz: Schemathesis, all phases, {ctx.settings.examples} examples per operation")
    _report_broken_examples(ctx)
    fuzz = FuzzRun(ctx)
    try:
        workers = ctx.settings.concurrency
        lost = _execute(ctx, fuzz, _schema(ctx, workers, _fuzzed(ctx), PHASES))
        # Once more together (what was parsed is cached now), then alone; the stateful phase
        # spans operations, so it was not lost.
        for again in (min(workers, len(lost)), 1):
            if not lost or workers == 1:
                break
            ctx.progress(f"fuzz: running {', '.join(sorted(lost))} again ({again} at a time)")
            lost = _execute(ctx, fuzz, _schema(ctx, again, sorted(lost), PHASES[:-1]))
    finally:
        fuzz.close()


def _report_broken_examples(ctx: RunContext) -> None:
    """Each example the spec contradicts, once, as its defect: it is not sent as valid data."""
    for problem in broken_examples(ctx.spec):
        message = defect_message(problem)
        ctx.ledger.failed(Failure(SPEC_RULE.id, problem.operations[0], message, EXPECTED_EXAMPLE))


def _fuzzed(ctx: RunContext) -> list[str]:
    """The selected operations; rotating the org's secret is destructive, so only where allowed."""
    may_rotate = ctx.target.bundled or ctx.settings.allow_rotation
    return sorted(
        op.operation_id
        for op in ctx.operations()
        if may_rotate or op.operation_id != OperationId.ROTATE_WEBHOOK_SECRET
    )


def _execute(ctx: RunContext, fuzz: FuzzRun, schema: BaseSchema) -> set[str]:
    """Run Schemathesis and record its checks; the operations an error cut short.

    With several workers, Hypothesis parses lambda sources with `ast` on several threads, which
    CPython 3.11 may not survive ("AST constructor recursion depth mismatch", gh-106905): the
    parses are serialised, and the caller still runs whatever an error cut short again, alone.
    """
    fuzz.hook_into(schema)
    by_label = {f"{op.method} {op.path}": op.operation_id for op in ctx.spec.operations}
    lost: set[str] = set()
    with fuzz.ahead.installed(), serialised_ast_parse():
        for event in from_schema(schema).execute():
            _on_event(ctx, fuzz, event, by_label, lost)
    return lost


def _on_event(
    ctx: RunContext, fuzz: FuzzRun, event: Any, by_label: dict[str, str], lost: set[str]
) -> None:
    if isinstance(event, events.ScenarioFinished):
        _record(ctx, event, by_label)
    elif isinstance(event, events.PhaseStarted):
        fuzz.phase = f"fuzz, Schemathesis {event.phase.name.value} phase"
        ctx.progress(f"fuzz: {event.phase.name.value} phase")
    elif isinstance(event, events.NonFatalError):
        ctx.progress(f"fuzz: error in {event.label}: {event.info.message}")
        if event.label in by_label:
            lost.add(by_label[event.label])
    elif isinstance(event, events.FatalError):
        raise RuntimeError(f"Schemathesis stopped: {event.exception}")


def _schema(
    ctx: RunContext, workers: int, operation_ids: list[str], phases: list[str]
) -> BaseSchema:
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
    schema = schemathesis.openapi.from_dict(sendable_document(ctx.spec), config=config)
    schema.config.update(
        base_url=ctx.target.base_url,
        headers={"Authorization": f"Bearer {ctx.target.api_key}"},
        request_timeout=ctx.settings.request_timeout,
        workers=workers,
    )
    schema.config.generation.update(
        max_examples=ctx.settings.examples,
        with_security_parameters=False,
        database="none",
        allow_x00=False,
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    )
    schema.config.phases.update(phases=phases)
    schema.config.phases.stateful.max_steps = ctx.settings.stateful_steps
    schema.config.checks.update(excluded_check_names=EXCLUDED_CHECKS)
    return schema.include(operation_id=operation_ids)


def _record(ctx: RunContext, event: events.ScenarioFinished, by_label: dict[str, str]) -> None:
    phase = f"fuzz, Schemathesis {event.phase.value} phase"
    for case_id, nodes in event.recorder.checks.items():
        case = event.recorder.cases.get(case_id)
        operation = (
            by_label.get(getattr(case.value.operation, "label", ""), "(run)") if case else "(run)"
        )
        interaction = event.recorder.interactions.get(case_id)
        for node in nodes:
            rule = CHECK_RULES.get(node.name, SPEC_RULE.id)
            if node.status == Status.SUCCESS:
                ctx.ledger.passed(rule, operation)
            elif node.failure_info is not None:
                if rule == "VAL-1" and case is not None:
                    rule = _broken_rule(ctx, operation, case.value.body)
                ctx.ledger.failed(_check_failure(rule, operation, node, interaction, phase))


def _check_failure(rule: str, operation: str, node: Any, interaction: Any, phase: str) -> Failure:
    """A built-in check's failure, told with the request that was sent and the answer to it."""
    failure = node.failure_info.failure
    message = f"{node.name}: {failure.title}"
    expected = EXPECTED.get(node.name, (failure.message or "")[:400])
    if interaction is None or interaction.response is None:
        code = str(node.failure_info.code_sample)
        return Failure(rule, operation, message, expected, "", code, "", phase)
    answer = interaction.response
    sent = _sent(operation, interaction.request, answer.status_code, answer.content or b"")
    sent.throttled = answer.status_code == RATE_LIMITED
    sent.response_headers = httpx.Headers(
        {name: ", ".join(values) for name, values in answer.headers.items()}
    )
    return replace(sent.failure(rule, message, expected), phase=phase)


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
