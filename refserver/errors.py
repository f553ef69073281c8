"""The contract's error body (ERR-1), raised anywhere and answered once, at the edge."""

from __future__ import annotations

import json
from http import HTTPStatus

from starlette.responses import Response


class ApiError(Exception):
    """A 4xx the handler wants answered; `rule` names the broken contract rule, if any."""

    def __init__(
        self,
        status: int,
        message: str,
        rule: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.rule = rule
        self.headers = headers or {}


def reason(status: int) -> str:
    """The reason phrase of a status code."""
    if status == 413:
        return "Payload Too Large"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_response(error: ApiError, *, with_status: bool = True) -> Response:
    """The JSON error body, the rule named in its message; `with_status=False` is fault err-1."""
    message = f"{error.rule}: {error.message}" if error.rule else error.message
    body: dict[str, object] = {
        "message": message,
        "statusCode": error.status,
        "error": reason(error.status),
    }
    if not with_status:
        del body["statusCode"]
    return Response(
        json.dumps(body),
        status_code=error.status,
        headers=error.headers,
        media_type="application/json",
    )
