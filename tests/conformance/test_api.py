"""The kit's curl lines send exactly the bytes the kit sent, and never the key itself."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from conformance.judge.answers import error_body_problem
from conformance.run.exchange import Exchange


def _sent_by(curl: str) -> bytes:
    """The body a curl line would send, evaluated by bash as a user's shell would."""
    if "--data-raw" in curl:
        words = shlex.split(curl)
        return words[words.index("--data-raw") + 1].encode()
    source = curl.split("--data-binary @", 1)[1]  # a process substitution: let bash run it
    return subprocess.run(["bash", "-c", f"cat {source}"], capture_output=True, timeout=30).stdout


@pytest.mark.parametrize(
    "body",
    [
        b'{"prompt": "w0 w1\\tw2\\u2003 \\u00fc"}',
        b'{"padding": "' + b"a" * (1 << 20) + b'"}',
        b"\xff\xfe not utf-8",
        b"it's got 'quotes' and $HOME",
    ],
    ids=["json", "one-mebibyte", "binary", "shell-quoting"],
)
def test_curl_sends_exactly_the_body(body: bytes) -> None:
    headers = {"Authorization": "Bearer sk-secret-123", "Content-Type": "application/json"}
    exchange = Exchange("op", "POST", "http://127.0.0.1:9/v2/artworks/quantum", headers, body)
    curl = exchange.curl()
    assert _sent_by(curl) == body
    assert "sk-secret-123" not in curl and "$API_KEY" in curl


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (400, {"message": "bad", "statusCode": 400}, None),
        (400, {"message": "bad", "statusCode": 400, "error": "Bad Request"}, None),
        (400, {"message": "bad", "statusCode": 404}, "not the HTTP status"),
        (400, {"message": "bad", "statusCode": True}, "not the HTTP status"),
        (401, {"statusCode": 401}, "message"),
        (500, "oops", "not a JSON object"),
        (429, {"message": "slow", "statusCode": 429, "error": 5}, "`error`"),
    ],
)
def test_error_body_problems_are_named(status: int, body: object, problem: str | None) -> None:
    found = error_body_problem(status, body)
    assert (found is None) if problem is None else (found is not None and problem in found)
