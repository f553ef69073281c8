"""`report.html`: the human report as one self-contained page to attach to a ticket or a release."""

from __future__ import annotations

from html import escape

from conformance.run.outcome import RuleVerdict, RunOutcome, Status

from . import coverage, view

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 80rem;
       padding: 0 1rem; color: #1f2328; }
h1, h2, h3, h4 { line-height: 1.2; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.verdict { padding: .5rem .8rem; border-radius: 6px; margin: 1rem 0; }
.verdict p { margin: .2rem 0; }
.verdict .sentence { font-size: 1.15rem; font-weight: 600; }
.verdict a { color: inherit; font-weight: 600; }
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
.back { font-size: 13px; }
.tag { font-size: 11px; font-weight: 600; text-transform: uppercase; border-radius: 3px;
       padding: 0 .3rem; margin-left: .3rem; vertical-align: .1em; white-space: nowrap; }
.tag.new { background: #cf222e; color: #fff; }
.tag.known { background: #eaeef2; color: #57606a; border: 1px solid #8c959f; }
.tag.fixed { background: #1a7f37; color: #fff; }
/* Marks are drawn by CSS: they need no emoji font and read the same in every browser. */
.mark { display: inline-block; position: relative; box-sizing: border-box; width: 1em;
        height: 1em; vertical-align: -.15em; }
a.mark { text-decoration: none; }
.mark::before, .mark::after { content: ""; position: absolute; box-sizing: border-box; }
.mark.passed::before { left: .34em; top: .06em; width: .34em; height: .64em;
                       border: solid #1a7f37; border-width: 0 .16em .16em 0;
                       transform: rotate(45deg); }
.mark.failed::before, .mark.failed::after { left: .43em; top: .02em; width: .16em;
                                            height: .96em; background: #cf222e;
                                            transform: rotate(45deg); }
.mark.failed::after { transform: rotate(-45deg); }
.mark.warning { border-radius: 50%; background: #bf8700; }
.mark.warning::before { left: .43em; top: .17em; width: .14em; height: .44em;
                        background: #fff; }
.mark.warning::after { left: .43em; top: .69em; width: .14em; height: .14em;
                       background: #fff; }
.mark.skipped { border: .12em solid #6e7781; border-radius: 50%; }
.mark.skipped::before { left: .18em; top: .32em; width: .4em; height: .12em;
                        background: #6e7781; }
"""


def _e(text: str) -> str:
    """Every piece of text on the page goes through here: escaped and printable."""
    return escape(view.printable(text), quote=True)


def _mark(state: view.Cell) -> str:
    """A pass, failure, warning or skip mark, drawn by the page's CSS."""
    return f'<span class="mark {state.value}" aria-hidden="true"></span>'


def _tag(outcome: RunOutcome, verdict: RuleVerdict) -> str:
    """The rule's standing against the baseline (new, known, fixed), if one was given."""
    tag = view.baseline_tag(outcome, verdict)
    return f' <span class="tag {tag}">{tag}</span>' if tag else ""


def _verdict_class(outcome: RunOutcome) -> str:
    """Colour of the summary banner, by what the run means for the server."""
    if outcome.new_must_failed:
        return "failed"
    if view.failing(outcome):
        return "warning"
    return "passed" if view.counts(outcome).passed else "skipped"


def _rule_link(outcome: RunOutcome, verdict: RuleVerdict) -> str:
    """A rule named in the banner, linked to its failures (or, once fixed, to its row)."""
    failed = verdict.status is Status.FAILED
    anchor = view.rule_anchor(verdict) if failed else view.row_anchor(verdict)
    return f'<a href="#{_e(anchor)}">{_e(verdict.rule.id)}</a> ({_e(verdict.rule.level)})'


def _banner(outcome: RunOutcome) -> str:
    """The verdict, then the rules it is about, each a link: what to read first."""
    lines = [f'<p class="sentence">{_e(view.summary_sentence(outcome))}</p>']
    for title, verdicts in view.headline_rules(outcome):
        links = ", ".join(_rule_link(outcome, verdict) for verdict in verdicts)
        lines.append(f"<p>{_e(title)}: {links}</p>")
    return f'<div class="verdict {_verdict_class(outcome)}">' + "\n".join(lines) + "</div>"


def _header(outcome: RunOutcome) -> str:
    """The run's facts and the one-line verdict."""
    facts = "".join(
        f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in view.report_fields(outcome)
    )
    parts = ["<h1>Conformance report</h1>", f'<dl class="facts">{facts}</dl>', _banner(outcome)]
    if outcome.info.notes:
        notes = "".join(f"<li>{_e(note)}</li>" for note in outcome.info.notes)
        parts.append(f'<ul class="notes">{notes}</ul>')
    return "\n".join(parts)


def _cell(verdict: RuleVerdict, index: int, column: str, outcome: RunOutcome) -> str:
    """One coloured matrix cell, its status in words for tooltips; a failure links to its entry."""
    state = view.cell(verdict, column, outcome.info)
    if state is None:
        return '<td class="cell"></td>'
    label = _e(f"{verdict.rule.id} on {column}: {view.MEANINGS[state]}")
    first = view.first_failure_in(verdict, column, outcome.info)
    if first is None:
        return f'<td class="cell {state.value}" title="{label}">{_mark(state)}</td>'
    return (
        f'<td class="cell {state.value}" id="{_e(view.cell_anchor(verdict, index))}" '
        f'title="{label}"><a class="mark {state.value}" aria-label="{label}" '
        f'href="#{_e(view.failure_anchor(verdict, first))}"></a></td>'
    )


def _legend() -> str:
    """The marks and what each means, drawn as in the matrix."""
    marks = [f"{_mark(state)} {_e(meaning)}" for state, meaning in view.MEANINGS.items()]
    return " &middot; ".join([*marks, _e(view.NOT_APPLICABLE)])


def _matrix(outcome: RunOutcome) -> str:
    """Rules by operation as a table, families as section rows."""
    columns = view.columns(outcome.info)
    head = "".join(f'<th class="op" scope="col">{_e(column)}</th>' for column in columns)
    rows: list[str] = []
    for family, verdicts in view.families(outcome):
        span = len(columns) + 3
        rows.append(f'<tr class="family"><th colspan="{span}">{_e(family)}</th></tr>')
        for verdict in verdicts:
            cells = "".join(
                _cell(verdict, index, column, outcome) for index, column in enumerate(columns)
            )
            rows.append(
                f'<tr id="{_e(view.row_anchor(verdict))}"><th scope="row">{_e(verdict.rule.id)}'
                f"{_tag(outcome, verdict)}</th>"
                f"<td>{_e(verdict.rule.level)}</td>{cells}"
                f'<td class="summary">{_e(verdict.rule.summary)}</td></tr>'
            )
    body = "\n".join(rows)
    return (
        "<h2>Rules by operation</h2>\n"
        f'<p class="legend">{_legend()}</p>\n'
        '<table class="matrix">\n'
        f'<thead><tr><th scope="col">Rule</th><th scope="col">Level</th>{head}'
        '<th scope="col">Summary</th></tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _failure(outcome: RunOutcome, verdict: RuleVerdict, index: int) -> str:
    """One failure with the request, a curl line to reproduce it, and a link to its cell."""
    failure = verdict.failures[index]
    parts = [f"<h4><code>{_e(failure.operation)}</code>: {_e(failure.message)}</h4>"]
    phase = f"{failure.phase}, seed {outcome.info.seed}" if failure.phase else ""
    facts = [
        (label, value)
        for label, value in (
            ("Phase", phase),
            ("Expected", failure.expected),
            ("Seen", failure.seen),
            ("Request id", failure.request_id),
        )
        if value
    ]
    if facts:
        items = "".join(
            f"<dt>{label}</dt><dd><code>{_e(value)}</code></dd>" for label, value in facts
        )
        parts.append(f'<dl class="facts">{items}</dl>')
    if failure.request:
        parts.append(f"<p>Request:</p><pre><code>{_e(failure.request)}</code></pre>")
    if failure.curl:
        parts.append(
            f'<p>Reproduce:</p><pre><code class="language-bash">{_e(failure.curl)}</code></pre>'
        )
    column = view.column_of(failure.operation, outcome.info)
    cell = view.cell_anchor(verdict, view.columns(outcome.info).index(column))
    parts.append(f'<p class="back"><a href="#{_e(cell)}">Back to the matrix</a></p>')
    anchor = _e(view.failure_anchor(verdict, index))
    return f'<div class="failure" id="{anchor}">' + "\n".join(parts) + "</div>"


def _inline_code(text: str) -> str:
    """Markdown-style `code` spans of a shared note as HTML <code>."""
    parts = [_e(part) for part in text.split("`")]
    return "".join(
        f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts)
    )


def _failures(outcome: RunOutcome) -> str:
    """Every failing rule, MUST rules first."""
    sections = ["<h2>Failures</h2>"]
    failing = view.failing(outcome)
    sections.append(f"<p>{_inline_code(view.CURL_NOTE)}</p>" if failing else "<p>None.</p>")
    for verdict in failing:
        rule = verdict.rule
        mark = _mark(view.Cell.FAILED if view.is_must(verdict) else view.Cell.WARNING)
        entries = [_failure(outcome, verdict, index) for index in range(len(verdict.failures))]
        sections.append(
            f'<section id="{_e(view.rule_anchor(verdict))}"><h3>{mark} {_e(rule.id)} '
            f"({_e(rule.level)}){_tag(outcome, verdict)}: {_e(rule.summary)}</h3>\n"
            + "\n".join(entries)
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


def _coverage(outcome: RunOutcome) -> str:
    """Per rule, the variants exercised and with how many inputs, and those left out."""
    parts = ["<h2>Coverage map</h2>", f"<p>{_e(view.COVERAGE_LEGEND)}</p>", "<ul>"]
    for verdict in outcome.verdicts:
        kinds = "".join(
            f"<li>{_e(kind)}: {_e(text)}</li>" for kind, text in coverage.lines(verdict)
        )
        parts.append(
            f"<li><strong>{_e(verdict.rule.id)}</strong> {_e(verdict.verdict_text)}"
            f"<ul>{kinds}</ul></li>"
        )
    parts.append("</ul>")
    lost = outcome.lost_variants()
    if lost:
        items = "".join(
            f"<li><strong>{_e(rule)}</strong>: {_e(', '.join(names))}</li>"
            for rule, names in lost.items()
        )
        parts.append(f"<p>Covered in the baseline, not in this run:</p><ul>{items}</ul>")
    return "\n".join(parts)


def render(outcome: RunOutcome) -> str:
    """The whole page: no scripts, no external assets, so it opens anywhere."""
    title = f"Conformance report: {view.target_text(outcome.info)}"
    sections = [_header(outcome), _matrix(outcome), _failures(outcome), _skipped(outcome)]
    body = "\n".join([*sections, _coverage(outcome)])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
