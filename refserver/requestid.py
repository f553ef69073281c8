"""X-Request-Id on every answer: the caller's own when it sent a usable one, else a fresh one, so a
client's error and the server's log name the same request. A bare ASGI wrapper: one header, no
framework work per request."""

from __future__ import annotations

import re
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract import Spec

HEADER = b"x-request-id"


def _pattern(spec: Spec) -> re.Pattern[bytes]:
    """Visible ASCII within the length the spec's header schema allows."""
    schema = spec.raw["components"]["headers"]["X-Request-Id"]["schema"]
    return re.compile(rb"[\x21-\x7e]{%d,%d}" % (schema["minLength"], schema["maxLength"]))


def _fresh() -> bytes:
    """128 random bits as hex, like a uuid4's `.hex` at a third of its cost or less per request."""
    return secrets.token_hex(16).encode()


class RequestId:
    """Echoes a caller's X-Request-Id (when the spec's schema allows it) or makes one."""

    def __init__(self, app: ASGIApp, spec: Spec) -> None:
        self.app = app
        self.usable = _pattern(spec)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == HEADER), None)
        request_id = given if given and self.usable.fullmatch(given) else _fresh()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), (HEADER, request_id)]
            await send(message)

        await self.app(scope, receive, send_with_id)
