"""Applies JSON-patch-like edits to a copy of the real spec, for the tests and the benchmark."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from contract.pointers import tokens
from specdiff.sources import Source, parse

SPEC = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
CORPUS = Path(__file__).resolve().parent / "corpus.yaml"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def apply(document: Any, edits: Iterable[Mapping[str, Any]]) -> Any:
    """A copy of `document` with each edit applied in order; a bad path raises KeyError."""
    result = copy.deepcopy(document)
    for edit in edits:
        *parents, last = tokens(edit["path"])
        node = result
        for token in parents:
            node = node[int(token)] if isinstance(node, list) else node[token]
        if isinstance(node, list):
            if edit["op"] == "remove":
                del node[int(last)]
            elif last == "-":
                node.append(edit["value"])
            else:
                node[int(last)] = edit["value"]
        elif edit["op"] == "remove":
            del node[last]
        elif edit["op"] == "replace" and last not in node:
            raise KeyError(edit["path"])
        else:
            node[last] = edit["value"]
    return result


def reordered(value: Any) -> Any:
    """The same value with every mapping's keys in reverse order."""
    if isinstance(value, dict):
        return {key: reordered(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [reordered(item) for item in value]
    return value


@cache
def spec_source() -> Source:
    """The real spec, parsed once (callers copy before they edit)."""
    return parse("spec/openapi.yaml", SPEC.read_text(encoding="utf-8"))


def base(case: Mapping[str, Any]) -> Source:
    """OLD for a corpus case: the spec, with the case's `base` edits when it has some."""
    if not case.get("base"):
        return spec_source()
    return parse(f"{case['name']} (base)", dump(apply(spec_source().document, case["base"])))


def edited(case: Mapping[str, Any]) -> Source:
    """NEW for a corpus case: OLD with its edits, re-serialised (keys reordered) if asked."""
    document = apply(base(case).document, case.get("edits") or ())
    if case.get("reserialise"):
        document = reordered(document)
    return parse(case["name"], dump(document))


def dump(document: Any) -> str:
    """YAML text of a document, keys in their order (libyaml when there is one: it is fast)."""
    text: str = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=200)
    return text


def corpus() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return cases
