"""The reference server directly, through `conformance proxy`, and through `prism proxy`.

Run: `.venv/bin/python bench/proxy.py` (about two minutes). The same wrk load (one thread,
keep-alive; Debian package `wrk`) goes to each, one after the other: E1 create and E5 poll at 50
connections, and E5 poll at 4 connections (moderate load, where added latency shows). Prism 5 is
the one bench/server.py pins (bench/prism, `npm ci` on first use), run as
`prism proxy spec/openapi.yaml UPSTREAM`. Printed: req/s, p50 and p99 for each, then each
proxy's req/s and p50 as ratios to the direct run and its added p50 in ms, and our proxy's
throughput as a multiple of Prism's.

Then memory: what the judge holds after each 20,000 of 100,000 exchanges (creates and polls of
new tasks, replayed from one real pair), which must stay flat: tasks are dropped 10 minutes
after their end, and capped.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.server import (  # noqa: E402
    KEY,
    PRISM,
    PRISM_DIR,
    Result,
    Scenario,
    _free_port,
    _process,
    reference,
    run_wrk,
)
from conformance.passive.judge import Judge  # noqa: E402
from conformance.passive.seen import seen  # noqa: E402

EXCHANGES = 100_000
MEMORY_STEPS = 5


def _install_prism() -> None:
    if not PRISM.exists():
        print("bench: installing the pinned Prism into bench/prism (once)", file=sys.stderr)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PRISM_DIR, check=True
        )


@contextlib.contextmanager
def ours(upstream: str) -> Iterator[tuple[str, int]]:
    """`python -m conformance proxy` in front of `upstream`; its URL and process id."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-proxy-") as reports:
        command = [
            sys.executable, "-m", "conformance", "proxy", "--upstream", upstream,
            "--listen", f"127.0.0.1:{port}", "--report-dir", reports, "--report-interval", "0",
            "--quiet",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            from bench.server import _wait_listening

            _wait_listening(f"http://127.0.0.1:{port}", process)
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            from tests.support.refserver import stop_process

            stop_process(process)


@contextlib.contextmanager
def prism(upstream: str) -> Iterator[str]:
    _install_prism()
    port = _free_port()
    command = [str(PRISM), "proxy", "-h", "127.0.0.1", "-p", str(port), "spec/openapi.yaml",
               upstream]  # fmt: skip
    with _process(command, f"http://127.0.0.1:{port}") as url:
        yield url


def scenarios(seconds: float) -> list[Scenario]:
    create = b'{"prompt":"a lighthouse","aspectRatio":"16:9"}'
    return [
        Scenario("E1 create", "POST", "/v2/artworks/quantum", create, 50, seconds, 202),
        Scenario("E5 poll", "GET", "/v2/artworks/{id}", b"", 50, seconds, 200),
        Scenario("E5 poll c4", "GET", "/v2/artworks/{id}", b"", 4, seconds, 200),
    ]


def _answer(method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
    answer = httpx.request(
        method, url, content=body, timeout=10,
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
    )  # fmt: skip
    return answer.status_code, answer.content


def memory(upstream: str) -> list[tuple[int, float]]:
    """The judge's memory (tracemalloc, MiB) after each fifth of EXCHANGES exchanges.

    The exchanges are a real create and a real finished poll of the upstream, repeated with a
    new task id each time (a create, then its poll, 10 ms apart), so the judge's task state
    grows as it would over days of traffic; the proxy's forwarding keeps nothing per exchange.
    """
    create_url, body = f"{upstream}/v2/artworks/quantum", b'{"prompt":"memory"}'
    status, created = _answer("POST", create_url, body)
    task_id = json.loads(created)["id"]
    poll_url = f"{upstream}/v2/artworks/{task_id}"
    deadline = time.monotonic() + 30
    while json.loads(_answer("GET", poll_url)[1])["status"] != "succeeded":
        if time.monotonic() > deadline:
            raise TimeoutError("the task did not finish")
        time.sleep(0.2)
    polled = _answer("GET", poll_url)[1]
    headers = [("Authorization", f"Bearer {KEY}"), ("Content-Type", "application/json")]
    answer_headers = [("content-type", "application/json")]
    judge = Judge()
    clock, samples = 1.0e9, []
    tracemalloc.start()
    for index in range(1, EXCHANGES + 1):
        fresh = str(uuid.UUID(int=index))
        clock += 0.01
        if index % 2:
            item = seen(
                "POST",
                create_url,
                headers,
                body,
                status,
                answer_headers,
                created.replace(task_id.encode(), fresh.encode()),
                clock,
                clock,
            )
        else:
            previous = str(uuid.UUID(int=index - 1))
            item = seen("GET", poll_url.replace(task_id, previous), headers, None, 200,
                        answer_headers, polled.replace(task_id.encode(), previous.encode()),
                        clock, clock)  # fmt: skip
        judge.observe(item)
        if index % (EXCHANGES // MEMORY_STEPS) == 0:
            samples.append((index, tracemalloc.get_traced_memory()[0] / (1 << 20)))
    tracemalloc.stop()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each scenario")
    parser.add_argument("--no-memory", action="store_true", help="skip the 100,000-exchange run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("bench: wrk is needed (Debian package `wrk`: apt-get install wrk)", file=sys.stderr)
        return 2
    plan = scenarios(args.seconds)
    results: dict[tuple[str, str], Result] = {}
    print(f"load: wrk -t1 (keep-alive), {args.seconds:g} s per scenario, one target at a time")
    print(f"{'path':28} {'scenario':12} {'conns':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7}")  # fmt: skip
    with reference()() as (upstream, task_id):
        with ours(upstream) as (proxy_url, _), prism(upstream) as prism_url:
            targets = {
                "direct": upstream,
                "conformance proxy": proxy_url,
                "prism proxy": prism_url,
            }
            for name, url in targets.items():
                for s in plan:  # a fresh task to poll: the capped memory store drops old ones
                    path = s.path.replace("{id}", task_id()) if "{id}" in s.path else s.path
                    r = results[name, s.name] = run_wrk(url, s, path)
                    print(
                        f"{name:28} {s.name:12} {s.connections:>6} {r['rps']:>8.0f} "
                        f"{r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7}",
                        flush=True,
                    )
            _ratios(results, plan)
        if not args.no_memory:
            print(f"\nmemory held by the judge over {EXCHANGES:,} exchanges (tracemalloc, MiB)")
            for count, mib in memory(upstream):
                print(f"  after {count:>7,} exchanges: {mib:7.1f}")
    return 0


def _ratios(results: dict[tuple[str, str], Result], plan: list[Scenario]) -> None:
    print("\nagainst the direct run: req/s ratio, p50 ratio, added p50 (ms); ours vs Prism's req/s")
    for name in ("conformance proxy", "prism proxy"):
        for s in plan:
            base, mine = results["direct", s.name], results[name, s.name]
            extra = ""
            if name == "conformance proxy":
                prism_rps = results["prism proxy", s.name]["rps"]
                extra = f"  {mine['rps'] / prism_rps:.2f}x Prism's req/s" if prism_rps else ""
            print(
                f"{name:28} {s.name:12} req/s x{mine['rps'] / base['rps']:.2f}  "
                f"p50 x{mine['p50_ms'] / base['p50_ms']:.2f}  "
                f"+{mine['p50_ms'] - base['p50_ms']:.2f} ms{extra}"
            )


if __name__ == "__main__":
    sys.exit(main())
