"""Turns findings into classified changes: the table's decision, a message, the rules touched."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

from specdiff.model import Change, Finding, Level
from specdiff.rulemap import RuleMap
from specdiff.table import decision
from specdiff.verdicts import echoed

_LEVEL_ORDER = {Level.BREAKING: 0, Level.WARNING: 1, Level.INFO: 2}


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, sort_keys=True, default=str)


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (ID, pointer): a shared schema's change lists every operation it reaches."""
    merged: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        key = (finding.id, finding.pointer)
        if key in merged:
            first = merged[key]
            merged[key] = dataclasses.replace(
                first,
                operations=first.operations | finding.operations,
                rules=first.rules | finding.rules,
                echoes=first.echoes if first.echoes == finding.echoes else "",  # echo everywhere
            )
        else:
            merged[key] = finding
    return list(merged.values())


def classify(finding: Finding, rules: RuleMap) -> Change:
    """An x-rules or registry finding names its own rule; any other is mapped by its pointer.

    The change of an echo that its request field made too is decided as the echo of that change.
    """
    chosen = decision(finding.key)
    mapped = rules.rules_for(finding.pointer)
    if finding.echoes:
        chosen = echoed(chosen, decision(finding.echoes))
        mapped |= finding.rules
    says = chosen.says
    if finding.old is None and finding.new is None:
        says = says.replace(" ({old} -> {new})", "")
    says = says.format(old=_show(finding.old), new=_show(finding.new))
    return Change(
        id=finding.id,
        level=chosen.level,
        breaks=chosen.breaks,
        operations=tuple(sorted(finding.operations)),
        pointer=finding.pointer,
        message=f"{finding.subject}: {says}",
        rules=tuple(sorted(mapped if finding.echoes else finding.rules or mapped)),
        bump=chosen.bump,
        subject=finding.subject,
    )


def classify_all(findings: Iterable[Finding], rules: RuleMap) -> tuple[Change, ...]:
    """Every finding merged, classified and sorted: breaking first, then by pointer."""
    changes = [classify(finding, rules) for finding in merge(findings)]
    return tuple(sorted(changes, key=lambda c: (_LEVEL_ORDER[c.level], c.pointer, c.id)))
