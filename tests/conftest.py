"""Shared fixtures: the repository root and the parsed spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract import Spec, load_spec

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first, so that xdist workers do not finish on a long tail of them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
