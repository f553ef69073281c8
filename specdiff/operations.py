"""Walks the OpenAPI surface of two documents: paths, operations, parameters, bodies, responses,
headers, security, webhooks and components, handing every schema pair to `SchemaDiff`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from specdiff.model import Finding
from specdiff.pointers import follow, join
from specdiff.schemas import SchemaDiff, canonical, inline

Located = tuple[Mapping[str, Any], str]  # an object of the document and its pointer
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
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


@dataclass(frozen=True)
class Endpoint:
    """One operation of `paths` or `webhooks`, with where it is and which way its data flows."""

    key: tuple[str, str]
    label: str
    pointer: str
    raw: Mapping[str, Any]
    webhook: bool
    item: Mapping[str, Any]
    item_pointer: str

    @property
    def operation_id(self) -> str:
        return str(self.raw.get("operationId", self.label))


def endpoints(document: Mapping[str, Any]) -> dict[tuple[str, str], Endpoint]:
    """Every operation, keyed by its path template with parameter names blanked, and method."""
    found: dict[tuple[str, str], Endpoint] = {}
    for section, webhook in (("paths", False), ("webhooks", True)):
        for path, item in (document.get(section) or {}).items():
            for method in HTTP_METHODS:
                if isinstance(item, Mapping) and method in item:
                    template = path if webhook else re.sub(r"\{[^}]*\}", "{}", path)
                    key = (f"{section}:{template}", method)
                    label = f"webhook {path}" if webhook else f"{method.upper()} {path}"
                    at = join("", section, path)
                    pointer = join(at, method)
                    found[key] = Endpoint(key, label, pointer, item[method], webhook, item, at)
    return found


class DocumentDiff:
    """Everything but the x-rules: one pass over both documents, findings appended to `found`."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old, self.new = old, new
        self.found: list[Finding] = []
        self.memo: dict[tuple[str, ...], list[Finding]] = {}

    def run(self) -> list[Finding]:
        old_ops, new_ops = endpoints(self.old), endpoints(self.new)
        for key in sorted(set(old_ops) | set(new_ops)):
            before, after = old_ops.get(key), new_ops.get(key)
            if after is None and before is not None:
                kind = "webhook-removed" if before.webhook else "endpoint-removed"
                self._add(kind, before.pointer, before.label, {before.operation_id})
            elif before is None and after is not None:
                kind = "webhook-added" if after.webhook else "endpoint-added"
                self._add(kind, after.pointer, after.label, {after.operation_id})
            elif before is not None and after is not None:
                self._operation(before, after)
        self._document()
        return self.found

    def _add(
        self,
        key: str,
        pointer: str,
        subject: str,
        operations: set[str] | frozenset[str],
        old: Any = None,
        new: Any = None,
    ) -> None:
        self.found.append(Finding(key, pointer, subject, "", old, new, frozenset(operations)))

    def _schemas(self, side: str, operations: frozenset[str]) -> SchemaDiff:
        return SchemaDiff(self.old, self.new, side, operations, self.found.append, self.memo)

    def _operation(self, before: Endpoint, after: Endpoint) -> None:
        o, n, ptr = before.raw, after.raw, after.pointer
        ops = frozenset({after.operation_id})
        label = f"{after.label} ({after.operation_id})"
        if before.operation_id != after.operation_id:
            self._add(
                "operation-id-changed",
                join(ptr, "operationId"),
                label,
                ops | {before.operation_id},
                before.operation_id,
                after.operation_id,
            )
        o_tag, n_tag = (o.get("tags") or [None])[0], (n.get("tags") or [None])[0]
        if o_tag != n_tag:
            self._add("operation-tags-changed", join(ptr, "tags"), label, ops, o_tag, n_tag)
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            kind = "endpoint-deprecated" if n.get("deprecated") else "endpoint-undeprecated"
            self._add(kind, join(ptr, "deprecated"), label, ops)
        for key, kind in (("summary", "summary-changed"), ("description", "description-changed")):
            if o.get(key) != n.get(key):
                self._add(kind, join(ptr, key), label, ops)
        if o.get("x-enforces") != n.get("x-enforces"):
            self._add(
                "enforces-changed",
                join(ptr, "x-enforces"),
                label,
                ops,
                o.get("x-enforces"),
                n.get("x-enforces"),
            )
        for key in sorted((set(o) | set(n)) - _OPERATION_KEYS):
            if canonical(inline(self.old, o.get(key))) != canonical(inline(self.new, n.get(key))):
                self._add("operation-changed", join(ptr, key), label, ops, key, key)
        self._security(before, after, label, ops)
        # A webhook is sent by the server and read by the client: its data is response-side.
        side = "response" if after.webhook else "request"
        self._parameters(before, after, side, label, ops)
        self._request_body(before, after, side, label, ops)
        if after.webhook:
            if canonical(inline(self.old, o.get("responses"))) != canonical(
                inline(self.new, n.get("responses"))
            ):
                self._add("webhook-receiver-answer-changed", join(ptr, "responses"), label, ops)
        else:
            self._responses(before, after, label, ops)

    def _security(self, before: Endpoint, after: Endpoint, label: str, ops: frozenset[str]) -> None:
        o_sec, o_ptr = _security(self.old, before)
        n_sec, n_ptr = _security(self.new, after)
        if o_sec == n_sec:
            return
        pointer = n_ptr if after.raw.get("security") is not None else o_ptr
        if not o_sec or not n_sec:
            kind = "api-security-added" if n_sec else "api-security-removed"
            self._add(kind, pointer, label, ops)
        elif set(o_sec) != set(n_sec):
            self._add("api-security-changed", pointer, label, ops, sorted(o_sec), sorted(n_sec))
        else:
            for scheme in sorted(n_sec):
                added, removed = n_sec[scheme] - o_sec[scheme], o_sec[scheme] - n_sec[scheme]
                if added:
                    self._add("api-security-scope-added", pointer, label, ops, None, sorted(added))
                if removed:
                    self._add("api-security-scope-removed", pointer, label, ops, sorted(removed))

    def _parameters(
        self, before: Endpoint, after: Endpoint, side: str, label: str, ops: frozenset[str]
    ) -> None:
        o_params = dict(_parameters(self.old, before))
        n_params = dict(_parameters(self.new, after))
        noun = "header" if side == "response" else "parameter"
        walk = self._schemas(side, ops)
        for key in sorted(set(o_params) | set(n_params)):
            subject = f"{label} {key[0]} {noun} {key[1]}"
            if key not in n_params:
                o, o_ptr = o_params[key]
                walk.add("*-removed", o_ptr, subject, noun)
                continue
            n, n_ptr = n_params[key]
            if key not in o_params:
                walk.add(
                    "required-*-added" if n.get("required") else "*-added", n_ptr, subject, noun
                )
                continue
            o, o_ptr = o_params[key]
            self._flags_and_schema(walk, (o, o_ptr), (n, n_ptr), noun, subject)

    def _flags_and_schema(
        self,
        walk: SchemaDiff,
        before: Located,
        after: Located,
        noun: str,
        subject: str,
    ) -> None:
        """A parameter, header or request body: its `required`, docs, and its schema."""
        (o, o_ptr), (n, n_ptr) = before, after
        flags = (
            ("required", "*-became-required", "*-became-optional"),
            ("deprecated", "*-deprecated", "*-undeprecated"),
        )
        for flag, raised, lowered in flags:
            if bool(o.get(flag)) != bool(n.get(flag)):
                walk.add(raised if n.get(flag) else lowered, join(n_ptr, flag), subject, noun)
        if o.get("description") != n.get("description"):
            walk.add("description-changed", join(n_ptr, "description"), subject, noun)
        for key in ("example", "examples"):
            if canonical(o.get(key)) != canonical(n.get(key)):
                walk.add("example-changed", join(n_ptr, key), subject, noun)
        if "schema" in o or "schema" in n:
            walk.compare(
                o.get("schema", {}),
                join(o_ptr, "schema"),
                n.get("schema", {}),
                join(n_ptr, "schema"),
                noun,
                subject,
            )
        for key in sorted(
            {"style", "explode", "allowReserved", "allowEmptyValue"} & (set(o) | set(n))
        ):
            if o.get(key) != n.get(key):
                walk.add("*-constraint-changed", join(n_ptr, key), subject, noun, key, key)

    def _request_body(
        self, before: Endpoint, after: Endpoint, side: str, label: str, ops: frozenset[str]
    ) -> None:
        o_raw, n_raw = before.raw.get("requestBody"), after.raw.get("requestBody")
        walk = self._schemas(side, ops)
        subject = f"{label} request body"
        if o_raw is None and n_raw is None:
            return
        if n_raw is None:
            walk.add("*-removed", join(before.pointer, "requestBody"), subject, "body")
            return
        n, n_ptr = follow(self.new, n_raw, join(after.pointer, "requestBody"))
        if o_raw is None:
            walk.add("required-*-added" if n.get("required") else "*-added", n_ptr, subject, "body")
            return
        o, o_ptr = follow(self.old, o_raw, join(before.pointer, "requestBody"))
        self._flags_and_schema(walk, (o, o_ptr), (n, n_ptr), "body", subject)
        self._content(walk, (o, o_ptr), (n, n_ptr), "request", subject)

    def _content(
        self,
        walk: SchemaDiff,
        before: Located,
        after: Located,
        side: str,
        subject: str,
    ) -> None:
        (o, o_ptr), (n, n_ptr) = before, after
        o_media, n_media = o.get("content") or {}, n.get("content") or {}
        for media in sorted(set(o_media) | set(n_media)):
            o_at, n_at = join(o_ptr, "content", media), join(n_ptr, "content", media)
            if media not in n_media:
                self._add(f"{side}-media-type-removed", o_at, subject, walk.operations, media)
            elif media not in o_media:
                self._add(f"{side}-media-type-added", n_at, subject, walk.operations, None, media)
            else:
                o_m, n_m = o_media[media], n_media[media]
                if canonical(inline(self.old, o_m.get("examples"))) != canonical(
                    inline(self.new, n_m.get("examples"))
                ) or canonical(o_m.get("example")) != canonical(n_m.get("example")):
                    walk.add("example-changed", join(n_at, "examples"), subject, "body")
                walk.compare(
                    o_m.get("schema", {}),
                    join(o_at, "schema"),
                    n_m.get("schema", {}),
                    join(n_at, "schema"),
                    "body",
                    subject,
                )

    def _responses(
        self, before: Endpoint, after: Endpoint, label: str, ops: frozenset[str]
    ) -> None:
        o_all, n_all = before.raw.get("responses") or {}, after.raw.get("responses") or {}
        walk = self._schemas("response", ops)
        for code in sorted(set(o_all) | set(n_all)):
            family = "success" if str(code).startswith("2") else "error"
            subject = f"{label} {code}"
            if code not in n_all:
                self._add(
                    f"response-{family}-status-removed",
                    join(before.pointer, "responses", code),
                    subject,
                    ops,
                    code,
                )
                continue
            if code not in o_all:
                self._add(
                    f"response-{family}-status-added",
                    join(after.pointer, "responses", code),
                    subject,
                    ops,
                    None,
                    code,
                )
                continue
            o, o_ptr = follow(self.old, o_all[code], join(before.pointer, "responses", code))
            n, n_ptr = follow(self.new, n_all[code], join(after.pointer, "responses", code))
            if o.get("description") != n.get("description"):
                walk.add("description-changed", join(n_ptr, "description"), subject, "body")
            if canonical(inline(self.old, o.get("links"))) != canonical(
                inline(self.new, n.get("links"))
            ):
                self._add("response-link-changed", join(n_ptr, "links"), subject, ops)
            self._headers(walk, (o, o_ptr), (n, n_ptr), subject)
            self._content(walk, (o, o_ptr), (n, n_ptr), "response", subject)

    def _headers(
        self,
        walk: SchemaDiff,
        before: Located,
        after: Located,
        subject: str,
    ) -> None:
        (o, o_ptr), (n, n_ptr) = before, after
        o_headers = {k.lower(): (k, v) for k, v in (o.get("headers") or {}).items()}
        n_headers = {k.lower(): (k, v) for k, v in (n.get("headers") or {}).items()}
        for name in sorted(set(o_headers) | set(n_headers)):
            what = f"{subject} header {name}"
            if name not in n_headers:
                walk.add("*-removed", join(o_ptr, "headers", o_headers[name][0]), what, "header")
                continue
            n_h, n_at = follow(
                self.new, n_headers[name][1], join(n_ptr, "headers", n_headers[name][0])
            )
            if name not in o_headers:
                walk.add(
                    "required-*-added" if n_h.get("required") else "*-added", n_at, what, "header"
                )
                continue
            o_h, o_at = follow(
                self.old, o_headers[name][1], join(o_ptr, "headers", o_headers[name][0])
            )
            self._flags_and_schema(walk, (o_h, o_at), (n_h, n_at), "header", what)

    def _document(self) -> None:
        """Outside the operations: info, servers, tags, security schemes, the root x-enforces."""
        o, n = self.old, self.new
        everyone: frozenset[str] = frozenset()
        o_info, n_info = o.get("info") or {}, n.get("info") or {}
        for key in sorted((set(o_info) | set(n_info)) - {"version"}):
            if canonical(o_info.get(key)) != canonical(n_info.get(key)):
                kind = "summary-changed" if key == "summary" else "description-changed"
                self._add(kind, join("", "info", key), f"info.{key}", everyone)
        if canonical(o.get("servers")) != canonical(n.get("servers")):
            urls = [[s.get("url") for s in doc.get("servers") or []] for doc in (o, n)]
            self._add("servers-changed", "/servers", "servers", everyone, *urls)
        if canonical(o.get("tags")) != canonical(n.get("tags")):
            self._add("description-changed", "/tags", "tags", everyone)
        if o.get("x-enforces") != n.get("x-enforces"):
            self._add(
                "enforces-changed",
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
                self._add("example-changed", join("/components/examples", name), name, everyone)
        o_sch = (o.get("components") or {}).get("securitySchemes") or {}
        n_sch = (n.get("components") or {}).get("securitySchemes") or {}
        for name in sorted(set(o_sch) | set(n_sch)):
            pointer = join("/components/securitySchemes", name)
            if name not in n_sch:
                self._add("security-scheme-removed", pointer, name, everyone)
            elif name not in o_sch:
                self._add("security-scheme-added", pointer, name, everyone)
            elif canonical(inline(o, o_sch[name])) != canonical(inline(n, n_sch[name])):
                self._add("security-scheme-changed", pointer, name, everyone)
            elif o_sch[name].get("description") != n_sch[name].get("description"):
                self._add("description-changed", join(pointer, "description"), name, everyone)


def _security(
    document: Mapping[str, Any], endpoint: Endpoint
) -> tuple[dict[str, frozenset[str]], str]:
    """The effective security of an operation: scheme name to scopes, and where it is declared."""
    own = endpoint.raw.get("security")
    raw, pointer = (
        (own, join(endpoint.pointer, "security"))
        if own is not None
        else (document.get("security") or [], "/security")
    )
    schemes: dict[str, frozenset[str]] = {}
    for requirement in raw:
        for name, scopes in requirement.items():
            schemes[name] = schemes.get(name, frozenset()) | frozenset(scopes)
    return schemes, pointer


def _parameters(
    document: Mapping[str, Any], endpoint: Endpoint
) -> Iterator[tuple[tuple[str, str], tuple[Mapping[str, Any], str]]]:
    """Each parameter, its `$ref` followed, keyed by location and (for headers, lowercased) name;
    the path item's own come first, so an operation's parameter of the same key overrides it."""
    declared = [
        (raw, join(owner, "parameters", index))
        for source, owner in (
            (endpoint.item, endpoint.item_pointer),
            (endpoint.raw, endpoint.pointer),
        )
        for index, raw in enumerate(source.get("parameters") or ())
    ]
    for raw, at in declared:
        param, pointer = follow(document, raw, at)
        name = str(param.get("name"))
        location = str(param.get("in"))
        yield (location, name.lower() if location == "header" else name), (param, pointer)


def diff_document(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Finding]:
    """Every finding of the OpenAPI surface (the x- vocabulary is `specdiff.xrules`' job)."""
    return DocumentDiff(old, new).run()
