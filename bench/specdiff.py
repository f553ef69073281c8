"""Time of a full spec-diff report (both clients generated and compared with griffe) between the
spec at HEAD and a copy with one edit: cold (no cached client), warm (cached), and spec-only."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specdiff.report import build
from specdiff.sources import Source, parse, read
from tests.specdiff.edits import apply, dump

RUNS = 3
EDIT = [{"op": "add", "path": "/components/schemas/QuantumStyle/enum/-", "value": "cubist"}]


def _median(run: Callable[[], object], count: int) -> float:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _cold(old: Source, new: Source) -> None:
    with tempfile.TemporaryDirectory(prefix="specdiff-bench-") as cache:
        report = build(old, new, cache=Path(cache))
        assert report.client_api, "the edit should change the client"


def main() -> None:
    """Prints one line per figure: medians over a few runs, in seconds."""
    old = read("git:HEAD", cwd=Path(__file__).resolve().parent)
    new = parse("edited", dump(apply(old.document, EDIT)))
    with tempfile.TemporaryDirectory(prefix="specdiff-bench-") as warm_cache:
        build(old, new, cache=Path(warm_cache))  # fills the cache
        warm = _median(lambda: build(old, new, cache=Path(warm_cache)), RUNS)
    cold = _median(lambda: _cold(old, new), RUNS)
    spec_only = _median(lambda: build(old, new, client=False), RUNS * 3)
    print(
        f"full report, cold (both clients generated concurrently): {cold:.2f} s (median of {RUNS})"
    )
    print(
        f"full report, warm (clients cached by input hash):       {warm:.2f} s (median of {RUNS})"
    )
    print(f"spec diff only (--no-client):                            {spec_only:.2f} s")


if __name__ == "__main__":
    main()
