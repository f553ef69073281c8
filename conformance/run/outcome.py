"""What a finished run hands to the reports: facts about the run plus the per-rule verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from contract import ContractRule

# Failures of Schemathesis' built-in response checks that no contract rule names more precisely:
# the answer does not match the spec itself (status code, content type, headers or schema).
# The contract does not name it, so it is a warning (SHOULD): MUST failures are the contract's own.
SPEC_RULE = ContractRule(
    "SPEC-1", "SHOULD", "Every answer matches the spec: documented status, content type and schema."
)


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Failure:
    """One observed violation, with what a person needs to reproduce it."""

    rule: str
    operation: str
    message: str
    expected: str = ""
    seen: str = ""
    request: str = ""
    curl: str = ""
    phase: str = ""  # the check group, or the fuzzer's phase, that saw it
    request_id: str = ""  # the answer's X-Request-Id, for the server's team to find the request
    throttled: bool = field(default=False, compare=False)  # the target answered only 429


@dataclass(frozen=True, order=True)
class Variant:
    """One way to exercise a rule: an operation, a `when` branch, a class a check enumerates."""

    kind: str  # operation, when, field, class, count, route, status, form, boundary
    name: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Covered:
    """One line of a rule's coverage map: a variant, the inputs that exercised it, and a note."""

    variant: Variant
    inputs: int
    expected: bool  # derived from the spec or a check's classes (else only seen)
    note: str = ""  # why an expected variant was not exercised, when the kit knows


@dataclass
class RuleVerdict:
    """Everything the run learnt about one rule, across operations."""

    rule: ContractRule
    passes: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    skips: dict[str, str] = field(default_factory=dict)
    exercised: dict[Variant, int] = field(default_factory=dict)  # inputs per variant
    expected: dict[Variant, str] = field(default_factory=dict)  # the variants there are, and notes

    @property
    def missing(self) -> list[Variant]:
        """Expected variants that no input exercised."""
        return [variant for variant in self.expected if variant not in self.exercised]

    def coverage(self) -> list[Covered]:
        """The coverage map: every expected variant in order, then any other one seen."""
        rows = [
            Covered(variant, self.exercised.get(variant, 0), True, note)
            for variant, note in self.expected.items()
        ]
        extra = sorted(variant for variant in self.exercised if variant not in self.expected)
        return rows + [Covered(variant, self.exercised[variant], False) for variant in extra]

    @property
    def verdict_text(self) -> str:
        """The status as a report says it: a pass that left variants out says which."""
        if self.status is Status.PASSED and self.missing:
            return f"passed (partly covered: {', '.join(map(str, self.missing))} not exercised)"
        return self.status.value

    @property
    def status(self) -> Status:
        if self.failures:
            return Status.FAILED
        if self.passes:
            return Status.PASSED
        return Status.SKIPPED

    def operation_status(self, operation: str) -> Status | None:
        if any(failure.operation == operation for failure in self.failures):
            return Status.FAILED
        if operation in self.passes:
            return Status.PASSED
        if operation in self.skips:
            return Status.SKIPPED
        return None

    @property
    def operations(self) -> list[str]:
        names = {*self.passes, *self.skips, *(failure.operation for failure in self.failures)}
        return sorted(names)


@dataclass(frozen=True)
class RunInfo:
    """Facts about one run that every report shows (never a secret)."""

    target: str
    bundled: bool
    profile: str
    seed: int
    started_at: str
    duration_seconds: float
    versions: dict[str, str]
    calls: int
    successful_calls: int
    operations: tuple[str, ...]
    selected_groups: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rate_limited_answers: int = 0  # 429s the target gave the kit's own traffic
    rate_limit_wait_seconds: float = 0.0  # wall time the run was held back by them


@dataclass(frozen=True)
class Baseline:
    """An earlier run's failed rules: failures it already had are known, not regressions."""

    source: str  # the results.json it was read from, as given
    target: str
    started_at: str
    failed: frozenset[str]
    covered: dict[str, frozenset[str]] = field(default_factory=dict)  # rule: variants exercised


@dataclass(frozen=True)
class RunOutcome:
    """A finished run: its facts, its verdicts, and whether a MUST rule failed."""

    info: RunInfo
    verdicts: list[RuleVerdict] = field(default_factory=list)
    secrets: frozenset[str] = field(default=frozenset(), repr=False)  # learnt during the run
    errors: tuple[str, ...] = ()  # check groups that stopped on an error of the kit's own
    baseline: Baseline | None = None  # set by `--baseline`: then only new failures fail the run

    @property
    def must_failed(self) -> bool:
        return any(v.failures and v.rule.level == "MUST" for v in self.verdicts)

    def is_known(self, verdict: RuleVerdict) -> bool:
        """A failure the baseline already had: shown, but it does not fail the run."""
        return (
            bool(verdict.failures)
            and self.baseline is not None
            and verdict.rule.id in self.baseline.failed
        )

    def lost_variants(self) -> dict[str, list[str]]:
        """Per rule, the variants the baseline exercised and this run did not."""
        if self.baseline is None:
            return {}
        lost = {}
        for verdict in self.verdicts:
            now = {str(variant) for variant in verdict.exercised}
            gone = sorted(self.baseline.covered.get(verdict.rule.id, frozenset()) - now)
            if gone:
                lost[verdict.rule.id] = gone
        return lost

    @property
    def new_must_failed(self) -> bool:
        """What decides the exit code: a MUST failure that is not in the baseline."""
        return any(
            v.failures and v.rule.level == "MUST" and not self.is_known(v) for v in self.verdicts
        )
