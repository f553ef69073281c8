"""AUTH-1..4: keys, scopes and per-key visibility, plus E8's answers (HOOK-3's 404 part)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from conformance.fromspec.bodies import BodyFactory
from conformance.judge.variants import STATUS_SCHEMA, route_of
from conformance.run.context import RunContext
from conformance.run.outcome import Variant
from contract import POLL_OPERATIONS, Operation, OperationId

RULES = ("ERR-1", "SEC-1", "AUTH-1", "AUTH-2", "AUTH-3", "AUTH-4", "HOOK-3")
SCHEME_SPELLINGS = ("bearer", "BEARER")  # AUTH-1: the scheme name is case-insensitive


def _path_params(op: Operation, org_id: str) -> dict[str, str]:
    """A value for each path parameter: a fresh id, or the organisation."""
    values = {"id": str(uuid.uuid4()), "orgId": org_id}
    return {p.name: values[p.name] for p in op.parameters if p.location == "path"}


def run(ctx: RunContext) -> None:
    org = ctx.target.org_id or "org-unknown"
    key = ctx.target.api_key
    bad_headers = {
        "no Authorization header": None,
        "a Basic scheme": "Basic dXNlcjpwYXNz",
        "Bearer with no key": "Bearer",
        "the key without the Bearer scheme": key,
        "a valid key under the Basic scheme": f"Basic {key}",
        "a valid key under the Token scheme": f"Token {key}",
    }
    for why in bad_headers:
        ctx.ledger.expect("AUTH-1", Variant("form", why))
    may_rotate = ctx.target.bundled or ctx.settings.allow_rotation
    probes: list[Callable[[], None]] = []
    for op in ctx.operations():
        if op.operation_id == OperationId.ROTATE_WEBHOOK_SECRET and not may_rotate:
            continue  # a server with the very bug probed here would rotate a live secret
        path = op.url(**_path_params(op, org))
        body = (
            BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480)).minimal()
            if op.has_body
            else None
        )
        for why, header in bad_headers.items():
            probes.append(partial(_refused, ctx, op, path, body, "AUTH-1", why, None, header))
        if op.operation_id == OperationId.LIST_ARTWORKS:
            for spelling in SCHEME_SPELLINGS:
                probes.append(partial(_scheme_accepted, ctx, op, spelling))
        unknown = f"sk-unknown-{secrets.token_hex(12)}"
        probes.append(partial(_refused, ctx, op, path, body, "AUTH-2", "an unknown key", unknown))
    ctx.concurrently(probes)
    _scopes(ctx)
    _visibility(ctx)


def _refused(
    ctx: RunContext,
    op: Operation,
    path: str,
    body: Any,
    rule: str,
    why: str,
    key: str | None,
    authorization: str | None = None,
) -> None:
    """A request with a bad or unknown key must get 401."""
    exchange = ctx.api.call(
        op.operation_id, op.method, path, key=key, authorization=authorization, json_body=body
    )
    variants = [Variant("form", why)] if rule == "AUTH-1" else []
    if exchange.status == 401:
        ctx.ledger.passed(rule, op.operation_id, variants)
    else:
        ctx.ledger.failed(exchange.failure(rule, f"{why}: expected 401", "401"), variants)


def _scheme_accepted(ctx: RunContext, op: Operation, spelling: str) -> None:
    """AUTH-1: the scheme name is case-insensitive, so `bearer <key>` is a valid header."""
    why = f"the scheme spelled {spelling!r}"
    header = f"{spelling} {ctx.target.api_key}"
    exchange = ctx.api.call(op.operation_id, op.method, op.path, authorization=header)
    variants = [Variant("form", f"{why} is accepted")]
    if exchange.status == 200:
        ctx.ledger.passed("AUTH-1", op.operation_id, variants)
    else:
        failure = exchange.failure("AUTH-1", f"{why} with a valid key was refused", "200")
        ctx.ledger.failed(failure, variants)


def _scopes(ctx: RunContext) -> None:
    op_id = OperationId.ROTATE_WEBHOOK_SECRET
    if not ctx.selected(op_id):
        return
    if not ctx.target.org_id:
        for rule in ("AUTH-3", "HOOK-3"):
            ctx.ledger.skipped(rule, op_id, "no organisation id given (--org-id)")
        return
    if not (ctx.target.bundled or ctx.settings.allow_rotation):
        reason = "probing E8 may rotate a live secret on a broken server: pass --allow-rotation"
        for rule in ("AUTH-1", "AUTH-2", "AUTH-3", "HOOK-3"):
            ctx.ledger.skipped(rule, op_id, reason)
        return
    exchange = ctx.call(op_id, {"orgId": ctx.target.org_id})
    if exchange.status == 403:
        ctx.ledger.passed("AUTH-3", op_id)
    else:
        ctx.ledger.failed(exchange.failure("AUTH-3", "a generator key rotated the secret", "403"))
    if not ctx.target.manager_key:
        ctx.ledger.skipped("HOOK-3", op_id, "no manager key given (--manager-key)")
        return
    stranger = {"orgId": f"org-{secrets.token_hex(8)}"}
    exchange = ctx.call(op_id, stranger, key=ctx.target.manager_key)
    if exchange.status == 404:
        ctx.ledger.passed("HOOK-3", op_id)
    else:
        ctx.ledger.failed(exchange.failure("HOOK-3", "another organisation's orgId", "404"))


def _visibility(ctx: RunContext) -> None:
    """AUTH-4: a task made by one key is invisible to another key."""
    if not ctx.selected(OperationId.CREATE_QUANTUM):
        return
    if not ctx.target.second_key:
        ctx.ledger.skipped(
            "AUTH-4", OperationId.GET_ARTWORK_V2, "no second key given (--second-key)"
        )
        return
    op = ctx.spec.operation(OperationId.CREATE_QUANTUM)
    body = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480)).minimal()
    tasks = []
    for _ in range(2):  # two, so that a leak past `offset` shows the older one
        created = ctx.api.call(op.operation_id, op.method, op.path, json_body=body)
        task = created.json() if created.status == op.success_status else None
        if isinstance(task, dict) and "id" in task:
            tasks.append(task)
    if len(tasks) < 2:
        ctx.ledger.skipped("AUTH-4", OperationId.GET_ARTWORK_V2, "could not create a task to hide")
        return
    for op_id in POLL_OPERATIONS:
        exchange = ctx.call(op_id, {"id": str(tasks[0]["id"])}, key=ctx.target.second_key)
        if exchange.status == 404:
            ctx.ledger.passed("AUTH-4", op_id)
        else:
            ctx.ledger.failed(exchange.failure("AUTH-4", "another key's task was visible", "404"))
    hidden = {task["id"] for task in tasks}
    ctx.concurrently(
        partial(_not_listed, ctx, params, hidden) for params in _listings(ctx, tasks[0])
    )


def _listings(ctx: RunContext, task: dict[str, Any]) -> list[dict[str, Any]]:
    """E7 plain, past an offset, and under every filter value alone and together."""
    op = ctx.spec.operation(OperationId.LIST_ARTWORKS)
    limit = next(p for p in op.parameters if p.name == "limit").schema.get("maximum", 100)
    listings: list[dict[str, Any]] = [{"limit": limit}, {"limit": limit, "offset": 1}]
    statuses = ctx.spec.component(STATUS_SCHEMA)["enum"]
    kind = task.get("artworkType")
    listings.append({"limit": limit, "artworkType": kind})
    listings += [{"limit": limit, "status": status} for status in statuses]
    listings += [{"limit": limit, "artworkType": kind, "status": status} for status in statuses]
    return listings


def _not_listed(ctx: RunContext, params: dict[str, Any], hidden: set[Any]) -> None:
    """AUTH-4 on one listing: none of another key's tasks may be in it."""
    listing = ctx.call(OperationId.LIST_ARTWORKS, key=ctx.target.second_key, params=params)
    page = listing.json()
    if listing.status != 200 or not isinstance(page, list):
        return  # LIST-1/LIST-2 judge the listing itself
    variants = [route_of(params)]
    if any(isinstance(item, dict) and item.get("id") in hidden for item in page):
        failure = listing.failure("AUTH-4", f"another key's task was listed with {params}")
        ctx.ledger.failed(failure, variants)
    else:
        ctx.ledger.passed("AUTH-4", OperationId.LIST_ARTWORKS, variants)
