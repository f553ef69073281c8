"""Turns a finished run into the reports people and CI read, with every secret scrubbed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from conformance.run.outcome import RunOutcome, Status

from . import html, jsonfile, junit, markdown, view
from .redact import REDACTED, Redactor

__all__ = ["FILES", "REDACTED", "summary_lines", "write_reports"]

# Report kind → file name and renderer; the kinds are what `write_reports` returns.
FILES: dict[str, tuple[str, Callable[[RunOutcome], str]]] = {
    "junit": ("junit.xml", junit.render),
    "json": ("results.json", jsonfile.render),
    "markdown": ("report.md", markdown.render),
    "html": ("report.html", html.render),
}


def write_reports(folder: Path, outcome: RunOutcome, secrets: Iterable[str]) -> dict[str, Path]:
    """Writes all four reports; secrets are scrubbed from the data and again from each text."""
    redact = Redactor(secrets)
    clean = redact.outcome(outcome)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for kind, (name, render) in FILES.items():
        path = folder / name
        path.write_text(redact(render(clean)), encoding="utf-8")
        written[kind] = path
    return written


def summary_lines(outcome: RunOutcome) -> list[str]:
    """A few lines for the terminal: the verdict, what failed, and what was never checked."""
    info = outcome.info
    lines = [
        f"Conformance of {view.target_text(info)} (profile {info.profile}, seed {info.seed})",
        view.summary_sentence(outcome),
        f"{info.calls} calls ({info.successful_calls} answered 2xx) in {info.duration_seconds} s; "
        f"{info.rate_limited_answers} answered 429 outside the ERR-3 probe, "
        f"the run waited {info.rate_limit_wait_seconds} s for them",
    ]
    new = view.new_failures(outcome)
    prefix = "New " if outcome.baseline is not None else ""
    named = [
        (f"{prefix}MUST failures", [v for v in new if view.is_must(v)]),
        (f"{prefix}SHOULD warnings", [v for v in new if not view.is_must(v)]),
        (view.KNOWN_TITLE, view.known_failures(outcome)),
        (view.FIXED_TITLE, view.fixed(outcome)),
    ]
    lines += [f"{title}: {view.rule_ids(rules)}" for title, rules in named if rules]
    skipped = [v.rule.id for v in outcome.verdicts if v.status is Status.SKIPPED]
    if skipped:
        lines.append(f"Nothing checked for: {', '.join(skipped)}")
    if info.calls and not info.successful_calls:
        lines.append(f"Warning: none of {info.calls} calls succeeded; check the key and target.")
    return [view.printable(line) for line in lines]
