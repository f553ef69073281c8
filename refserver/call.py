"""What the edge hands a handler (a checked call) and how a handler answers in JSON."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contract import Operation
from refserver.auth import ApiKey


@dataclass
class Call:
    """A request past the edge: the checked key, typed parameters and validated body."""

    request: Request
    op: Operation
    key: ApiKey
    params: dict[str, Any]
    body: dict[str, Any] | None


Handler = Callable[[Call], Awaitable[Response]]
"""One operation's handler: a checked call in, the success answer out (or an `ApiError`)."""


_ENCODER = json.JSONEncoder(separators=(",", ":"))  # built once: json.dumps builds one per call


def dumps(data: Any) -> bytes:
    """Compact JSON; ASCII-escaped so that any echoed string (even a lone surrogate) encodes."""
    return _ENCODER.encode(data).encode()


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON answer with the compact encoding every handler shares."""
    return Response(dumps(data), status_code=status, media_type="application/json")
