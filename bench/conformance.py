"""Wall time and request rate of the kit's profiles, beside a plain `schemathesis run`."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance.entry.runner import prepared, run_groups
from conformance.run.target import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261121
REPEATS = 3


def _kit(profile: str, groups: list[str] | None = None) -> tuple[float, int]:
    settings = Settings.for_profile(profile, seed=SEED)
    with prepared(None, settings) as (target, sidecar):
        started = time.perf_counter()
        outcome = run_groups(target, sidecar, settings, groups)
        elapsed = time.perf_counter() - started
    assert not outcome.must_failed, "the clean server failed a MUST rule"
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


def main() -> None:
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
