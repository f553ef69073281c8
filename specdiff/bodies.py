"""The data of an operation: parameters, request body, responses, headers and their media types."""

from __future__ import annotations

from specdiff.context import DiffContext
from specdiff.keywords import CONSTRAINT_CHANGED, DEPRECATED, UNDEPRECATED, canonical
from specdiff.model import REQUEST, RESPONSE, ChangeId, Sided
from specdiff.pointers import follow, join
from specdiff.schemas import (
    ADDED,
    BECAME_OPTIONAL,
    BECAME_REQUIRED,
    DESCRIPTION_CHANGED,
    EXAMPLE_CHANGED,
    REMOVED,
    REQUIRED_ADDED,
    SchemaDiff,
    inline,
)
from specdiff.surface import Endpoint, Located, parameters

MEDIA_TYPE_ADDED = Sided("request-media-type-added", "response-media-type-added")
MEDIA_TYPE_REMOVED = Sided("request-media-type-removed", "response-media-type-removed")
SUCCESS_STATUS_ADDED = ChangeId("response-success-status-added")
SUCCESS_STATUS_REMOVED = ChangeId("response-success-status-removed")
ERROR_STATUS_ADDED = ChangeId("response-error-status-added")
ERROR_STATUS_REMOVED = ChangeId("response-error-status-removed")
LINK_CHANGED = ChangeId("response-link-changed")

# flag -> (the ID when it is set, when it is cleared)
_FLAGS = {"required": (BECAME_REQUIRED, BECAME_OPTIONAL), "deprecated": (DEPRECATED, UNDEPRECATED)}
_SERIALISATION = {"style", "explode", "allowReserved", "allowEmptyValue"}


def diff_parameters(
    ctx: DiffContext, before: Endpoint, after: Endpoint, side: str, label: str, ops: frozenset[str]
) -> None:
    """Parameters matched by location and name (a webhook's are the headers it is sent with)."""
    o_params = dict(parameters(ctx.old, before))
    n_params = dict(parameters(ctx.new, after))
    noun = "header" if side == RESPONSE else "parameter"
    walk = ctx.schemas(side, ops)
    for key in sorted(set(o_params) | set(n_params)):
        subject = f"{label} {key[0]} {noun} {key[1]}"
        if key not in n_params:
            walk.add(REMOVED, o_params[key][1], subject, noun)
            continue
        n, n_ptr = n_params[key]
        if key not in o_params:
            walk.add(REQUIRED_ADDED if n.get("required") else ADDED, n_ptr, subject, noun)
            continue
        _flags_and_schema(walk, o_params[key], (n, n_ptr), noun, subject)


def _flags_and_schema(
    walk: SchemaDiff, before: Located, after: Located, noun: str, subject: str
) -> None:
    """A parameter, header or request body: its `required`, docs, and its schema."""
    (o, o_ptr), (n, n_ptr) = before, after
    for flag, (raised, lowered) in _FLAGS.items():
        if bool(o.get(flag)) != bool(n.get(flag)):
            walk.add(raised if n.get(flag) else lowered, join(n_ptr, flag), subject, noun)
    if o.get("description") != n.get("description"):
        walk.add(DESCRIPTION_CHANGED, join(n_ptr, "description"), subject, noun)
    for key in ("example", "examples"):
        if canonical(o.get(key)) != canonical(n.get(key)):
            walk.add(EXAMPLE_CHANGED, join(n_ptr, key), subject, noun)
    if "schema" in o or "schema" in n:
        walk.compare(
            o.get("schema", {}),
            join(o_ptr, "schema"),
            n.get("schema", {}),
            join(n_ptr, "schema"),
            noun,
            subject,
        )
    for key in sorted(_SERIALISATION & (set(o) | set(n))):
        if o.get(key) != n.get(key):
            walk.add(CONSTRAINT_CHANGED, join(n_ptr, key), subject, noun, key, key)


def diff_request_body(
    ctx: DiffContext, before: Endpoint, after: Endpoint, side: str, label: str, ops: frozenset[str]
) -> None:
    """The request body (a webhook's is the delivery: response-side data)."""
    o_raw, n_raw = before.raw.get("requestBody"), after.raw.get("requestBody")
    walk = ctx.schemas(side, ops)
    subject = f"{label} request body"
    if o_raw is None and n_raw is None:
        return
    if n_raw is None:
        walk.add(REMOVED, join(before.pointer, "requestBody"), subject, "body")
        return
    n, n_ptr = follow(ctx.new, n_raw, join(after.pointer, "requestBody"))
    if o_raw is None:
        walk.add(REQUIRED_ADDED if n.get("required") else ADDED, n_ptr, subject, "body")
        return
    o, o_ptr = follow(ctx.old, o_raw, join(before.pointer, "requestBody"))
    _flags_and_schema(walk, (o, o_ptr), (n, n_ptr), "body", subject)
    _content(ctx, walk, (o, o_ptr), (n, n_ptr), REQUEST, subject)


def _content(
    ctx: DiffContext, walk: SchemaDiff, before: Located, after: Located, side: str, subject: str
) -> None:
    (o, o_ptr), (n, n_ptr) = before, after
    o_media, n_media = o.get("content") or {}, n.get("content") or {}
    for media in sorted(set(o_media) | set(n_media)):
        o_at, n_at = join(o_ptr, "content", media), join(n_ptr, "content", media)
        if media not in n_media:
            ctx.add(MEDIA_TYPE_REMOVED.on(side), o_at, subject, walk.operations, media)
        elif media not in o_media:
            ctx.add(MEDIA_TYPE_ADDED.on(side), n_at, subject, walk.operations, None, media)
        else:
            o_m, n_m = o_media[media], n_media[media]
            if canonical(inline(ctx.old, o_m.get("examples"))) != canonical(
                inline(ctx.new, n_m.get("examples"))
            ) or canonical(o_m.get("example")) != canonical(n_m.get("example")):
                walk.add(EXAMPLE_CHANGED, join(n_at, "examples"), subject, "body")
            walk.compare(
                o_m.get("schema", {}),
                join(o_at, "schema"),
                n_m.get("schema", {}),
                join(n_at, "schema"),
                "body",
                subject,
            )


def diff_responses(
    ctx: DiffContext, before: Endpoint, after: Endpoint, label: str, ops: frozenset[str]
) -> None:
    """Statuses added or removed (success and error apart), and each kept answer's data."""
    o_all, n_all = before.raw.get("responses") or {}, after.raw.get("responses") or {}
    walk = ctx.schemas(RESPONSE, ops)
    for code in sorted(set(o_all) | set(n_all)):
        success = str(code).startswith("2")
        subject = f"{label} {code}"
        if code not in n_all:
            removed = SUCCESS_STATUS_REMOVED if success else ERROR_STATUS_REMOVED
            ctx.add(removed, join(before.pointer, "responses", code), subject, ops, code)
            continue
        if code not in o_all:
            added = SUCCESS_STATUS_ADDED if success else ERROR_STATUS_ADDED
            ctx.add(added, join(after.pointer, "responses", code), subject, ops, None, code)
            continue
        o, o_ptr = follow(ctx.old, o_all[code], join(before.pointer, "responses", code))
        n, n_ptr = follow(ctx.new, n_all[code], join(after.pointer, "responses", code))
        if o.get("description") != n.get("description"):
            walk.add(DESCRIPTION_CHANGED, join(n_ptr, "description"), subject, "body")
        if canonical(inline(ctx.old, o.get("links"))) != canonical(inline(ctx.new, n.get("links"))):
            ctx.add(LINK_CHANGED, join(n_ptr, "links"), subject, ops)
        _headers(walk, (o, o_ptr), (n, n_ptr), subject)
        _content(ctx, walk, (o, o_ptr), (n, n_ptr), RESPONSE, subject)


def _headers(walk: SchemaDiff, before: Located, after: Located, subject: str) -> None:
    (o, o_ptr), (n, n_ptr) = before, after
    o_headers = {k.lower(): (k, v) for k, v in (o.get("headers") or {}).items()}
    n_headers = {k.lower(): (k, v) for k, v in (n.get("headers") or {}).items()}
    for name in sorted(set(o_headers) | set(n_headers)):
        what = f"{subject} header {name}"
        if name not in n_headers:
            walk.add(REMOVED, join(o_ptr, "headers", o_headers[name][0]), what, "header")
            continue
        n_name, n_raw = n_headers[name]
        n_h, n_at = follow(walk.new_doc, n_raw, join(n_ptr, "headers", n_name))
        if name not in o_headers:
            walk.add(REQUIRED_ADDED if n_h.get("required") else ADDED, n_at, what, "header")
            continue
        o_name, o_raw = o_headers[name]
        o_h, o_at = follow(walk.old_doc, o_raw, join(o_ptr, "headers", o_name))
        _flags_and_schema(walk, (o_h, o_at), (n_h, n_at), "header", what)
