"""Which models users build and which they only read: decided from the spec, by where each
component schema is reachable (request data, or only responses and webhook deliveries)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from specdiff.model import REQUEST, RESPONSE, ClientApiChange
from specdiff.surface import endpoints

_SCHEMA_REF = "#/components/schemas/"
# Changes of an attrs model's constructor: they matter only to code that builds the model.
CONSTRUCTOR_KINDS = frozenset(
    {
        "constructor-argument-added-required",
        "constructor-argument-became-required",
        "constructor-arguments-reordered",
    }
)


def _refs(node: Any) -> Iterator[str]:
    """The component schemas a node names anywhere inside it."""
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            yield ref[len(_SCHEMA_REF) :]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _roots(document: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(side, where, node) for the data of each operation: what clients send, and what they read.

    A webhook's body and headers are sent by the server; its receiver's answer is built by users.
    """
    for endpoint in endpoints(document).values():
        op = endpoint.raw
        sent = [op.get("parameters"), endpoint.item.get("parameters"), op.get("requestBody")]
        name = endpoint.operation_id
        for node in sent:
            if endpoint.webhook:
                yield RESPONSE, f"the {name} webhook", node
            else:
                yield REQUEST, f"{name} request", node
        for code, answer in (op.get("responses") or {}).items():
            yield (REQUEST if endpoint.webhook else RESPONSE), f"{name} {code}", answer


def _closure(document: Mapping[str, Any], start: Iterable[str]) -> set[str]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo.extend(_refs(schemas[name]))
    return seen


def uses(document: Mapping[str, Any]) -> dict[str, dict[str, set[str]]]:
    """For each component schema, the sides it is reachable from and where (operation, status)."""
    found: dict[str, dict[str, set[str]]] = {}
    for side, where, node in _roots(document):
        for name in _closure(document, _refs(_follow_components(document, node))):
            found.setdefault(name, {}).setdefault(side, set()).add(where)
    return found


def _follow_components(document: Mapping[str, Any], node: Any) -> Any:
    """A node with `#/components/{responses,requestBodies,parameters,headers}` refs inlined."""
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/") and _SCHEMA_REF not in ref:
            target: Any = document
            for token in ref[2:].split("/"):
                target = target.get(token) if isinstance(target, Mapping) else None
            return _follow_components(document, target)
        return {key: _follow_components(document, value) for key, value in node.items()}
    if isinstance(node, list):
        return [_follow_components(document, value) for value in node]
    return node


def _key(name: str) -> str:
    """A model's name as the generated class spells it, compared without case or separators."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def read_only_models(*documents: Mapping[str, Any]) -> dict[str, str]:
    """Class key -> where it is read, for the models that no document lets users send."""
    found: dict[str, str] = {}
    sent: set[str] = set()
    for document in documents:
        schemas = (document.get("components") or {}).get("schemas") or {}
        for name, sides in uses(document).items():
            schema = schemas.get(name) or {}
            key = _key(str(schema.get("title") or name))
            if REQUEST in sides:
                sent.add(key)
            elif RESPONSE in sides:
                places = sorted(sides[RESPONSE])
                shown = ", ".join(places[:3]) + (
                    f" and {len(places) - 3} more" if places[3:] else ""
                )
                found[key] = shown
    return {key: where for key, where in found.items() if key not in sent}


def soften(
    changes: Iterable[ClientApiChange], *documents: Mapping[str, Any]
) -> tuple[ClientApiChange, ...]:
    """A response-only model's constructor change is a warning: users read it, they build it only
    by hand (test fixtures); a model that any request uses keeps its breaking verdict."""
    read_only = read_only_models(*documents)
    softened: list[ClientApiChange] = []
    for change in changes:
        where = read_only.get(_key(change.object.rpartition(".")[2]))
        if change.kind in CONSTRUCTOR_KINDS and change.breaking and where is not None:
            name = change.object.rpartition(".")[2]
            message = (
                f"{change.message}; {name} is only in responses and webhook bodies ({where}): "
                "users read it, and only code that builds it by hand, such as test fixtures, "
                "must change"
            )
            change = dataclasses.replace(change, breaking=False, warning=True, message=message)
        softened.append(change)
    return tuple(softened)
