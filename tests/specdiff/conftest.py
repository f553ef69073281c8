"""Fixtures for spec-diff's tests: a spec file with edits applied, and a throwaway git repo."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.specdiff.edits import SPEC, apply, dump, spec_source


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    """Write the real spec with `edits` applied (and `version` as info.version) to a file."""

    def write(name: str, edits: list[dict[str, Any]], version: str | None = None) -> Path:
        document = apply(spec_source().document, edits)
        if version is not None:
            document["info"]["version"] = version
        path = tmp_path / name
        path.write_text(dump(document), encoding="utf-8")
        return path

    return write


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


@pytest.fixture
def spec_repo(tmp_path: Path) -> Path:
    """A git repository holding spec/openapi.yaml as committed (HEAD), with a clean tree."""
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    (repo / "spec" / "openapi.yaml").write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "spec")
    return repo
