"""Reads OLD and NEW: a spec file, or `git:REV` (the spec as committed at a revision)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SPEC = "spec/openapi.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses the spec 10x faster


class SourceError(Exception):
    """OLD or NEW cannot be read as an OpenAPI document; the message says which and why."""


@dataclass(frozen=True)
class Source:
    """One side of the comparison: where it came from, its text and its parsed document."""

    label: str
    text: str
    document: dict[str, Any] = field(repr=False)

    @property
    def version(self) -> str:
        return str((self.document.get("info") or {}).get("version", ""))


def parse(label: str, text: str) -> Source:
    try:
        document = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise SourceError(f"{label} is not valid YAML{where}") from None
    if not isinstance(document, dict) or "openapi" not in document:
        raise SourceError(f"{label} is not an OpenAPI document")
    return Source(label, text, document)


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
        )
    except FileNotFoundError:
        raise SourceError("git is not installed") from None
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise SourceError(f"git {' '.join(args)}: {detail}")
    return result.stdout


def repo_root(cwd: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())


def read(spec: str, *, spec_path: str = DEFAULT_SPEC, cwd: Path | None = None) -> Source:
    """`git:REV` reads `spec_path` at REV in the repository of `cwd`; anything else is a file."""
    here = cwd or Path.cwd()
    if spec.startswith("git:"):
        revision = spec[4:] or "HEAD"
        text = _git(["show", f"{revision}:{spec_path}"], repo_root(here))
        return parse(spec, text)
    path = here / spec
    try:
        return parse(spec, path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourceError(f"cannot read {spec}: {error.strerror}") from None


def working_tree(*, spec_path: str = DEFAULT_SPEC, cwd: Path | None = None) -> Source:
    """The spec as it is now in the working tree of the repository of `cwd`."""
    root = repo_root(cwd or Path.cwd())
    return read(str(root / spec_path), cwd=root)
