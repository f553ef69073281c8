"""Every exception this package raises, so callers can catch one base class or a precise case."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx

from .models.error import Error

if TYPE_CHECKING:
    from .artworks import Artwork

__all__ = [
    "ApiError",
    "ArtworkCanceledError",
    "ArtworkFailedError",
    "ArtworkTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ImagegenError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "UnexpectedStatus",
    "UnsupportedMediaTypeError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerificationError",
    "error_from_response",
]


class ImagegenError(Exception):
    """The base of every error raised by imagegen_client, so one `except` catches them all."""


class ConfigurationError(ImagegenError, ValueError):
    """A client that cannot be made as asked: a setting missing from both the call and the
    environment, or an httpx client whose transports cannot be given the client's features."""


class UnexpectedStatus(ImagegenError):
    """Raised by api functions for an undocumented status when raise_on_unexpected_status is set."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content
        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class ApiError(ImagegenError):
    """A 4xx/5xx answer, with the contract's error body (`message`, `statusCode`) already parsed."""

    def __init__(self, response: httpx.Response, body: Error) -> None:
        self.response = response
        self.body = body
        self.status_code: int = response.status_code
        self.message: str = body.message
        self.request_id: str | None = response.headers.get("x-request-id")
        """The server's X-Request-Id for this answer, to hand its operators (None if not sent)."""
        shown = f" (request {self.request_id})" if self.request_id else ""
        super().__init__(f"{response.status_code} {body.message}{shown}")


class BadRequestError(ApiError):
    """400: the body broke the schema or a contract rule; `message` says which."""


class AuthenticationError(ApiError):
    """401: the API key is missing, malformed or unknown."""


class PermissionDeniedError(ApiError):
    """403: the key's scope does not allow the operation (e.g. a generator key on E8)."""


class NotFoundError(ApiError):
    """404: no such resource is visible to this key."""


class ConflictError(ApiError):
    """409: the request conflicts with the resource's state."""


class PayloadTooLargeError(ApiError):
    """413: the body is over the server's limit."""


class UnsupportedMediaTypeError(ApiError):
    """415: the body's Content-Type was not application/json."""


class RateLimitError(ApiError):
    """429 once retries are spent (or off); `retry_after` says how long to wait."""

    @property
    def retry_after(self) -> float | None:
        """The Retry-After header in seconds, if the server sent a usable one."""
        from .retry import parse_retry_after  # (retry imports this module)

        return parse_retry_after(self.response.headers.get("retry-after"))


class ServerError(ApiError):
    """5xx: the server failed; safe requests were already retried per the client's RetryPolicy."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    415: UnsupportedMediaTypeError,
    429: RateLimitError,
}


def _body(response: httpx.Response) -> Error:
    """The contract's error body, or one made from the raw text when a proxy answered instead."""
    try:
        data: Any = json.loads(response.content)
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            data.setdefault("statusCode", response.status_code)
            return Error.from_dict(data)
    except ValueError:
        pass
    text = response.content.decode("utf-8", errors="replace").strip()[:500]
    return Error(message=text or response.reason_phrase, status_code=response.status_code)


def error_from_response(response: httpx.Response) -> ApiError:
    """The typed error for a read 4xx/5xx response (ServerError for any 5xx)."""
    status = response.status_code
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    return cls(response, _body(response))


class ArtworkFailedError(ImagegenError):
    """The task ended `failed` (or `canceled`); `artwork` is the last-seen state."""

    def __init__(self, artwork: Artwork) -> None:
        self.artwork = artwork
        super().__init__(f"artwork {artwork.id} ended {artwork.status.value}")


class ArtworkCanceledError(ArtworkFailedError):
    """The task ended `canceled`; a kind of ArtworkFailedError so one except catches both."""


class ArtworkTimeoutError(ImagegenError, TimeoutError):
    """The wait budget ran out before a terminal status; `artwork` is the last-seen state."""

    def __init__(self, artwork: Artwork, waited: float) -> None:
        self.artwork = artwork
        self.waited = waited
        super().__init__(f"artwork {artwork.id} still {artwork.status.value} after waiting {waited:.1f} s")


class WebhookVerificationError(ImagegenError):
    """A webhook delivery that must not be trusted; answer it with 4xx."""


class WebhookSignatureError(WebhookVerificationError):
    """The delivery's headers are missing or no signature matches the secret."""


class WebhookTimestampError(WebhookVerificationError):
    """The delivery's timestamp is outside the tolerance (a replay or a skewed clock)."""
