"""Wall time and request rate of the kit's profiles, beside a plain `schemathesis run`; and
(`... staging [quick] [thorough]`) the quick profile against a throttled, a far-away and a
webhook-less server, the thorough profile nearby and far away, each with the kit's peak RSS."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance.entry.bundled import GENEROUS, bundled_server
from conformance.entry.runner import prepared, run_groups
from conformance.report.view import summary_sentence
from conformance.run.sidecar import Sidecar
from conformance.run.target import Settings, Target
from tests.conformance.proxy import Proxy, without_sink_webhooks

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261121
REPEATS = 3


def _kit(profile: str, groups: list[str] | None = None) -> tuple[float, int]:
    settings = Settings.for_profile(profile, seed=SEED)
    with prepared(None, settings) as (target, sidecar):
        started = time.perf_counter()
        outcome = run_groups(target, sidecar, settings, groups)
        elapsed = time.perf_counter() - started
    if outcome.must_failed:
        print(f"  (note: {summary_sentence(outcome)})")
    return elapsed, outcome.info.calls


def _plain_schemathesis(examples: int) -> tuple[float, int]:
    """`schemathesis run`, same spec, server, phases and examples; its count of test cases."""
    settings = Settings.for_profile("quick", seed=SEED)
    with prepared(None, settings) as (target, _sidecar):
        command = [
            str(ROOT / ".venv/bin/schemathesis"), "run", str(ROOT / "spec/openapi.yaml"),
            "--url", target.base_url, "-H", f"Authorization: Bearer {target.api_key}",
            "--max-examples", str(examples), "--seed", str(SEED),
            "--phases", "examples,coverage,fuzzing,stateful", "--exclude-checks", "ignored_auth",
        ]  # fmt: skip
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        elapsed = time.perf_counter() - started
    counts = [int(n) for n in re.findall(r"(\d+) generated", result.stdout)]
    return elapsed, sum(counts)


def _row(name: str, samples: list[tuple[float, int]], baseline: float | None) -> str:
    wall = statistics.median(s[0] for s in samples)
    calls = statistics.median(s[1] for s in samples)
    ratio = f"{wall / baseline:5.2f}x" if baseline else "  1.00x"
    return f"{name:44s} {wall:8.1f} {calls:9.0f} {calls / wall:8.0f}   {ratio}"


@contextlib.contextmanager
def _reference(
    rate_limit: Mapping[str, float] | None = GENEROUS, **proxy_options: Any
) -> Iterator[tuple[Target, Sidecar]]:
    """The reference server, seen through a proxy when given proxy options."""
    sidecar = Sidecar().start()
    try:
        with bundled_server([sidecar.allow_entry], (), rate_limit) as target:
            if not proxy_options:
                yield target, sidecar
                return
            with Proxy(target.base_url, **proxy_options) as proxy:
                yield dataclasses.replace(target, base_url=proxy.url), sidecar
    finally:
        sidecar.stop()


def _staging_run(profile: str, reference_options: dict[str, Any], out: Queue[Any]) -> None:
    """One row in a process of its own, so that its peak RSS is its own."""
    settings = Settings.for_profile(profile, seed=SEED)
    with _reference(**reference_options) as (target, sidecar):
        started = time.perf_counter()
        outcome = run_groups(target, sidecar, settings)
        wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    info = outcome.info
    figures = (wall, info.calls, info.rate_limited_answers, info.rate_limit_wait_seconds, peak_mb)
    out.put((*figures, summary_sentence(outcome)))


STAGING_ROWS: list[tuple[str, str, dict[str, Any]]] = [
    ("quick", "reference server, no rate limit", {}),
    ("quick", "reference server, 20 req/s per key (burst 40)", {"rate_limit": None}),
    ("quick", "no rate limit, 150 ms added per answer", {"delay": 0.15}),
    ("quick", "no rate limit, never delivers webhooks", {"edit_request": without_sink_webhooks}),
    ("thorough", "reference server, no rate limit", {}),
    ("thorough", "no rate limit, 150 ms added per answer", {"delay": 0.15}),
]


def staging(profiles: set[str]) -> None:
    """Issue 9's and 21's figures: each run once, same seed; ratios against the profile's first."""
    print(f"seed {SEED}, one run each, bundled reference server, 2 shared cores")
    heads = ("wall s", "calls", "429s", "waited s", "ratio", "RSS MB")
    print(f"{'profile':9s} {'run':48s} " + " ".join(f"{h:>8s}" for h in heads) + "  verdict")
    baselines: dict[str, float] = {}
    context = multiprocessing.get_context("spawn")
    for profile, name, options in STAGING_ROWS:
        if profile not in profiles:
            continue
        out: Queue[Any] = context.Queue()
        process = context.Process(target=_staging_run, args=(profile, options, out))
        process.start()
        wall, calls, met, waited, peak_mb, verdict = out.get()
        process.join()
        baseline = baselines.setdefault(profile, wall)
        cells = (f"{wall:8.1f}", f"{calls:8d}", f"{met:8d}", f"{waited:8.1f}",
                 f"{wall / baseline:7.2f}x", f"{peak_mb:8.0f}")  # fmt: skip
        print(f"{profile:9s} {name:48s} " + " ".join(cells) + f"  {verdict}", flush=True)


def main() -> None:
    if sys.argv[1:2] == ["staging"]:
        staging(set(sys.argv[2:]) or {"quick", "thorough"})
        return
    quick = Settings.for_profile("quick")
    print(f"median of {REPEATS} runs each, seed {SEED}, bundled reference server, 2 cores")
    print(f"{'run':44s} {'wall s':>8s} {'requests':>9s} {'req/s':>8s}   vs plain")
    plain = [_plain_schemathesis(quick.examples) for _ in range(REPEATS)]
    base = statistics.median(s[0] for s in plain)
    print(_row(f"plain schemathesis run (-n {quick.examples}, cases)", plain, None))
    fuzz = [_kit("quick", ["fuzz"]) for _ in range(REPEATS)]
    print(_row("kit: fuzz group only (same phases, -n same)", fuzz, base))
    print(_row("kit: quick profile (all groups)", [_kit("quick") for _ in range(REPEATS)], base))
    print(_row("kit: thorough profile (all groups)", [_kit("thorough") for _ in range(1)], base))


if __name__ == "__main__":
    main()
