"""Shared fixtures: the repository root and the parsed spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract import Spec, load_spec

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
