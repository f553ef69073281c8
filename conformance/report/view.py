"""What every report shows, computed once so that the formats can never disagree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from conformance.run.outcome import RuleVerdict, RunInfo, RunOutcome, Status

# Said once above the failures: the curl lines read the key from the shell, never from the report.
CURL_NOTE = (
    "Each failure's curl line runs in bash as it is, once the key is in the environment: "
    "`export API_KEY=...` (the key the run used)."
)

# Column for results not tied to one of the run's operations (flows, whole-run checks).
RUN_COLUMN = "(run)"
NOTHING_EXERCISED = "nothing in this run exercised the rule"
KNOWN_TITLE = "Known failures (already in the baseline)"
FIXED_TITLE = "Fixed since the baseline"
# Control characters from a server's answer must not reach a terminal or break a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text without control characters (tabs and newlines kept), safe to print or embed."""
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n"))


class Cell(StrEnum):
    """One matrix cell: a failed SHOULD rule is a warning, not a failure of the run."""

    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"


# Emoji for the text reports; the HTML page draws its own marks, so no emoji font is needed.
SYMBOLS = {
    Cell.PASSED: "✅",
    Cell.FAILED: "❌",
    Cell.WARNING: "⚠️",
    Cell.SKIPPED: "⏭",
}
# What each mark means, in the legend of every report.
MEANINGS = {
    Cell.PASSED: "passed",
    Cell.FAILED: "failed (MUST)",
    Cell.WARNING: "failed (SHOULD)",
    Cell.SKIPPED: "skipped",
}
NOT_APPLICABLE = "blank: not applicable"
LEGEND = " · ".join([*(f"{SYMBOLS[c]} {MEANINGS[c]}" for c in Cell), NOT_APPLICABLE])


@dataclass(frozen=True)
class Counts:
    """Rules by verdict, the numbers every summary starts with."""

    passed: int
    failed: int
    skipped: int
    must_failed: int
    should_failed: int

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.skipped


def counts(outcome: RunOutcome) -> Counts:
    """Counts rules, not operations: a rule is the unit the contract names."""
    statuses = [v.status for v in outcome.verdicts]
    failed = [v for v in outcome.verdicts if v.status is Status.FAILED]
    return Counts(
        passed=statuses.count(Status.PASSED),
        failed=len(failed),
        skipped=statuses.count(Status.SKIPPED),
        must_failed=sum(1 for v in failed if is_must(v)),
        should_failed=sum(1 for v in failed if not is_must(v)),
    )


def is_must(verdict: RuleVerdict) -> bool:
    """Only MUST rules fail a run; everything else is advice."""
    return verdict.rule.level.upper() == "MUST"


def verdict_word(outcome: RunOutcome) -> str:
    """One word a reader sees first: did the server conform (or, with a baseline, regress)?"""
    tally = counts(outcome)
    if outcome.new_must_failed:
        return "FAILED"
    if any(not is_must(v) for v in new_failures(outcome)):
        return "PASSED WITH WARNINGS"
    if known_failures(outcome):
        return "NO NEW FAILURES"
    if tally.passed == 0:
        return "NOTHING CHECKED"
    return "PASSED"


def summary_sentence(outcome: RunOutcome) -> str:
    """The counts in words, shared by the terminal, Markdown and HTML summaries."""
    tally = counts(outcome)
    failed = f"{tally.failed} failed"
    if tally.failed:
        failed += f" ({tally.must_failed} MUST, {tally.should_failed} SHOULD"
        if outcome.baseline is not None:
            known = len(known_failures(outcome))
            failed += f"; {tally.failed - known} new, {known} known"
        failed += ")"
    return (
        f"{verdict_word(outcome)}: {tally.passed} passed, {failed}, "
        f"{tally.skipped} skipped of {tally.total} rules"
    )


def families(outcome: RunOutcome) -> list[tuple[str, list[RuleVerdict]]]:
    """Rules grouped by family, families and rules in registry order."""
    groups: dict[str, list[RuleVerdict]] = {}
    for verdict in outcome.verdicts:
        groups.setdefault(verdict.rule.family, []).append(verdict)
    return list(groups.items())


def columns(info: RunInfo) -> list[str]:
    """The run's operations plus one column for results outside them."""
    return [*info.operations, RUN_COLUMN]


def _combine(statuses: list[Status]) -> Status | None:
    """Several results in one cell read like a rule's own verdict: a failure wins, then a pass."""
    for status in (Status.FAILED, Status.PASSED, Status.SKIPPED):
        if status in statuses:
            return status
    return None


def cell(verdict: RuleVerdict, column: str, info: RunInfo) -> Cell | None:
    """The matrix cell of a rule for an operation (or the run column); None if not applicable."""
    if column == RUN_COLUMN:
        others = [op for op in verdict.operations if op not in info.operations]
        status = _combine([s for op in others if (s := verdict.operation_status(op)) is not None])
    else:
        status = verdict.operation_status(column)
    if status is None:
        return None
    if status is Status.FAILED:
        return Cell.FAILED if is_must(verdict) else Cell.WARNING
    return Cell(status.value)


def column_of(operation: str, info: RunInfo) -> str:
    """Where a result about this operation sits in the matrix."""
    return operation if operation in info.operations else RUN_COLUMN


def skip_reasons(verdict: RuleVerdict) -> list[str]:
    """Why a rule was not checked, per operation; a rule never touched says so explicitly."""
    if not verdict.skips and verdict.status is Status.SKIPPED:
        return [NOTHING_EXERCISED]
    return [f"{op}: {reason}" if op else reason for op, reason in verdict.skips.items()]


def failing(outcome: RunOutcome) -> list[RuleVerdict]:
    """Failed rules, new before known, MUST before SHOULD, each group in registry order."""
    failed = [v for v in outcome.verdicts if v.status is Status.FAILED]
    return sorted(failed, key=lambda v: (outcome.is_known(v), not is_must(v)))


def new_failures(outcome: RunOutcome) -> list[RuleVerdict]:
    """Failed rules the baseline did not have (all of them when there is no baseline)."""
    return [v for v in failing(outcome) if not outcome.is_known(v)]


def known_failures(outcome: RunOutcome) -> list[RuleVerdict]:
    """Failed rules that already failed in the baseline: debt, not a regression."""
    return [v for v in failing(outcome) if outcome.is_known(v)]


def is_fixed(outcome: RunOutcome, verdict: RuleVerdict) -> bool:
    """Failed in the baseline and passed now (a rule skipped now proves nothing either way)."""
    baseline = outcome.baseline
    return (
        baseline is not None
        and verdict.rule.id in baseline.failed
        and verdict.status is Status.PASSED
    )


def fixed(outcome: RunOutcome) -> list[RuleVerdict]:
    """Rules that failed in the baseline and passed in this run."""
    return [v for v in outcome.verdicts if is_fixed(outcome, v)]


def headline_rules(outcome: RunOutcome) -> list[tuple[str, list[RuleVerdict]]]:
    """The rules the verdict is about, under a title each, for every report's banner."""
    if outcome.baseline is None:
        lists = [("Failing", failing(outcome))]
    else:
        lists = [
            ("New failures", new_failures(outcome)),
            (KNOWN_TITLE, known_failures(outcome)),
            (FIXED_TITLE, fixed(outcome)),
        ]
    return [(title, verdicts) for title, verdicts in lists if verdicts]


def rule_ids(verdicts: list[RuleVerdict]) -> str:
    """Rule IDs as one comma-separated line."""
    return ", ".join(v.rule.id for v in verdicts)


def baseline_tag(outcome: RunOutcome, verdict: RuleVerdict) -> str:
    """How a rule compares with the baseline: new, known or fixed; empty when it does not."""
    if outcome.baseline is None:
        return ""
    if verdict.status is Status.FAILED:
        return "known" if outcome.is_known(verdict) else "new"
    return "fixed" if is_fixed(outcome, verdict) else ""


def row_anchor(verdict: RuleVerdict) -> str:
    """A rule's row in the HTML matrix."""
    return f"row-{verdict.rule.id}"


def rule_anchor(verdict: RuleVerdict) -> str:
    """Where a rule's failures start, in the Markdown and HTML reports."""
    return f"fail-{verdict.rule.id}"


def failure_anchor(verdict: RuleVerdict, index: int) -> str:
    """Where one failure of a rule is, by its place in the rule's list."""
    return f"failure-{verdict.rule.id}-{index + 1}"


def cell_anchor(verdict: RuleVerdict, column_index: int) -> str:
    """A matrix cell, by column index, since operation names need not be valid anchors."""
    return f"cell-{verdict.rule.id}-{column_index}"


def first_failure_in(verdict: RuleVerdict, column: str, info: RunInfo) -> int | None:
    """The index of the first failure that a matrix cell stands for."""
    for index, failure in enumerate(verdict.failures):
        if column_of(failure.operation, info) == column:
            return index
    return None


def skipped(outcome: RunOutcome) -> list[RuleVerdict]:
    """Rules whose whole verdict is skipped: the run proved nothing about them."""
    return [v for v in outcome.verdicts if v.status is Status.SKIPPED]


def partly_skipped(outcome: RunOutcome) -> list[RuleVerdict]:
    """Rules checked somewhere but skipped elsewhere: a pass that is not the whole story."""
    return [v for v in outcome.verdicts if v.status is not Status.SKIPPED and v.skips]


def duration_text(seconds: float) -> str:
    """Durations read as a person would say them."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min {rest} s"


def target_text(info: RunInfo) -> str:
    """The target, marked when it is the bundled reference server rather than a real one."""
    return f"{info.target} (bundled reference server)" if info.bundled else info.target


def versions_text(info: RunInfo) -> str:
    """Versions on one line, in the order the runner gave them."""
    return ", ".join(f"{name} {version}" for name, version in info.versions.items()) or "unknown"


def baseline_text(outcome: RunOutcome) -> str | None:
    """Which earlier run the failures are compared with, or None when they are not."""
    baseline = outcome.baseline
    if baseline is None:
        return None
    return f"{baseline.source} (a run against {baseline.target} on {baseline.started_at})"


def report_fields(outcome: RunOutcome) -> Iterator[tuple[str, str]]:
    """The header of a human report: the run's facts, then the baseline it is compared with."""
    yield from header_fields(outcome.info)
    if (baseline := baseline_text(outcome)) is not None:
        yield "Baseline", baseline


def header_fields(info: RunInfo) -> Iterator[tuple[str, str]]:
    """The run's facts as label/value pairs, in the order every human report shows them."""
    yield "Target", target_text(info)
    yield "Profile", info.profile
    yield "Seed", str(info.seed)
    yield "Started", info.started_at
    yield "Duration", duration_text(info.duration_seconds)
    yield "Calls", f"{info.calls} ({info.successful_calls} successful)"
    if info.selected_groups:
        yield "Groups", ", ".join(info.selected_groups)
    yield "Versions", versions_text(info)
