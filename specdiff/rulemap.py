"""Names the contract rules a change touches, from the spec's own `x-enforces` pointers and the
fields each `x-rules` entry reads, so the report speaks the contract's language (DIM-3, TXT-1)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from specdiff.pointers import join, real_pointer

_FIELD_KEYS = ("field", "fields", "from", "fromFields", "ratioField", "longSideField", "fromSource")


def _enforced(document: Any, node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """(target, rule ID) for each `x-enforces` entry, as written and with `$ref`s followed."""
    if isinstance(node, Mapping):
        for rule_id, target in (node.get("x-enforces") or {}).items():
            absolute = pointer + str(target)
            yield absolute, str(rule_id)
            yield real_pointer(document, absolute), str(rule_id)
        for key, value in node.items():
            if key != "x-enforces":
                yield from _enforced(document, value, join(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _enforced(document, value, join(pointer, index))


def _rule_fields(document: Any) -> Iterator[tuple[str, str]]:
    """(property pointer, rule ID) for each field an `x-rules` entry of a schema reads."""
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        for rule in (schema.get("x-rules") if isinstance(schema, Mapping) else None) or ():
            for key in _FIELD_KEYS:
                value = rule.get(key)
                for field in [value] if isinstance(value, str) else value or ():
                    yield join("/components/schemas", name, "properties", field), str(rule["id"])


class RuleMap:
    """Pointer-to-rule lookups over both documents (a rule may be touched by being removed)."""

    def __init__(self, *documents: Mapping[str, Any]) -> None:
        pairs: set[tuple[str, str]] = set()
        for document in documents:
            pairs.update(_enforced(document, document, ""))
            pairs.update(_rule_fields(document))
        self._pairs = sorted(pairs)

    def rules_for(self, pointer: str) -> set[str]:
        """Rules whose encoding lies at, inside or around `pointer`."""
        return {
            rule_id
            for target, rule_id in self._pairs
            if target == pointer
            or pointer.startswith(target + "/")
            or target.startswith(pointer + "/")
        }
