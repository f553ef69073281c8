"""Requests with a body (E1-E4): was the body valid, was it treated so, and the 202's echo."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from conformance.fromspec.expect import echo_findings
from conformance.judge.imaging import content_type
from conformance.judge.lifecycle import CREATED_EXPECTED, created_problems
from conformance.judge.results import generation_answer_problem
from conformance.judge.validity import body_problem, urls_in
from conformance.passive import answers
from conformance.passive.seen import Seen
from conformance.passive.tasks import Generation, Task
from contract import TASK_OPERATIONS, AreaLimit, Operation, WordLimit

if TYPE_CHECKING:
    from conformance.passive.judge import Judge

JSON = "application/json"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def judge(judge: Judge, seen: Seen, op: Operation) -> None:
    body = _accepted_body(judge, seen, op)
    if body is None or not seen.answer_recorded:
        return
    answer = seen.answer()
    answers.schema(judge, seen, op, answer)
    if op.operation_id in TASK_OPERATIONS:
        _created(judge, seen, op, body, answer)
    else:
        _generation(judge, seen, op, body, answer)


def _accepted_body(judge: Judge, seen: Seen, op: Operation) -> dict[str, Any] | None:
    """The body when it was valid and accepted; each verdict on its validity on the way."""
    if not seen.request_recorded or seen.exchange.body is None:
        return None
    status = seen.exchange.status
    assert status is not None
    accepted = 200 <= status < 300
    kind = content_type(seen.request_header("content-type"))
    if kind != JSON:
        if status == 415:
            judge.passed(seen, "ERR-2")
        elif accepted:
            judge.fail(seen, "ERR-2", f"a body sent as {kind or 'no type'!r} was accepted", "415")
        return None
    try:
        body = json.loads(seen.exchange.body, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        if status == 400:
            judge.passed(seen, "ERR-2")
        elif accepted:
            judge.fail(seen, "ERR-2", "a body that is not JSON was accepted", "400")
        return None
    problem = body_problem(judge.spec, op, body)
    if problem is not None:
        rule, why = problem
        if status == 400:
            judge.passed(seen, rule)
        elif accepted:
            judge.fail(seen, rule, f"a body that breaks {rule} was accepted: {why}", "400")
        return None
    assert isinstance(body, dict)
    if status == 400:
        if not urls_in(op, body):  # a URL may be refused by HOOK-4: not judged
            rule = _edge_rule(op, body)
            judge.fail(
                seen,
                rule,
                "a body that meets the schema and every rule was refused",
                str(op.success_status),
            )
        return None
    if status != op.success_status:
        return None
    judge.passed(seen, "VAL-2")
    for limit in _at_area_limits(op, body):
        judge.passed(seen, limit.id)  # exactly at the limit, and accepted
    return body


def _at_area_limits(op: Operation, body: dict[str, Any]) -> list[AreaLimit]:
    """The area limits a body's size is exactly at: the edge a server most often gets wrong."""
    return [
        limit
        for limit in op.rules_of(AreaLimit)
        if limit.applies(body) and limit.area(body) == limit.max
    ]


def _edge_rule(op: Operation, body: dict[str, Any]) -> str:
    """DIM-3 for a size at the area limit, TXT-1/2 for a text over its word limit, else VAL-2."""
    at_limit = _at_area_limits(op, body)
    if at_limit:
        return at_limit[0].id
    over = [words for words in op.rules_of(WordLimit) if words.exceeded_by(body)]
    return over[0].id if over else "VAL-2"


def _created(judge: Judge, seen: Seen, op: Operation, body: dict[str, Any], answer: Any) -> None:
    if not isinstance(answer, dict) or not isinstance(answer.get("id"), str):
        return  # SPEC-1 has told it
    judge.ledger.task = answer["id"]
    problems = created_problems(answer)
    if problems:
        judge.fail(seen, "LIFE-1", "; ".join(problems), CREATED_EXPECTED)
    else:
        judge.passed(seen, "LIFE-1")
    for rule, problem in echo_findings(judge.spec, op, body, answer.get("parameters")):
        if problem is None:
            judge.passed(seen, rule)
        else:
            judge.fail(seen, rule, problem, shown=f"parameters: {answer.get('parameters')}")
    judge.book.add(
        Task(
            id=answer["id"],
            operation=op.operation_id,
            owner=seen.credentials.digest,
            body=body,
            first=answer,
            created_at=seen.answered_at,
            status=str(answer.get("status")),
            status_at=seen.answered_at,
        )
    )


def _generation(judge: Judge, seen: Seen, op: Operation, body: dict[str, Any], answer: Any) -> None:
    problem = generation_answer_problem(answer, seen.answered_at)
    if problem is not None:
        judge.fail(seen, "IMG-1", problem)
        return
    url = answer["data"][0].get("url")
    if isinstance(url, str):
        judge.book.generations.put(url, Generation(body, op.operation_id))
        judge.want_fetch(url)
