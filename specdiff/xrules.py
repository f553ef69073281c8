"""Compares the spec's own vocabulary: `x-rules` (one family of change IDs per kind) and the
`x-contract-rules` registry, which no OpenAPI differ knows about."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from contract import AreaLimit, Delivery, ResultCount, Rule, WordLimit, parse_rule
from specdiff.model import ChangeId, Finding
from specdiff.pointers import join
from specdiff.surface import endpoints


@dataclass(frozen=True)
class KindIds:
    """The IDs of one x-rules kind: an entry added, removed, or changed in another way."""

    added: ChangeId
    removed: ChangeId
    changed: ChangeId


def _kind(added: str, removed: str, changed: str) -> KindIds:
    return KindIds(ChangeId(added), ChangeId(removed), ChangeId(changed))


KINDS: dict[str, KindIds] = {
    "area-limit": _kind("area-limit-added", "area-limit-removed", "area-limit-changed"),
    "word-limit": _kind("word-limit-added", "word-limit-removed", "word-limit-changed"),
    "empty-default": _kind("empty-default-added", "empty-default-removed", "empty-default-changed"),
    "output-size": _kind("output-size-added", "output-size-removed", "output-size-changed"),
    "result-count": _kind("result-count-added", "result-count-removed", "result-count-changed"),
    "output-format": _kind("output-format-added", "output-format-removed", "output-format-changed"),
    "public-url": _kind("public-url-added", "public-url-removed", "public-url-changed"),
    "delivery": _kind("delivery-added", "delivery-removed", "delivery-changed"),
}
AREA_LIMIT_INCREASED = ChangeId("area-limit-increased")
AREA_LIMIT_DECREASED = ChangeId("area-limit-decreased")
WORD_LIMIT_INCREASED = ChangeId("word-limit-increased")
WORD_LIMIT_DECREASED = ChangeId("word-limit-decreased")
DELIVERY_ATTEMPTS_INCREASED = ChangeId("delivery-attempts-increased")
DELIVERY_ATTEMPTS_DECREASED = ChangeId("delivery-attempts-decreased")
DELIVERY_TIMEOUT_INCREASED = ChangeId("delivery-timeout-increased")
DELIVERY_TIMEOUT_DECREASED = ChangeId("delivery-timeout-decreased")
CONTRACT_RULE_ADDED = ChangeId("contract-rule-added")
CONTRACT_RULE_REMOVED = ChangeId("contract-rule-removed")
CONTRACT_RULE_STRENGTHENED = ChangeId("contract-rule-strengthened")
CONTRACT_RULE_WEAKENED = ChangeId("contract-rule-weakened")
CONTRACT_RULE_SUMMARY_CHANGED = ChangeId("contract-rule-summary-changed")

# For the kinds whose meaning is one number: (attribute, ID when it grows, ID when it shrinks).
MEASURES: dict[type[Rule], tuple[tuple[str, ChangeId, ChangeId], ...]] = {
    AreaLimit: (("max", AREA_LIMIT_INCREASED, AREA_LIMIT_DECREASED),),
    WordLimit: (("max_words", WORD_LIMIT_INCREASED, WORD_LIMIT_DECREASED),),
    Delivery: (
        ("min_attempts", DELIVERY_ATTEMPTS_INCREASED, DELIVERY_ATTEMPTS_DECREASED),
        ("timeout_seconds", DELIVERY_TIMEOUT_INCREASED, DELIVERY_TIMEOUT_DECREASED),
    ),
}
_LEVELS = {"SHOULD": 0, "MUST": 1}


def _owners(document: Mapping[str, Any]) -> Iterator[tuple[str, str, Any, frozenset[str]]]:
    """Each holder of `x-rules`: its pointer, name, rules, and the operations it applies to."""
    users: dict[str, set[str]] = {}
    for endpoint in endpoints(document).values():
        body = (endpoint.raw.get("requestBody") or {}).get("content", {})
        for media in body.values():
            ref = (media.get("schema") or {}).get("$ref", "")
            users.setdefault(ref, set()).add(endpoint.operation_id)
        if "x-rules" in endpoint.raw:
            ops = frozenset({endpoint.operation_id})
            yield endpoint.pointer, endpoint.label, endpoint.raw["x-rules"], ops
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        if isinstance(schema, Mapping) and "x-rules" in schema:
            pointer = join("/components/schemas", name)
            ops = frozenset(users.get("#" + pointer, ()))
            yield pointer, name, schema["x-rules"], ops


def _groups(
    document: Mapping[str, Any],
) -> dict[tuple[str, str, str], list[tuple[str, str, Rule, Mapping[str, Any], frozenset[str]]]]:
    """Rules grouped by holder, rule ID and kind; entries of a group pair up in order."""
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for owner, name, raws, ops in _owners(document):
        for index, raw in enumerate(raws):
            key = (owner, str(raw.get("id")), str(raw.get("kind")))
            pointer = join(owner, "x-rules", index)
            groups.setdefault(key, []).append((pointer, name, parse_rule(raw), raw, ops))
    return groups


def _summary(raw: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in raw.items() if k not in ("id", "kind"))


def diff_rules(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Finding]:
    """Findings for every x-rules entry added, removed or changed, and for the rule registry."""
    found: list[Finding] = []
    o_groups, n_groups = _groups(old), _groups(new)
    for key in sorted(set(o_groups) | set(n_groups)):
        _, rule_id, kind = key
        o_list, n_list = o_groups.get(key, []), n_groups.get(key, [])
        for position in range(max(len(o_list), len(n_list))):
            before = o_list[position] if position < len(o_list) else None
            after = n_list[position] if position < len(n_list) else None
            found.extend(_pair(kind, rule_id, before, after))
    found.extend(_registry(old, new))
    return found


def _pair(kind: str, rule_id: str, before: Any, after: Any) -> Iterator[Finding]:
    here = after or before
    pointer, name, _, _, ops = here
    subject = f"{name} {rule_id} ({kind})"
    ops = ops | (before[4] if before else frozenset())
    rules = frozenset({rule_id})
    ids = KINDS[kind]
    if after is None:
        yield Finding(ids.removed, pointer, subject, "", _summary(before[3]), None, ops, rules)
        return
    if before is None:
        yield Finding(ids.added, pointer, subject, "", None, _summary(after[3]), ops, rules)
        return
    o_rule, n_rule = before[2], after[2]
    measured: dict[str, Any] = {}
    for attribute, increased, decreased in MEASURES.get(type(n_rule), ()):
        o_value, n_value = getattr(o_rule, attribute), getattr(n_rule, attribute)
        measured[attribute] = n_value
        if o_value != n_value:
            moved = increased if n_value > o_value else decreased
            yield Finding(moved, pointer, subject, "", o_value, n_value, ops, rules)
    if dataclasses.replace(o_rule, **measured) != n_rule:
        o_text, n_text = _summary(before[3]), _summary(after[3])
        if isinstance(o_rule, ResultCount) and isinstance(n_rule, ResultCount):
            o_text = str(o_rule.count if o_rule.count is not None else o_rule.field)
            n_text = str(n_rule.count if n_rule.count is not None else n_rule.field)
        yield Finding(ids.changed, pointer, subject, "", o_text, n_text, ops, rules)


def _registry(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Finding]:
    o_rules = {e["id"]: (i, e) for i, e in enumerate(old.get("x-contract-rules") or ())}
    n_rules = {e["id"]: (i, e) for i, e in enumerate(new.get("x-contract-rules") or ())}
    nobody: frozenset[str] = frozenset()
    for rule_id in sorted(set(o_rules) | set(n_rules)):
        rules = frozenset({rule_id})
        if rule_id not in n_rules:
            pointer = join("/x-contract-rules", o_rules[rule_id][0])
            yield Finding(CONTRACT_RULE_REMOVED, pointer, rule_id, "", None, None, nobody, rules)
            continue
        index, after = n_rules[rule_id]
        pointer = join("/x-contract-rules", index)
        if rule_id not in o_rules:
            yield Finding(CONTRACT_RULE_ADDED, pointer, rule_id, "", None, None, nobody, rules)
            continue
        before = o_rules[rule_id][1]
        o_level, n_level = before.get("level"), after.get("level")
        if o_level != n_level:
            stronger = _LEVELS.get(str(n_level), 0) > _LEVELS.get(str(o_level), 0)
            kind = CONTRACT_RULE_STRENGTHENED if stronger else CONTRACT_RULE_WEAKENED
            yield Finding(
                kind, join(pointer, "level"), rule_id, "", o_level, n_level, nobody, rules
            )
        if before.get("summary") != after.get("summary"):
            yield Finding(
                CONTRACT_RULE_SUMMARY_CHANGED,
                join(pointer, "summary"),
                rule_id,
                "",
                None,
                None,
                nobody,
                rules,
            )
