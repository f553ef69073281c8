"""Check groups: each exercises a set of contract rules against the target and records verdicts."""

from __future__ import annotations

from collections.abc import Callable

import conformance.groups.auth as auth
import conformance.groups.errors as errors
import conformance.groups.fuzz as fuzz
import conformance.groups.images as images
import conformance.groups.lifecycle as lifecycle
import conformance.groups.listing as listing
import conformance.groups.validation as validation
from conformance.context import RunContext

Group = Callable[[RunContext], None]

# In run order: cheap deterministic probes first, then flows, then fuzzing.
GROUPS: dict[str, Group] = {
    "auth": auth.run,
    "errors": errors.run,
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
    "validation": validation.RULES,
    "lifecycle": lifecycle.RULES,
    "listing": listing.RULES,
    "images": images.RULES,
    "fuzz": fuzz.RULES,
}
