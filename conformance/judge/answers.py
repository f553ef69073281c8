"""SEC-1 and ERR-1 hold for every answer, whatever the check that asked: judged here, once."""

from __future__ import annotations

from typing import Any

from conformance.run.exchange import Exchange
from conformance.run.ledger import Ledger
from conformance.run.throttle import RATE_LIMITED


def error_body_problem(status: int, body: Any) -> str | None:
    """What is wrong with an error answer's body per ERR-1, or None."""
    if not isinstance(body, dict):
        return "the error answer is not a JSON object"
    if not isinstance(body.get("message"), str):
        return "the error body has no string `message`"
    code = body.get("statusCode")
    if not isinstance(code, int) or isinstance(code, bool) or code != status:
        return f"the error body's statusCode is {code!r}, not the HTTP status {status}"
    if "error" in body and not isinstance(body["error"], str):
        return "the error body's `error` is not a string"
    return None


class AnswerJudge:
    """Records SEC-1 and ERR-1 for each exchange the kit's client completes."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def __call__(self, exchange: Exchange) -> None:
        if exchange.status == RATE_LIMITED:
            return  # a 429 is the answer to no question but ERR-3's
        if exchange.status is None or exchange.status >= 500:
            self.ledger.failed(
                exchange.failure("SEC-1", "the server failed or dropped the request")
            )
        else:
            self.ledger.passed("SEC-1", exchange.operation)
        if exchange.status is not None and exchange.status >= 400:
            problem = error_body_problem(exchange.status, exchange.json())
            if problem:
                self.ledger.failed(exchange.failure("ERR-1", problem, "the contract's error body"))
            else:
                self.ledger.passed("ERR-1", exchange.operation)


def retry_after_problem(header: str | None) -> str | None:
    """ERR-3: what is wrong with a 429's Retry-After (whole seconds), or None."""
    if header is None or not header.strip().isdigit():
        return f"Retry-After is {header!r}"
    return None
