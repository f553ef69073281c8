"""JUnit XML, so CI shows each contract rule as a test: MUST failures red, SHOULD as warnings."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conformance.run.outcome import Failure, RuleVerdict, RunOutcome, Status

from . import view

SUITE_NAME = "conformance"
# Characters XML 1.0 cannot hold at all, even escaped; a server's answer may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Raw bytes from a broken server must not make the whole report unparsable."""
    return _NOT_XML.sub("\ufffd", text)


def _sanitise(root: ET.Element) -> None:
    """Cleans every text and attribute once, instead of at each place that adds one."""
    for element in root.iter():
        if element.text is not None:
            element.text = _xml_safe(element.text)
        for key, value in element.attrib.items():
            element.attrib[key] = _xml_safe(value)


def _properties(outcome: RunOutcome) -> ET.Element:
    """Run facts as suite properties, where CI tools show them next to the results."""
    info = outcome.info
    element = ET.Element("properties")
    pairs = [
        ("target", info.target),
        ("bundled", str(info.bundled).lower()),
        ("seed", str(info.seed)),
        ("profile", info.profile),
        ("started_at", info.started_at),
        ("calls", str(info.calls)),
        ("successful_calls", str(info.successful_calls)),
        *((f"version.{name}", version) for name, version in info.versions.items()),
    ]
    if (baseline := view.baseline_text(outcome)) is not None:
        pairs.append(("baseline", baseline))
    for name, value in pairs:
        ET.SubElement(element, "property", name=name, value=value)
    return element


def failure_text(failure: Failure) -> str:
    """Everything needed to reproduce one failure, as plain text for a CI log."""
    lines = [f"[{failure.operation}] {failure.message}"]
    if failure.expected:
        lines.append(f"  expected: {failure.expected}")
    if failure.seen:
        lines.append(f"  seen:     {failure.seen}")
    if failure.request_id:
        lines.append(f"  request id: {failure.request_id}")
    if failure.request:
        lines.append("  minimal input:")
        lines.extend(f"    {line}" for line in failure.request.splitlines())
    if failure.curl:
        lines.append(f"  reproduce: {failure.curl}")
    return "\n".join(lines)


def _failure_type(outcome: RunOutcome, verdict: RuleVerdict) -> str:
    """A failure CI should act on, a SHOULD warning, or one the baseline already had."""
    if outcome.is_known(verdict):
        return "known"
    return "failure" if view.is_must(verdict) else "warning"


def _testcase(outcome: RunOutcome, verdict: RuleVerdict) -> ET.Element:
    """One rule as one test case, named so CI lists rule IDs."""
    rule = verdict.rule
    case = ET.Element(
        "testcase",
        classname=rule.family,
        name=f"{rule.id} {rule.summary}",
        time="0",
    )
    if verdict.status is Status.FAILED:
        messages = sorted({f.message for f in verdict.failures})
        head = f"{rule.level} {rule.id} failed on {len({f.operation for f in verdict.failures})}"
        if outcome.is_known(verdict):
            head = f"known failure (already in the baseline): {head}"
        failure = ET.SubElement(
            case,
            "failure",
            message=f"{head} operation(s): {'; '.join(messages)}",
            type=_failure_type(outcome, verdict),
        )
        failure.text = "\n\n".join(failure_text(f) for f in verdict.failures)
    elif verdict.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", message="; ".join(view.skip_reasons(verdict)))
    elif view.is_fixed(outcome, verdict):  # the name stays, so CI keeps the rule's history
        ET.SubElement(case, "system-out").text = view.FIXED_TITLE.lower()
    return case


def render(outcome: RunOutcome) -> str:
    """The whole report as a JUnit document with one suite named after the kit."""
    tally = view.counts(outcome)
    info = outcome.info
    totals = {
        "name": SUITE_NAME,
        "tests": str(tally.total),
        "failures": str(tally.failed),
        "errors": "0",
        "skipped": str(tally.skipped),
        "time": f"{info.duration_seconds:.3f}",
    }
    suites = ET.Element("testsuites", totals)
    suite = ET.SubElement(suites, "testsuite", {**totals, "timestamp": info.started_at})
    suite.append(_properties(outcome))
    suite.extend(_testcase(outcome, verdict) for verdict in outcome.verdicts)
    _sanitise(suites)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
