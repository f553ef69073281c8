"""AUTH-1..4: keys, scopes and per-key visibility, plus E8's answers (HOOK-3's 404 part)."""

from __future__ import annotations

import secrets
import uuid

from conformance.bodies import BodyFactory
from conformance.context import RunContext

RULES = ("ERR-1", "SEC-1", "AUTH-1", "AUTH-2", "AUTH-3", "AUTH-4", "HOOK-3")


def _path(path: str, org_id: str) -> str:
    return path.replace("{id}", str(uuid.uuid4())).replace("{orgId}", org_id)


def run(ctx: RunContext) -> None:
    org = ctx.target.org_id or "org-unknown"
    bad_headers = {
        "no Authorization header": None,
        "a Basic scheme": "Basic dXNlcjpwYXNz",
        "Bearer with no key": "Bearer",
        "the key without the Bearer scheme": ctx.target.api_key,
    }
    may_rotate = ctx.target.bundled or ctx.settings.allow_rotation
    for op in ctx.operations():
        if op.operation_id == "rotateWebhookSecret" and not may_rotate:
            continue  # a server with the very bug probed here would rotate a live secret
        path = _path(op.path, org)
        body = (
            BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480)).minimal()
            if op.has_body
            else None
        )
        for why, header in bad_headers.items():
            exchange = ctx.api.call(
                op.operation_id, op.method, path, key=None, authorization=header, json_body=body
            )
            if exchange.status == 401:
                ctx.ledger.passed("AUTH-1", op.operation_id)
            else:
                ctx.ledger.failed(exchange.failure("AUTH-1", f"{why}: expected 401", "401"))
        unknown = f"sk-unknown-{secrets.token_hex(12)}"
        exchange = ctx.api.call(op.operation_id, op.method, path, key=unknown, json_body=body)
        if exchange.status == 401:
            ctx.ledger.passed("AUTH-2", op.operation_id)
        else:
            ctx.ledger.failed(exchange.failure("AUTH-2", "an unknown key: expected 401", "401"))
    _scopes(ctx)
    _visibility(ctx)


def _scopes(ctx: RunContext) -> None:
    op_id = "rotateWebhookSecret"
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
    path = f"/v2/organizations/{ctx.target.org_id}/webhook-secret"
    exchange = ctx.api.call(op_id, "POST", path)
    if exchange.status == 403:
        ctx.ledger.passed("AUTH-3", op_id)
    else:
        ctx.ledger.failed(exchange.failure("AUTH-3", "a generator key rotated the secret", "403"))
    if not ctx.target.manager_key:
        ctx.ledger.skipped("HOOK-3", op_id, "no manager key given (--manager-key)")
        return
    stranger = f"/v2/organizations/org-{secrets.token_hex(8)}/webhook-secret"
    exchange = ctx.api.call(op_id, "POST", stranger, key=ctx.target.manager_key)
    if exchange.status == 404:
        ctx.ledger.passed("HOOK-3", op_id)
    else:
        ctx.ledger.failed(exchange.failure("HOOK-3", "another organisation's orgId", "404"))


def _visibility(ctx: RunContext) -> None:
    """AUTH-4: a task made by one key is invisible to another key."""
    if not ctx.selected("createQuantumArtwork"):
        return
    if not ctx.target.second_key:
        ctx.ledger.skipped("AUTH-4", "getArtworkV2", "no second key given (--second-key)")
        return
    op = ctx.spec.operation("createQuantumArtwork")
    body = BodyFactory(ctx.spec, op, ctx.sidecar.image_url(640, 480)).minimal()
    created = ctx.api.call(op.operation_id, op.method, op.path, json_body=body)
    task = created.json() if created.status == op.success_status else None
    if not isinstance(task, dict) or "id" not in task:
        ctx.ledger.skipped("AUTH-4", "getArtworkV2", "could not create a task to hide")
        return
    for op_id, path in (("getArtworkV2", "/v2/artworks/"), ("getArtworkV1", "/v1/artworks/")):
        exchange = ctx.api.call(op_id, "GET", path + str(task["id"]), key=ctx.target.second_key)
        if exchange.status == 404:
            ctx.ledger.passed("AUTH-4", op_id)
        else:
            ctx.ledger.failed(exchange.failure("AUTH-4", "another key's task was visible", "404"))
    listing = ctx.api.call(
        "listArtworks", "GET", "/v2/artworks", key=ctx.target.second_key, params={"limit": 500}
    )
    page = listing.json()
    if listing.status == 200 and isinstance(page, list):
        leaked = any(isinstance(item, dict) and item.get("id") == task["id"] for item in page)
        if leaked:
            ctx.ledger.failed(listing.failure("AUTH-4", "another key's task was listed"))
        else:
            ctx.ledger.passed("AUTH-4", "listArtworks")
