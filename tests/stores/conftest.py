"""One factory per backend, so that every store-contract test runs on all three."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from refserver.stores import Store, open_store
from tests.support.redis_server import MISSING, redis_binary, running_redis

BACKENDS = ("memory", "sqlite", "redis")
CACHE_BYTES = 1 << 20

StoreFactory = Callable[..., Store]


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    if redis_binary() is None:
        pytest.skip(MISSING)
    with running_redis() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The `--store` value for this test's backend; a fresh, empty one per test."""
    if backend == "sqlite":
        return f"sqlite:{tmp_path / 'store.db'}"
    if backend == "redis":
        url = str(request.getfixturevalue("redis_url")) + "/0"
        redis.Redis.from_url(url).flushdb()
        return url
    return "memory"


@pytest.fixture
def make_store(store_url: str) -> StoreFactory:
    """Open a store (again: a restart) on this test's backend."""

    def make(retention_seconds: float = 3600.0, max_tasks: int = 10_000) -> Store:
        return open_store(store_url, retention_seconds, max_tasks, CACHE_BYTES)

    return make
