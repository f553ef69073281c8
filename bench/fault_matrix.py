"""The rule x fault-switch matrix: the whole quick kit against the server with each switch on."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance.entry.runner import prepared, run_groups
from conformance.run.target import Settings
from refserver.faults import FAULTS

SEED = 20261121


def main() -> None:
    print("fault switch   rule     caught  other rules failed (all groups, quick, 5 s budget)")
    missed = 0
    for name, fault in sorted(FAULTS.items()):
        settings = Settings.for_profile("quick", seed=SEED, time_budget=5.0)
        started = time.perf_counter()
        with prepared(None, settings, [name]) as (target, sidecar):
            outcome = run_groups(target, sidecar, settings)
        failed = sorted(v.rule.id for v in outcome.verdicts if v.failures)
        caught = fault.rule in failed
        missed += not caught
        others = ", ".join(rule for rule in failed if rule != fault.rule) or "-"
        seconds = time.perf_counter() - started
        print(
            f"{name:14s} {fault.rule:8s} {'yes' if caught else 'NO':6s}  {others}  ({seconds:.0f}s)"
        )
    print(f"{len(FAULTS) - missed}/{len(FAULTS)} switches caught on their own rule")


if __name__ == "__main__":
    main()
