"""ERR-3 from traffic: each 429's Retry-After, and the same request sent again after waiting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conformance.judge.answers import retry_after_problem
from conformance.passive.seen import Seen
from conformance.passive.tasks import Bounded

if TYPE_CHECKING:
    from conformance.passive.judge import Judge

MAX_WAITING = 1000  # 429s remembered until their request is sent again


class Throttling:
    """The 429s whose request has not been seen again, by key and request."""

    def __init__(self) -> None:
        self.waiting: Bounded = Bounded(MAX_WAITING)

    def observe(self, judge: Judge, seen: Seen) -> None:
        exchange = seen.exchange
        asked = f"{seen.credentials.digest} {exchange.method} {exchange.url}"
        if exchange.status == 429:
            header = exchange.response_headers.get("retry-after")
            problem = retry_after_problem(header)
            if problem is not None or header is None:
                judge.fail(seen, "ERR-3", str(problem), "whole seconds")
            else:
                self.waiting.put(asked, seen.answered_at + int(header))
            return
        ready = self.waiting.pop(asked, None)
        if ready is not None and seen.started_at >= ready and exchange.status is not None:
            judge.passed(seen, "ERR-3")  # waited as told, and the same request was answered
