"""Compares two JSON Schemas keyword by keyword, `$ref`s followed, on one side (request/response).

Reordering is no change: enums, `required` and types compare as sets, branches of `oneOf`/`anyOf`
match by the schema they reference. Keywords with no finer rule (`if`/`then`, `dependentSchemas`,
`allOf`, `not`, ...) are compared with their `$ref`s inlined, so no semantic change goes unreported.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from specdiff.model import Finding
from specdiff.pointers import flatten, home, join

DOCS = {"description": "description-changed", "summary": "summary-changed"}
EXAMPLES = ("example", "examples")
IGNORED = {"x-rules", "$comment", "externalDocs", "$schema", "$id"}
# keyword -> (bound name, True for an upper bound)
BOUNDS = {
    "maximum": ("max", True),
    "exclusiveMaximum": ("max", True),
    "maxLength": ("max-length", True),
    "maxItems": ("max-items", True),
    "minimum": ("min", False),
    "exclusiveMinimum": ("min", False),
    "minLength": ("min-length", False),
    "minItems": ("min-items", False),
}
HANDLED = {
    *DOCS,
    *EXAMPLES,
    *IGNORED,
    *BOUNDS,
    "title",
    "x-enforces",
    "type",
    "nullable",
    "enum",
    "const",
    "format",
    "pattern",
    "default",
    "deprecated",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "discriminator",
}
_DOC_KEYS = {*DOCS, *EXAMPLES, "title", "x-enforces", "$comment", "externalDocs"}


def canonical(value: Any) -> str:
    """A key-order-free text of a JSON value, for comparing and showing it."""
    return json.dumps(value, sort_keys=True, default=str)


def inline(document: Any, value: Any, depth: int = 0) -> Any:
    """`value` with local `$ref`s replaced by their targets and documentation keys dropped."""
    if depth > 32:
        return value
    if isinstance(value, Mapping):
        merged, _ = flatten(document, value, "")
        return {
            key: inline(document, item, depth + 1)
            for key, item in merged.items()
            if key not in _DOC_KEYS
        }
    if isinstance(value, list):
        return [inline(document, item, depth + 1) for item in value]
    return value


def _types(schema: Mapping[str, Any]) -> tuple[frozenset[str], bool]:
    raw = schema.get("type")
    types = frozenset([raw] if isinstance(raw, str) else raw or [])
    nullable = "null" in types or schema.get("nullable") is True
    return types - {"null"}, nullable


def _additional_rank(value: Any) -> int:
    """False admits nothing, a schema some values, True (the default) anything."""
    if value is False:
        return 0
    return 1 if isinstance(value, Mapping) else 2


@dataclass
class SchemaDiff:
    """One walk over a pair of schemas, appending findings for the operations it is on behalf of."""

    old_doc: Any
    new_doc: Any
    side: str
    operations: frozenset[str]
    emit: Callable[[Finding], None]
    memo: dict[tuple[str, ...], list[Finding]] = field(default_factory=dict)
    _stack: set[tuple[str, str]] = field(default_factory=set)
    _log: list[Finding] = field(default_factory=list)

    def add(
        self, suffix: str, pointer: str, subject: str, noun: str, old: Any = None, new: Any = None
    ) -> None:
        key = suffix if suffix in _SIDELESS else f"{self.side}-{suffix}"
        self._put(Finding(key, pointer, subject, noun, old, new, self.operations))

    def _put(self, finding: Finding) -> None:
        self._log.append(finding)
        self.emit(finding)

    def compare(
        self, old: Any, old_ptr: str, new: Any, new_ptr: str, noun: str, subject: str
    ) -> None:
        guard = (home(self.old_doc, old, old_ptr), home(self.new_doc, new, new_ptr))
        if guard in self._stack:
            return
        if noun == "body" and guard[1].startswith("/components/schemas/"):
            subject = guard[1].rsplit("/", 1)[-1]  # a body is known by its model's name
        key = (*guard, self.side, noun)
        if key in self.memo:  # a schema shared by many operations is compared once
            for finding in self.memo[key]:
                self._put(dataclasses.replace(finding, operations=self.operations))
            return
        start = len(self._log)
        self._stack.add(guard)
        try:
            self._compare(old, old_ptr, new, new_ptr, noun, subject)
        finally:
            self._stack.discard(guard)
        self.memo[key] = self._log[start:]

    def _compare(
        self, old: Any, old_ptr: str, new: Any, new_ptr: str, noun: str, subject: str
    ) -> None:
        pair = Pair(
            Flat(*flatten(self.old_doc, old, old_ptr)),
            Flat(*flatten(self.new_doc, new, new_ptr)),
            new_ptr,
        )
        o, n = pair.old.schema, pair.new.schema
        for key in sorted(set(o) | set(n)):
            if key in HANDLED or (key.startswith("x-") and key != "x-enforces"):
                continue
            if canonical(inline(self.old_doc, o.get(key))) != canonical(
                inline(self.new_doc, n.get(key))
            ):
                self.add("*-constraint-changed", pair.at(key), subject, noun, key, key)
        for key, change in DOCS.items():
            if o.get(key) != n.get(key):
                self.add(change, pair.at(key), subject, noun)
        for key in EXAMPLES:
            if canonical(o.get(key)) != canonical(n.get(key)):
                self.add("example-changed", pair.at(key), subject, noun)
        if o.get("x-enforces") != n.get("x-enforces"):
            self.add(
                "enforces-changed",
                pair.at("x-enforces"),
                subject,
                noun,
                o.get("x-enforces"),
                n.get("x-enforces"),
            )
        if o.get("title") != n.get("title") and o.get("title") and n.get("title"):
            self.add(
                "schema-title-changed", pair.at("title"), subject, noun, o["title"], n["title"]
            )
        self._scalars(pair, noun, subject)
        self._bounds(pair, noun, subject)
        self._properties(pair, noun, subject)
        self._items(pair, noun, subject)
        self._branches(pair, noun, subject)

    def _scalars(self, pair: Pair, noun: str, subject: str) -> None:
        o, n, at = pair.old.schema, pair.new.schema, pair.at
        (o_types, o_null), (n_types, n_null) = _types(o), _types(n)
        if o_types != n_types and o_types and n_types:
            self.add("*-type-changed", at("type"), subject, noun, sorted(o_types), sorted(n_types))
        if o_null != n_null:
            suffix = "*-became-nullable" if n_null else "*-became-not-nullable"
            self.add(suffix, at("type"), subject, noun)
        if "enum" in o and "enum" in n:
            o_enum = {canonical(v): v for v in o["enum"]}
            n_enum = {canonical(v): v for v in n["enum"]}
            added = [n_enum[k] for k in n_enum if k not in o_enum]
            removed = [o_enum[k] for k in o_enum if k not in n_enum]
            if added:
                self.add("*-enum-value-added", at("enum"), subject, noun, None, added)
            if removed:
                self.add("*-enum-value-removed", at("enum"), subject, noun, removed, None)
        elif ("enum" in o) != ("enum" in n):
            self.add("*-constraint-changed", at("enum"), subject, noun, "enum", "enum")
        for key in ("const", "format", "default"):
            if (key in o or key in n) and canonical(o.get(key)) != canonical(n.get(key)):
                self.add(f"*-{key}-changed", at(key), subject, noun, o.get(key), n.get(key))
        if o.get("pattern") != n.get("pattern"):
            suffix = "changed" if "pattern" in o and "pattern" in n else "removed"
            suffix = "added" if "pattern" not in o else suffix
            self.add(
                f"*-pattern-{suffix}",
                at("pattern"),
                subject,
                noun,
                o.get("pattern"),
                n.get("pattern"),
            )
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            suffix = "*-deprecated" if n.get("deprecated") else "*-undeprecated"
            self.add(suffix, at("deprecated"), subject, noun)
        if o.get("discriminator") != n.get("discriminator"):
            self.add("*-discriminator-changed", at("discriminator"), subject, noun)

    def _bounds(self, pair: Pair, noun: str, subject: str) -> None:
        for key, (name, upper) in BOUNDS.items():
            before, after = pair.old.schema.get(key), pair.new.schema.get(key)
            if before == after:
                continue
            if not all(v is None or isinstance(v, int | float) for v in (before, after)):
                self.add("*-constraint-changed", pair.at(key), subject, noun, before, after)
                continue  # not a number (an OpenAPI 3.0 boolean flag, say): no direction
            if upper:
                up = after is None or (before is not None and after > before)
            else:
                up = after is not None and (before is None or after > before)
            direction = "increased" if up else "decreased"
            self.add(f"*-{name}-{direction}", pair.at(key), subject, noun, before, after)

    def _properties(self, pair: Pair, noun: str, subject: str) -> None:
        o, n = pair.old.schema, pair.new.schema
        o_props, n_props = o.get("properties") or {}, n.get("properties") or {}
        o_req, n_req = set(o.get("required") or ()), set(n.get("required") or ())
        o_base, n_base = pair.old.at("properties"), pair.new.at("properties")
        for name in sorted(set(o_props) | set(n_props)):
            child = f"{subject}.{name}"
            if name not in n_props:
                self.add("*-removed", join(o_base, name), child, "property")
            elif name not in o_props:
                suffix = "required-*-added" if name in n_req else "*-added"
                self.add(suffix, join(n_base, name), child, "property")
            else:
                pointer = join(n_base, name)
                self.compare(
                    o_props[name], join(o_base, name), n_props[name], pointer, "property", child
                )
                if (name in o_req) != (name in n_req):
                    suffix = "*-became-required" if name in n_req else "*-became-optional"
                    self.add(suffix, pointer, child, "property")
        key = "additionalProperties"
        o_extra, n_extra = o.get(key, True), n.get(key, True)
        if isinstance(o_extra, Mapping) and isinstance(n_extra, Mapping):
            self.compare(
                o_extra, pair.old.at(key), n_extra, pair.new.at(key), "property", f"{subject}.*"
            )
        elif _additional_rank(o_extra) != _additional_rank(n_extra):
            wider = _additional_rank(n_extra) > _additional_rank(o_extra)
            suffix = "widened" if wider else "narrowed"
            self.add(
                f"*-additional-properties-{suffix}", pair.at(key), subject, noun, o_extra, n_extra
            )

    def _items(self, pair: Pair, noun: str, subject: str) -> None:
        """An array's items are what the array is: a body's items are still the body."""
        o_items, n_items = pair.old.schema.get("items"), pair.new.schema.get("items")
        if isinstance(o_items, Mapping) and isinstance(n_items, Mapping):
            self.compare(
                o_items, pair.old.at("items"), n_items, pair.new.at("items"), noun, f"{subject}[]"
            )
        elif canonical(inline(self.old_doc, o_items)) != canonical(inline(self.new_doc, n_items)):
            self.add("*-constraint-changed", pair.at("items"), subject, noun, "items", "items")

    def _branches(self, pair: Pair, noun: str, subject: str) -> None:
        for key, name in (("oneOf", "one-of"), ("anyOf", "any-of")):
            o_list, n_list = pair.old.schema.get(key) or [], pair.new.schema.get(key) or []
            o_base, n_base = pair.old.at(key), pair.new.at(key)
            o_keys, n_keys = _branch_keys(o_list), _branch_keys(n_list)
            for label in sorted(set(o_keys) | set(n_keys)):
                if label not in n_keys:
                    pointer = join(o_base, o_keys[label])
                    self.add(f"*-{name}-removed", pointer, subject, noun, label, None)
                elif label not in o_keys:
                    pointer = join(n_base, n_keys[label])
                    self.add(f"*-{name}-added", pointer, subject, noun, None, label)
                else:
                    i, j = o_keys[label], n_keys[label]
                    self.compare(
                        o_list[i],
                        join(o_base, i),
                        n_list[j],
                        join(n_base, j),
                        noun,
                        f"{subject} ({label})",
                    )


@dataclass(frozen=True)
class Flat:
    """One side's schema with its `$ref`s followed, and where each of its keywords lives."""

    schema: Mapping[str, Any]
    where: Mapping[str, str]

    def at(self, key: str) -> str:
        """The pointer of `key` on this side ("" when the side does not have it)."""
        return join(self.where[key], key) if key in self.where else ""


@dataclass(frozen=True)
class Pair:
    """The old and the new side of one schema; a change is located on the new side if it can be."""

    old: Flat
    new: Flat
    fallback: str

    def at(self, key: str) -> str:
        return self.new.at(key) or self.old.at(key) or join(self.fallback, key)


def _branch_keys(branches: list[Any]) -> dict[str, int]:
    """Name each branch by the schema it references, an inline one by its position among inlines."""
    keys: dict[str, int] = {}
    inline_count = 0
    for index, branch in enumerate(branches):
        ref = branch.get("$ref") if isinstance(branch, Mapping) else None
        if isinstance(ref, str):
            keys[ref.rsplit("/", 1)[-1]] = index
        else:
            keys[f"inline #{inline_count}"] = index
            inline_count += 1
    return keys


_SIDELESS = {
    "description-changed",
    "summary-changed",
    "example-changed",
    "enforces-changed",
    "schema-title-changed",
}
