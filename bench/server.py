"""Benchmark of the reference server: rps and p50/p99 from a separate load-generator process.

Run: `.venv/bin/python bench/server.py` (about a minute). The server runs in its own process
(`python -m refserver`); the load generator is another process driving it on loopback over
keep-alive HTTP/1.1 connections.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import socket
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.refserver import running_server  # noqa: E402


@dataclass(frozen=True)
class Scenario:
    """One load: a request, how many connections, for how long, and the expected status."""

    name: str
    method: str
    path: str
    body: bytes
    connections: int
    seconds: float
    expect: int


@dataclass
class Tally:
    """What the workers of one scenario measured."""

    latencies: list[float]
    errors: int = 0


def _request(s: Scenario, host: str, key: str) -> bytes:
    head = f"{s.method} {s.path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n"
    if s.body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(s.body)}\r\n"
    return (head + "\r\n").encode() + s.body


async def _worker(
    host: str,
    port: int,
    request: bytes,
    start: asyncio.Event,
    deadline: list[float],
    out: Tally,
    expect: int,
) -> None:
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        out.errors += 1
        return
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    await start.wait()
    latencies = out.latencies
    try:
        while time.perf_counter() < deadline[0]:
            began = time.perf_counter()
            writer.write(request)
            status = int((await reader.readline()).split()[1])
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - began)
            if status != expect:
                out.errors += 1
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
        out.errors += 1
    finally:
        writer.close()


async def _drive(base_url: str, key: str, s: Scenario) -> dict[str, object]:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    out = Tally([])
    start = asyncio.Event()
    deadline = [0.0]
    request = _request(s, f"{host}:{port}", key)
    workers = [
        asyncio.create_task(_worker(host, port, request, start, deadline, out, s.expect))
        for _ in range(s.connections)
    ]
    await asyncio.sleep(min(2.0, 0.2 + s.connections / 250))
    began = time.perf_counter()
    deadline[0] = began + s.seconds
    start.set()
    await asyncio.wait_for(asyncio.gather(*workers), timeout=s.seconds + 30)
    elapsed = time.perf_counter() - began
    latencies = sorted(out.latencies)
    n = len(latencies)
    return {
        "name": s.name,
        "connections": s.connections,
        "requests": n,
        "rps": n / elapsed,
        "p50_ms": 1000 * latencies[n // 2] if n else float("nan"),
        "p99_ms": 1000 * latencies[min(n - 1, int(n * 0.99))] if n else float("nan"),
        "errors": out.errors,
    }


def _load_process(
    base_url: str, key: str, s: Scenario, queue: multiprocessing.Queue[object]
) -> None:
    queue.put(asyncio.run(_drive(base_url, key, s)))


def run_load(base_url: str, key: str, s: Scenario) -> dict[str, object]:
    """Drive one scenario from a separate process, so the client does not share the server's CPU."""
    queue: multiprocessing.Queue[object] = multiprocessing.Queue()
    process = multiprocessing.Process(target=_load_process, args=(base_url, key, s, queue))
    process.start()
    try:
        result = queue.get(timeout=s.seconds + 60)
    finally:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    assert isinstance(result, dict)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each scenario")
    args = parser.parse_args()
    config = {
        "rateLimit": {"rate": 1e9, "burst": 10**9},
        "timing": {"startingSeconds": 0.2, "processingSeconds": 1.0},
    }
    with running_server(config) as server:
        base_url, key = server.base_url, server.generator_key
        seconds = args.seconds
        scenarios = [
            Scenario(
                "E1 create (POST /v2/artworks/quantum)",
                "POST",
                "/v2/artworks/quantum",
                b'{"prompt":"a lighthouse","aspectRatio":"16:9"}',
                50,
                seconds,
                202,
            ),
            Scenario(
                "E5 poll (GET /v2/artworks/{id})",
                "GET",
                "/v2/artworks/{id}",
                b"",
                50,
                seconds,
                200,
            ),
            Scenario(
                "E4 1024 px webp (POST /v1/images/generations)",
                "POST",
                "/v1/images/generations",
                b'{"model":"flux-dev","prompt":"a koi pond","image_size":1024}',
                8,
                seconds,
                200,
            ),
            Scenario(
                "E5 poll, 500 concurrent connections",
                "GET",
                "/v2/artworks/{id}",
                b"",
                500,
                seconds,
                200,
            ),
        ]
        print(f"reference server {base_url}; load generator in a separate process")
        print(f"{seconds:g} s per scenario")
        header = ("scenario", "conns", "requests", "rps", "p50 ms", "p99 ms", "errors")
        print(f"{header[0]:48} " + " ".join(f"{h:>8}" for h in header[1:]))
        for scenario in scenarios:
            if "{id}" in scenario.path:  # a fresh task, so the store cap has not evicted it
                path = scenario.path.replace("{id}", _one_task(base_url, key))
                scenario = replace(scenario, path=path)
            r = run_load(base_url, key, scenario)
            print(
                f"{r['name']:48} {r['connections']:>8} {r['requests']:>8} {r['rps']:>8.0f} "
                f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>8}",
                flush=True,
            )
    return 0


def _one_task(base_url: str, key: str) -> str:
    import httpx

    response = httpx.post(
        f"{base_url}/v2/artworks/quantum",
        json={"prompt": "polled"},
        headers={"Authorization": f"Bearer {key}"},
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["id"])


if __name__ == "__main__":
    sys.exit(main())
