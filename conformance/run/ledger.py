"""Collects what each check saw, so a rule is passed only when something really exercised it."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace

from conformance.run.outcome import SPEC_RULE, Failure, RuleVerdict, Status
from contract import ContractRule

__all__ = ["SPEC_RULE", "Failure", "Ledger", "RuleVerdict", "Status"]


class Ledger:
    """Thread-safe record of passes, failures and skips per rule and operation."""

    def __init__(self, rules: Iterable[ContractRule]) -> None:
        self._verdicts = {rule.id: RuleVerdict(rule) for rule in (*rules, SPEC_RULE)}
        self._lock = threading.Lock()
        self.calls = 0
        self.secrets: set[str] = set()  # learnt during the run (rotated webhook secrets)
        self.successful_calls = 0
        self.failures_kept_per_rule = 5
        self.phase = ""  # the check group running now, told in each failure

    def _verdict(self, rule_id: str) -> RuleVerdict:
        try:
            return self._verdicts[rule_id]
        except KeyError:
            raise KeyError(f"{rule_id} is not a contract rule of this spec") from None

    def passed(self, rule_id: str, operation: str) -> None:
        with self._lock:
            passes = self._verdict(rule_id).passes
            passes[operation] = passes.get(operation, 0) + 1

    def failed(self, failure: Failure) -> None:
        """Keep a failure; one that met only 429s is no verdict: the rule is skipped there."""
        if failure.throttled:
            reason = f"rate limited: only 429 answers until the kit gave up ({failure.message})"
            self.skipped(failure.rule, failure.operation, reason[:300])
            return
        if not failure.phase and self.phase:
            failure = replace(failure, phase=self.phase)
        with self._lock:
            verdict = self._verdict(failure.rule)
            same = [f for f in verdict.failures if f.operation == failure.operation]
            if len(same) < self.failures_kept_per_rule and failure not in verdict.failures:
                verdict.failures.append(failure)

    def skipped(self, rule_id: str, operation: str, reason: str) -> None:
        with self._lock:
            self._verdict(rule_id).skips.setdefault(operation, reason)

    def count_call(self, status_code: int | None) -> None:
        with self._lock:
            self.calls += 1
            if status_code is not None and 200 <= status_code < 300:
                self.successful_calls += 1

    def verdicts(self) -> list[RuleVerdict]:
        with self._lock:
            return list(self._verdicts.values())

    def verdict(self, rule_id: str) -> RuleVerdict:
        return self._verdict(rule_id)

    def has_failures(self, rule_ids: Iterable[str] | None = None) -> bool:
        wanted = set(rule_ids) if rule_ids is not None else None
        return any(v.failures for v in self.verdicts() if wanted is None or v.rule.id in wanted)

    @property
    def exercised(self) -> int:
        return sum(1 for v in self.verdicts() if v.status is not Status.SKIPPED)
