"""Fixtures the client's tests share."""

from __future__ import annotations

import pytest

from tests.support.ports import free_port


@pytest.fixture(scope="module")
def dead_port() -> int:
    """A loopback port nothing listens on: a source image there cannot be fetched."""
    return free_port()
