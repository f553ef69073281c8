"""Verifies a Standard Webhooks delivery with the org's hex secret and returns the typed artwork."""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from .artworks import Artwork, parse_artwork
from .errors import WebhookSignatureError, WebhookTimestampError

__all__ = ["DEFAULT_TOLERANCE", "WebhookVerifier", "verify_webhook"]

_REQUIRED_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")

DEFAULT_TOLERANCE = 300.0
"""Seconds a delivery's timestamp may differ from now: the Standard Webhooks default, 5 minutes."""


def _key(secret: str) -> bytes:
    """The signing key: the 32 bytes that the 64-character hex secret (E8's answer) encodes."""
    try:
        key = bytes.fromhex(secret.strip())
    except ValueError:
        raise ValueError("the webhook secret must be the hex string E8 answered") from None
    if len(key) != 32:
        raise ValueError("the webhook secret must be 64 hex characters (32 bytes)")
    return key


def _lower(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Header names lower-cased, from a dict, Starlette/httpx Headers or (name, value) pairs."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {str(name).lower(): str(value) for name, value in items}


class WebhookVerifier:
    """Holds the secret(s) of one organisation; pass the old and the new one during a rotation."""

    def __init__(self, secret: str | Iterable[str], *, tolerance: float = DEFAULT_TOLERANCE) -> None:
        from standardwebhooks.webhooks import Webhook  # here: keeps import time low

        secrets = [secret] if isinstance(secret, str) else list(secret)
        if not secrets:
            raise ValueError("at least one webhook secret is needed")
        self._webhooks = [Webhook(_key(s)) for s in secrets]
        self.tolerance = tolerance

    def verify(
        self,
        payload: bytes | str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        *,
        now: float | None = None,
    ) -> Artwork:
        """Checks the timestamp and signature of the raw body; returns the Artwork it carries.

        Raises WebhookTimestampError for a timestamp outside the tolerance (a replay) and
        WebhookSignatureError for missing headers or a signature that no secret matches.
        """
        lowered = _lower(headers)
        if not all(lowered.get(name) for name in _REQUIRED_HEADERS):
            raise WebhookSignatureError("missing a webhook-id, -timestamp or -signature header")
        try:
            sent = float(lowered["webhook-timestamp"])
        except ValueError:
            raise WebhookSignatureError("webhook-timestamp is not a number") from None
        if sent != sent:
            raise WebhookSignatureError("webhook-timestamp is not a number")
        skew = abs((time.time() if now is None else now) - sent)
        if not skew <= self.tolerance:
            raise WebhookTimestampError(f"webhook-timestamp is {skew:.0f} s away from now")
        try:
            body = payload if isinstance(payload, str) else payload.decode("utf-8")
        except UnicodeDecodeError:
            raise WebhookSignatureError("the body is not UTF-8") from None
        if not any(self._matches(webhook, body, lowered, sent) for webhook in self._webhooks):
            raise WebhookSignatureError("no signature matches the webhook secret")
        data: Any = json.loads(body)
        if not isinstance(data, dict):
            raise WebhookSignatureError("the signed body is not a JSON object")
        return parse_artwork(data)

    @staticmethod
    def _matches(webhook: Any, body: str, headers: dict[str, str], sent: float) -> bool:
        """Signs `id.timestamp.body` with standardwebhooks and compares each v1 signature."""
        when = datetime.fromtimestamp(sent, tz=UTC)
        expected = webhook.sign(msg_id=headers["webhook-id"], timestamp=when, data=body)
        return any(
            hmac.compare_digest(expected.encode(), candidate.encode())
            for candidate in headers["webhook-signature"].split()
            if candidate.startswith("v1,")
        )


def verify_webhook(
    payload: bytes | str,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    secret: str | Iterable[str],
    *,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Artwork:
    """One-call verification: see WebhookVerifier.verify (build a WebhookVerifier to reuse it)."""
    return WebhookVerifier(secret, tolerance=tolerance).verify(payload, headers)
