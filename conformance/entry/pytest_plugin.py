"""A pytest plugin: the kit as `pytest --pyargs conformance.entry.suite`, with -n and --junitxml."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.entry.options import UsageError, build_settings, build_target
from conformance.entry.runner import prepared
from conformance.run.sidecar import Sidecar
from conformance.run.target import PROFILES, Settings, Target


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
    group.addoption("--concurrency", type=int, default=8, help="the most requests in flight")
    group.addoption("--sidecar-public-url", help="how a remote target reaches the sidecar")
    group.addoption("--sidecar-port", type=int, default=0, help="the sidecar's port (0: any)")


@pytest.fixture(scope="session")
def conformance_settings(request: pytest.FixtureRequest) -> Settings:
    config = request.config
    try:
        return build_settings(
            profile=config.getoption("--conformance-profile"),
            seed=config.getoption("--conformance-seed"),
            time_budget=config.getoption("--time-budget"),
            max_rps=config.getoption("--max-rps"),
            concurrency=config.getoption("--concurrency"),
            sidecar_port=config.getoption("--sidecar-port"),
            sidecar_public_url=config.getoption("--sidecar-public-url"),
            allow_rotation=config.getoption("--allow-rotation"),
        )
    except UsageError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.fixture(scope="session")
def conformance_target(
    request: pytest.FixtureRequest, conformance_settings: Settings
) -> Iterator[tuple[Target, Sidecar]]:
    """The target and the sidecar, shared by the tests of this process (one per xdist worker)."""
    config = request.config
    try:
        target = build_target(
            base_url=config.getoption("--base-url"),
            api_key=config.getoption("--api-key"),
            second_key=config.getoption("--second-key"),
            manager_key=config.getoption("--manager-key"),
            org_id=config.getoption("--org-id"),
            rate_limited_key=config.getoption("--rate-limited-key"),
            sidecar_public_url=config.getoption("--sidecar-public-url"),
            sidecar_port=config.getoption("--sidecar-port"),
        )
    except UsageError as error:
        raise pytest.UsageError(str(error)) from None
    with prepared(target, conformance_settings) as prepared_pair:
        yield prepared_pair
