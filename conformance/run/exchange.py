"""One request the kit made and what came back, told so a person can read and repeat it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from conformance.run.curl import curl_line
from conformance.run.ledger import Failure

BODY_SHOWN = 2000  # request bodies longer than this are summarised in reports (never in curl)


@dataclass
class Exchange:
    """One request the kit made and what came back (status None: no answer at all)."""

    operation: str
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    status: int | None = None
    response_headers: httpx.Headers = field(default_factory=httpx.Headers)
    content: bytes = b""
    error: str | None = None
    elapsed: float = 0.0

    def json(self) -> Any:
        """The answer as JSON, or None when it is not JSON (or too deeply nested to read)."""
        try:
            return json.loads(self.content)
        except (ValueError, RecursionError):
            return None

    def shown_body(self) -> str:
        """The request body for a report: JSON as is, anything large or binary summarised."""
        if self.body is None:
            return ""
        if len(self.body) > BODY_SHOWN:
            return f"<{len(self.body)} bytes starting {self.body[:60]!r}>"
        return self.body.decode("utf-8", errors="replace")

    def request_line(self) -> str:
        body = self.shown_body()
        return f"{self.method} {self.url}" + (f"\n\n{body}" if body else "")

    def curl(self) -> str:
        """A curl command that repeats the request; the key stays in the shell's $API_KEY."""
        return curl_line(self.method, self.url, self.headers, self.body)

    def failure(self, rule: str, message: str, expected: str = "", seen: str = "") -> Failure:
        if not seen:
            seen = self.describe()
        return Failure(
            rule, self.operation, message, expected, seen, self.request_line(), self.curl()
        )

    def describe_file(self) -> str:
        """A fetched file, told without copying its bytes into a report."""
        if self.status is None:
            return f"no answer: {self.error}"
        kind = self.response_headers.get("content-type", "no Content-Type")
        return f"{self.status} {kind}, {len(self.content)} bytes"

    def describe(self) -> str:
        if self.status is None:
            return f"no answer: {self.error}"
        text = self.content[:300].decode("utf-8", errors="replace")
        return f"{self.status} {text}"
