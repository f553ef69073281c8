"""Merges spec/openapi.yaml and the client overlay into the JSON the client is generated from."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml


def _resolve(document: Any, target: str) -> Any:
    """The node a dotted `$.a.b.c` target names; a missing step is an error, never created."""
    if not target.startswith("$."):
        raise SystemExit(f"overlay: unsupported target {target!r} (only $.a.b.c paths)")
    node = document
    for step in target[2:].split("."):
        if not isinstance(node, dict) or step not in node:
            raise SystemExit(f"overlay: target {target!r} does not exist in the spec")
        node = node[step]
    return node


def apply(document: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """Applies each action in order: merge a mapping into a mapping, or append a list to a list."""
    for action in overlay["actions"]:
        node, update = _resolve(document, action["target"]), action["update"]
        if isinstance(node, dict) and isinstance(update, dict):
            clash = sorted(set(node) & set(update))
            if clash:
                raise SystemExit(f"overlay: {action['target']} already has {clash}")
            node.update(update)
        elif isinstance(node, list) and isinstance(update, list):
            node.extend(update)
        else:
            kind = type(update).__name__
            raise SystemExit(f"overlay: cannot apply a {kind} to {action['target']}")
    return document


def main(spec_path: str, overlay_path: str, out_path: str) -> None:
    """Reads both YAML files and writes the combined document as stable JSON (key order kept)."""
    document = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    overlay = yaml.safe_load(Path(overlay_path).read_text(encoding="utf-8"))
    combined = apply(document, overlay)
    Path(out_path).write_text(json.dumps(combined, indent=1, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
