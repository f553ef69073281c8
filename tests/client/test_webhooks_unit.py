"""verify_webhook against deliveries signed here with the Standard Webhooks reference library."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from imagegen_client import (
    QuantumArtwork,
    UnknownArtwork,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerifier,
    verify_webhook,
)
from standardwebhooks.webhooks import Webhook

from .helpers import quantum_json

SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
OTHER = "00" * 32


def _delivery(body: str, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    sent = time.time() if at is None else at
    signature = Webhook(bytes.fromhex(secret)).sign(
        msg_id="msg_1", timestamp=datetime.fromtimestamp(sent, tz=UTC), data=body
    )
    return {
        "Webhook-Id": "msg_1",
        "Webhook-Timestamp": str(int(sent)),
        "Webhook-Signature": signature,
    }


BODY = json.dumps(quantum_json("succeeded"))


def test_a_good_delivery_returns_the_typed_artwork() -> None:
    artwork = verify_webhook(BODY.encode(), _delivery(BODY), SECRET)
    assert isinstance(artwork, QuantumArtwork) and artwork.status == "succeeded"


def test_a_tampered_body_is_refused() -> None:
    headers = _delivery(BODY)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(BODY.replace("succeeded", "failed"), headers, SECRET)


def test_a_wrong_secret_is_refused() -> None:
    with pytest.raises(WebhookSignatureError):
        verify_webhook(BODY, _delivery(BODY, OTHER), SECRET)


def test_missing_or_garbled_headers_are_refused() -> None:
    headers = _delivery(BODY)
    del headers["Webhook-Signature"]
    with pytest.raises(WebhookSignatureError):
        verify_webhook(BODY, headers, SECRET)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(BODY, {**_delivery(BODY), "Webhook-Signature": "v1,@@@"}, SECRET)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(BODY, {**_delivery(BODY), "Webhook-Timestamp": "soon"}, SECRET)


def test_a_stale_or_future_timestamp_is_refused_even_if_signed() -> None:
    with pytest.raises(WebhookTimestampError):
        verify_webhook(BODY, _delivery(BODY, at=time.time() - 600), SECRET)
    with pytest.raises(WebhookTimestampError):
        verify_webhook(BODY, _delivery(BODY, at=time.time() + 600), SECRET)


def test_during_a_rotation_either_secret_verifies() -> None:
    verifier = WebhookVerifier([OTHER, SECRET])
    assert verifier.verify(BODY, _delivery(BODY, OTHER)).status == "succeeded"
    assert verifier.verify(BODY, _delivery(BODY, SECRET)).status == "succeeded"


def test_headers_as_pairs_and_unknown_types_work() -> None:
    body = json.dumps(quantum_json("succeeded", artworkType="video"))
    pairs = list(_delivery(body).items())
    assert isinstance(verify_webhook(body, pairs, SECRET), UnknownArtwork)


def test_a_secret_that_is_not_64_hex_characters_is_refused() -> None:
    with pytest.raises(ValueError):
        WebhookVerifier("whsec_abc")
