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
class RunOutcome:
    """A finished run: its facts, its verdicts, and whether a MUST rule failed."""

    info: RunInfo
    verdicts: list[RuleVerdict] = field(default_factory=list)
    secrets: frozenset[str] = field(default=frozenset(), repr=False)  # learnt during the run
    errors: tuple[str, ...] = ()  # check groups that stopped on an error of the kit's own

    @property
    def must_failed(self) -> bool:
        return any(v.failures and v.rule.level == "MUST" for v in self.verdicts)
