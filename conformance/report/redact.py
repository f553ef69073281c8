"""Removes secrets from everything a report writes, so a shared report never leaks a key."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import quote

from conformance.run.outcome import Baseline, Failure, RuleVerdict, RunInfo, RunOutcome

REDACTED = "[REDACTED]"
_BEARER = "bearer "
_WEBHOOK_PREFIX = "whsec_"


def _bare_forms(secret: str) -> set[str]:
    """A key given as `Bearer <key>`, or a `whsec_<key>` secret, is also hidden without its prefix.

    Only the key itself is replaced, so `Bearer <key>` reads `Bearer [REDACTED]`: a curl line stays
    a usable template.
    """
    secret = secret.strip()
    if secret.lower().startswith(_BEARER):
        secret = secret[len(_BEARER) :].strip()
    forms = {secret}
    if secret.startswith(_WEBHOOK_PREFIX):
        forms.add(secret[len(_WEBHOOK_PREFIX) :])
    return {form for form in forms if form}


def _encoded_forms(secret: str) -> set[str]:
    """Escaping by JSON, XML, HTML or a URL must not let a secret slip past a plain text match."""
    return {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        html.escape(secret, quote=False),
        html.escape(secret, quote=True),
        quote(secret, safe=""),
    }


class Redactor:
    """Replaces every known secret, in any of its written forms, by a fixed marker."""

    def __init__(self, secrets: Iterable[str]) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if secret and secret.strip():
                for bare in _bare_forms(secret):
                    forms |= _encoded_forms(bare)
        # Longest first, so `Bearer <key>` goes whole and a key that contains another goes first.
        self._forms = sorted(forms, key=lambda form: (-len(form), form))

    def __call__(self, text: str) -> str:
        for form in self._forms:
            if form in text:
                text = text.replace(form, REDACTED)
        return text

    def outcome(self, outcome: RunOutcome) -> RunOutcome:
        """Scrubbing the data before rendering keeps escaped output from hiding a secret."""
        return RunOutcome(
            info=self._info(outcome.info),
            verdicts=[self._verdict(verdict) for verdict in outcome.verdicts],
            errors=tuple(self(error) for error in outcome.errors),
            baseline=self._baseline(outcome.baseline),
        )

    def _baseline(self, baseline: Baseline | None) -> Baseline | None:
        if baseline is None:
            return None
        return replace(baseline, source=self(baseline.source), target=self(baseline.target))

    def _info(self, info: RunInfo) -> RunInfo:
        return replace(
            info,
            target=self(info.target),
            profile=self(info.profile),
            started_at=self(info.started_at),
            versions={self(name): self(value) for name, value in info.versions.items()},
            operations=tuple(self(op) for op in info.operations),
            selected_groups=tuple(self(group) for group in info.selected_groups),
            notes=tuple(self(note) for note in info.notes),
        )

    def _verdict(self, verdict: RuleVerdict) -> RuleVerdict:
        return RuleVerdict(
            rule=replace(verdict.rule, summary=self(verdict.rule.summary)),
            passes={self(op): count for op, count in verdict.passes.items()},
            failures=[self._failure(failure) for failure in verdict.failures],
            skips={self(op): self(reason) for op, reason in verdict.skips.items()},
        )

    def _failure(self, failure: Failure) -> Failure:
        return replace(
            failure,
            operation=self(failure.operation),
            message=self(failure.message),
            expected=self(failure.expected),
            seen=self(failure.seen),
            request=self(failure.request),
            curl=self(failure.curl),
        )
