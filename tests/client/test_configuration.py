"""No key in any repr or str; configuration from the environment; the User-Agent and version."""

from __future__ import annotations

import platform

import httpx
import imagegen_client
import pytest
from imagegen_client import (
    ApiError,
    ArtworkCanceledError,
    ArtworkFailedError,
    ArtworkTimeoutError,
    AsyncAuthenticatedClient,
    AuthenticatedClient,
    ConfigurationError,
    ImagegenError,
    UnexpectedStatus,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
    parse_artwork,
)
from imagegen_client import errors as errors_module
from imagegen_client.environment import API_KEY_VARIABLE, BASE_URL_VARIABLE
from imagegen_client.errors import error_from_response

from contract import load_spec

from .helpers import BASE_URL, Script, error, quantum_json

KEY = "sk-SECRET123-never-shown"


def _shown(*objects: object) -> str:
    return "\n".join(text for thing in objects for text in (repr(thing), str(thing)))


def test_no_repr_or_str_shows_the_key() -> None:
    script = Script(httpx.Response(200, json=quantum_json()), error(404, "no such artwork"))
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token=KEY,
        headers={"X-Api-Key": KEY},
        cookies={"session": KEY},
        httpx_args={"transport": script.transport},
    )
    client.artworks.get("00000000-0000-0000-0000-000000000001")  # headers built, client made
    with pytest.raises(ApiError) as failed:
        client.artworks.get("00000000-0000-0000-0000-000000000001")
    derived = (client.with_options(timeout=3), client.with_headers({"X-More": "1"}))
    wrapper = AsyncAuthenticatedClient.wrapping(client)
    artwork = parse_artwork(quantum_json("failed"))
    errors: list[Exception] = [failed.value, UnexpectedStatus(200, b"{}"), ConfigurationError("x")]
    errors += [error_from_response(error(status)) for status in (400, 401, 403, 409, 413, 415)]
    errors += [error_from_response(error(status)) for status in (418, 429, 500, 503)]
    errors += [ArtworkFailedError(artwork), ArtworkCanceledError(artwork)]
    errors += [ArtworkTimeoutError(artwork, 1.0), ImagegenError("x")]
    errors += [WebhookSignatureError("x"), WebhookTimestampError("x")]
    every = {
        cls
        for name in errors_module.__all__
        if isinstance(cls := getattr(errors_module, name), type)
    }
    assert every <= {type(made) for made in errors} | {ApiError, WebhookVerificationError}
    shown = _shown(client, *derived, wrapper, client.artworks, wrapper.artworks, *errors)
    assert KEY not in shown, [line for line in shown.splitlines() if KEY in line]
    assert script.requests[0].headers["authorization"] == f"Bearer {KEY}"  # it was sent


def test_base_url_and_key_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_VARIABLE, KEY)
    monkeypatch.setenv(BASE_URL_VARIABLE, BASE_URL)
    script = Script(httpx.Response(200, json=quantum_json()))
    client = AuthenticatedClient(httpx_args={"transport": script.transport})
    client.artworks.get("00000000-0000-0000-0000-000000000001")
    (sent,) = script.requests
    assert str(sent.url).startswith(BASE_URL) and sent.headers["authorization"] == f"Bearer {KEY}"
    assert AsyncAuthenticatedClient().client.token == KEY


@pytest.mark.parametrize("missing", [API_KEY_VARIABLE, BASE_URL_VARIABLE])
def test_a_missing_variable_is_named(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    monkeypatch.setenv(API_KEY_VARIABLE, KEY)
    monkeypatch.setenv(BASE_URL_VARIABLE, BASE_URL)
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigurationError, match=rf"\${missing} is not set"):
        AuthenticatedClient()


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(API_KEY_VARIABLE, raising=False)
    monkeypatch.setenv(BASE_URL_VARIABLE, "http://127.0.0.1:1")
    client = AuthenticatedClient(base_url=BASE_URL, token=KEY)
    assert str(client.get_httpx_client().base_url).rstrip("/") == BASE_URL


def test_user_agent_and_version() -> None:
    assert imagegen_client.__version__ == load_spec().raw["info"]["version"]
    script = Script(httpx.Response(200, json=quantum_json()))
    client = AuthenticatedClient(
        base_url=BASE_URL, token=KEY, httpx_args={"transport": script.transport}
    )
    client.artworks.get("00000000-0000-0000-0000-000000000001")
    expected = (
        f"imagegen-client/{imagegen_client.__version__} python/{platform.python_version()} "
        f"httpx/{httpx.__version__}"
    )
    assert script.requests[0].headers["user-agent"] == expected
    own = AuthenticatedClient(
        base_url=BASE_URL,
        token=KEY,
        headers={"User-Agent": "mine/1"},
        httpx_args={"transport": Script(httpx.Response(200, json=quantum_json())).transport},
    )
    assert own.get_httpx_client().headers["user-agent"] == "mine/1"


def test_a_timeout_in_seconds() -> None:
    client = AuthenticatedClient(base_url=BASE_URL, token=KEY, timeout=2.5)
    assert client.get_httpx_client().timeout == httpx.Timeout(2.5)
    assert AsyncAuthenticatedClient(base_url=BASE_URL, token=KEY, timeout=4).client.with_options(
        retry=None
    ).get_httpx_client().timeout == httpx.Timeout(4)
