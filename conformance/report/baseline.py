"""Reads `--baseline OLD/results.json`, so a team can gate releases on regressions only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs

from conformance.run.outcome import Baseline, Status
from conformance.run.userfile import Unreadable, read_text

from .coverage import covered_in
from .jsonfile import RESULTS_SCHEMA, SCHEMA_VERSION
from .view import printable

_VALIDATOR = jsonschema_rs.Draft202012Validator(RESULTS_SCHEMA)
_LONGEST_DETAIL = 120


class BaselineError(ValueError):
    """A baseline that cannot be used, told in one line."""


def _one_line(text: str) -> str:
    """A detail from a file's content, short enough for a one-line error."""
    text = " ".join(printable(text).split())
    return text if len(text) <= _LONGEST_DETAIL else text[: _LONGEST_DETAIL - 3] + "..."


def _read(path: Path) -> Any:
    """The file's JSON, or a BaselineError that says why there is none."""
    try:
        text = read_text(path, "a results.json")
    except Unreadable as error:
        raise BaselineError(f"--baseline {path}: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(
            f"--baseline {path}: not a results.json of this kit (not JSON: line {error.lineno})"
        ) from None
    except RecursionError:
        raise BaselineError(
            f"--baseline {path}: not a results.json of this kit (not JSON: nested too deeply)"
        ) from None


def load_baseline(path: Path) -> Baseline:
    """The rules that failed in an earlier run's results.json, checked against its schema."""
    data = _read(path)
    version = data.get("schemaVersion") if isinstance(data, dict) else None
    if version is not None and version != SCHEMA_VERSION:
        raise BaselineError(
            f"--baseline {path}: results.json schemaVersion {_one_line(repr(version))}; "
            f"this kit reads {SCHEMA_VERSION}"
        )
    error = next(iter(_VALIDATOR.iter_errors(data)), None)
    if error is not None:
        where = "/".join(str(part) for part in error.instance_path) or "top level"
        raise BaselineError(
            f"--baseline {path}: not a results.json of this kit "
            f"(at {_one_line(where)}: {_one_line(error.message)})"
        )
    return Baseline(
        source=str(path),
        target=data["run"]["target"],
        started_at=data["run"]["startedAt"],
        failed=frozenset(
            rule["id"] for rule in data["rules"] if rule["status"] == Status.FAILED.value
        ),
        covered={rule["id"]: covered_in(rule) for rule in data["rules"]},
    )
