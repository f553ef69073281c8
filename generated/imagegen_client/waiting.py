"""Waits for a task to reach a terminal status, so callers never write their own poll loop."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from uuid import UUID

import httpx

from .api.artworks import get_artwork_v2
from .artworks import Artwork, artwork_id, is_terminal, unwrap
from .client import AuthenticatedClient
from .errors import (
    ArtworkCanceledError,
    ArtworkFailedError,
    ArtworkTimeoutError,
    RateLimitError,
    ServerError,
)
from .models.artwork_status import ArtworkStatus
from .retry import DEADLINE

__all__ = ["PollSchedule", "wait_for_artwork", "wait_for_artwork_async"]


@dataclass(frozen=True)
class PollSchedule:
    """The wait budget and the poll interval, which grows by `backoff` up to `max_interval`."""

    timeout: float = 120.0
    interval: float = 0.5
    max_interval: float = 5.0
    backoff: float = 1.5

    def __post_init__(self) -> None:
        if self.timeout < 0 or self.interval <= 0 or self.max_interval <= 0 or self.backoff < 1:
            raise ValueError("timeout >= 0, interval > 0, max_interval > 0 and backoff >= 1")

    def next_interval(self, interval: float) -> float:
        """The interval after `interval`."""
        return min(self.max_interval, interval * self.backoff)


def _settle(artwork: Artwork, raise_on_failure: bool) -> Artwork:
    """Returns a succeeded artwork, raises for a failed or canceled one (if asked to)."""
    if raise_on_failure and artwork.status == ArtworkStatus.CANCELED:
        raise ArtworkCanceledError(artwork)
    if raise_on_failure and artwork.status == ArtworkStatus.FAILED:
        raise ArtworkFailedError(artwork)
    return artwork


def _given(artwork: Artwork | UUID | str) -> Artwork | None:
    """The artwork the caller holds already (a create call's answer, say): it counts as a poll."""
    return None if isinstance(artwork, UUID | str) else artwork


def _schedule(timeout: float | None, interval: float | None, schedule: PollSchedule | None) -> PollSchedule:
    """The schedule from either a PollSchedule or the two common knobs."""
    base = schedule or PollSchedule()
    return PollSchedule(
        timeout=base.timeout if timeout is None else timeout,
        interval=base.interval if interval is None else interval,
        max_interval=base.max_interval,
        backoff=base.backoff,
    )


_PASSING = (RateLimitError, ServerError, httpx.TransportError)
"""Poll failures that say nothing about the task (the server was busy, down for a moment, or
out of reach): the wait goes on until its own timeout rather than abandoning a running task."""


class _Watch:
    """One wait's state: the last artwork seen, the budget, the interval, a passing failure."""

    def __init__(
        self,
        artwork: Artwork | UUID | str,
        plan: PollSchedule,
        on_poll: Callable[[Artwork], None] | None,
    ) -> None:
        self.task_id = artwork_id(artwork)
        self.plan = plan
        self.on_poll = on_poll
        self.started = time.monotonic()
        self.interval = plan.interval
        self.last = _given(artwork)
        self.failure: Exception | None = None

    @contextlib.contextmanager
    def deadline(self) -> Iterator[None]:
        """Within it, no attempt of the client's starts after the wait's budget has run out."""
        ends = self.started + self.plan.timeout
        outer = DEADLINE.get()
        token = DEADLINE.set(ends if outer is None else min(outer, ends))
        try:
            yield
        finally:
            DEADLINE.reset(token)

    def polled(self, artwork: Artwork) -> None:
        """A poll's answer."""
        self.last, self.failure = artwork, None
        if self.on_poll is not None:
            self.on_poll(artwork)

    def failed(self, failure: Exception) -> None:
        """A poll that failed in passing; it is raised only if the budget runs out on it."""
        self.failure = failure

    def outcome(self, raise_on_failure: bool) -> Artwork | None:
        """The terminal artwork to return (raising for a failed one, if asked), or None."""
        if self.last is not None and self.failure is None and is_terminal(self.last):
            return _settle(self.last, raise_on_failure)
        return None

    def pause(self) -> float:
        """Seconds to sleep before the next poll; raises once the budget is spent."""
        waited = time.monotonic() - self.started
        remaining = self.plan.timeout - waited
        if remaining <= 0:
            if self.last is not None:
                raise ArtworkTimeoutError(self.last, waited) from self.failure
            assert self.failure is not None  # (no artwork and no failure: nothing was polled yet)
            raise self.failure
        pause = min(self.interval, remaining)
        self.interval = self.plan.next_interval(self.interval)
        return pause


# unasync: async wait
async def wait_for_artwork_async(
    client: AuthenticatedClient,
    artwork: Artwork | UUID | str,
    *,
    timeout: float | None = None,
    interval: float | None = None,
    schedule: PollSchedule | None = None,
    raise_on_failure: bool = True,
    on_poll: Callable[[Artwork], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Artwork:
    """Polls E5 until the artwork is terminal and returns it, typed.

    Given an Artwork rather than an id (the create call's answer, say), that answer counts as the
    first poll: a terminal one is returned as it is (a terminal status never changes), otherwise
    the first request goes out one interval later.

    Raises ArtworkTimeoutError when `timeout` seconds pass first, ArtworkFailedError (or its
    subclass ArtworkCanceledError) when the task ends failed (canceled); both carry `.artwork`.
    A poll that fails in passing (RateLimitError, ServerError, a transport error, once the
    client's own retries are spent) does not end the wait: the next poll comes on schedule, and
    only a timeout with no answer since raises (chained to that failure). Any other error answer
    raises the client's ApiError at once (404 for another key's task, for example).
    """
    watch = _Watch(artwork, _schedule(timeout, interval, schedule), on_poll)
    if watch.last is None:
        await _poll_async(watch, client)
    while (done := watch.outcome(raise_on_failure)) is None:
        await sleep(watch.pause())
        await _poll_async(watch, client)
    return done


async def _poll_async(watch: _Watch, client: AuthenticatedClient) -> None:
    """One E5 poll into the watch, whose retries and pacing end with the wait's own budget."""
    with watch.deadline():
        try:
            watch.polled(unwrap(await get_artwork_v2.asyncio(watch.task_id, client=client)))
        except _PASSING as failure:
            watch.failed(failure)


# unasync: end


# unasync: sync wait (written by spec/client/unasync.py from the async block: edit that)
def wait_for_artwork(
    client: AuthenticatedClient,
    artwork: Artwork | UUID | str,
    *,
    timeout: float | None = None,
    interval: float | None = None,
    schedule: PollSchedule | None = None,
    raise_on_failure: bool = True,
    on_poll: Callable[[Artwork], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Artwork:
    """Polls E5 until the artwork is terminal and returns it, typed.

    Given an Artwork rather than an id (the create call's answer, say), that answer counts as the
    first poll: a terminal one is returned as it is (a terminal status never changes), otherwise
    the first request goes out one interval later.

    Raises ArtworkTimeoutError when `timeout` seconds pass first, ArtworkFailedError (or its
    subclass ArtworkCanceledError) when the task ends failed (canceled); both carry `.artwork`.
    A poll that fails in passing (RateLimitError, ServerError, a transport error, once the
    client's own retries are spent) does not end the wait: the next poll comes on schedule, and
    only a timeout with no answer since raises (chained to that failure). Any other error answer
    raises the client's ApiError at once (404 for another key's task, for example).
    """
    watch = _Watch(artwork, _schedule(timeout, interval, schedule), on_poll)
    if watch.last is None:
        _poll(watch, client)
    while (done := watch.outcome(raise_on_failure)) is None:
        sleep(watch.pause())
        _poll(watch, client)
    return done


def _poll(watch: _Watch, client: AuthenticatedClient) -> None:
    """One E5 poll into the watch, whose retries and pacing end with the wait's own budget."""
    with watch.deadline():
        try:
            watch.polled(unwrap(get_artwork_v2.sync(watch.task_id, client=client)))
        except _PASSING as failure:
            watch.failed(failure)


# unasync: end
