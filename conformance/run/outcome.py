"""What a finished run hands to the reports: facts about the run plus the per-rule verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.run.ledger import RuleVerdict


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

    @property
    def new_must_failed(self) -> bool:
        """What decides the exit code: a MUST failure that is not in the baseline."""
        return any(
            v.failures and v.rule.level == "MUST" and not self.is_known(v) for v in self.verdicts
        )
