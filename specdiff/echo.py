"""Marks the changes of an echo (`x-echoes`, ECHO-1) that the echoed request field also made."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from contract import Echo, echoes
from specdiff.model import Finding, Sided


def _declared(*documents: Mapping[str, Any]) -> tuple[Echo, ...]:
    return tuple({e.schema: e for doc in documents for e in echoes(doc)}.values())


def _echoed(sites: tuple[str, ...], echo: Echo) -> tuple[str, tuple[str, ...]] | None:
    """The echoed field an echo change lies in, and the request-side sites it stands for."""
    for index, site in enumerate(sites):
        request = echo.request_site(site)
        if request is not None:
            return site, (request, *sites[index + 1 :])
    return None


def _pairs(
    requests: set[tuple[Sided, tuple[str, ...]]], sided: Sided, sites: tuple[str, ...]
) -> bool:
    """Whether the request made the same change at the same place (its sites end the same)."""
    return any(
        change == sided and theirs[len(theirs) - len(sites) :] == sites
        for change, theirs in requests
        if len(theirs) >= len(sites)
    )


def follow_echoes(
    findings: Iterable[Finding], old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[Finding]:
    """Each response-side change inside an echoed field, paired with the same change of the
    request field it echoes, carries that request ID (and ECHO-1); any other is left alone."""
    listed = list(findings)
    declared = _declared(old, new)
    requests = {
        (f.sided, f.sites) for f in listed if f.sided is not None and f.key == f.sided.request
    }
    paired: list[Finding] = []
    for finding in listed:
        sided = finding.sided
        if sided is not None and finding.key == sided.response:
            for echo in declared:
                found = _echoed(finding.sites, echo)
                if found is not None and _pairs(requests, sided, found[1]):
                    rules = finding.rules | echo.rules_for(found[0])
                    finding = dataclasses.replace(finding, echoes=sided.request, rules=rules)
                    break
        paired.append(finding)
    return paired
