"""Result images seen downloaded: RES-2, DIM-5, RES-3 for tasks; IMG-1 and IMG-2 for E4."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from conformance.judge.results import generation_image_problem, image_verdicts
from conformance.passive.seen import Seen

if TYPE_CHECKING:
    from conformance.passive.judge import Judge


def judge(judge: Judge, seen: Seen) -> None:
    """A download of a URL some answer handed out; any other unrouted exchange is not ours."""
    url = seen.exchange.url
    if seen.exchange.method != "GET" or not seen.answer_recorded:
        return
    task = judge.book.result_task(url)
    if task is not None:
        seen.exchange.operation = task.operation
        judge.ledger.task = task.id
        _result(judge, seen, task.operation, task.body, task.first.get("parameters"))
        judge.book.results.pop(url, None)
        return
    generation = judge.book.generations.pop(url, None)
    if generation is not None:
        seen.exchange.operation = generation.operation
        _generated(judge, seen, generation.operation, generation.body)


def _result(judge: Judge, seen: Seen, operation: str, body: object, params: object) -> None:
    if not isinstance(params, dict):
        return
    status = seen.exchange.status
    if status != 200:
        judge.fail(seen, "RES-2", f"the result URL answered {status}", "200 and an image")
        return
    op = judge.spec.operation(operation)
    declared = seen.exchange.response_headers.get("content-type")
    asked = body if isinstance(body, dict) else params  # the echo holds every field sent
    content = seen.exchange.content
    for verdict in image_verdicts(op, asked, params, seen.exchange.url, declared, content):
        if verdict.problem is None:
            judge.passed(seen, verdict.rule)
        else:
            shown = verdict.seen or seen.exchange.describe_file()
            judge.fail(seen, verdict.rule, verdict.problem, verdict.expected, shown)


def _generated(judge: Judge, seen: Seen, operation: str, body: dict[str, object]) -> None:
    op = judge.spec.operation(operation)
    if seen.exchange.status != 200:
        judge.fail(seen, "IMG-1", f"the image URL answered {seen.exchange.status}", "200")
        return
    declared = seen.exchange.response_headers.get("content-type")
    problem = generation_image_problem(judge.spec, op, body, declared, seen.exchange.content)
    if problem is not None:
        judge.fail(seen, "IMG-1", problem, shown=seen.exchange.describe_file())
        return
    judge.passed(seen, "IMG-1")
    seed = body.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        return
    asked = json.dumps(body, sort_keys=True)
    digest = hashlib.sha256(seen.exchange.content).hexdigest()
    before = judge.book.seeds.get(asked)
    if before is None:
        judge.book.seeds.put(asked, digest)
    elif before == digest:
        judge.passed(seen, "IMG-2")
    else:
        judge.fail(seen, "IMG-2", "the same body and seed gave different bytes", "identical")
