"""Several processes on one store behave as one: two workers on SQLite, two instances on Redis."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook

from conformance.run.sidecar import Sidecar
from tests.support.ports import free_port
from tests.support.redis_server import MISSING, redis_binary, running_redis
from tests.support.refserver import REPO_ROOT, ServerHandle, running_server

pytestmark = pytest.mark.slow

TASKS = 12
LEASE_SECONDS = 3.0
KIT_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Sandbox:
    """One shared sandbox as clients see it: every entry point, and the keys of the first."""

    entries: list[ServerHandle]
    kit_port: int

    @property
    def first(self) -> ServerHandle:
        return self.entries[0]

    def url(self, index: int) -> str:
        return self.entries[index % len(self.entries)].base_url


@pytest.fixture(scope="module")
def sink() -> Iterator[Sidecar]:
    service = Sidecar(stall_seconds=2.0).start()
    try:
        yield service
    finally:
        service.stop()


def sandbox_config(sink: Sidecar, kit_port: int, store: str, **extra: Any) -> dict[str, Any]:
    """Fast tasks; the allow-list holds this module's sink and the kit's own sidecar."""
    config: dict[str, Any] = {
        "store": store,
        "timing": {"startingSeconds": 0.05, "processingSeconds": 0.3},
        "allow": [sink.allow_entry, f"127.0.0.1:{kit_port}"],
        "rateLimit": {"rate": 1000, "burst": 2000},
        "webhookBackoff": [0.2, 0.4, 0.8],
        "webhookLeaseSeconds": LEASE_SECONDS,
        "keys": [{"key": "sk-limited-" + os.urandom(8).hex(), "org": "org-test", "rate": 1,
                  "burst": 5}],
    }  # fmt: skip
    config.update(extra)
    return config


@contextlib.contextmanager
def sqlite_workers(sink: Sidecar, tmp: Path) -> Iterator[Sandbox]:
    port = free_port()
    config = sandbox_config(sink, port, f"sqlite:{tmp / 'sandbox.db'}", workers=2)
    with running_server(config) as one:
        yield Sandbox([one], port)


@contextlib.contextmanager
def redis_instances(sink: Sidecar) -> Iterator[Sandbox]:
    if redis_binary() is None:
        pytest.skip(MISSING)
    port = free_port()
    with running_redis() as url:
        config = sandbox_config(sink, port, url + "/0")
        with (
            running_server(config) as first,
            running_server({**config, "keys": first.config["keys"]}) as second,
        ):
            yield Sandbox([first, second], port)


@pytest.fixture(params=["sqlite-2-workers", "redis-2-instances"])
def sandbox(request: pytest.FixtureRequest, sink: Sidecar, tmp_path: Path) -> Iterator[Sandbox]:
    if request.param == "sqlite-2-workers":
        with sqlite_workers(sink, tmp_path) as box:
            yield box
    else:
        with redis_instances(sink) as box:
            yield box


def fresh_client() -> httpx.Client:
    """A new connection per request, so that requests spread over the workers."""
    return httpx.Client(timeout=10, limits=httpx.Limits(max_keepalive_connections=0))


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def create(http: httpx.Client, url: str, key: str, hook: str) -> dict[str, Any]:
    answer = http.post(
        f"{url}/v2/artworks/quantum",
        json={"prompt": "shared", "webhook": hook},
        headers=bearer(key),
    )
    assert answer.status_code == 202, answer.text
    return dict(answer.json())


def wait_terminal(http: httpx.Client, url: str, key: str, task_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        got = http.get(f"{url}/v2/artworks/{task_id}", headers=bearer(key)).json()
        if got["status"] in ("succeeded", "failed"):
            return dict(got)
        time.sleep(0.05)
    raise AssertionError(f"task {task_id} did not end")


def verify(secret: str, headers: dict[str, str], body: bytes) -> Any:
    return Webhook(base64.b64encode(bytes.fromhex(secret)).decode()).verify(body, headers)


def test_tasks_secrets_and_hooks_are_shared_and_each_hook_arrives_once(
    sandbox: Sandbox, sink: Sidecar
) -> None:
    key, manager = sandbox.first.generator_key, sandbox.first.manager_key
    box = f"once-{os.urandom(4).hex()}"
    with fresh_client() as http:
        rotated = http.post(
            f"{sandbox.url(1)}/v2/organizations/{sandbox.first.org_id}/webhook-secret",
            headers=bearer(manager),
        )
        assert rotated.status_code == 200
        secret = rotated.json()["secret"]
        created = [create(http, sandbox.url(i), key, sink.hook_url(box)) for i in range(TASKS)]
        for index, task in enumerate(created):  # poll each where it was not created
            polled = http.get(
                f"{sandbox.url(index + 1)}/v2/artworks/{task['id']}", headers=bearer(key)
            )
            assert polled.status_code == 200 and polled.json()["createdAt"] == task["createdAt"]
        other = http.get(f"{sandbox.url(1)}/v2/artworks/{created[0]['id']}",
                         headers=bearer(sandbox.first.second_key))  # fmt: skip
        assert other.status_code == 404
        for index in range(2):
            listed = http.get(f"{sandbox.url(index)}/v2/artworks", params={"limit": TASKS},
                              headers=bearer(key)).json()  # fmt: skip
            assert [t["id"] for t in listed] == [t["id"] for t in reversed(created)]
        finals = {t["id"]: wait_terminal(http, sandbox.url(0), key, t["id"]) for t in created}
    deliveries = sink.wait_for(box, TASKS, timeout=15)
    time.sleep(1.0)  # room for a duplicate to show up
    deliveries = sink.deliveries(box)
    ids = sorted(d.headers["webhook-id"] for d in deliveries)
    assert len(ids) == TASKS and len(set(ids)) == TASKS, "one delivery per terminal state"
    for delivery in deliveries:
        payload = verify(secret, delivery.headers, delivery.body)
        assert payload == finals[payload["id"]]


def test_the_rate_limit_holds_across_processes(sandbox: Sandbox) -> None:
    limited = next(k["key"] for k in sandbox.first.config["keys"] if k.get("rate") == 1)
    with fresh_client() as http:
        statuses = [
            http.get(f"{sandbox.url(i)}/v2/artworks", headers=bearer(limited)).status_code
            for i in range(10)
        ]
    assert statuses.count(200) == 5, statuses  # one bucket of 5, not one per process
    assert statuses.count(429) == 5, statuses


SHARED_STATE_GROUPS = ("auth", "errors", "lifecycle", "listing")


def test_the_conformance_kit_passes(sandbox: Sandbox, tmp_path: Path) -> None:
    """The whole kit against the first entry point; against each other one, the groups whose
    rules span requests (visibility, lifecycle, webhooks, listing, rate limit, rotation), since
    those are what sharing a store can break."""
    for index, entry in enumerate(sandbox.entries):
        groups = [] if index == 0 else [arg for g in SHARED_STATE_GROUPS for arg in ("--group", g)]
        limited = next(k["key"] for k in entry.config["keys"] if k.get("rate") == 1)
        command = [
            sys.executable, "-m", "conformance", "--base-url", entry.base_url,
            "--api-key", entry.generator_key, "--second-key", entry.second_key,
            "--manager-key", entry.manager_key, "--org-id", entry.org_id,
            "--rate-limited-key", limited, "--sidecar-port", str(sandbox.kit_port),
            "--report-dir", str(tmp_path / f"report-{index}"), "--quiet", "--seed", "1", *groups,
        ]  # fmt: skip
        result = subprocess.run(
            command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=KIT_TIMEOUT_SECONDS
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _socket_inodes(port: int, state: str, remote: bool) -> set[str]:
    """Inodes of loopback TCP sockets in `state` whose local (or remote) port is `port`."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        address = fields[2] if remote else fields[1]
        if int(address.split(":")[1], 16) == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def _pids_holding(inodes: set[str]) -> dict[int, int]:
    """Which processes hold those sockets, and how many each."""
    wanted = {f"socket:[{inode}]" for inode in inodes}
    held: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            count = sum(os.readlink(fd) in wanted for fd in (proc / "fd").iterdir())
            if count:
                held[int(proc.name)] = count
    return held


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="finds the workers through /proc")
def test_kill_9_of_a_worker_mid_delivery_loses_no_delivery(sink: Sidecar, tmp_path: Path) -> None:
    run = os.urandom(4).hex()
    with sqlite_workers(sink, tmp_path) as sandbox, fresh_client() as http:
        key = sandbox.first.generator_key
        for index in range(TASKS):  # every first attempt is answered only after 2 s
            create(http, sandbox.url(0), key, sink.hook_url(f"t{index}-{run}", stall_first=1))
        first_attempts = sink.wait_for(run, TASKS, timeout=10)
        assert len(first_attempts) == TASKS
        in_flight = _pids_holding(_socket_inodes(sink.port, "01", remote=True))
        assert in_flight, "no worker was mid-delivery"
        victim, held = next(iter(in_flight.items()))
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + LEASE_SECONDS + 10
        while time.monotonic() < deadline:
            ids = [d.headers["webhook-id"] for d in sink.deliveries(run)]
            if sum(ids.count(i) == 2 for i in set(ids)) >= held:
                break
            time.sleep(0.1)
        time.sleep(0.5)
        port = int(sandbox.url(0).rsplit(":", 1)[1])
        listening = _socket_inodes(port, "0A", remote=False)
        replaced = time.monotonic() + 10  # the supervisor and two workers hold the socket again
        while len(_pids_holding(listening)) < 3 and time.monotonic() < replaced:
            time.sleep(0.1)
        holders = _pids_holding(listening)
        assert victim not in holders and len(holders) == 3, holders
    ids = [d.headers["webhook-id"] for d in sink.deliveries(run)]
    assert len(set(ids)) == TASKS
    retried = {i for i in set(ids) if ids.count(i) == 2}
    assert len(retried) >= held, f"{held} in flight on the killed worker, {len(retried)} retried"
    assert max(ids.count(i) for i in set(ids)) <= 2
