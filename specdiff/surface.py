"""The operations of a document (`paths` and `webhooks`), their parameters and their security."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from contract import HTTP_METHODS
from specdiff.pointers import follow, join

Located = tuple[Mapping[str, Any], str]  # an object of the document and its pointer


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


def security(
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


def parameters(
    document: Mapping[str, Any], endpoint: Endpoint
) -> Iterator[tuple[tuple[str, str], Located]]:
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
