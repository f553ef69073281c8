"""Walks the OpenAPI surface of two documents: each operation of `paths` and `webhooks` (its
names, docs and security here; its data in `bodies`), then the rest of the document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from specdiff.bodies import diff_parameters, diff_request_body, diff_responses
from specdiff.context import DiffContext
from specdiff.document import diff_outside_operations
from specdiff.keywords import canonical
from specdiff.model import REQUEST, RESPONSE, ChangeId, Finding
from specdiff.pointers import join
from specdiff.schemas import DESCRIPTION_CHANGED, ENFORCES_CHANGED, SUMMARY_CHANGED, inline
from specdiff.surface import Endpoint, endpoints, security

ENDPOINT_ADDED = ChangeId("endpoint-added")
ENDPOINT_REMOVED = ChangeId("endpoint-removed")
ENDPOINT_DEPRECATED = ChangeId("endpoint-deprecated")
ENDPOINT_UNDEPRECATED = ChangeId("endpoint-undeprecated")
WEBHOOK_ADDED = ChangeId("webhook-added")
WEBHOOK_REMOVED = ChangeId("webhook-removed")
WEBHOOK_RECEIVER_ANSWER_CHANGED = ChangeId("webhook-receiver-answer-changed")
OPERATION_ID_CHANGED = ChangeId("operation-id-changed")
OPERATION_TAGS_CHANGED = ChangeId("operation-tags-changed")
OPERATION_CHANGED = ChangeId("operation-changed")
SECURITY_ADDED = ChangeId("api-security-added")
SECURITY_REMOVED = ChangeId("api-security-removed")
SECURITY_CHANGED = ChangeId("api-security-changed")
SECURITY_SCOPE_ADDED = ChangeId("api-security-scope-added")
SECURITY_SCOPE_REMOVED = ChangeId("api-security-scope-removed")

_DOCS = {"summary": SUMMARY_CHANGED, "description": DESCRIPTION_CHANGED}
_OPERATION_KEYS = {
    "operationId",
    "tags",
    "summary",
    "description",
    "deprecated",
    "security",
    "parameters",
    "requestBody",
    "responses",
    "externalDocs",
    "x-enforces",
    "x-rules",
}


def diff_document(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Finding]:
    """Every finding of the OpenAPI surface (the x- vocabulary is `specdiff.xrules`' job)."""
    ctx = DiffContext(old, new)
    old_ops, new_ops = endpoints(old), endpoints(new)
    for key in sorted(set(old_ops) | set(new_ops)):
        before, after = old_ops.get(key), new_ops.get(key)
        if after is None and before is not None:
            gone = WEBHOOK_REMOVED if before.webhook else ENDPOINT_REMOVED
            ctx.add(gone, before.pointer, before.label, {before.operation_id})
        elif before is None and after is not None:
            new_one = WEBHOOK_ADDED if after.webhook else ENDPOINT_ADDED
            ctx.add(new_one, after.pointer, after.label, {after.operation_id})
        elif before is not None and after is not None:
            _operation(ctx, before, after)
    diff_outside_operations(ctx)
    return ctx.found


def _operation(ctx: DiffContext, before: Endpoint, after: Endpoint) -> None:
    o, n, ptr = before.raw, after.raw, after.pointer
    ops = frozenset({after.operation_id})
    label = f"{after.label} ({after.operation_id})"
    if before.operation_id != after.operation_id:
        ctx.add(
            OPERATION_ID_CHANGED,
            join(ptr, "operationId"),
            label,
            ops | {before.operation_id},
            before.operation_id,
            after.operation_id,
        )
    o_tag, n_tag = (o.get("tags") or [None])[0], (n.get("tags") or [None])[0]
    if o_tag != n_tag:
        ctx.add(OPERATION_TAGS_CHANGED, join(ptr, "tags"), label, ops, o_tag, n_tag)
    if bool(o.get("deprecated")) != bool(n.get("deprecated")):
        flag = ENDPOINT_DEPRECATED if n.get("deprecated") else ENDPOINT_UNDEPRECATED
        ctx.add(flag, join(ptr, "deprecated"), label, ops)
    for key, change in _DOCS.items():
        if o.get(key) != n.get(key):
            ctx.add(change, join(ptr, key), label, ops)
    if o.get("x-enforces") != n.get("x-enforces"):
        ctx.add(
            ENFORCES_CHANGED,
            join(ptr, "x-enforces"),
            label,
            ops,
            o.get("x-enforces"),
            n.get("x-enforces"),
        )
    for key in sorted((set(o) | set(n)) - _OPERATION_KEYS):
        if canonical(inline(ctx.old, o.get(key))) != canonical(inline(ctx.new, n.get(key))):
            ctx.add(OPERATION_CHANGED, join(ptr, key), label, ops, key, key)
    _security(ctx, before, after, label, ops)
    # A webhook is sent by the server and read by the client: its data is response-side.
    side = RESPONSE if after.webhook else REQUEST
    diff_parameters(ctx, before, after, side, label, ops)
    diff_request_body(ctx, before, after, side, label, ops)
    if not after.webhook:
        diff_responses(ctx, before, after, label, ops)
    elif canonical(inline(ctx.old, o.get("responses"))) != canonical(
        inline(ctx.new, n.get("responses"))
    ):
        ctx.add(WEBHOOK_RECEIVER_ANSWER_CHANGED, join(ptr, "responses"), label, ops)


def _security(
    ctx: DiffContext, before: Endpoint, after: Endpoint, label: str, ops: frozenset[str]
) -> None:
    o_sec, o_ptr = security(ctx.old, before)
    n_sec, n_ptr = security(ctx.new, after)
    if o_sec == n_sec:
        return
    pointer = n_ptr if after.raw.get("security") is not None else o_ptr
    if not o_sec or not n_sec:
        ctx.add(SECURITY_ADDED if n_sec else SECURITY_REMOVED, pointer, label, ops)
    elif set(o_sec) != set(n_sec):
        ctx.add(SECURITY_CHANGED, pointer, label, ops, sorted(o_sec), sorted(n_sec))
    else:
        for scheme in sorted(n_sec):
            added, removed = n_sec[scheme] - o_sec[scheme], o_sec[scheme] - n_sec[scheme]
            if added:
                ctx.add(SECURITY_SCOPE_ADDED, pointer, label, ops, None, sorted(added))
            if removed:
                ctx.add(SECURITY_SCOPE_REMOVED, pointer, label, ops, sorted(removed))
