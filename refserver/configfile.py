"""The config file (`--config FILE.json`): JSON, checked by a JSON Schema made from `SETTINGS`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from refserver.settings import SETTINGS, ConfigError, value_of


def _schema() -> dict[str, Any]:
    root: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "refserver config file",
        "description": "an object of settings",
        "type": "object",
        "properties": {},
        "additionalProperties": False,
    }
    for setting in SETTINGS:
        node = root
        for section in setting.member[:-1]:
            node = node["properties"].setdefault(
                section,
                {
                    "description": f"an object of {section} settings",
                    "type": "object",
                    "properties": {},
                    "additionalProperties": False,
                },
            )
        item = setting.kind.schema()
        node["properties"][setting.member[-1]] = (
            {"description": f"a list, each {item['description']}", "type": "array", "items": item}
            if setting.many
            else item
        )
    return root


SCHEMA = _schema()
"""The config file's JSON Schema (draft 2020-12): every setting's member, nothing else."""

_VALIDATOR = Draft202012Validator(SCHEMA)
_MISSING = object()


def _where(path: Iterable[str | int]) -> str:
    """`rateLimit.rate`, `keys[0].burst`: a member as the file's reader names it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def _message(error: ValidationError) -> str:
    """One line on what is wrong, never repeating a value under `keys`."""
    where = _where(error.absolute_path)
    subject = where or "the file"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {}))
        unknown = ", ".join(repr(name) for name in sorted(set(error.instance) - set(known)))
        return f"{subject} has no member {unknown} (the members: {', '.join(known)})"
    if not where and error.validator == "type":
        return "the file must hold a JSON object of settings"
    if error.validator == "required":
        return f"{subject}: {error.message}"
    secret = bool(error.absolute_path) and error.absolute_path[0] == "keys"
    shown = (
        ""
        if secret or isinstance(error.instance, dict | list)
        else f", not {json.dumps(error.instance)}"
    )
    return f"{subject} takes {error.schema.get('description', 'another value')}{shown}"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _member(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for part in path:
        if part not in node:
            return _MISSING
        node = node[part]
    return node


def read(path: Path) -> dict[str, Any]:
    """The file's settings as `Config` keyword arguments, or a one-line ConfigError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_refuse_constant)
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from None
    problem = best_match(_VALIDATOR.iter_errors(data))
    if problem is not None:
        raise ConfigError(f"config file {path}: {_message(problem)}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = _member(data, setting.member)
        if raw is not _MISSING:
            subject, prefix = setting.member_name, f"config file {path}: "
            values[setting.name] = value_of(setting, raw, subject, prefix, json.dumps)
    return values
