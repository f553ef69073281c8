"""CORS for browser apps (`--cors-origin`): Starlette's middleware, its refusals as ERR-1 bodies."""

from __future__ import annotations

from collections.abc import Collection

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from contract import Spec
from refserver.errors import ApiError, error_response
from refserver.files import FILE_METHODS

REQUEST_HEADERS = ("Authorization", "Content-Type")
"""What a browser app sends beyond the safelisted headers: the Bearer key and the JSON type."""

EXPOSED_HEADERS = ("Retry-After", "X-Request-Id")
"""What a browser app may read beyond the safelisted headers: when to retry a 429 (ERR-3), and
the request's id for a support ticket."""


class Cors(CORSMiddleware):
    """Starlette's CORS middleware; a refused preflight is the contract's JSON error body too."""

    def __init__(self, app: ASGIApp, spec: Spec, origins: Collection[str]) -> None:
        methods = sorted({op.method for op in spec.operations} | set(FILE_METHODS))
        super().__init__(
            app,
            allow_origins=origins,
            allow_methods=methods,
            allow_headers=REQUEST_HEADERS,
            expose_headers=EXPOSED_HEADERS,
        )

    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code < 400:
            return answer
        refusal = ApiError(answer.status_code, bytes(answer.body).decode(), headers={})
        response = error_response(refusal)
        response.headers.update(
            {k: v for k, v in answer.headers.items() if k.lower().startswith(("access-", "vary"))}
        )
        return response
