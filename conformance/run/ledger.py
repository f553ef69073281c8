"""Collects what each check saw, so a rule is passed only when something really exercised it."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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


@dataclass
class RuleVerdict:
    """Everything the run learnt about one rule, across operations."""

    rule: ContractRule
    passes: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    skips: dict[str, str] = field(default_factory=dict)

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
