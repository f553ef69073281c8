"""Per-call overhead of the generated client vs raw httpx on the same E5 poll, and import time."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imagegen_client import AuthenticatedClient, unwrap
from imagegen_client.api.artworks import create_quantum_artwork, get_artwork_v2
from imagegen_client.models import QuantumRequest

from tests.support.refserver import running_server

CALLS_PER_ROUND = 50
ROUNDS = 10
IMPORT_RUNS = 9
NO_RATE_LIMIT = {"rateLimit": {"rate": 1_000_000, "burst": 1_000_000}}


def _timed(call: Callable[[], object], count: int) -> list[float]:
    """Seconds per call, one sample per call."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def _import_seconds(statement: str) -> float:
    """Median wall time of a fresh interpreter running `statement`."""
    runs = []
    for _ in range(IMPORT_RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    """Runs both benchmarks and prints one line per number."""
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

            def via_httpx() -> object:
                response = raw.get(path)
                response.raise_for_status()
                return response.json()

            _timed(via_client, 20), _timed(via_httpx, 20)  # warm up both connections
            client_samples: list[float] = []
            raw_samples: list[float] = []
            for _ in range(ROUNDS):  # interleaved, so drift hits both alike
                client_samples += _timed(via_client, CALLS_PER_ROUND)
                raw_samples += _timed(via_httpx, CALLS_PER_ROUND)
    client_median = statistics.median(client_samples)
    raw_median = statistics.median(raw_samples)
    print(
        f"E5 poll, {len(client_samples)} calls each, interleaved, same server and connection reuse"
    )
    print(f"  raw httpx (get + raise_for_status + json): median {raw_median * 1e6:8.1f} us/call")
    print(f"  imagegen_client (get_artwork_v2.sync):     median {client_median * 1e6:8.1f} us/call")
    print(
        f"  ratio client/raw: {client_median / raw_median:.2f}x"
        f"  (overhead {(client_median - raw_median) * 1e6:.1f} us/call)"
    )
    client_import = _import_seconds("import imagegen_client")
    httpx_import = _import_seconds("import httpx")
    print(f"import time, median of {IMPORT_RUNS} fresh interpreters (includes startup):")
    print(f"  python -c 'import httpx':           {httpx_import * 1e3:7.1f} ms")
    print(
        f"  python -c 'import imagegen_client': {client_import * 1e3:7.1f} ms"
        f"  (+{(client_import - httpx_import) * 1e3:.1f} ms over httpx)"
    )


if __name__ == "__main__":
    main()
