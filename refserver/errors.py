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
        self.message = f"{rule}: {message}" if rule else message
        self.headers = headers or {}


def reason(status: int) -> str:
    """The reason phrase of a status code."""
    if status == 413:
        return "Payload Too Large"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None, *, with_status: bool = True
) -> Response:
    """The JSON error body; `with_status=False` exists only for the err-1 fault switch."""
    body: dict[str, object] = {"message": message, "statusCode": status, "error": reason(status)}
    if not with_status:
        del body["statusCode"]
    return Response(
        json.dumps(body),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )
