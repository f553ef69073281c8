"""4xx/5xx answers become typed exceptions that carry the contract's error body."""

from __future__ import annotations

import httpx
import pytest
from imagegen_client import (
    ApiError,
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    ImagegenError,
    NotFoundError,
    PermissionDeniedError,
    RetryPolicy,
    ServerError,
    unwrap,
)
from imagegen_client.api.artworks import create_quantum_artwork, get_artwork_v2
from imagegen_client.models import Error, QuantumRequest

from .helpers import BASE_URL, Script, error

ID = "00000000-0000-0000-0000-000000000001"


def _client(answer: httpx.Response, **kwargs: object) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL,
        token="t",
        retry=RetryPolicy.off(),
        httpx_args={"transport": Script(answer).transport},
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (500, ServerError),
        (503, ServerError),
        (418, ApiError),
    ],
)
def test_each_status_raises_its_class_with_the_body(status: int, cls: type[ApiError]) -> None:
    with pytest.raises(cls) as caught:
        get_artwork_v2.sync(ID, client=_client(error(status, "what went wrong")))  # type: ignore[arg-type]
    assert type(caught.value) is cls and isinstance(caught.value, ImagegenError)
    assert caught.value.status_code == status and caught.value.message == "what went wrong"
    assert caught.value.body.status_code == status


def test_a_non_json_error_from_a_proxy_still_gives_a_typed_error() -> None:
    answer = httpx.Response(502, text="<html>Bad Gateway</html>")
    with pytest.raises(ServerError) as caught:
        get_artwork_v2.sync(ID, client=_client(answer))  # type: ignore[arg-type]
    assert "Bad Gateway" in caught.value.message


def test_raise_on_error_false_returns_the_error_model_and_unwrap_raises() -> None:
    client = _client(error(400, "width and height must be given together"), raise_on_error=False)
    result = create_quantum_artwork.sync(client=client, body=QuantumRequest(width=600))
    assert isinstance(result, Error) and result.status_code == 400
    with pytest.raises(ImagegenError, match="width and height"):
        unwrap(result)


def test_the_default_timeout_is_finite() -> None:
    http = AuthenticatedClient(base_url=BASE_URL, token="t").get_httpx_client()
    assert http.timeout.read == 30.0 and http.timeout.connect == 5.0
