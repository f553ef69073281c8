"""Check groups: each exercises a set of contract rules against the target and records verdicts."""

from __future__ import annotations

from collections.abc import Callable

import conformance.checks.auth as auth
import conformance.checks.edges as edges
import conformance.checks.errors as errors
import conformance.checks.flows as lifecycle
import conformance.checks.fuzz as fuzz
import conformance.checks.images as images
import conformance.checks.listing as listing
import conformance.checks.validation as validation
from conformance.run.context import RunContext

Group = Callable[[RunContext], None]

# In run order: cheap deterministic probes first, then flows, then fuzzing.
GROUPS: dict[str, Group] = {
    "auth": auth.run,
    "errors": errors.run,
    "edges": edges.run,
    "validation": validation.run,
    "lifecycle": lifecycle.run,
    "listing": listing.run,
    "images": images.run,
    "fuzz": fuzz.run,
}

# The rules each group can exercise, so a run that skips a group can say why a rule is skipped.
GROUP_RULES: dict[str, tuple[str, ...]] = {
    "auth": auth.RULES,
    "errors": errors.RULES,
    "edges": edges.RULES,
    "validation": validation.RULES,
    "lifecycle": lifecycle.RULES,
    "listing": listing.RULES,
    "images": images.RULES,
    "fuzz": fuzz.RULES,
}
