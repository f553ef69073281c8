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
import email.utils
import enum
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from .pacing import UNPACED, Pacer
from .requestlog import RequestLog

__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport", "parse_retry_after"]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_RETRIED_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
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
    if safety is _Safety.CREATE and not (
        status == 429 or (status == 503 and retry_after is not None)
    ):
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
        self.started = 0.0
        self.sent_at = 0.0

    def slot(self) -> float:
        """Seconds to wait for this request's next pacing slot (0 without a pacer)."""
        return self.pacer.reserve() if self.pacer is not None else 0.0

    def reslot(self) -> float:
        """After a wait: a new slot if a 429 closed the gate meanwhile, else 0 (send now)."""
        if self.pacer is None or self.pacer.gate_delay() <= 0:
            return 0.0
        return self.pacer.reserve()

    def sending(self) -> None:
        """Marks the moment an attempt leaves, for its log line and for the pacer."""
        self.number += 1
        self.sent_at = self.clock()
        if self.number == 1:
            self.started = self.sent_at

    def answered(self, response: httpx.Response) -> float | None:
        """Logs and learns from an answer; the wait before retrying it, or None to return it."""
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if self.pacer is not None:
            self.pacer.record(self.sent_at, response.status_code, retry_after)
        self.log.answered(self.request, response, self.clock() - self.sent_at, self.number)
        wait = _status_retry_wait(self.policy, self.request, response, self.counted)
        if wait is not None and response.status_code == 429 and self.pacer is not None:
            return self._paced_retry()
        return self._counted_retry(wait)

    def failed(self, error: httpx.TransportError) -> float | None:
        """Logs an attempt that got no answer; the wait before retrying it, or None to raise."""
        self.log.failed(self.request, error, self.clock() - self.sent_at, self.number)
        wait = _error_retry_wait(self.policy, self.request, error, self.counted)
        return self._counted_retry(wait)

    def _paced_retry(self) -> float | None:
        """A 429 under a pacer: its gate holds the wait, and only the time budget limits retries."""
        assert self.pacer is not None
        if not self._fits(self.pacer.delay()):
            return None
        return 0.0

    def _counted_retry(self, wait: float | None) -> float | None:
        """Any other retry: limited by both the attempt count and the time budget."""
        if wait is None or self.counted >= self.policy.max_attempts or not self._fits(wait):
            return None
        self.counted += 1
        return wait

    def _fits(self, wait: float) -> bool:
        """Whether one more attempt after `wait` seconds fits in the time, with a body to resend."""
        if self.policy.max_attempts <= 1 or not _replayable(self.request):
            return False
        return self.clock() - self.started + wait <= self.policy.max_elapsed


class RetryTransport(httpx.BaseTransport):
    """Wraps a sync transport: paces each attempt, retries per a RetryPolicy, logs each attempt.

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
        wait = 0.0
        while True:
            if wait > 0:
                self._sleep(wait)
            wait = attempts.slot()
            while wait > 0:
                self._sleep(wait)
                wait = attempts.reslot()
            attempts.sending()
            try:
                response = self.transport.handle_request(request)
            except httpx.TransportError as error:
                retry = attempts.failed(error)
                if retry is None:
                    raise
                wait = retry
                continue
            if self.log.wants_body(response):
                response.read()
            retry = attempts.answered(response)
            if retry is None:
                return response
            response.close()
            wait = retry

    def close(self) -> None:
        if self.owns_transport:
            self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport, with the same pacing, retries, logging and ownership."""

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
        wait = 0.0
        while True:
            if wait > 0:
                await self._sleep(wait)
            wait = attempts.slot()
            while wait > 0:
                await self._sleep(wait)
                wait = attempts.reslot()
            attempts.sending()
            try:
                response = await self.transport.handle_async_request(request)
            except httpx.TransportError as error:
                retry = attempts.failed(error)
                if retry is None:
                    raise
                wait = retry
                continue
            if self.log.wants_body(response):
                await response.aread()
            retry = attempts.answered(response)
            if retry is None:
                return response
            await response.aclose()
            wait = retry

    async def aclose(self) -> None:
        if self.owns_transport:
            await self.transport.aclose()
