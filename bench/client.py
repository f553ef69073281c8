"""The client's costs and batch behaviour, each against a baseline run in the same command.

Run: `.venv/bin/python bench/client.py` (about three minutes; `--only batch|pages|overhead|import`).

- batch: generate_many_async of 60 and of 200 bodies at once against the reference server at its
  default limit (20 requests per second per key, burst 40), against the ideal time (tasks / rate)
  and against the same batch with each call retrying alone (the transport before the client shared
  one pacing);
- pages: iter_artworks over 1,000 tasks, against a hand-written httpx offset loop;
- overhead: one E5 poll through the resource surface (`client.artworks.get(id)`), through the
  functional API with logging off and on, against raw httpx;
- cost: the same poll over httpx.MockTransport (no server, no network): the client's own CPU;
- import: `import imagegen_client` against `import httpx` (and against an older client with
  `--baseline-client DIR`, a generated/ tree from before a change, e.g. from `git worktree add`).

Every figure is a median; the machine is shared, so read ratios rather than absolute times.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imagegen_client import (
    AuthenticatedClient,
    Generation,
    RateLimitError,
    RetryPolicy,
    generate_many_async,
    iter_artworks,
    unwrap,
)
from imagegen_client.api.artworks import create_quantum_artwork, get_artwork_v2
from imagegen_client.errors import error_from_response
from imagegen_client.models import QuantumRequest
from imagegen_client.requestlog import LOGGER_NAME
from imagegen_client.retry import AsyncRetryTransport

from tests.support.refserver import ORG_ID, running_server

BATCHES = ((60, 3), (200, 1))
"""(tasks, rounds): the issue's 60, and a batch that keeps the limit busy for many seconds."""
DEFAULT_RATE = 20.0
TASKS_LISTED = 1000
PAGE_ROUNDS = 5
CALLS_PER_ROUND = 50
ROUNDS = 10
IMPORT_RUNS = 9
NO_RATE_LIMIT = {"rateLimit": {"rate": 1_000_000, "burst": 1_000_000}}


def _bodies(count: int) -> list[QuantumRequest]:
    return [QuantumRequest(prompt=f"lighthouse {n}", width=512, height=512) for n in range(count)]


class _Counted:
    """Counts the 429 answers a client met (the paced client counts its own: `pacing.limited`)."""

    def __init__(self) -> None:
        self.limited = 0

    async def __call__(self, response: httpx.Response) -> None:
        if response.status_code == 429:
            self.limited += 1


async def _raise_typed(response: httpx.Response) -> None:
    if response.status_code >= 400:
        await response.aread()
        raise error_from_response(response)


def _alone(base_url: str, key: str, counted: _Counted) -> AuthenticatedClient:
    """A client whose calls each retry on their own, with no shared pacing (the old behaviour)."""
    client = AuthenticatedClient(base_url=base_url, token=key)
    return client.set_async_httpx_client(
        httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {key}"},
            timeout=httpx.Timeout(30.0, connect=5.0),
            transport=AsyncRetryTransport(httpx.AsyncHTTPTransport(), RetryPolicy()),
            event_hooks={"response": [counted, _raise_typed]},
        )
    )


async def _batch(client: AuthenticatedClient, count: int) -> tuple[float, int, int]:
    """Wall seconds, generations that succeeded, and how many ended with RateLimitError."""
    async with client:
        started = time.monotonic()
        results = await generate_many_async(client, _bodies(count), concurrency=count)
        wall = time.monotonic() - started
    done = sum(isinstance(r, Generation) for r in results)
    return wall, done, sum(isinstance(r, RateLimitError) for r in results)


def batch() -> None:
    """generate_many at the default rate limit, paced and alone, for each batch size."""
    rounds = sum(count for _, count in BATCHES)
    keys = [f"sk-bench-{n}-0123456789abcdef" for n in range(2 * rounds)]
    config = {"keys": [{"key": k, "scope": "generator", "org": ORG_ID} for k in keys]}
    with running_server(config) as server:
        for tasks, count in BATCHES:
            paced: list[tuple[float, int, int]] = []
            alone: list[tuple[float, int, int]] = []
            for _ in range(count):
                client = AuthenticatedClient(base_url=server.base_url, token=keys.pop())
                wall, done, _failed = asyncio.run(_batch(client, tasks))
                paced.append((wall, done, client.pacing.limited))
                counted = _Counted()
                old = _alone(server.base_url, keys.pop(), counted)
                wall, done, _failed = asyncio.run(_batch(old, tasks))
                alone.append((wall, done, counted.limited))
                time.sleep(2.5)  # let the server settle before the next round
            _print_batch(tasks, count, paced, alone)


def _print_batch(
    tasks: int,
    count: int,
    paced: list[tuple[float, int, int]],
    alone: list[tuple[float, int, int]],
) -> None:
    """One block of figures per batch size: medians, and the worst round's successes."""
    ideal = tasks / DEFAULT_RATE
    print(f"generate_many_async, {tasks} tasks at once, {DEFAULT_RATE:.0f} req/s per key "
          f"(burst 40), {count} round(s), median; ideal (tasks / rate) {ideal:.1f} s")  # fmt: skip
    for label, runs in (("shared pacing", paced), ("each alone", alone)):
        wall = statistics.median(r[0] for r in runs)
        print(f"  {label + ':':<15}{wall:6.1f} s  {wall / ideal:.2f}x ideal  "
              f"succeeded {min(r[1] for r in runs)}/{tasks}  "
              f"429s met {statistics.median(r[2] for r in runs):.0f}")  # fmt: skip


def pages() -> None:
    """iter_artworks over 1,000 tasks against a hand-written offset loop on raw httpx."""
    with running_server(NO_RATE_LIMIT) as server:
        sent: list[str] = []

        def count(request: httpx.Request) -> None:
            sent.append(request.url.path)

        hooks = {"event_hooks": {"request": [count]}}
        client = AuthenticatedClient(
            base_url=server.base_url, token=server.generator_key, httpx_args=hooks
        )
        raw = httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {server.generator_key}"}
        )
        with client, raw:
            for _ in range(TASKS_LISTED):
                create_quantum_artwork.sync(client=client, body=QuantumRequest(prompt="listed"))

            def walk() -> int:
                return sum(1 for _ in iter_artworks(client, page_size=100))

            def loop() -> int:
                found, offset = 0, 0
                while True:
                    page = raw.get("/v2/artworks", params={"limit": 100, "offset": offset}).json()
                    found += len(page)
                    if len(page) < 100:
                        return found
                    offset += 100

            walks, loops = [], []
            for _ in range(PAGE_ROUNDS):
                sent.clear()
                started = time.perf_counter()
                assert walk() == TASKS_LISTED
                walks.append(time.perf_counter() - started)
                requests = len(sent)
                started = time.perf_counter()
                assert loop() == TASKS_LISTED
                loops.append(time.perf_counter() - started)
    walk_median, loop_median = statistics.median(walks), statistics.median(loops)
    print(f"iter_artworks over {TASKS_LISTED} tasks, page_size 100, {PAGE_ROUNDS} rounds, median:")
    print(f"  iter_artworks: {walk_median * 1e3:7.1f} ms  {requests} requests (parsed, typed)")
    print(f"  httpx loop:    {loop_median * 1e3:7.1f} ms  (raw JSON)  "
          f"ratio {walk_median / loop_median:.2f}x")  # fmt: skip


def _timed(call: Callable[[], object], count: int) -> list[float]:
    """Seconds per call, one sample per call."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def overhead() -> None:
    """One E5 poll: raw httpx, the client with logging off, the client logging every call."""
    logger = logging.getLogger(LOGGER_NAME)
    sink = logging.StreamHandler(io.StringIO())
    with running_server(NO_RATE_LIMIT) as server:
        client = AuthenticatedClient(base_url=server.base_url, token=server.generator_key)
        raw = httpx.Client(
            base_url=server.base_url,
            headers={"Authorization": f"Bearer {server.generator_key}"},
            timeout=httpx.Timeout(30.0, connect=5.0),
        )
        with client, raw:
            created = unwrap(create_quantum_artwork.sync(client=client, body=QuantumRequest()))
            path = f"/v2/artworks/{created.id}"

            def via_client() -> object:
                return unwrap(get_artwork_v2.sync(created.id, client=client))

            def via_resource() -> object:
                return client.artworks.get(created.id)

            def via_httpx() -> object:
                response = raw.get(path)
                response.raise_for_status()
                return response.json()

            def logged(count: int) -> list[float]:
                logger.addHandler(sink)
                logger.setLevel(logging.DEBUG)
                try:
                    return _timed(via_client, count)
                finally:
                    logger.removeHandler(sink)
                    logger.setLevel(logging.NOTSET)

            _timed(via_client, 20), _timed(via_httpx, 20), logged(20), _timed(via_resource, 20)
            samples: dict[str, list[float]] = {"raw": [], "resource": [], "off": [], "on": []}
            for _ in range(ROUNDS):  # interleaved, so drift hits all four alike
                samples["resource"] += _timed(via_resource, CALLS_PER_ROUND)
                samples["off"] += _timed(via_client, CALLS_PER_ROUND)
                samples["raw"] += _timed(via_httpx, CALLS_PER_ROUND)
                samples["on"] += logged(CALLS_PER_ROUND)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    raw_median = medians["raw"]
    print(f"E5 poll, {len(samples['raw'])} calls each, interleaved, same server, kept-alive:")
    print(f"  raw httpx (get + raise_for_status + json): median {raw_median * 1e6:8.1f} us/call")
    labels = (
        ("resource", "client.artworks.get(id), logging off"),
        ("off", "get_artwork_v2.sync + unwrap, logging off"),
        ("on", "get_artwork_v2.sync + unwrap, logging DEBUG"),
    )
    for name, label in labels:
        print(f"  {label:<40} median {medians[name] * 1e6:8.1f} us/call  "
              f"ratio {medians[name] / raw_median:.2f}x")  # fmt: skip


def client_cost() -> None:
    """The client's own CPU per call, with no network or server (httpx.MockTransport answering
    at once): what the client adds to raw httpx, free of the server's and the loopback's noise."""
    artwork_id = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    body = json.dumps(_artwork_json(artwork_id)).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    base = "http://api.test"
    client = AuthenticatedClient(
        base_url=base, token="t", httpx_args={"transport": httpx.MockTransport(answer)}
    )
    raw = httpx.Client(base_url=base, transport=httpx.MockTransport(answer))
    with client, raw:

        def via_httpx() -> object:
            response = raw.get(f"/v2/artworks/{artwork_id}")
            response.raise_for_status()
            return response.json()

        calls = {
            "raw": via_httpx,
            "functional": lambda: unwrap(get_artwork_v2.sync(artwork_id, client=client)),
        }
        if hasattr(client, "artworks"):  # (not in a client from before the resource surface)
            calls["resource"] = lambda: client.artworks.get(artwork_id)
        for call in calls.values():
            _timed(call, 50)  # warm up
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(ROUNDS):
            for name, call in calls.items():
                samples[name] += _timed(call, CALLS_PER_ROUND * 4)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"E5 poll over httpx.MockTransport, {len(samples['raw'])} calls each, interleaved:")
    print(
        f"  raw httpx (get + raise_for_status + json): median {medians['raw'] * 1e6:8.1f} us/call"
    )
    labels = (("resource", "client.artworks.get(id)"), ("functional", "get_artwork_v2"))
    for name, label in (entry for entry in labels if entry[0] in medians):
        print(f"  {label:<40} median {medians[name] * 1e6:8.1f} us/call  "
              f"ratio {medians[name] / medians['raw']:.2f}x  "
              f"(+{(medians[name] - medians['raw']) * 1e6:.1f} us)")  # fmt: skip


def _artwork_json(artwork_id: str) -> dict[str, object]:
    """A succeeded Quantum artwork as the API answers it."""
    return {
        "id": artwork_id,
        "artworkType": "quantum",
        "parameters": {"prompt": "a lighthouse", "style": "default", "promptMode": "servitor",
                       "width": 1024, "height": 1024, "nsfw": False},
        "duration": 1.5,
        "results": ["http://api.test/v1/files/x/0.png"],
        "status": "succeeded",
        "createdAt": "2026-11-21T10:15:00.123000+00:00",
    }  # fmt: skip


BASELINE_CLIENT: list[Path] = []
"""A generated/ tree to compare the import with (--baseline-client), when one is given."""


def _import_once(statement: str, path: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of a fresh interpreter running `statement`, with
    `path` first on sys.path to import another copy of the client. CPU time is what to compare on
    a loaded machine: waiting for a core does not count in it."""
    env = {**os.environ, "PYTHONPATH": str(path)} if path else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def imports() -> None:
    """Import time of the client against httpx alone, and against a baseline client if given;
    the runs are interleaved, so a change in the machine's load hits each alike."""
    cases: dict[str, tuple[str, Path | None]] = {
        "import httpx": ("import httpx", None),
        "import imagegen_client": ("import imagegen_client", None),
    }
    for baseline in BASELINE_CLIENT:
        cases[f"import imagegen_client from {baseline}"] = ("import imagegen_client", baseline)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(IMPORT_RUNS):
        for name, (statement, path) in cases.items():
            runs[name].append(_import_once(statement, path))
    print(f"import time, median of {IMPORT_RUNS} fresh interpreters each (includes startup):")
    cpu = {name: statistics.median(c for _, c in samples) for name, samples in runs.items()}
    for name, samples in runs.items():
        wall = statistics.median(w for w, _ in samples)
        print(f"  {name:<40} wall {wall * 1e3:7.1f} ms  cpu {cpu[name] * 1e3:7.1f} ms")
    client_cpu = cpu["import imagegen_client"]
    print(f"  imagegen_client over httpx: +{(client_cpu - cpu['import httpx']) * 1e3:.1f} ms cpu")
    for baseline in BASELINE_CLIENT:
        before = cpu[f"import imagegen_client from {baseline}"]
        print(f"  this client against {baseline}: {client_cpu / before:.2f}x cpu")


PARTS: dict[str, Callable[[], None]] = {
    "batch": batch,
    "pages": pages,
    "overhead": overhead,
    "cost": client_cost,
    "import": imports,
}


def main(argv: Sequence[str] | None = None) -> None:
    """Runs the chosen parts (all by default), one block of figures each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(PARTS), action="append")
    parser.add_argument("--baseline-client", type=Path, help="a generated/ tree to compare with")
    options = parser.parse_args(argv)
    if options.baseline_client:
        BASELINE_CLIENT.append(options.baseline_client.resolve())
    for name in options.only or list(PARTS):
        PARTS[name]()


if __name__ == "__main__":
    main()
