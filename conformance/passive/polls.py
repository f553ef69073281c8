"""Polls seen (E5/E6): the same task across polls, its life moving forward, its results (RES-1)."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from conformance.judge.lifecycle import (
    TERMINAL,
    invariant_problems,
    order_problem,
    poll_change,
)
from conformance.judge.results import count_verdicts
from conformance.passive import answers
from conformance.passive.seen import Seen
from conformance.passive.tasks import Task
from contract import TASK_OPERATIONS, Operation

if TYPE_CHECKING:
    from conformance.passive.judge import Judge

PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # an id any router sends to E5/E6


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def judge(judge: Judge, seen: Seen, op: Operation, task_id: str) -> None:
    status = seen.exchange.status
    task_id = unquote(task_id)
    judge.ledger.task = task_id
    if not _is_uuid(task_id):
        if status == 400:
            judge.passed(seen, "GET-1")
        elif PLAIN_ID.fullmatch(task_id) or (status is not None and 200 <= status < 300):
            judge.fail(seen, "GET-1", f"an id that is not a UUID was answered {status}", "400")
        return  # slashes, control bytes, huge ids: any refusal will do (routing may 404 them)
    task = judge.book.get(task_id)
    other_key = (
        task is not None
        and task.owner is not None
        and seen.credentials.digest is not None
        and task.owner != seen.credentials.digest
    )
    if status == 404:
        if other_key:
            judge.passed(seen, "AUTH-4")
        elif task is None:
            judge.passed(seen, "GET-1")  # a UUID no traffic seen has created
        return
    if status != 200 or not seen.answer_recorded:
        return
    answer = seen.answer()
    answers.schema(judge, seen, op, answer)
    if not isinstance(answer, dict):
        return
    if other_key:
        judge.fail(seen, "AUTH-4", "another key read the task", "404")
        return
    if task is None:
        task = _first_seen(judge, seen, answer)
        if task is None:
            return
    else:
        _same_task(judge, seen, task, answer)
    problems = invariant_problems(answer)
    if problems:
        judge.fail(seen, "LIFE-4", "; ".join(problems))
    else:
        judge.passed(seen, "LIFE-4")
    _deadline(judge, seen, task, str(answer.get("status")))
    if answer.get("status") in TERMINAL and task.terminal_at is None:
        task.terminal_at = seen.answered_at
    if answer.get("status") == "succeeded" and not task.results_judged:
        _results(judge, seen, task, answer)


def _first_seen(judge: Judge, seen: Seen, answer: dict[str, Any]) -> Task | None:
    """A task created before the traffic began: its first poll is what later polls must repeat."""
    creator = next(
        (
            op
            for op in (judge.spec.operation(name) for name in TASK_OPERATIONS)
            if judge.spec.artwork_type(op) == answer.get("artworkType")
        ),
        None,
    )
    if creator is None or not isinstance(answer.get("id"), str):
        return None
    return judge.book.add(
        Task(
            id=answer["id"],
            operation=creator.operation_id,
            owner=seen.credentials.digest,
            body=None,
            first=answer,
            created_at=None,
            status=str(answer.get("status")),
            status_at=seen.answered_at,
        )
    )


def _same_task(judge: Judge, seen: Seen, task: Task, answer: dict[str, Any]) -> None:
    """ECHO-2 against the 202 (or first poll); LIFE-2 against the last answer that came before."""
    changed = poll_change(task.first, answer)
    if changed is not None:
        judge.fail(seen, "ECHO-2", changed[0], shown=changed[1])
    else:
        judge.passed(seen, "ECHO-2")
    status = str(answer.get("status"))
    if seen.started_at < task.status_at:
        return  # overlapping requests: the server may have answered them in either order
    step = order_problem(task.status, status)
    if step is not None:
        judge.fail(seen, "LIFE-2", step)
    else:
        judge.passed(seen, "LIFE-2")
    task.status, task.status_at = status, seen.answered_at


def _deadline(judge: Judge, seen: Seen, task: Task, status: str) -> None:
    """LIFE-3, only with a time budget and a 202 seen: terminal within it, or running after."""
    budget = judge.time_budget
    if budget is None or task.created_at is None or task.deadline_judged:
        return
    if status in TERMINAL and seen.answered_at - task.created_at <= budget:
        task.deadline_judged = True
        judge.passed(seen, "LIFE-3")
    elif status not in TERMINAL and seen.started_at - task.created_at > budget:
        task.deadline_judged = True
        waited = seen.started_at - task.created_at
        judge.fail(seen, "LIFE-3", f"still {status!r} after {waited:.1f} s", f"within {budget} s")


def _results(judge: Judge, seen: Seen, task: Task, answer: dict[str, Any]) -> None:
    task.results_judged = True
    params, results = answer.get("parameters"), answer.get("results")
    if not isinstance(params, dict) or not isinstance(results, list):
        return
    op = judge.spec.operation(task.operation)
    for verdict in count_verdicts(op, params, results):
        if verdict.problem is None:
            judge.ledger.passed(verdict.rule, task.operation)
        else:
            judge.fail(seen, verdict.rule, verdict.problem, verdict.expected, verdict.seen)
    urls = [url for url in results if isinstance(url, str)]
    judge.book.add_results(task, urls)
    for url in urls:
        judge.want_fetch(url)
