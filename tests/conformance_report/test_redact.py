"""Secrets are hidden in every form a report could write them in, and nothing else is touched."""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from conformance.report.redact import REDACTED, Redactor


def test_plain_and_bearer_forms_are_redacted() -> None:
    redact = Redactor(["sk-123456"])
    assert redact("Authorization: Bearer sk-123456") == f"Authorization: Bearer {REDACTED}"
    assert redact("key=sk-123456&x=1") == f"key={REDACTED}&x=1"


def test_a_secret_given_with_its_prefix_is_also_hidden_without_it() -> None:
    redact = Redactor(["Bearer sk-abcdef", "whsec_c2VjcmV0LWJ5dGVz"])
    assert redact("token sk-abcdef, Bearer sk-abcdef") == f"token {REDACTED}, Bearer {REDACTED}"
    assert "c2VjcmV0LWJ5dGVz" not in redact("signing key c2VjcmV0LWJ5dGVz")


def test_escaped_forms_are_redacted() -> None:
    secret = 'k&y<"sé/cret>'
    redact = Redactor([secret])
    for written in (
        json.dumps(secret),
        json.dumps(secret, ensure_ascii=False),
        html.escape(secret),
        html.escape(secret, quote=False),
        quote(secret, safe=""),
    ):
        assert redact(written).strip('"') == REDACTED


def test_empty_secrets_change_nothing() -> None:
    redact = Redactor(["", "   "])
    assert redact("nothing to hide") == "nothing to hide"


def test_a_longer_secret_containing_a_shorter_one_goes_whole() -> None:
    redact = Redactor(["abc123", "abc123-extended"])
    assert redact("x abc123-extended y") == f"x {REDACTED} y"
