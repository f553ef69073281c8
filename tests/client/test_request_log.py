"""The `imagegen_client` log: one line per attempt, its levels, and no key or secret in it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import httpx
import pytest
from imagegen_client import AuthenticatedClient, AuthenticationError, RetryPolicy
from imagegen_client.api.artworks import get_artwork_v2, list_artworks
from imagegen_client.api.organizations import rotate_webhook_secret
from imagegen_client.requestlog import BODY_LIMIT, ENVIRONMENT_VARIABLE, LOGGER_NAME, RequestLog

from .helpers import BASE_URL, Script, error, quantum_json

KEY = "sk-live-0123456789abcdef0123456789abcdef"
SECRET = "5f" * 32
ID = uuid.UUID(int=1)
FAST = RetryPolicy(backoff_initial=0.001, backoff_max=0.002)


@pytest.fixture(autouse=True)
def untouched_logger(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no IMAGEGEN_LOG and leaves the package logger as it found it."""
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    logger = logging.getLogger(LOGGER_NAME)
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


def _client(script: Script) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token=KEY, retry=FAST, httpx_args={"transport": script.transport}
    )


def test_a_retried_call_logs_one_line_per_attempt_at_debug_without_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    script = Script(error(503), httpx.Response(200, json=quantum_json("processing")))
    with _client(script) as client:
        get_artwork_v2.sync(ID, client=client)
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"GET /v2/artworks/{ID} 503 ") and lines[0].endswith(" ms")
    assert lines[1].startswith(f"GET /v2/artworks/{ID} 200 ") and lines[1].endswith(" attempt 2")
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == LOGGER_NAME)
    assert KEY not in caplog.text and KEY[-12:] not in caplog.text and "Bearer" not in caplog.text


def test_a_transport_error_is_logged_by_its_class(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    script = Script(httpx.ConnectError("refused"), httpx.Response(200, json=[]))
    with _client(script) as client:
        list_artworks.sync(client=client, limit=5)
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert lines[0].startswith("GET /v2/artworks?limit=5&offset=0 ConnectError ")
    assert lines[1].startswith("GET /v2/artworks?limit=5&offset=0 200 ")


def test_nothing_is_logged_at_the_default_level(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    with _client(Script(httpx.Response(200, json=[]))) as client:
        list_artworks.sync(client=client)
    assert not [r for r in caplog.records if r.name == LOGGER_NAME]


def test_imagegen_log_info_sends_the_lines_at_info_to_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "info")
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # a program that set up no logging
    logging.getLogger(LOGGER_NAME).handlers.clear()
    with _client(Script(httpx.Response(200, json=[]))) as client:
        list_artworks.sync(client=client)
    err = capsys.readouterr().err
    assert " imagegen_client INFO GET /v2/artworks?limit=10&offset=0 200 " in err
    assert "body" not in err and KEY not in err


def test_imagegen_log_adds_no_second_handler_where_the_program_has_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "info")
    monkeypatch.setattr(logging.getLogger(), "handlers", [logging.NullHandler()])
    logging.getLogger(LOGGER_NAME).handlers.clear()
    RequestLog()
    assert logging.getLogger(LOGGER_NAME).handlers == []  # its lines reach the program's handler
    assert logging.getLogger(LOGGER_NAME).level == logging.INFO


def test_imagegen_log_debug_adds_bodies_with_the_webhook_secret_masked(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "debug")
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    script = Script(
        error(429, **{"Retry-After": "0"}), httpx.Response(200, json={"secret": SECRET})
    )
    with _client(script) as client:
        answer = rotate_webhook_secret.sync("org-a", client=client)
    assert answer is not None and getattr(answer, "secret", None) == SECRET  # the caller gets it
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert len(lines) == 2
    assert '"statusCode":429' in lines[0]
    assert lines[1].endswith('attempt 2 body {"secret":"[redacted]"}'), lines[1]
    assert SECRET not in caplog.text and SECRET[:16] not in caplog.text and KEY not in caplog.text


def test_long_bodies_are_trimmed_and_images_are_never_read_into_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    log = RequestLog("debug")
    request = httpx.Request("GET", f"{BASE_URL}/v2/artworks")
    listing = httpx.Response(200, json=[quantum_json()] * 40, request=request)
    listing.read()
    log.answered(request, listing, 0.01, 1)
    assert "... (" in caplog.text and len(caplog.records[-1].getMessage()) < 1200
    image = httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})
    assert not log.wants_body(image) and log.wants_body(listing)


def test_credential_like_query_values_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    request = httpx.Request("GET", "https://cdn.example/x.png?X-Amz-Signature=abc123&size=2")
    RequestLog().answered(request, httpx.Response(200), 0.01, 1)
    assert "abc123" not in caplog.text and "size=2" in caplog.text


def test_a_key_or_webhook_token_echoed_in_an_answer_is_masked(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "debug")
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    hooked = quantum_json("processing")
    hooked["parameters"]["webhook"] = "https://hooks.example/in?token=hook-secret-123&team=7"
    script = Script(
        error(401, f"unknown key {KEY}"),
        httpx.Response(200, json=hooked),
    )
    client = AuthenticatedClient(
        base_url=BASE_URL, token=KEY, retry=None, httpx_args={"transport": script.transport}
    )
    with client:
        with pytest.raises(AuthenticationError):
            get_artwork_v2.sync(ID, client=client)
        get_artwork_v2.sync(ID, client=client)
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert "unknown key [redacted]" in lines[0]
    assert "in?token=%5Bredacted%5D&team=7" in lines[1]
    assert KEY not in caplog.text and "hook-secret-123" not in caplog.text


def test_masks_are_applied_before_a_long_body_is_trimmed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    request = httpx.Request(
        "GET", f"{BASE_URL}/v2/artworks", headers={"Authorization": f"Bearer {KEY}"}
    )
    padding = "x" * (BODY_LIMIT - 30)
    answer = httpx.Response(401, json={"message": f"{padding} unknown key {KEY}"}, request=request)
    answer.read()
    RequestLog("debug").answered(request, answer, 0.01, 1)
    assert KEY[:8] not in caplog.text


def test_passwords_and_fragments_in_echoed_urls_are_masked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    request = httpx.Request("GET", f"{BASE_URL}/v2/artworks")
    body = {"webhook": "https://bob:hunter2@hooks.example/in?team=7#access_token=abc123"}
    answer = httpx.Response(200, json=body, request=request)
    answer.read()
    RequestLog("debug").answered(request, answer, 0.01, 1)
    assert "hunter2" not in caplog.text and "abc123" not in caplog.text
    assert "hooks.example/in?team=7#" in caplog.text
