"""AUTH-1..4: keys, scopes and per-key visibility, plus E8's answers (HOOK-3's 404 part)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from conformance.fromspec.bodies import BodyFactory
from conformance.run.context import RunContext
from contract import POLL_OPERATIONS, Operation, OperationId

RULES = ("ERR-1", "SEC-1", "AUTH-1", "AUTH-2", "AUTH-3", "AUTH-4", "HOOK-3")


def _path_params(op: Operation, org_id: str) -> dict[str, str]:
    """A value for each path parameter: a fresh id, or the organisation."""
    values = {"id": str(uuid.uuid4()), "orgId": org_id}
    return {p.name: values[p.name] for p in op.parameters if p.location == "path"}


def run(ctx: RunContext) -> None:
    org = ctx.target.org_id or "org-unknown"
    bad_headers = {
        "no Authorization header": None,
        "a Basic scheme": "Basic dXNlcjpwYXNz",
        "Bearer with no key": "Bearer",
        "the key without the Bearer scheme": ctx.target.api_key,
    }
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
    if exchange.status == 401:
        ctx.ledger.passed(rule, op.operation_id)
    else:
        ctx.ledger.failed(exchange.failure(rule, f"{why}: expected 401", "401"))


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
    created = ctx.api.call(op.operation_id, op.method, op.path, json_body=body)
    task = created.json() if created.status == op.success_status else None
    if not isinstance(task, dict) or "id" not in task:
        ctx.ledger.skipped("AUTH-4", OperationId.GET_ARTWORK_V2, "could not create a task to hide")
        return
    for op_id in POLL_OPERATIONS:
        exchange = ctx.call(op_id, {"id": str(task["id"])}, key=ctx.target.second_key)
        if exchange.status == 404:
            ctx.ledger.passed("AUTH-4", op_id)
        else:
            ctx.ledger.failed(exchange.failure("AUTH-4", "another key's task was visible", "404"))
    listing = ctx.call(OperationId.LIST_ARTWORKS, key=ctx.target.second_key, params={"limit": 500})
    page = listing.json()
    if listing.status == 200 and isinstance(page, list):
        leaked = any(isinstance(item, dict) and item.get("id") == task["id"] for item in page)
        if leaked:
            ctx.ledger.failed(listing.failure("AUTH-4", "another key's task was listed"))
        else:
            ctx.ledger.passed("AUTH-4", OperationId.LIST_ARTWORKS)
