"""The reference server against Prism and against the machine's ceiling, in one run.

Run: `.venv/bin/python bench/server.py` (about six minutes: two rounds). Every server runs in its
own process, one after the other, on the same spec with the same requests:

- Prism 5 (`bench/prism/node_modules/.bin/prism mock`, pinned in bench/prism/package-lock.json and
  installed there with `npm ci` on first use): the baseline;
- a bare Starlette handler answering fixed JSON on the same uvicorn stack: the ceiling;
- the reference server with the memory store, with SQLite, and with SQLite and `--workers 2`.

The load comes from wrk when it is installed (Debian package `wrk`), else from a Python load
generator in a separate process (it says which). Printed for every round: req/s, p50/p99/max
latency, errors (non-2xx answers and socket errors, timeouts included); then the medians over the
rounds, each server's req/s as a multiple of Prism's and as a fraction of the ceiling's, and its
p99 as a multiple of the ceiling's p99 in the same run, beside its maximum.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.refserver import running_server, stop_process  # noqa: E402

PRISM_DIR = REPO / "bench" / "prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
START_TIMEOUT_SECONDS = 60.0
WRK_TIMEOUT_SECONDS = 30.0
STALL_MS = 250.0  # the goal: no request slower than this, at 100 connections
CEILING = "ceiling (bare Starlette)"
ANY_ID = "3f2c8a9e-0b1d-4c5e-9f6a-7b8c9d0e1f2a"
KEY = "sk-bench-" + "0" * 24


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
        "max_ms": 1000 * latencies[-1] if n else float("nan"),
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


Result = dict[str, Any]
Started = tuple[str, Callable[[], str]]
"""A running server: its base URL, and how to get the id of a task to poll."""


def _wait_listening(url: str, process: subprocess.Popen[bytes] | None = None) -> None:
    parts = urlsplit(url)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), 0.5),
        ):
            return
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not listen within {START_TIMEOUT_SECONDS:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _process(command: list[str], url: str) -> Iterator[str]:
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_listening(url, process)
        yield url
    finally:
        stop_process(process)


@contextlib.contextmanager
def prism() -> Iterator[Started]:
    if not PRISM.exists():
        print("bench: installing the pinned Prism into bench/prism (once)", file=sys.stderr)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PRISM_DIR, check=True
        )
    port = _free_port()
    command = [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), "spec/openapi.yaml"]
    with _process(command, f"http://127.0.0.1:{port}") as url:
        yield url, lambda: ANY_ID


@contextlib.contextmanager
def ceiling() -> Iterator[Started]:
    with tempfile.TemporaryDirectory(prefix="bench-ceiling-") as tmp:
        ready = Path(tmp) / "ready"
        command = [sys.executable, str(REPO / "bench" / "ceiling.py"), "--ready-file", str(ready)]
        process = subprocess.Popen(command, cwd=REPO)
        try:
            deadline = time.monotonic() + START_TIMEOUT_SECONDS
            while not ready.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            url = ready.read_text(encoding="utf-8")
            _wait_listening(url, process)
            yield url, lambda: ANY_ID
        finally:
            stop_process(process)


def reference(**extra: Any) -> Callable[[], contextlib.AbstractContextManager[Started]]:
    @contextlib.contextmanager
    def start() -> Iterator[Started]:
        with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
            config: dict[str, Any] = {
                "keys": [{"key": KEY, "scope": "generator", "org": "org-bench"}],
                "rateLimit": {"rate": 1e9, "burst": 10**9},
                "timing": {"startingSeconds": 0.2, "processingSeconds": 1.0},
                **{k: v.replace("TMP", tmp) if isinstance(v, str) else v for k, v in extra.items()},
            }
            with running_server(config) as server:
                yield server.base_url, lambda: _one_task(server.base_url)

    return start


TARGETS: dict[str, Callable[[], contextlib.AbstractContextManager[Started]]] = {
    "Prism 5": prism,
    CEILING: ceiling,
    "refserver memory": reference(),
    "refserver sqlite": reference(store="sqlite:TMP/bench.db"),
    "refserver sqlite --workers 2": reference(store="sqlite:TMP/bench.db", workers=2),
}
OURS = [name for name in TARGETS if name.startswith("refserver")]


def scenarios(seconds: float) -> list[Scenario]:
    create = b'{"prompt":"a lighthouse","aspectRatio":"16:9"}'
    return [
        Scenario("E1 create", "POST", "/v2/artworks/quantum", create, 100, seconds, 202),
        Scenario("E5 poll", "GET", "/v2/artworks/{id}", b"", 100, seconds, 200),
        Scenario("E1 create c10", "POST", "/v2/artworks/quantum", create, 10, seconds, 202),
    ]


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _wrk_ms(text: str, label: str) -> float:
    match = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    return float(match[1]) * _UNITS[match[2]] if match else float("nan")


def _wrk_max_ms(text: str) -> float:
    """The Max column of wrk's `Latency avg stdev max +/-stdev` line."""
    number = r"([\d.]+)(us|ms|s)"
    match = re.search(rf"^\s*Latency\s+{number}\s+{number}\s+{number}", text, re.MULTILINE)
    return float(match[5]) * _UNITS[match[6]] if match else float("nan")


def run_wrk(base_url: str, s: Scenario, path: str) -> Result:
    """One scenario with wrk (one thread, keep-alive), its body and headers set by a Lua script."""
    lua = f'wrk.method = "{s.method}"\nwrk.headers["Authorization"] = "Bearer {KEY}"\n' + (
        f'wrk.body = \'{s.body.decode()}\'\nwrk.headers["Content-Type"] = "application/json"\n'
        if s.body
        else ""
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    # a long timeout, so that the maximum is measured rather than cut at wrk's 2 s default
    command = ["wrk", "-t1", f"-c{s.connections}", f"-d{s.seconds:g}s", "--latency"]
    command += ["--timeout", f"{WRK_TIMEOUT_SECONDS:g}s"]
    command += ["-s", script.name, base_url + path]
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, timeout=s.seconds + 60, check=True
        ).stdout
    finally:
        Path(script.name).unlink()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": int(requests[1]) if requests else 0,
        "rps": float(rps[1]) if rps else 0.0,
        "p50_ms": _wrk_ms(out, "50%"),
        "p99_ms": _wrk_ms(out, "99%"),
        "max_ms": _wrk_max_ms(out),
        "errors": (int(bad[1]) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0),
    }


def measure(base_url: str, task_id: Callable[[], str], s: Scenario) -> Result:
    """A fresh task per poll scenario: a capped memory store may have evicted an older one."""
    path = s.path.replace("{id}", task_id()) if "{id}" in s.path else s.path
    if shutil.which("wrk"):
        return run_wrk(base_url, s, path)
    result = run_load(base_url, KEY, Scenario(s.name, s.method, path, s.body, s.connections,
                                              s.seconds, s.expect))  # fmt: skip
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each scenario")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over every server")
    parser.add_argument(
        "--only", action="append", choices=sorted(TARGETS), help="run only these servers"
    )
    args = parser.parse_args()
    plan = scenarios(args.seconds)
    loader = "wrk -t1 (keep-alive)" if shutil.which("wrk") else (
        "the Python load generator: wrk is not installed (Debian package `wrk`); "
        "figures are lower than wrk's"
    )  # fmt: skip
    print(f"load: {loader}; {args.seconds:g} s per scenario; servers one after the other; "
          f"{args.rounds} round(s)")  # fmt: skip
    print(_line(("server", "scenario", "conns", "req/s", "p50 ms", "p99 ms", "max ms", "errors")))
    results: dict[tuple[str, str], list[Result]] = {}
    for round_number in range(1, args.rounds + 1):
        for name, start in TARGETS.items():
            if args.only and name not in args.only:
                continue
            try:
                with start() as (base_url, task_id):
                    for s in plan:
                        r = measure(base_url, task_id, s)
                        results.setdefault((name, s.name), []).append(r)
                        print(_line(_cells(f"{name} #{round_number}", s, r)), flush=True)
            except (RuntimeError, TimeoutError, OSError, subprocess.SubprocessError) as error:
                print(f"{name:32} not measured: {error}", flush=True)
    medians = {key: _median(rows) for key, rows in results.items()}
    print(f"\nmedians of {args.rounds} round(s)")
    for (name, scenario_name), r in medians.items():
        s = next(s for s in plan if s.name == scenario_name)
        print(_line(_cells(name, s, r)))
    _ratios(medians, plan)
    return 0


def _line(cells: tuple[object, ...]) -> str:
    return f"{cells[0]!s:32} {cells[1]!s:14} " + " ".join(f"{c!s:>8}" for c in cells[2:])


def _cells(name: str, s: Scenario, r: Result) -> tuple[object, ...]:
    figures = (f"{r[k]:.0f}" if k == "rps" else f"{r[k]:.1f}" for k in FIGURES)
    return (name, s.name, s.connections, *figures, r["errors"])


FIGURES = ("rps", "p50_ms", "p99_ms", "max_ms")


def _median(rows: list[Result]) -> Result:
    """Each figure's median over the rounds (errors: the most seen)."""
    median: Result = {k: statistics.median(r[k] for r in rows) for k in FIGURES}
    median["errors"] = max(r["errors"] for r in rows)
    return median


def _ratios(results: dict[tuple[str, str], Result], plan: list[Scenario]) -> None:
    """Same-run ratios: throughput against Prism and the ceiling, the tail against the ceiling's."""
    print("\nreq/s as a multiple of Prism's / as a fraction of the ceiling's")
    print(f"{'server':32} " + " ".join(f"{s.name:>22}" for s in plan))
    for name in OURS:
        cells = []
        for s in plan:
            ours = results.get((name, s.name), {}).get("rps")
            prism_rps = results.get(("Prism 5", s.name), {}).get("rps")
            top = results.get((CEILING, s.name), {}).get("rps")
            vs_prism = f"{ours / prism_rps:.2f}x" if ours and prism_rps else "-"
            vs_top = f"{ours / top:.2f}" if ours and top else "-"
            cells.append(f"{vs_prism:>10} / {vs_top:>9}")
        print(f"{name:32} " + " ".join(cells))
    print(f"\np99 as a multiple of the ceiling's p99 / max (goal: <= 2x, max <= {STALL_MS:g} ms)")
    print(f"{'server':32} " + " ".join(f"{s.name:>22}" for s in plan))
    for name in OURS:
        cells = []
        for s in plan:
            ours = results.get((name, s.name))
            top = results.get((CEILING, s.name))
            if not ours:
                cells.append(f"{'-':>22}")
                continue
            tail = f"{ours['p99_ms'] / top['p99_ms']:.1f}x" if top and top["p99_ms"] else "-"
            cells.append(f"{tail:>10} / {ours['max_ms']:>6.0f} ms")
        print(f"{name:32} " + " ".join(cells))


def _one_task(base_url: str) -> str:
    response = httpx.post(
        f"{base_url}/v2/artworks/quantum",
        json={"prompt": "polled"},
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=10,
    )
    response.raise_for_status()
    return str(response.json()["id"])


if __name__ == "__main__":
    sys.exit(main())
