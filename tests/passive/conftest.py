"""One clean run of the client's flows through the proxy, shared by the tests that read it."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conformance.passive.harfile import Recorded
from conformance.run.outcome import RunOutcome
from tests.passive.flows import RATE_LIMITED_BURST, Keys, run_flows
from tests.passive.support import image_server, proxied
from tests.support.refserver import ORG_ID, ServerHandle, running_server

TIMING = {"startingSeconds": 0.05, "processingSeconds": 0.3}
TIME_BUDGET = 5.0  # LIFE-3 with a deadline; the tasks above take well under a second


@dataclass(frozen=True)
class Run:
    """What one run of the flows through the proxy left: verdicts, lines told, raw exchanges."""

    outcome: RunOutcome
    lines: list[str]
    records: list[Recorded]
    keys: Keys


def server_config(image_url: str, rate_limited_key: str) -> dict[str, Any]:
    return {
        "timing": TIMING,
        "allow": [image_url.split("/")[2]],
        "keys": [
            {
                "key": rate_limited_key,
                "scope": "generator",
                "org": ORG_ID,
                "rate": 1,
                "burst": RATE_LIMITED_BURST,
            }
        ],
    }


@pytest.fixture(scope="session")
def image_url() -> Iterator[str]:
    with image_server() as url:
        yield url


def run_through_proxy(
    image_url: str,
    faults: tuple[str, ...] = (),
    task_timeout: float = 15,
    time_budget: float = TIME_BUDGET,
) -> tuple[Run, ServerHandle]:
    rate_limited = "sk-test-slow-" + secrets.token_hex(12)
    records: list[Recorded] = []
    with running_server(server_config(image_url, rate_limited), faults) as server:
        keys = Keys(server.generator_key, server.second_key, rate_limited)
        with (
            proxied(server.base_url, time_budget=time_budget, tap=records.append) as proxy,
            tempfile.TemporaryDirectory() as out,
        ):
            run_flows(proxy.url, keys, image_url, Path(out), timeout=task_timeout)
            proxy.settle()
            outcome = proxy.judge.outcome(server.base_url, "proxy")
        return Run(outcome, proxy.lines, records, keys), server


@pytest.fixture(scope="session")
def clean_run(image_url: str) -> Run:
    return run_through_proxy(image_url)[0]
