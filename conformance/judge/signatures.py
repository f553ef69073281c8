"""HOOK-3: whether a delivery verifies with a secret by the Standard Webhooks scheme."""

from __future__ import annotations

import base64

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def signature_problem(secret: str, headers: dict[str, str], body: bytes) -> str | None:
    """Why a delivery does not verify with `secret` (Standard Webhooks), or None when it does."""
    try:
        key = base64.b64encode(bytes.fromhex(secret)).decode()
        Webhook(key).verify(body, headers)
    except WebhookVerificationError as error:
        return str(error) or "the signature does not match"
    except (ValueError, UnicodeDecodeError) as error:  # malformed headers, body or secret
        return f"{type(error).__name__}: {error}"
    return None
