"""The kit's config file: `conformance.toml`, or `[tool.conformance]` in pyproject.toml."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema

from conformance.entry.optionmodel import Option, UsageError

OWN_FILE = "conformance.toml"
PYPROJECT = "pyproject.toml"


def schema(options: Iterable[Option]) -> dict[str, Any]:
    """The JSON Schema of the file's table, made from the options' declarations."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            option.config_key: option.schema() for option in options if option.config_key
        },
    }


def find(explicit: Path | None, folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The file to read and its kit table: the one named, else the folder's own, else None."""
    if explicit is not None:
        document = _load(explicit, f"--config {explicit}")
        if explicit.name != PYPROJECT:
            return explicit, document
        table = document.get("tool", {}).get("conformance")
        if not isinstance(table, dict):
            raise UsageError(f"--config {explicit}: no [tool.conformance] table")
        return explicit, table
    own, pyproject = folder / OWN_FILE, folder / PYPROJECT
    if own.is_file():
        return own, _load(own, OWN_FILE)
    if pyproject.is_file():
        table = _load(pyproject, PYPROJECT).get("tool", {}).get("conformance")
        if table is not None:
            if not isinstance(table, dict):
                raise UsageError(f"{PYPROJECT}: [tool.conformance] must be a table")
            return pyproject, table
    return None


def read(
    explicit: Path | None, folder: Path, options: dict[str, Option]
) -> tuple[Path | None, dict[str, Any]]:
    """The options the config file sets, by option name, checked against the schema."""
    found = find(explicit, folder)
    if found is None:
        return None, {}
    path, table = found
    where = path.name if explicit is None else str(path)
    for key in table:
        option = options.get(key)
        if option is not None and option.secret:
            raise UsageError(
                f"{where}: {key} is a secret and a config file gets committed: keys stay in "
                f"the environment ({option.env}) or on the command line"
            )
    known = [option for option in options.values() if option.config_key]
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema(known)).iter_errors(table)
    )
    if error is not None:
        raise UsageError(f"{where}: {_describe(error, table, known)}")
    return path, {key: _typed(options[key], value) for key, value in table.items()}


def _load(path: Path, label: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise UsageError(f"{label}: cannot be read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{label}: not valid TOML: {error}") from None


def _describe(error: jsonschema.ValidationError, table: dict[str, Any], known: list[Option]) -> str:
    if error.validator == "additionalProperties":
        names = [option.name for option in known]
        unknown = sorted(set(table) - set(names))
        close = difflib.get_close_matches(unknown[0], names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else f"; known keys: {', '.join(names)}"
        return f"unknown key {unknown[0]!r}{hint}"
    path = ".".join(str(part) for part in error.absolute_path)
    return f"{path}: {error.message}" if path else error.message


def _typed(option: Option, value: Any) -> Any:
    """TOML's value as the option's Python type (a whole float for an int, a Path for a path)."""
    if option.repeatable:
        return tuple(option.kind(item) for item in value)
    return option.kind(value)
