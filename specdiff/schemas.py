"""Compares two JSON Schemas keyword by keyword, `$ref`s followed, on one side (request/response).

Reordering is no change: enums, `required` and types compare as sets, branches of `oneOf`/`anyOf`
match by the schema they reference. Keywords with no finer rule (`if`/`then`, `dependentSchemas`,
`allOf`, `not`, ...) are compared with their `$ref`s inlined, so no semantic change goes unreported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from specdiff.keywords import BOUNDS, CONSTRAINT_CHANGED, bounds, canonical, scalars
from specdiff.model import ChangeId, Finding, Sided
from specdiff.pointers import Flat, Pair, flatten, home, join

DESCRIPTION_CHANGED = ChangeId("description-changed")
SUMMARY_CHANGED = ChangeId("summary-changed")
EXAMPLE_CHANGED = ChangeId("example-changed")
ENFORCES_CHANGED = ChangeId("enforces-changed")
SCHEMA_TITLE_CHANGED = ChangeId("schema-title-changed")
ADDED = Sided("request-*-added", "response-*-added")
REQUIRED_ADDED = Sided("request-required-*-added", "response-required-*-added")
REMOVED = Sided("request-*-removed", "response-*-removed")
BECAME_REQUIRED = Sided("request-*-became-required", "response-*-became-required")
BECAME_OPTIONAL = Sided("request-*-became-optional", "response-*-became-optional")
ADDITIONAL_NARROWED = Sided(
    "request-*-additional-properties-narrowed", "response-*-additional-properties-narrowed"
)
ADDITIONAL_WIDENED = Sided(
    "request-*-additional-properties-widened", "response-*-additional-properties-widened"
)
ONE_OF_ADDED = Sided("request-*-one-of-added", "response-*-one-of-added")
ONE_OF_REMOVED = Sided("request-*-one-of-removed", "response-*-one-of-removed")
ANY_OF_ADDED = Sided("request-*-any-of-added", "response-*-any-of-added")
ANY_OF_REMOVED = Sided("request-*-any-of-removed", "response-*-any-of-removed")

DOCS = {"description": DESCRIPTION_CHANGED, "summary": SUMMARY_CHANGED}
EXAMPLES = ("example", "examples")
IGNORED = {"x-rules", "$comment", "externalDocs", "$schema", "$id"}
# keyword -> (the ID of a branch added, of a branch removed)
_BRANCHES = {"oneOf": (ONE_OF_ADDED, ONE_OF_REMOVED), "anyOf": (ANY_OF_ADDED, ANY_OF_REMOVED)}
HANDLED = {
    *DOCS,
    *EXAMPLES,
    *IGNORED,
    *BOUNDS,
    *_BRANCHES,
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
    "discriminator",
}
_DOC_KEYS = {*DOCS, *EXAMPLES, "title", "x-enforces", "$comment", "externalDocs"}


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
    _sites: tuple[str, ...] = ()  # the pointers of the properties being compared, outermost first

    def add(
        self,
        change: Sided | str,
        pointer: str,
        subject: str,
        noun: str,
        old: Any = None,
        new: Any = None,
    ) -> None:
        """Report a change; a change of data takes the walk's side (request or response)."""
        sided = change if isinstance(change, Sided) else None
        key = change.on(self.side) if isinstance(change, Sided) else change
        finding = Finding(key, pointer, subject, noun, old, new, self.operations)
        self._put(dataclasses.replace(finding, sided=sided, sites=self._sites))

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
        key = (*guard, self.side, noun, *self._sites)
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
                self.add(CONSTRAINT_CHANGED, pair.at(key), subject, noun, key, key)
        for key, change in DOCS.items():
            if o.get(key) != n.get(key):
                self.add(change, pair.at(key), subject, noun)
        for key in EXAMPLES:
            if canonical(o.get(key)) != canonical(n.get(key)):
                self.add(EXAMPLE_CHANGED, pair.at(key), subject, noun)
        if o.get("x-enforces") != n.get("x-enforces"):
            self.add(
                ENFORCES_CHANGED,
                pair.at("x-enforces"),
                subject,
                noun,
                o.get("x-enforces"),
                n.get("x-enforces"),
            )
        if o.get("title") != n.get("title") and o.get("title") and n.get("title"):
            self.add(SCHEMA_TITLE_CHANGED, pair.at("title"), subject, noun, o["title"], n["title"])
        scalars(self.add, pair, noun, subject)
        bounds(self.add, pair, noun, subject)
        self._properties(pair, noun, subject)
        self._items(pair, noun, subject)
        self._branches(pair, noun, subject)

    def _properties(self, pair: Pair, noun: str, subject: str) -> None:
        o, n = pair.old.schema, pair.new.schema
        o_props, n_props = o.get("properties") or {}, n.get("properties") or {}
        o_base, n_base = pair.old.at("properties"), pair.new.at("properties")
        for name in sorted(set(o_props) | set(n_props)):
            site = join(n_base if name in n_props else o_base, name)
            previous, self._sites = self._sites, (*self._sites, site)
            try:
                self._property(pair, name, f"{subject}.{name}")
            finally:
                self._sites = previous
        key = "additionalProperties"
        o_extra, n_extra = o.get(key, True), n.get(key, True)
        if isinstance(o_extra, Mapping) and isinstance(n_extra, Mapping):
            self.compare(
                o_extra, pair.old.at(key), n_extra, pair.new.at(key), "property", f"{subject}.*"
            )
        elif _additional_rank(o_extra) != _additional_rank(n_extra):
            wider = _additional_rank(n_extra) > _additional_rank(o_extra)
            extra = ADDITIONAL_WIDENED if wider else ADDITIONAL_NARROWED
            self.add(extra, pair.at(key), subject, noun, o_extra, n_extra)

    def _property(self, pair: Pair, name: str, child: str) -> None:
        """One property: removed, added (required or not), or compared and its `required` flag."""
        o, n = pair.old.schema, pair.new.schema
        o_props, n_props = o.get("properties") or {}, n.get("properties") or {}
        n_req = set(n.get("required") or ())
        o_at, n_at = join(pair.old.at("properties"), name), join(pair.new.at("properties"), name)
        if name not in n_props:
            self.add(REMOVED, o_at, child, "property")
        elif name not in o_props:
            self.add(REQUIRED_ADDED if name in n_req else ADDED, n_at, child, "property")
        else:
            self.compare(o_props[name], o_at, n_props[name], n_at, "property", child)
            if (name in set(o.get("required") or ())) != (name in n_req):
                became = BECAME_REQUIRED if name in n_req else BECAME_OPTIONAL
                self.add(became, n_at, child, "property")

    def _items(self, pair: Pair, noun: str, subject: str) -> None:
        """An array's items are what the array is: a body's items are still the body."""
        o_items, n_items = pair.old.schema.get("items"), pair.new.schema.get("items")
        if isinstance(o_items, Mapping) and isinstance(n_items, Mapping):
            self.compare(
                o_items, pair.old.at("items"), n_items, pair.new.at("items"), noun, f"{subject}[]"
            )
        elif canonical(inline(self.old_doc, o_items)) != canonical(inline(self.new_doc, n_items)):
            self.add(CONSTRAINT_CHANGED, pair.at("items"), subject, noun, "items", "items")

    def _branches(self, pair: Pair, noun: str, subject: str) -> None:
        for key, (branch_added, branch_removed) in _BRANCHES.items():
            o_list, n_list = pair.old.schema.get(key) or [], pair.new.schema.get(key) or []
            o_base, n_base = pair.old.at(key), pair.new.at(key)
            o_keys, n_keys = _branch_keys(o_list), _branch_keys(n_list)
            for label in sorted(set(o_keys) | set(n_keys)):
                if label not in n_keys:
                    pointer = join(o_base, o_keys[label])
                    self.add(branch_removed, pointer, subject, noun, label, None)
                elif label not in o_keys:
                    pointer = join(n_base, n_keys[label])
                    self.add(branch_added, pointer, subject, noun, None, label)
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
