"""Check groups: each exercises a set of contract rules against the target and records verdicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import conformance.checks.auth as auth
import conformance.checks.edges as edges
import conformance.checks.errors as errors
import conformance.checks.fuzz as fuzz
import conformance.checks.images as images
import conformance.checks.lifecycle as lifecycle
import conformance.checks.listing as listing
import conformance.checks.validation as validation
from conformance.run.context import RunContext


@dataclass(frozen=True)
class Group:
    """One check group: what runs it, and the rules it can exercise (so a skip can say why)."""

    name: str
    run: Callable[[RunContext], None]
    rules: tuple[str, ...]


def _group(name: str, module: ModuleType) -> Group:
    return Group(name, module.run, tuple(module.RULES))


# In run order: cheap deterministic probes first, then flows, then fuzzing.
GROUPS: dict[str, Group] = {
    group.name: group
    for group in (
        _group("auth", auth),
        _group("errors", errors),
        _group("edges", edges),
        _group("validation", validation),
        _group("lifecycle", lifecycle),
        _group("listing", listing),
        _group("images", images),
        _group("fuzz", fuzz),
    )
}
