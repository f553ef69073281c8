"""A pytest plugin: the kit runs as `pytest --pyargs conformance.suite` with -n and --junitxml."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest

from conformance.runner import prepared
from conformance.sidecar import Sidecar
from conformance.target import PROFILES, Settings, Target


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Image Generation API conformance")
    group.addoption("--base-url", help="the server to test (default: start the bundled one)")
    group.addoption("--api-key", help="a generator key (or CONFORMANCE_API_KEY)")
    group.addoption("--second-key", help="another key of the same org (AUTH-4)")
    group.addoption("--manager-key", help="a manager key (E8, HOOK-3)")
    group.addoption("--org-id", help="the keys' organisation")
    group.addoption("--rate-limited-key", help="a key with a low rate limit (ERR-3)")
    group.addoption(
        "--allow-rotation", action="store_true", help="allow rotating the webhook secret"
    )
    group.addoption("--conformance-profile", choices=sorted(PROFILES), default="quick")
    group.addoption("--conformance-seed", type=int, help="the run's seed")
    group.addoption("--time-budget", type=float, default=60.0, help="seconds a task may take")
    group.addoption("--max-rps", type=float, default=200.0, help="the most requests per second")
    group.addoption("--sidecar-public-url", help="how a remote target reaches the sidecar")


def _option(config: pytest.Config, name: str, env: str | None = None) -> str | None:
    value = config.getoption(name)
    return str(value) if value is not None else (os.environ.get(env) if env else None)


@pytest.fixture(scope="session")
def conformance_settings(request: pytest.FixtureRequest) -> Settings:
    config = request.config
    seed = config.getoption("--conformance-seed")
    return Settings.for_profile(
        config.getoption("--conformance-profile"),
        seed=seed if seed is not None else random.randrange(1 << 31),
        time_budget=config.getoption("--time-budget"),
        max_rps=config.getoption("--max-rps"),
        sidecar_public_url=config.getoption("--sidecar-public-url"),
        allow_rotation=config.getoption("--allow-rotation"),
    )


@pytest.fixture(scope="session")
def conformance_target(
    request: pytest.FixtureRequest, conformance_settings: Settings
) -> Iterator[tuple[Target, Sidecar]]:
    """The target and the sidecar, shared by the tests of this process (one per xdist worker)."""
    config = request.config
    base_url = _option(config, "--base-url")
    target = None
    if base_url:
        key = _option(config, "--api-key", "CONFORMANCE_API_KEY")
        if not key:
            raise pytest.UsageError("--base-url needs --api-key (or CONFORMANCE_API_KEY)")
        target = Target(
            base_url=base_url.rstrip("/"),
            api_key=key,
            second_key=_option(config, "--second-key", "CONFORMANCE_SECOND_KEY"),
            manager_key=_option(config, "--manager-key", "CONFORMANCE_MANAGER_KEY"),
            org_id=_option(config, "--org-id"),
            rate_limited_key=_option(config, "--rate-limited-key", "CONFORMANCE_RATE_LIMITED_KEY"),
        )
    with prepared(target, conformance_settings) as prepared_pair:
        yield prepared_pair
