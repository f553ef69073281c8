"""Builds the whole report: the spec diff, the x- vocabulary diff, griffe's view, and the bump."""

from __future__ import annotations

from pathlib import Path

from specdiff.bump import bump_reasons, required_bump
from specdiff.classify import classify_all
from specdiff.echo import follow_echoes
from specdiff.examples import diff_examples
from specdiff.generate import GenerationError
from specdiff.model import Bump, Change, ClientApiChange, Report
from specdiff.operations import diff_document
from specdiff.reach import soften
from specdiff.rulemap import RuleMap
from specdiff.sources import Source
from specdiff.xrules import diff_rules


def spec_changes(old: Source, new: Source) -> tuple[Change, ...]:
    """Every classified change between the two documents (no client generation)."""
    findings = diff_document(old.document, new.document) + diff_rules(old.document, new.document)
    findings += diff_examples(old, new)
    findings = follow_echoes(findings, old.document, new.document)
    return classify_all(findings, RuleMap(old.document, new.document))


# openapi-python-client ignores these extensions: a change inside one cannot change the client.
_CLIENT_BLIND = frozenset({"x-rules", "x-contract-rules", "x-enforces"})


def may_change_client(change: Change) -> bool:
    """Whether the generated client could differ: not for documentation or our own x- keys."""
    return change.bump > Bump.PATCH and _CLIENT_BLIND.isdisjoint(change.pointer.split("/"))


def build(old: Source, new: Source, *, client: bool = True, cache: Path | None = None) -> Report:
    """The report; the clients are generated only when some change could alter their API."""
    changes = spec_changes(old, new)
    api: tuple[ClientApiChange, ...] = ()
    if client and any(may_change_client(change) for change in changes):
        try:  # griffe and the generator are development tools, loaded only when needed
            from specdiff.clientapi import compare_specs
        except ImportError as missing:
            raise GenerationError(
                f"{missing.name} is not installed: install the dev extra, or pass --no-client"
            ) from None

        api = soften(compare_specs(old.text, new.text, cache=cache), old.document, new.document)
    bump = required_bump(changes, api)
    return Report(bump, changes, api, old.version, new.version, bump_reasons(bump, changes, api))
