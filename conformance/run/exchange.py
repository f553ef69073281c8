"""One request the kit made and what came back, told so a person can read and repeat it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from conformance.run.curl import curl_line, keyless
from conformance.run.outcome import Failure

BODY_SHOWN = 2000  # request bodies longer than this are summarised in reports (never in curl)
ANSWER_SHOWN = 4096  # how much of an answer's body a report shows


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
    throttled: bool = False  # still 429 when the kit stopped resending: no answer to judge

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
        """Method, URL, headers (the key as $API_KEY) and body, as the report shows the request."""
        lines = [f"{self.method} {self.url}"]
        lines += [f"{name}: {keyless(name, value)}" for name, value in self.headers.items()]
        body = self.shown_body()
        return "\n".join(lines) + (f"\n\n{body}" if body else "")

    def curl(self) -> str:
        """A curl command that repeats the request; the key stays in the shell's $API_KEY."""
        return curl_line(self.method, self.url, self.headers, self.body)

    def failure(self, rule: str, message: str, expected: str = "", seen: str = "") -> Failure:
        if not seen:
            seen = self.describe()
        return Failure(
            rule,
            self.operation,
            message,
            expected,
            seen,
            self.request_line(),
            self.curl(),
            throttled=self.throttled,
            request_id=self.response_headers.get("x-request-id", ""),
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
        text = self.content[:ANSWER_SHOWN].decode("utf-8", errors="replace")
        cut = f" [... {len(self.content)} bytes in all]" if len(self.content) > ANSWER_SHOWN else ""
        return f"{self.status} {text}{cut}"
