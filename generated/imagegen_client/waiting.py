"""Waits for a task to reach a terminal status, so callers never write their own poll loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from .api.artworks import get_artwork_v2
from .artworks import Artwork, artwork_id, is_terminal, unwrap
from .client import AuthenticatedClient
from .errors import ArtworkCanceledError, ArtworkFailedError, ArtworkTimeoutError
from .models.artwork_status import ArtworkStatus

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
    An error answer raises the client's ApiError (404 for another key's task, for example).
    """
    plan = _schedule(timeout, interval, schedule)
    task_id = artwork_id(artwork)
    started = time.monotonic()
    wait = plan.interval
    given = _given(artwork)
    while True:
        if given is not None:
            last, given = given, None
        else:
            last = unwrap(get_artwork_v2.sync(task_id, client=client))
            if on_poll is not None:
                on_poll(last)
        if is_terminal(last):
            return _settle(last, raise_on_failure)
        remaining = plan.timeout - (time.monotonic() - started)
        if remaining <= 0:
            raise ArtworkTimeoutError(last, time.monotonic() - started)
        sleep(min(wait, remaining))
        wait = plan.next_interval(wait)


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
    """The async twin of wait_for_artwork, with the same budget, backoff and exceptions."""
    plan = _schedule(timeout, interval, schedule)
    task_id = artwork_id(artwork)
    started = time.monotonic()
    wait = plan.interval
    given = _given(artwork)
    while True:
        if given is not None:
            last, given = given, None
        else:
            last = unwrap(await get_artwork_v2.asyncio(task_id, client=client))
            if on_poll is not None:
                on_poll(last)
        if is_terminal(last):
            return _settle(last, raise_on_failure)
        remaining = plan.timeout - (time.monotonic() - started)
        if remaining <= 0:
            raise ArtworkTimeoutError(last, time.monotonic() - started)
        await sleep(min(wait, remaining))
        wait = plan.next_interval(wait)
