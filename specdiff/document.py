"""The document outside its operations: info, servers, tags, shared examples, security schemes."""

from __future__ import annotations

from specdiff.context import DiffContext
from specdiff.keywords import canonical
from specdiff.model import ChangeId
from specdiff.pointers import join
from specdiff.schemas import (
    DESCRIPTION_CHANGED,
    ENFORCES_CHANGED,
    EXAMPLE_CHANGED,
    SUMMARY_CHANGED,
    inline,
)

SERVERS_CHANGED = ChangeId("servers-changed")
SECURITY_SCHEME_ADDED = ChangeId("security-scheme-added")
SECURITY_SCHEME_REMOVED = ChangeId("security-scheme-removed")
SECURITY_SCHEME_CHANGED = ChangeId("security-scheme-changed")


def diff_outside_operations(ctx: DiffContext) -> None:
    """Info, servers, tags, the root x-enforces, components' examples and security schemes."""
    o, n = ctx.old, ctx.new
    everyone: frozenset[str] = frozenset()
    o_info, n_info = o.get("info") or {}, n.get("info") or {}
    for key in sorted((set(o_info) | set(n_info)) - {"version"}):
        if canonical(o_info.get(key)) != canonical(n_info.get(key)):
            kind = SUMMARY_CHANGED if key == "summary" else DESCRIPTION_CHANGED
            ctx.add(kind, join("", "info", key), f"info.{key}", everyone)
    if canonical(o.get("servers")) != canonical(n.get("servers")):
        urls = [[s.get("url") for s in doc.get("servers") or []] for doc in (o, n)]
        ctx.add(SERVERS_CHANGED, "/servers", "servers", everyone, *urls)
    if canonical(o.get("tags")) != canonical(n.get("tags")):
        ctx.add(DESCRIPTION_CHANGED, "/tags", "tags", everyone)
    if o.get("x-enforces") != n.get("x-enforces"):
        ctx.add(
            ENFORCES_CHANGED,
            "/x-enforces",
            "the document",
            everyone,
            o.get("x-enforces"),
            n.get("x-enforces"),
        )
    o_ex = (o.get("components") or {}).get("examples") or {}
    n_ex = (n.get("components") or {}).get("examples") or {}
    for name in sorted(set(o_ex) | set(n_ex)):
        if canonical(o_ex.get(name)) != canonical(n_ex.get(name)):
            ctx.add(EXAMPLE_CHANGED, join("/components/examples", name), name, everyone)
    o_sch = (o.get("components") or {}).get("securitySchemes") or {}
    n_sch = (n.get("components") or {}).get("securitySchemes") or {}
    for name in sorted(set(o_sch) | set(n_sch)):
        pointer = join("/components/securitySchemes", name)
        if name not in n_sch:
            ctx.add(SECURITY_SCHEME_REMOVED, pointer, name, everyone)
        elif name not in o_sch:
            ctx.add(SECURITY_SCHEME_ADDED, pointer, name, everyone)
        elif canonical(inline(o, o_sch[name])) != canonical(inline(n, n_sch[name])):
            ctx.add(SECURITY_SCHEME_CHANGED, pointer, name, everyone)
        elif o_sch[name].get("description") != n_sch[name].get("description"):
            ctx.add(DESCRIPTION_CHANGED, join(pointer, "description"), name, everyone)
