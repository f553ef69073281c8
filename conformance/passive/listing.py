"""Lists seen (E7): bounds, order and filters of each page; whose tasks it shows (AUTH-4)."""

from __future__ import annotations

import json
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from conformance.passive import answers
from conformance.passive.seen import Seen
from contract import Operation

if TYPE_CHECKING:
    from conformance.passive.judge import Judge
    from conformance.passive.tasks import Task

FILTERS = ("artworkType", "status")


def _instant(value: Any) -> datetime | None:
    """createdAt as an instant, so `...00Z` and `...00.000+00:00` compare as equal."""
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _typed(text: str, schema: Any) -> Any:
    """A query value as the type its schema wants (the text itself when it is not that type)."""
    if isinstance(schema, dict) and schema.get("type") in ("integer", "number"):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def judge(judge: Judge, seen: Seen, op: Operation) -> None:
    query, status = seen.query, seen.exchange.status
    values: dict[str, Any] = {}
    for param in op.parameters:
        if param.location != "query":
            continue
        if param.name not in query:
            if "default" in param.schema:
                values[param.name] = param.schema["default"]
            continue
        schema = param.schema
        if "$ref" in schema:
            schema = judge.spec.resolve(schema["$ref"])
        value = _typed(query[param.name], schema)
        if not judge.spec.inline_validator(param.schema).is_valid(value):
            rule = op.rule_for_parameter(param)
            if status == 400:
                judge.passed(seen, rule)
            elif status == 200:
                judge.fail(seen, rule, f"{param.name}={query[param.name]!r} was accepted", "400")
            return
        values[param.name] = value
    if status != 200 or not seen.answer_recorded:
        return
    page = seen.answer()
    answers.schema(judge, seen, op, page)
    if not isinstance(page, list) or not all(isinstance(item, dict) for item in page):
        judge.fail(seen, "LIST-1", "the page is not a JSON array of artworks")
        return
    _page(judge, seen, values, page)
    _owners(judge, seen, values, page)


def _page(judge: Judge, seen: Seen, values: dict[str, Any], page: list[dict[str, Any]]) -> None:
    limit = values.get("limit")
    if isinstance(limit, int):
        if len(page) <= limit:
            judge.passed(seen, "LIST-1")
        else:
            judge.fail(seen, "LIST-1", f"{len(page)} items with limit {limit}")
    if len(page) > 1:
        stamps = [_instant(item.get("createdAt")) for item in page]
        known = [stamp for stamp in stamps if stamp is not None]
        if len(known) == len(stamps) and all(a >= b for a, b in pairwise(known)):
            judge.passed(seen, "LIST-1")
        else:
            judge.fail(seen, "LIST-1", "not newest first (by createdAt)")
    for name in FILTERS:
        if name in seen.query and page:
            wanted = values.get(name)
            wrong = [item.get(name) for item in page if item.get(name) != wanted]
            if wrong:
                judge.fail(seen, "LIST-2", f"filter {name}={wanted} also gave {wrong[:3]}")
            else:
                judge.passed(seen, "LIST-2")


def _owners(judge: Judge, seen: Seen, values: dict[str, Any], page: list[dict[str, Any]]) -> None:
    """No task of another key; on a complete list, every task the key made and was told about."""
    me = seen.credentials.digest
    if me is None:
        return
    listed = {str(item.get("id")).lower() for item in page}
    for task_id in listed:
        task = judge.book.get(task_id)
        if task is not None and task.owner is not None and task.owner != me:
            judge.ledger.task = task.id
            judge.fail(seen, "AUTH-4", "the list shows a task another key created")
            return
    limit = values.get("limit")
    complete = (
        values.get("offset", 0) == 0
        and not any(name in seen.query for name in FILTERS)
        and isinstance(limit, int)
        and len(page) < limit
    )
    if not complete:
        return
    known = [
        task
        for task in judge.book.tasks.values()
        if task.created_at is not None and task.created_at <= seen.started_at
    ]
    mine = [task for task in known if task.owner == me]
    missing = [task for task in mine if task.id.lower() not in listed]
    if missing:
        judge.ledger.task = missing[0].id
        if _ended_early(missing, [task for task in mine if task.id.lower() in listed]):
            judge.fail(
                seen,
                "LIST-1",
                f"a page of {len(page)} with limit {limit}, yet the key made {len(mine)} tasks",
                "a short page only at the end of the list",
            )
        else:
            ids = [task.id for task in missing]
            judge.fail(seen, "LIST-2", f"tasks the key created are not listed: {ids[:3]}")
    elif mine:
        judge.passed(seen, "LIST-2")
    if any(task.owner not in (None, me) for task in known):
        judge.passed(seen, "AUTH-4")


def _ended_early(missing: list[Task], listed: list[Task]) -> bool:
    """Only tasks older than every listed one are missing: the page stopped short (LIST-1)."""
    oldest = min((task.created_at or 0.0 for task in listed), default=None)
    return oldest is not None and all((task.created_at or 0.0) < oldest for task in missing)
