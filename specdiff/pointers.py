"""JSON pointers into a spec and `$ref` following, so every change has an exact address."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contract.pointers import escape, join, tokens

__all__ = ["Flat", "Pair", "escape", "flatten", "follow", "get", "home", "join", "real_pointer"]


def get(document: Any, pointer: str) -> Any:
    """The node at `pointer`; a missing step raises KeyError."""
    node = document
    for token in tokens(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def follow(document: Any, node: Any, pointer: str) -> tuple[Any, str]:
    """Follow local `$ref`s from `node` to the object they name (sibling keywords dropped)."""
    seen = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            break
        seen.add(ref)
        pointer = ref[1:]
        node = get(document, pointer)
    return node, pointer


def real_pointer(document: Any, pointer: str) -> str:
    """Where `pointer` really leads once every `$ref` on the way (and at the end) is followed."""
    node, here = document, ""
    try:
        for token in tokens(pointer):
            node, here = follow(document, node, here)
            node = node[int(token)] if isinstance(node, list) else node[token]
            here = join(here, token)
        return follow(document, node, here)[1]
    except (KeyError, IndexError, TypeError, ValueError):
        return pointer


def flatten(document: Any, node: Any, pointer: str) -> tuple[dict[str, Any], dict[str, str]]:
    """A schema with `$ref`s followed and sibling keywords kept, and where each keyword lives."""
    merged: dict[str, Any] = {}
    where: dict[str, str] = {}
    seen: set[str] = set()
    while isinstance(node, Mapping):
        for key, value in node.items():
            if key != "$ref" and key not in merged:
                merged[key], where[key] = value, pointer
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
            break
        seen.add(ref)
        pointer = ref[1:]
        node = get(document, pointer)
    return merged, where


def home(document: Any, node: Any, pointer: str) -> str:
    """The pointer of the object a schema finally names (itself when it is no `$ref`)."""
    return follow(document, node, pointer)[1]


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
