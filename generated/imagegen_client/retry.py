"""Retries at the httpx transport layer, so every generated endpoint gets them without extra code.

Policy, per request:

* GET/HEAD/OPTIONS/PUT/DELETE (idempotent): retried on 429, 502, 503, 504 and on any transport
  error (connect, read, write, protocol).
* POST creates (E1-E4): not idempotent, so retried only when the server cannot have processed the
  request: on 429 (the rate limiter rejects before processing; the contract's ERR-3 says the same
  request succeeds after Retry-After), on 503 *with* Retry-After (the server says it is unavailable
  and when to come back), and on connect errors (the request was never sent). Never on 502/504 or
  read errors: the request may have created a task.
* POST /v2/organizations/{orgId}/webhook-secret (E8): only on 429. A rotation that ran twice would
  silently invalidate the secret shown to the caller, so no other risk is taken.

Waits: Retry-After (seconds or HTTP-date) when the server sends one, plus up to 10 % jitter;
otherwise exponential backoff with jitter. Bounded by `max_attempts` and by `max_elapsed`: a retry
whose wait would end past that budget is not made, and the last answer is returned as it is.

Under a client's Pacer (pacing.py), every attempt first waits for its slot, and a 429 is waited out
through the pacer's gate rather than by each call alone. Such a 429 is ordinary contention: it does
not use up `max_attempts`, only `max_elapsed`, so RateLimitError means the time budget is spent.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import enum
import math
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from .pacing import UNPACED, Pacer, Place
from .requestlog import RequestLog

__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport", "parse_retry_after"]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_RETRIED_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("imagegen_client_deadline", default=None)
"""A time.monotonic() reading after which no attempt starts, set by callers with a budget of their
own (wait_for_artwork), whatever RetryPolicy.max_elapsed allows."""
_NAP = 0.2
"""The longest sleep of a paced call between two looks at its place (which moves up as the pace
grows): 100 waiting calls wake 500 times a second at most, and each look is a lock and a sum."""
_ROTATION_PATH = re.compile(r"/organizations/[^/]+/webhook-secret/?$")


class _Safety(enum.Enum):
    """How much a request may be repeated without side effects."""

    IDEMPOTENT = "idempotent"
    CREATE = "create"
    RATE_LIMIT_ONLY = "rate-limit-only"


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; `RetryPolicy.off()` (or `retry=None`) disables retries."""

    max_attempts: int = 4
    """Attempts in all, the first included (so 4 means up to 3 retries)."""
    max_elapsed: float = 60.0
    """Seconds from the first attempt after which no retry is started."""
    backoff_initial: float = 0.5
    """The first backoff step in seconds, doubled each retry, when there is no Retry-After."""
    backoff_max: float = 8.0
    """The largest backoff step in seconds."""
    max_retry_after: float = 60.0
    """A Retry-After longer than this is not waited for: the answer is returned (RateLimitError)."""
    statuses: frozenset[int] = field(default=frozenset({429, 502, 503, 504}))
    """Statuses retried for idempotent requests (creates see the module docstring)."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.max_elapsed < 0 or self.backoff_initial < 0 or self.backoff_max < 0:
            raise ValueError("times must not be negative")

    @classmethod
    def off(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_attempts=1)

    def backoff(self, retry_number: int) -> float:
        """The jittered wait before retry `retry_number` (1-based): half fixed, half random."""
        step = min(self.backoff_max, self.backoff_initial * 2.0 ** (retry_number - 1))
        return step / 2 + random.uniform(0, step / 2)


def _safety(request: httpx.Request) -> _Safety:
    """Classifies a request by method, and E8 by its path."""
    if request.method in _IDEMPOTENT_METHODS:
        return _Safety.IDEMPOTENT
    if _ROTATION_PATH.search(request.url.path):
        return _Safety.RATE_LIMIT_ONLY
    return _Safety.CREATE


def _replayable(request: httpx.Request) -> bool:
    """Only a request whose body is already in memory can be sent again."""
    try:
        request.content  # noqa: B018 (raises RequestNotRead for a streaming body)
    except httpx.RequestNotRead:
        return False
    return True


def _status_retry_wait(
    policy: RetryPolicy, request: httpx.Request, response: httpx.Response, retry_number: int
) -> float | None:
    """The wait before retrying this answer, or None when it must not be retried."""
    status = response.status_code
    if status not in policy.statuses:
        return None
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    safety = _safety(request)
    if safety is _Safety.RATE_LIMIT_ONLY and status != 429:
        return None
    if safety is _Safety.CREATE and not (status == 429 or (status == 503 and retry_after is not None)):
        return None
    if retry_after is None:
        return policy.backoff(retry_number)
    if retry_after > policy.max_retry_after:
        return None
    return retry_after + random.uniform(0, min(1.0, retry_after * 0.1))


def _error_retry_wait(
    policy: RetryPolicy, request: httpx.Request, error: httpx.TransportError, retry_number: int
) -> float | None:
    """The wait before retrying after a transport error, or None when it must not be retried."""
    safety = _safety(request)
    if safety is _Safety.RATE_LIMIT_ONLY or not isinstance(error, _RETRIED_ERRORS):
        return None
    never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if safety is _Safety.CREATE and not never_sent:
        return None
    return policy.backoff(retry_number)


class _Attempts:
    """The pacing, retry and logging decisions for one request, shared by both transports."""

    def __init__(
        self,
        policy: RetryPolicy,
        pacer: Pacer | None,
        log: RequestLog,
        request: httpx.Request,
        clock: Callable[[], float],
    ) -> None:
        self.policy = policy
        self.pacer = None if request.extensions.get(UNPACED) else pacer
        self.log = log
        self.request = request
        self.clock = clock
        self.number = 0
        self.counted = 1
        self.started = clock()
        self.sent_at = 0.0
        self.place: Place | None = None
        self.not_before = 0.0
        self.queue()

    def queue(self, backoff: float = 0.0) -> None:
        """Takes a place behind the pace for the next attempt, `backoff` seconds away at least."""
        self.not_before = self.clock() + backoff
        if self.pacer is not None:
            self.place = self.pacer.take_place()

    def leave(self) -> None:
        """Gives up the place held, if any (the request ends without sending again)."""
        if self.pacer is not None and self.place is not None:
            self.pacer.leave(self.place)
            self.place = None

    def wait(self) -> float:
        """Seconds until the next attempt may leave, as the pace stands now (0: send)."""
        wait = self.not_before - self.clock()
        if self.pacer is not None and self.place is not None:
            wait = max(wait, self.pacer.wait(self.place))
        return max(0.0, wait)

    def sending(self) -> None:
        """Marks the moment an attempt leaves, for its log line and for the pacer."""
        self.number += 1
        self.sent_at = self.clock()
        if self.pacer is not None and self.place is not None:
            self.pacer.left(self.place)

    def answered(self, response: httpx.Response) -> bool:
        """Logs and learns from an answer; whether to try again (the next place is then taken)."""
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if self.pacer is not None:
            capped = None if retry_after is None else min(retry_after, self.policy.max_retry_after)
            self.pacer.record(self.sent_at, response.status_code, capped)
        self.log.answered(self.request, response, self.clock() - self.sent_at, self.number)
        wait = _status_retry_wait(self.policy, self.request, response, self.counted)
        if wait is not None and response.status_code == 429 and self.pacer is not None:
            return self._retry(0.0, counted=False)  # the pacer's gate holds the Retry-After
        return self._retry(wait, counted=True)

    def failed(self, error: httpx.TransportError) -> bool:
        """Logs an attempt that got no answer; whether to try again."""
        self.log.failed(self.request, error, self.clock() - self.sent_at, self.number)
        wait = _error_retry_wait(self.policy, self.request, error, self.counted)
        return self._retry(wait, counted=True)

    def _retry(self, backoff: float | None, *, counted: bool) -> bool:
        """Queues one more attempt if it is allowed and starts within the time budget.

        A 429 under a pacer is not counted against `max_attempts`: it is contention, and only the
        time budget limits it. Every other retry is counted.
        """
        if backoff is None or self.policy.max_attempts <= 1 or not _replayable(self.request):
            return False
        if counted and self.counted >= self.policy.max_attempts:
            return False
        self.queue(backoff)
        if not self.fits(self.wait()):
            return False
        self.counted += counted
        return True

    def nap(self, wait: float) -> float:
        """How long to sleep towards `wait`: all of it without a pacer; under one, whose pace may
        grow meanwhile and move this place up, never more than a short nap at a time."""
        return wait if self.pacer is None else min(wait, _NAP)

    def fits(self, wait: float) -> bool:
        """Whether an attempt after `wait` more seconds starts within the time budget, which runs
        from when the request was made (time queued for the pace included) and ends no later than
        a caller's DEADLINE (a wait_for_artwork poll has the wait's own).

        While the pace is a first guess, growing fast, only the gate is held against the budget:
        a place worked out from that guess is about to move up.
        """
        if self.pacer is not None and self.pacer.probing:
            wait = min(wait, max(self.pacer.gate_delay(), self.not_before - self.clock()))
        ends = self.started + self.policy.max_elapsed
        deadline = DEADLINE.get()
        if deadline is not None:
            ends = min(ends, deadline)
        return self.clock() + wait <= ends

    def give_up(self, last: httpx.Response | httpx.TransportError | None, wait: float) -> httpx.Response:
        """Ends a request whose next attempt would start past its budget: the last answer as it
        came, the last transport error raised again, or, before any attempt, held_back."""
        if isinstance(last, httpx.TransportError):
            raise last
        return last if last is not None else self.held_back(wait)

    def held_back(self, wait: float) -> httpx.Response:
        """The answer for a first attempt whose place lies past its time budget: a 429 of this
        client's own, so the caller gets RateLimitError at once instead of a wait it cannot use."""
        budget = f"RetryPolicy.max_elapsed = {self.policy.max_elapsed:g} s"
        if DEADLINE.get() is not None:
            budget += ", or the timeout of the wait it polls for"
        message = f"not sent: this client's pacing holds it for {wait:.1f} s, past its time budget ({budget})"
        self.log.held_back(self.request, wait)
        return httpx.Response(
            429,
            json={"message": message, "statusCode": 429},
            headers={"Retry-After": str(math.ceil(wait))},
            request=self.request,
        )


# unasync: async transport
class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport: paces each attempt, retries per a RetryPolicy, logs each attempt.

    With `owns_transport=False` closing it leaves the wrapped transport open: that is how clients
    made by `with_options` borrow the connection pool of the client they came from.
    """

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        policy: RetryPolicy | None = None,
        *,
        pacer: Pacer | None = None,
        log: RequestLog | None = None,
        owns_transport: bool = True,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.policy = policy or RetryPolicy()
        self.pacer = pacer
        self.log = log or RequestLog()
        self.owns_transport = owns_transport
        self._sleep = sleep
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self.policy, self.pacer, self.log, request, self._clock)
        try:
            return await self._send_async(request, attempts)
        finally:
            attempts.leave()

    async def _send_async(self, request: httpx.Request, attempts: _Attempts) -> httpx.Response:
        """Every attempt of one request, each in its turn, until one is returned or raised."""
        last: httpx.Response | httpx.TransportError | None = None
        while True:
            while (wait := attempts.wait()) > 0:
                if not attempts.fits(wait):
                    return attempts.give_up(last, wait)
                await self._sleep(attempts.nap(wait))
            attempts.sending()
            try:
                response = await self.transport.handle_async_request(request)
            except httpx.TransportError as error:
                if not attempts.failed(error):
                    raise
                last = error
                continue
            if self.log.wants_body(response):
                await response.aread()
            if not attempts.answered(response):
                return response
            await response.aread()  # its connection goes back to the pool while this request waits
            await response.aclose()
            last = response

    async def aclose(self) -> None:
        if self.owns_transport:
            await self.transport.aclose()


# unasync: end


# unasync: sync transport (written by spec/client/unasync.py from the async block: edit that)
class RetryTransport(httpx.BaseTransport):
    """Wraps a transport: paces each attempt, retries per a RetryPolicy, logs each attempt.

    With `owns_transport=False` closing it leaves the wrapped transport open: that is how clients
    made by `with_options` borrow the connection pool of the client they came from.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport,
        policy: RetryPolicy | None = None,
        *,
        pacer: Pacer | None = None,
        log: RequestLog | None = None,
        owns_transport: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.policy = policy or RetryPolicy()
        self.pacer = pacer
        self.log = log or RequestLog()
        self.owns_transport = owns_transport
        self._sleep = sleep
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self.policy, self.pacer, self.log, request, self._clock)
        try:
            return self._send(request, attempts)
        finally:
            attempts.leave()

    def _send(self, request: httpx.Request, attempts: _Attempts) -> httpx.Response:
        """Every attempt of one request, each in its turn, until one is returned or raised."""
        last: httpx.Response | httpx.TransportError | None = None
        while True:
            while (wait := attempts.wait()) > 0:
                if not attempts.fits(wait):
                    return attempts.give_up(last, wait)
                self._sleep(attempts.nap(wait))
            attempts.sending()
            try:
                response = self.transport.handle_request(request)
            except httpx.TransportError as error:
                if not attempts.failed(error):
                    raise
                last = error
                continue
            if self.log.wants_body(response):
                response.read()
            if not attempts.answered(response):
                return response
            response.read()  # its connection goes back to the pool while this request waits
            response.close()
            last = response

    def close(self) -> None:
        if self.owns_transport:
            self.transport.close()


# unasync: end
