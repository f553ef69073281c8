"""`report.html`: the human report as one self-contained page to attach to a ticket or a release."""

from __future__ import annotations

from html import escape

from conformance.run.ledger import Failure, RuleVerdict
from conformance.run.outcome import RunOutcome

from . import view

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 80rem;
       padding: 0 1rem; color: #1f2328; }
h1, h2, h3, h4 { line-height: 1.2; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.verdict { font-size: 1.15rem; font-weight: 600; padding: .5rem .8rem; border-radius: 6px; }
.verdict.failed { background: #ffebe9; color: #82071e; }
.verdict.warning { background: #fff8c5; color: #6c4a00; }
.verdict.passed { background: #dafbe1; color: #116329; }
.verdict.skipped { background: #eaeef2; color: #424a53; }
.notes { border-left: 4px solid #d0d7de; padding-left: .8rem; color: #57606a; }
table.matrix { border-collapse: collapse; font-size: 13px; }
table.matrix th, table.matrix td { border: 1px solid #d0d7de; padding: .25rem .4rem; }
table.matrix thead th.op { writing-mode: vertical-rl; transform: rotate(180deg);
                           white-space: nowrap; vertical-align: bottom; }
table.matrix tr.family th { background: #f6f8fa; text-align: left; }
table.matrix td.cell { text-align: center; min-width: 1.6rem; }
td.passed { background: #dafbe1; }
td.failed { background: #ffcecb; }
td.warning { background: #fff1a8; }
td.skipped { background: #eaeef2; }
td.summary { color: #57606a; }
.failure { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1rem; margin: .8rem 0; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap;
      word-break: break-all; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
"""


def _e(text: str) -> str:
    """Every piece of text on the page goes through here: escaped and printable."""
    return escape(view.printable(text), quote=True)


def _verdict_class(outcome: RunOutcome) -> str:
    """Colour of the summary banner, by what the run means for the server."""
    tally = view.counts(outcome)
    if outcome.must_failed:
        return "failed"
    if tally.should_failed:
        return "warning"
    return "passed" if tally.passed else "skipped"


def _header(outcome: RunOutcome) -> str:
    """The run's facts and the one-line verdict."""
    facts = "".join(
        f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>"
        for label, value in view.header_fields(outcome.info)
    )
    parts = [
        "<h1>Conformance report</h1>",
        f'<dl class="facts">{facts}</dl>',
        f'<p class="verdict {_verdict_class(outcome)}">{_e(view.summary_sentence(outcome))}</p>',
    ]
    if outcome.info.notes:
        notes = "".join(f"<li>{_e(note)}</li>" for note in outcome.info.notes)
        parts.append(f'<ul class="notes">{notes}</ul>')
    return "\n".join(parts)


def _cell(verdict: RuleVerdict, column: str, outcome: RunOutcome) -> str:
    """One coloured matrix cell, its status also in words for screen readers and tooltips."""
    state = view.cell(verdict, column, outcome.info)
    if state is None:
        return '<td class="cell"></td>'
    word = "failed (SHOULD: a warning)" if state is view.Cell.WARNING else state.value
    label = f"{verdict.rule.id} on {column}: {word}"
    return f'<td class="cell {state.value}" title="{_e(label)}">{view.SYMBOLS[state]}</td>'


def _matrix(outcome: RunOutcome) -> str:
    """Rules by operation as a table, families as section rows."""
    columns = view.columns(outcome.info)
    head = "".join(f'<th class="op" scope="col">{_e(column)}</th>' for column in columns)
    rows: list[str] = []
    for family, verdicts in view.families(outcome):
        span = len(columns) + 3
        rows.append(f'<tr class="family"><th colspan="{span}">{_e(family)}</th></tr>')
        for verdict in verdicts:
            cells = "".join(_cell(verdict, column, outcome) for column in columns)
            rows.append(
                f'<tr id="row-{_e(verdict.rule.id)}"><th scope="row">{_e(verdict.rule.id)}</th>'
                f"<td>{_e(verdict.rule.level)}</td>{cells}"
                f'<td class="summary">{_e(verdict.rule.summary)}</td></tr>'
            )
    body = "\n".join(rows)
    return (
        "<h2>Rules by operation</h2>\n"
        f'<p class="legend">{_e(view.LEGEND)}</p>\n'
        '<table class="matrix">\n'
        f'<thead><tr><th scope="col">Rule</th><th scope="col">Level</th>{head}'
        '<th scope="col">Summary</th></tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _failure(failure: Failure) -> str:
    """One failure with its minimal input and a curl line to reproduce it."""
    parts = [f"<h4><code>{_e(failure.operation)}</code>: {_e(failure.message)}</h4>"]
    facts = [
        (label, value)
        for label, value in (("Expected", failure.expected), ("Seen", failure.seen))
        if value
    ]
    if facts:
        items = "".join(
            f"<dt>{label}</dt><dd><code>{_e(value)}</code></dd>" for label, value in facts
        )
        parts.append(f'<dl class="facts">{items}</dl>')
    if failure.request:
        parts.append(f"<p>Minimal input:</p><pre><code>{_e(failure.request)}</code></pre>")
    if failure.curl:
        parts.append(
            f'<p>Reproduce:</p><pre><code class="language-bash">{_e(failure.curl)}</code></pre>'
        )
    return '<div class="failure">' + "\n".join(parts) + "</div>"


def _failures(outcome: RunOutcome) -> str:
    """Every failing rule, MUST rules first."""
    sections = ["<h2>Failures</h2>"]
    failing = view.failing(outcome)
    if not failing:
        sections.append("<p>None.</p>")
    for verdict in failing:
        rule = verdict.rule
        mark = view.SYMBOLS[view.Cell.FAILED if view.is_must(verdict) else view.Cell.WARNING]
        sections.append(
            f'<section id="fail-{_e(rule.id)}"><h3>{mark} {_e(rule.id)} ({_e(rule.level)}): '
            f"{_e(rule.summary)}</h3>\n"
            + "\n".join(_failure(failure) for failure in verdict.failures)
            + "</section>"
        )
    return "\n".join(sections)


def _reasons(verdict: RuleVerdict) -> str:
    """A rule's skip reasons as a nested list."""
    return "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in view.skip_reasons(verdict)) + "</ul>"


def _skipped(outcome: RunOutcome) -> str:
    """What the run could not check, and why."""
    parts = ["<h2>Skipped</h2>"]
    skipped = view.skipped(outcome)
    if skipped:
        items = "".join(
            f"<li><strong>{_e(v.rule.id)}</strong> ({_e(v.rule.level)}): {_e(v.rule.summary)}"
            f"{_reasons(v)}</li>"
            for v in skipped
        )
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append("<p>None.</p>")
    partly = view.partly_skipped(outcome)
    if partly:
        items = "".join(
            f"<li><strong>{_e(v.rule.id)}</strong> ({_e(v.rule.level)}){_reasons(v)}</li>"
            for v in partly
        )
        parts.append(f"<p>Checked, but skipped on some operations:</p><ul>{items}</ul>")
    return "\n".join(parts)


def render(outcome: RunOutcome) -> str:
    """The whole page: no scripts, no external assets, so it opens anywhere."""
    title = f"Conformance report: {view.target_text(outcome.info)}"
    body = "\n".join([_header(outcome), _matrix(outcome), _failures(outcome), _skipped(outcome)])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
