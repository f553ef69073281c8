"""LIST-1 and LIST-2: paging bounds, newest-first order, filters, and new tasks showing at once."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import partial
from itertools import pairwise
from typing import Any

from conformance.fromspec.bodies import BodyFactory
from conformance.judge.lifecycle import TERMINAL
from conformance.run.context import RunContext
from conformance.run.exchange import Exchange
from conformance.run.outcome import Variant
from contract import OperationId

RULES = ("LIST-1", "LIST-2")
ONE_FILTER, BOTH_FILTERS = "one filter", "both filters at once"
MIN_PAGES = 3  # LIST-1 walks a list of about this many pages
FULL_PAGE, LAST_PAGE, PAST_END = "a full page inside a longer list", "the last page", "past the end"
OP = OperationId.LIST_ARTWORKS


def _page(ctx: RunContext, **params: Any) -> tuple[Exchange, list[dict[str, Any]] | None]:
    exchange = ctx.call(OP, params=params)
    page = exchange.json()
    if exchange.status == 200 and isinstance(page, list) and all(isinstance(i, dict) for i in page):
        return exchange, page
    return exchange, None


def run(ctx: RunContext) -> None:
    if not ctx.selected(OP):
        return
    limit = ctx.spec.operation(OP).raw["parameters"][0]["schema"]
    for params in (
        {"limit": limit["minimum"] - 1},
        {"limit": limit["maximum"] + 1},
        {"offset": -1},
        {"limit": "ten"},
    ):
        exchange = ctx.call(OP, params=params)
        if exchange.status == 400:
            ctx.ledger.passed("LIST-1", OP)
        else:
            ctx.ledger.failed(exchange.failure("LIST-1", f"out-of-range {params}", "400"))
    created = _create_some(ctx)
    exchange, page = _page(ctx)
    if page is None:
        ctx.ledger.failed(
            exchange.failure("LIST-1", "the default page is not a JSON array of artworks")
        )
        return
    default_limit = limit.get("default", 10)
    _check(
        ctx,
        exchange,
        len(page) <= default_limit,
        "LIST-1",
        f"{len(page)} items with the default limit {default_limit}",
    )
    stamps = [_instant(item.get("createdAt")) for item in page]
    known = [stamp for stamp in stamps if stamp is not None]
    ordered = len(known) == len(stamps) and all(a >= b for a, b in pairwise(known))
    _check(ctx, exchange, ordered, "LIST-1", "not newest first (by createdAt)")
    if created:
        head = {item.get("id") for item in page[: len(created)]}
        fresh = {task.get("id") for task in created}
        _check(ctx, exchange, head == fresh, "LIST-1", "the tasks just created are not first")
        everything_ex, everything = _page(ctx, limit=limit["maximum"])
        listed = {item.get("id") for item in everything or []}
        missing = sorted(str(task_id) for task_id in fresh - listed)
        _check(
            ctx, everything_ex, not missing, "LIST-2", f"new tasks not listed at once: {missing}"
        )
    _, full = _page(ctx, limit=5)
    shifted_ex, shifted = _page(ctx, limit=3, offset=2)
    if full is not None and shifted is not None and len(full) == 5:
        same = [i.get("id") for i in full[2:5]] == [i.get("id") for i in shifted]
        _check(ctx, shifted_ex, same, "LIST-1", "offset 2 does not skip the two newest")
    one_ex, one = _page(ctx, limit=1)
    if one is not None:
        _check(ctx, one_ex, len(one) <= 1, "LIST-1", f"limit 1 gave {len(one)} items")
    _pages(ctx, limit)
    _filters(ctx)


def _pages(ctx: RunContext, limit: dict[str, Any]) -> None:
    """LIST-1 on a list longer than a page: full pages until the end, the same tasks in order."""
    for name in (FULL_PAGE, LAST_PAGE, PAST_END):
        ctx.ledger.expect("LIST-1", Variant("boundary", name))
    everything_ex, everything = _page(ctx, limit=limit["maximum"])
    if everything is not None and len(everything) < MIN_PAGES * 2:
        _create_some(ctx, MIN_PAGES * 2 - len(everything))
        everything_ex, everything = _page(ctx, limit=limit["maximum"])
    if everything is None or len(everything) < MIN_PAGES:
        ctx.ledger.skipped("LIST-1", OP, "too few tasks to walk a list of several pages")
        return
    total = len(everything)
    size = max(1, -(-min(total, limit["maximum"] - 1) // MIN_PAGES))  # about MIN_PAGES pages
    if total % size == 0 and size > 1:
        size -= 1  # so that the last page is a short one
    walked: list[Any] = []
    offsets = [*range(0, total, size), total]
    if total == limit["maximum"]:  # the list may go on past what one call can show
        offsets = [offset for offset in offsets if offset + size <= total]
        everything = everything[: len(offsets) * size]
    for offset in offsets:
        exchange, page = _page(ctx, limit=size, offset=offset)
        if page is None:
            return
        expected = min(size, total - offset)
        name = FULL_PAGE if expected == size else LAST_PAGE if expected else PAST_END
        ok = len(page) == expected
        problem = f"offset {offset} limit {size} of a {total}-task list gave {len(page)} items"
        _check(ctx, exchange, ok, "LIST-1", problem, [Variant("boundary", name)])
        walked += [item.get("id") for item in page]
    # as multisets: tasks created in the same instant may come in either order
    same = Counter(map(str, walked)) == Counter(str(item.get("id")) for item in everything)
    _check(ctx, everything_ex, same, "LIST-1", "the pages do not add up to the whole list")


def _instant(value: Any) -> datetime | None:
    """createdAt as an instant, so `...00Z` and `...00.000+00:00` compare as equal."""
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _create_some(ctx: RunContext, count: int = 2) -> list[dict[str, Any]]:
    created = []
    kinds = [OperationId.CREATE_QUANTUM, OperationId.CREATE_SELENA_VARIETE]
    for op_id in [kinds[index % len(kinds)] for index in range(count)]:
        if not ctx.selected(op_id):
            continue
        op = ctx.spec.operation(op_id)
        body = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480)).minimal()
        exchange = ctx.api.call(op_id, op.method, op.path, json_body=body)
        answer = exchange.json()
        if exchange.status == op.success_status and isinstance(answer, dict):
            created.append(answer)
    return created


def _filters(ctx: RunContext) -> None:
    params = {p["name"]: p for p in ctx.spec.operation(OP).raw["parameters"]}
    values = {
        name: ctx.spec.resolve(params[name]["schema"]["$ref"])["enum"]
        for name in ("artworkType", "status")
    }
    alone = [{name: value} for name, options in values.items() for value in options]
    # both at once: a server may honour one filter and drop the other
    both = [{"artworkType": kind, "status": TERMINAL[0]} for kind in values["artworkType"]]
    for form in (ONE_FILTER, BOTH_FILTERS):
        ctx.ledger.expect("LIST-2", Variant("form", form))
    ctx.concurrently(partial(_filtered, ctx, filters) for filters in [*alone, *both])
    exchange = ctx.call(OP, params={"status": "not-a-status"})
    _check(
        ctx, exchange, exchange.status == 400, "LIST-2", "an unknown status filter was not refused"
    )


def _filtered(ctx: RunContext, filters: dict[str, Any]) -> None:
    """LIST-2: filters return only matching tasks."""
    exchange, page = _page(ctx, **filters, limit=50)
    variants = [Variant("form", ONE_FILTER if len(filters) == 1 else BOTH_FILTERS)]
    if page is None:
        failure = exchange.failure("LIST-2", f"filters {filters}", "200 and an array")
        ctx.ledger.failed(failure, variants)
        return
    wrong = [
        {name: item.get(name) for name in filters}
        for item in page
        if any(item.get(name) != value for name, value in filters.items())
    ]
    problem = f"filters {filters} also gave {wrong[:3]}"
    _check(ctx, exchange, not wrong, "LIST-2", problem, variants)


def _check(
    ctx: RunContext,
    exchange: Exchange,
    ok: bool,
    rule: str,
    problem: str,
    variants: list[Variant] | None = None,
) -> None:
    if ok:
        ctx.ledger.passed(rule, OP, variants or ())
    else:
        ctx.ledger.failed(exchange.failure(rule, problem), variants or ())
