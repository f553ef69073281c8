"""The request edge: who calls, how often, with what; every failure becomes the ERR-1 body."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from contract import Operation, OperationId, Spec
from refserver.auth import Authenticator
from refserver.call import Call, Handler
from refserver.errors import ApiError, error_response
from refserver.faults import Fault, Faults
from refserver.fetch import UrlPolicy
from refserver.files import FILES_PREFIX, FileServer
from refserver.ratelimit import RateLimiter
from refserver.routing import Router
from refserver.validation import BodyValidator, ParameterValidator, parse_json

log = logging.getLogger("refserver")

MAX_BODY_BYTES = 1 << 20
MAX_DRAIN_BYTES = 16 << 20


class Edge:
    """The raw ASGI app behind the server: no framework route stands between a path and the spec."""

    def __init__(
        self,
        spec: Spec,
        handlers: Mapping[str, Handler],
        files: FileServer,
        auth: Authenticator,
        limiter: RateLimiter,
        policy: UrlPolicy,
        faults: Faults,
    ) -> None:
        missing = sorted({op.operation_id for op in spec.operations} - handlers.keys())
        if missing:
            raise RuntimeError(f"no handler for {missing}")
        self.router = Router(spec)
        self.handlers = dict(handlers)
        self.files = files
        self.auth = auth
        self.limiter = limiter
        self.faults = faults
        self.body_validators = {
            op.operation_id: BodyValidator(spec, op, policy, faults)
            for op in spec.operations
            if op.has_body
        }
        self.param_validators = {
            op.operation_id: ParameterValidator(spec, op) for op in spec.operations
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.answer(Request(scope, receive))
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        """Every request: route, check, handle; any failure as the JSON error body."""
        try:
            path: str = request.scope["path"]  # decoded as sent: `request.url` drops newlines
            if path.startswith(FILES_PREFIX):
                return await self.files.serve(request.method, path[len(FILES_PREFIX) :])
            op, path_params = self.router.match(request.method, path)
            call = await self._check(request, op, path_params)
            return await self.handlers[op.operation_id](call)
        except ApiError as error:
            return self._error(error)
        except Exception:
            log.exception("internal error")
            return self._error(ApiError(500, "internal error"))

    def _error(self, error: ApiError) -> Response:
        return error_response(error, with_status=not self.faults.on(Fault.ERR_1))

    async def _check(self, request: Request, op: Operation, path: dict[str, str]) -> Call:
        """Authenticate, rate-limit, authorise, then validate parameters and body, in that order."""
        key = self.auth.authenticate(request.headers.get("authorization"))
        wait = await self.limiter.take(key)
        if wait:
            headers = {} if self.faults.on(Fault.ERR_3) else {"Retry-After": str(wait)}
            raise ApiError(429, f"rate limit exceeded, retry in {wait} s", "ERR-3", headers)
        relax = op.operation_id == OperationId.ROTATE_WEBHOOK_SECRET and self.faults.on(
            Fault.AUTH_3
        )
        self.auth.require(key, op.scopes, relax=relax)
        try:
            validator = self.param_validators[op.operation_id]
            query = request.query_params if validator.reads_query else {}  # parsed only if read
            params = validator.check(path, query)
        except ApiError as error:
            if self.faults.breaks(Fault.GET_1, error.rule):
                raise ApiError(404, "artwork not found") from None
            raise
        body = None
        if op.has_body:
            raw = await self._read_body(request)
            body = self.body_validators[op.operation_id].check(parse_json(raw))
        return Call(request, op, key, params, body)

    async def _read_body(self, request: Request) -> bytes:
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if self.faults.on(Fault.ERR_2_PARAMETERS):
            media_type = request.headers.get("content-type", "")
        if media_type != "application/json" and not self.faults.on(Fault.ERR_2):
            raise ApiError(415, "Content-Type must be application/json", "ERR-2")
        declared = request.headers.get("content-length", "")
        most = MAX_BODY_BYTES - 1 if self.faults.on(Fault.ERR_2_LIMIT) else MAX_BODY_BYTES
        if declared.isdigit() and int(declared) > most:
            await self._drain(request, 0)
            raise ApiError(413, f"the body is over {MAX_BODY_BYTES} bytes", "ERR-2")
        chunks: list[bytes] = []
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > most:
                await self._drain(request, total)
                raise ApiError(413, f"the body is over {MAX_BODY_BYTES} bytes", "ERR-2")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _drain(self, request: Request, seen: int) -> None:
        """Read (and drop) the rest of an oversized body, bounded, so the client sees the 413."""
        with contextlib.suppress(Exception):
            async for chunk in request.stream():
                seen += len(chunk)
                if seen > MAX_DRAIN_BYTES:
                    return
