"""Time of a full spec-diff report (both clients generated and compared with griffe) between the
spec at HEAD and a copy with one edit: cold (no cached client), with OLD's client cached (the
usual case while editing), warm (both cached), and the spec diff alone."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from specdiff.generate import cached_client
from specdiff.report import build
from specdiff.sources import Source, parse, read
from tests.specdiff.edits import apply, dump

RUNS = 3
EDIT = [{"op": "add", "path": "/components/schemas/QuantumStyle/enum/-", "value": "cubist"}]


def _median(run: Callable[[Path], object], seed: Path | None, count: int = RUNS) -> float:
    """Median seconds of `run(cache)`, each run on a fresh copy of the `seed` cache (or none)."""
    samples = []
    for _ in range(count):
        with tempfile.TemporaryDirectory(prefix="specdiff-bench-") as scratch:
            cache = Path(scratch) / "cache"
            if seed is not None:
                shutil.copytree(seed, cache)
            started = time.perf_counter()
            run(cache)
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _report(old: Source, new: Source) -> Callable[[Path], object]:
    def run(cache: Path) -> None:
        assert build(old, new, cache=cache).client_api, "the edit should change the client"

    return run


def main() -> None:
    """Prints one line per figure: medians over a few runs, in seconds."""
    old = read("git:HEAD", cwd=Path(__file__).resolve().parent)
    new = parse("edited", dump(apply(old.document, EDIT)))
    with tempfile.TemporaryDirectory(prefix="specdiff-bench-") as scratch:
        old_only, both = Path(scratch) / "old", Path(scratch) / "both"
        cached_client(old.text, old_only)
        shutil.copytree(old_only, both)
        cached_client(new.text, both)
        figures = {
            "full report, cold (both clients generated concurrently)": _median(
                _report(old, new), None
            ),
            "full report, OLD's client cached (NEW generated)": _median(
                _report(old, new), old_only
            ),
            "full report, warm (both clients cached)": _median(_report(old, new), both),
            "spec diff only (--no-client)": _median(
                lambda _: build(old, new, client=False), None, RUNS * 3
            ),
        }
    for label, seconds in figures.items():
        print(f"{label + ':':58} {seconds:5.2f} s (median)")


if __name__ == "__main__":
    main()
