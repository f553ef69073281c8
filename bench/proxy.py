"""The reference server directly, through `conformance proxy`, and through `prism proxy`.

Run: `.venv/bin/python bench/proxy.py` (about two minutes). The same wrk load (one thread,
keep-alive; Debian package `wrk`) goes to each, one after the other: E1 create and E5 poll at 50
connections, and E5 poll at 4 connections (moderate load, where added latency shows). Prism 5 is
the one bench/server.py pins (bench/prism, `npm ci` on first use), run as
`prism proxy spec/openapi.yaml UPSTREAM`. Printed: req/s, p50 and p99 for each, then each
proxy's req/s and p50 as ratios to the direct run and its added p50 in ms, and our proxy's
throughput as a multiple of Prism's.

Then memory: our proxy's resident set size after each 20,000 of 100,000 exchanges (creates and
polls alternating through a wrk script), which must stay flat once its task cap is reached.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

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


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


MIXED_LUA = """
counter = 0
request = function()
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format("POST", "/v2/artworks/quantum",
      {["Authorization"] = "Bearer KEY", ["Content-Type"] = "application/json"},
      '{"prompt":"memory"}')
  end
  return wrk.format("GET", "PATH", {["Authorization"] = "Bearer KEY"})
end
"""


def memory(proxy_url: str, pid: int, poll_path: str) -> list[tuple[int, float]]:
    """RSS after each fifth of EXCHANGES exchanges (wrk rounds until each count is reached)."""
    script = MIXED_LUA.replace("KEY", KEY).replace("PATH", poll_path)
    samples = [(0, _rss_mib(pid))]
    done = 0
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        for step in range(1, MEMORY_STEPS + 1):
            goal = EXCHANGES * step // MEMORY_STEPS
            while done < goal:
                out = subprocess.run(
                    ["wrk", "-t1", "-c16", "-d2s", "-s", lua.name, proxy_url],
                    capture_output=True, text=True, timeout=60, check=True,
                ).stdout  # fmt: skip
                done += int(out.split(" requests in")[0].split()[-1])
            time.sleep(1.0)  # let the judge catch up before sampling
            samples.append((done, _rss_mib(pid)))
    finally:
        Path(lua.name).unlink()
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
        poll = f"/v2/artworks/{task_id()}"
        with ours(upstream) as (proxy_url, pid), prism(upstream) as prism_url:
            targets = {
                "direct": upstream,
                "conformance proxy": proxy_url,
                "prism proxy": prism_url,
            }
            for name, url in targets.items():
                for s in plan:
                    path = s.path.replace("{id}", poll[len("/v2/artworks/") :])
                    r = results[name, s.name] = run_wrk(url, s, path)
                    print(
                        f"{name:28} {s.name:12} {s.connections:>6} {r['rps']:>8.0f} "
                        f"{r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7}",
                        flush=True,
                    )
            _ratios(results, plan)
            if not args.no_memory:
                print(f"\nmemory of conformance proxy over {EXCHANGES:,} exchanges (RSS, MiB)")
                for count, rss in memory(proxy_url, pid, poll):
                    print(f"  after {count:>7,} exchanges: {rss:7.1f}")
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
