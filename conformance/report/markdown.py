"""`report.md`: the human report for a terminal or a code review, readable raw or rendered."""

from __future__ import annotations

import re

from conformance.run.outcome import Failure, RuleVerdict, RunOutcome, Status

from . import coverage, view


def _line(text: str) -> str:
    """Text that stays on one line of prose."""
    return view.printable(text).replace("\n", " ")


def _cell_text(text: str) -> str:
    """Text that stays inside one table cell."""
    return view.printable(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """Inline code that survives backticks inside the text."""
    text = view.printable(text).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _block(text: str, language: str = "") -> list[str]:
    """A fenced block whose fence is longer than any backtick run in the text."""
    text = view.printable(text)
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return [f"{fence}{language}", *text.splitlines(), fence]


def _rule_link(verdict: RuleVerdict) -> str:
    """A failing rule linked to its failures; any other rule (a fixed one) just named."""
    name = f"{verdict.rule.id} ({verdict.rule.level})"
    if verdict.status is not Status.FAILED:
        return name
    return f"[{verdict.rule.id}](#{view.rule_anchor(verdict)}) ({verdict.rule.level})"


def _header(outcome: RunOutcome) -> list[str]:
    """The run's facts: enough to tell which server, which seed and which versions."""
    lines = ["# Conformance report", ""]
    lines += [f"- **{label}:** {_line(value)}" for label, value in view.report_fields(outcome)]
    lines += ["", f"**{view.summary_sentence(outcome)}**", ""]
    headline = [
        f"- {title}: {', '.join(_rule_link(verdict) for verdict in verdicts)}"
        for title, verdicts in view.headline_rules(outcome)
    ]
    if headline:
        lines += [*headline, ""]
    if outcome.info.notes:
        lines += [*(f"> {_line(note)}" for note in outcome.info.notes), ""]
    return lines


def _matrix(outcome: RunOutcome) -> list[str]:
    """Rules by operation, so a reader sees at a glance where the server breaks the contract."""
    columns = view.columns(outcome.info)
    head = ["Family", "Rule", "Level", *(_cell_text(c) for c in columns), "Summary"]
    lines = ["## Rules by operation", "", view.LEGEND, ""]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for family, verdicts in view.families(outcome):
        for index, verdict in enumerate(verdicts):
            cells = [view.cell(verdict, column, outcome.info) for column in columns]
            row = [
                f"**{_cell_text(family)}**" if index == 0 else "",
                _cell_text(verdict.rule.id),
                verdict.rule.level,
                *(view.SYMBOLS[c] if c is not None else "" for c in cells),
                _cell_text(verdict.rule.summary),
            ]
            lines.append("| " + " | ".join(row) + " |")
    return [*lines, ""]


def _failure(failure: Failure, seed: int) -> list[str]:
    """One failure as a reader needs it to reproduce: what, where, and the exact input."""
    lines = [f"#### {_code(failure.operation)}: {_line(failure.message)}", ""]
    if failure.phase:
        lines += [f"- Phase: {_line(failure.phase)}, seed {seed}"]
    if failure.expected:
        lines.append(f"- Expected: {_code(failure.expected)}")
    if failure.seen:
        lines.append(f"- Seen: {_code(failure.seen)}")
    if failure.request_id:
        lines.append(f"- Request id: {_code(failure.request_id)}")
    if failure.expected or failure.seen or failure.request_id:
        lines.append("")
    if failure.request:
        lines += ["Request:", "", *_block(failure.request), ""]
    if failure.curl:
        lines += ["Reproduce:", "", *_block(failure.curl, "bash"), ""]
    return lines


def _failures(outcome: RunOutcome) -> list[str]:
    """Every failing rule with its kept failures, MUST rules first."""
    failing = view.failing(outcome)
    if not failing:
        return ["## Failures", "", "None.", ""]
    lines = ["## Failures", "", view.CURL_NOTE, ""]
    for verdict in failing:
        mark = view.SYMBOLS[view.Cell.FAILED if view.is_must(verdict) else view.Cell.WARNING]
        rule = verdict.rule
        tag = view.baseline_tag(outcome, verdict)
        level = f"{rule.level}, {tag}" if tag else rule.level
        lines += [
            f'<a id="{view.rule_anchor(verdict)}"></a>',
            "",
            f"### {mark} {rule.id} ({level}): {_line(rule.summary)}",
            "",
        ]
        for failure in verdict.failures:
            lines += _failure(failure, outcome.info.seed)
    return lines


def _reasons(verdict: RuleVerdict) -> list[str]:
    """A rule's skip reasons as a nested list."""
    return [f"  - {_line(reason)}" for reason in view.skip_reasons(verdict)]


def _skipped(outcome: RunOutcome) -> list[str]:
    """What the run could not check, and why: a skip must never read as a pass."""
    lines = ["## Skipped", ""]
    skipped = view.skipped(outcome)
    if not skipped:
        lines += ["None.", ""]
    for verdict in skipped:
        rule = verdict.rule
        lines += [f"- **{rule.id}** ({rule.level}): {_line(rule.summary)}", *_reasons(verdict)]
    partly = view.partly_skipped(outcome)
    if partly:
        lines += ["", "Checked, but skipped on some operations:", ""]
    for verdict in partly:
        lines += [f"- **{verdict.rule.id}** ({verdict.rule.level})", *_reasons(verdict)]
    return lines


def _coverage(outcome: RunOutcome) -> list[str]:
    """Per rule, the variants exercised and with how many inputs, and those left out."""
    lines = ["## Coverage map", "", view.COVERAGE_LEGEND, ""]
    for verdict in outcome.verdicts:
        lines.append(f"- **{verdict.rule.id}** {_line(verdict.verdict_text)}")
        lines += [f"  - {kind}: {_line(text)}" for kind, text in coverage.lines(verdict)]
    lost = outcome.lost_variants()
    if lost:
        lines += ["", "Covered in the baseline, not in this run:", ""]
        lines += [f"- **{rule}**: {_line(', '.join(names))}" for rule, names in lost.items()]
    return [*lines, ""]


def render(outcome: RunOutcome) -> str:
    """The whole Markdown report."""
    lines = [
        *_header(outcome),
        *_matrix(outcome),
        *_failures(outcome),
        *_skipped(outcome),
        *_coverage(outcome),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
