"""One log line per HTTP attempt on the standard `imagegen_client` logger, with no key or secret.

Lines go out at DEBUG, so they cost nothing until a program enables that logger. Setting the
environment variable IMAGEGEN_LOG turns them on without code: `info` sends them at INFO to stderr,
`debug` at DEBUG with each JSON answer's body too, trimmed, its secret fields masked. Neither header
values nor request bodies are ever logged, and query values whose name suggests a credential are
masked, so an API key or a webhook secret cannot reach a log.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from typing import Any

import httpx

__all__ = ["LOGGER_NAME", "RequestLog"]

LOGGER_NAME = "imagegen_client"
ENVIRONMENT_VARIABLE = "IMAGEGEN_LOG"
BODY_LIMIT = 1000
"""Characters of an answer's body that IMAGEGEN_LOG=debug shows."""
MASK = "[redacted]"

logger = logging.getLogger(LOGGER_NAME)

_SECRET_NAME = re.compile(
    r"secret|token|key|passw|signature|sig$|credential|auth|hmac|session|jwt|hdnts", re.I
)
_JSON_TYPE = re.compile(r"^application/([\w.+-]+\+)?json$")


def _configure(level: int) -> None:
    """Makes the lines visible: on stderr, unless the program already has a handler for them."""
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)


def _masked(value: Any) -> Any:
    """A JSON value with every member whose name suggests a credential replaced by a mask, and
    credential-like query values masked in every URL (a webhook URL may carry a token)."""
    if isinstance(value, dict):
        return {
            name: MASK if _SECRET_NAME.search(str(name)) else _masked(member)
            for name, member in value.items()
        }
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if isinstance(value, str) and "://" in value:
        return _masked_url(value)
    return value


def _masked_url(text: str) -> str:
    """A URL with its password, its fragment and its credential-like query values masked."""
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError):
        return text
    changes: dict[str, Any] = {}
    if url.password:
        changes["password"] = MASK
    if url.fragment:
        changes["fragment"] = MASK
    if url.query:
        changes["query"] = _query(url).encode()
    return str(url.copy_with(**changes)) if changes else text


def _query(url: httpx.URL) -> str:
    """A URL's query with the values of credential-like parameters masked."""
    params: list[tuple[str, str | int | float | bool | None]] = [
        (name, MASK if _SECRET_NAME.search(name) else value)
        for name, value in url.params.multi_items()
    ]
    return str(httpx.QueryParams(params))


def _credential(request: httpx.Request) -> str | None:
    """The request's own credential (the Authorization value after its scheme), to scrub it from
    anything an answer echoes."""
    value = request.headers.get("authorization", "").strip()
    credential = value.split(" ", 1)[-1].strip()
    return credential if len(credential) >= 4 else None


def _target(url: httpx.URL) -> str:
    """The path and query of a URL, with the values of credential-like query parameters masked."""
    return f"{url.path}?{_query(url)}" if url.query else url.path


def _scrubbed(line: str, request: httpx.Request) -> str:
    """The line with the request's own credential masked wherever an answer echoed it."""
    credential = _credential(request)
    return line.replace(credential, MASK) if credential else line


class RequestLog:
    """The per-attempt line, at the level IMAGEGEN_LOG asked for when the client was built."""

    def __init__(self, setting: str | None = None) -> None:
        chosen = (os.environ.get(ENVIRONMENT_VARIABLE) if setting is None else setting) or ""
        chosen = chosen.strip().lower()
        self.level = logging.INFO if chosen == "info" else logging.DEBUG
        self.bodies = chosen == "debug"
        if chosen in ("info", "debug"):
            _configure(self.level)

    @property
    def enabled(self) -> bool:
        """Whether a line would be written at all (checked before any work is done for it)."""
        return logger.isEnabledFor(self.level)

    def wants_body(self, response: httpx.Response) -> bool:
        """Whether this answer's body should be read and shown: JSON only, never images."""
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return self.bodies and self.enabled and bool(_JSON_TYPE.match(media_type))

    def answered(
        self, request: httpx.Request, response: httpx.Response, elapsed: float, attempt: int
    ) -> None:
        """The line for an answer: method, path, status, milliseconds, attempt on a retry, and the
        server's X-Request-Id when it sent one."""
        if self.enabled:
            request_id = response.headers.get("x-request-id")
            extra = f" request {request_id}" if request_id else ""
            if self.bodies and response.is_stream_consumed:
                extra += f" body {self._body(response, request)}"
            self._line(request, str(response.status_code), elapsed, attempt, extra)

    def failed(
        self, request: httpx.Request, error: httpx.TransportError, elapsed: float, attempt: int
    ) -> None:
        """The line for an attempt that got no answer: the error's class instead of a status."""
        if self.enabled:
            self._line(request, type(error).__name__, elapsed, attempt, "")

    def _line(
        self, request: httpx.Request, outcome: str, elapsed: float, attempt: int, extra: str
    ) -> None:
        """Writes one attempt's line, the request's own credential scrubbed from it."""
        line = f"{request.method} {_target(request.url)} {outcome} {elapsed * 1000:.1f} ms"
        line += (f" attempt {attempt}" if attempt > 1 else "") + extra
        logger.log(self.level, "%s", _scrubbed(line, request))

    def held_back(self, request: httpx.Request, wait: float) -> None:
        """The line for a call the pacing gave up on before sending it."""
        if self.enabled:
            line = f"{request.method} {_target(request.url)} not sent: pacing slot in {wait:.1f} s"
            logger.log(self.level, "%s", _scrubbed(line + " is past the time budget", request))

    @staticmethod
    def _body(response: httpx.Response, request: httpx.Request) -> str:
        """The answer's JSON, secrets masked (before trimming), trimmed to BODY_LIMIT characters."""
        try:
            text = json.dumps(_masked(json.loads(response.content)), separators=(",", ":"))
        except ValueError:
            return f"<{len(response.content)} bytes, not JSON>"
        text = _scrubbed(text, request)
        if len(text) > BODY_LIMIT:
            return text[:BODY_LIMIT] + f"... ({len(text)} characters)"
        return text
