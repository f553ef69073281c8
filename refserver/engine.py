"""LIFE-1..4: a task's timeline is fixed when it is created; its status follows from the clock.

Why timestamps and not a per-task job that flips a status field: a task then progresses with
no process watching it, so a restart, a dying worker or another instance behind the load balancer
answers the same status for it, and polls can only move forward. The one piece of work left
after creation (checking a source image that the size did not need) can only make the task fail;
its task ends at the latest possible time until that check settles it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable, Coroutine
from typing import Any

import anyio

from refserver.faults import Fault, Faults
from refserver.fetch import Fetcher, FetchError
from refserver.files import FILES_PREFIX
from refserver.images import Recipe
from refserver.settings import Config
from refserver.stores.base import Delivery, Store, delivery_id
from refserver.task import Task
from refserver.webhooks import Dispatcher

log = logging.getLogger("refserver.engine")

SETTLE_MARGIN_SECONDS = 0.5


class Engine:
    """Sets each task's timeline, runs the pending source checks, the sweeper and the dispatcher."""

    def __init__(
        self,
        config: Config,
        store: Store,
        fetcher: Fetcher,
        dispatcher: Dispatcher,
        faults: Faults,
    ) -> None:
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.dispatcher = dispatcher
        self.faults = faults
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._spawn(self._sweep_forever())
        self._spawn(self.dispatcher.run())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        job = asyncio.create_task(work)
        self._tasks.add(job)
        job.add_done_callback(self._tasks.discard)

    def _duration(self, task: Task, finish_at: float, failed: bool = False) -> float:
        elapsed = max(1e-3, finish_at - task.created_wall)
        failed = failed or task.failure is not None
        if self.faults.on(Fault.LIFE_4_FAILED) and failed:
            return 0.0
        return 0.0 if self.faults.on(Fault.LIFE_4) else round(elapsed, 3)

    async def submit(
        self, task: Task, recipe: Callable[[int], Recipe], count: int, fetch: str | None
    ) -> None:
        """Fix the timeline and results, keep the task; `fetch` is a source still to check."""
        task.processing_at = task.created_wall + self.config.starting_seconds
        task.finish_at = task.processing_at + self.config.processing_seconds
        if fetch is not None and task.failure is None:
            task.finish_at = task.processing_at + max(
                self.config.processing_seconds,
                self.config.fetch_timeout_seconds + 2 * SETTLE_MARGIN_SECONDS,
            )
        task.duration = self._duration(task, task.finish_at)
        task.stalled = self.faults.on(Fault.LIFE_3) and task.webhook is None
        files: dict[str, Recipe] = {}
        if task.failure is None:
            token = secrets.token_hex(16)
            for index in range(count):
                image = recipe(index)
                files[f"{token}/{index}.{image.extension}"] = image
            task.results = [f"{self.config.base_url}{FILES_PREFIX}{name}" for name in files]
        delivery = None
        if task.webhook:
            delivery = Delivery(delivery_id(task.id), task.id, task.webhook, task.org)
        await self.store.add(task, files, delivery)
        if fetch is not None and task.failure is None:
            self._spawn(self._check_source(task, fetch))

    async def _check_source(self, task: Task, url: str) -> None:
        """During processing: a source that cannot be fetched or decoded fails the task."""
        await asyncio.sleep(max(0.0, task.processing_at - time.time()))
        failure = None
        try:
            # settle well before the latest end, so that a terminal status never changes
            with anyio.fail_after(max(0.1, task.finish_at - time.time() - SETTLE_MARGIN_SECONDS)):
                await self.fetcher.image_size(url)
        except FetchError as error:
            failure = str(error)
        except TimeoutError:
            failure = "the source image could not be fetched in time"
        except Exception:
            log.exception("source check failed")
            failure = "internal error"
        finish_at = max(time.time(), task.processing_at + self.config.processing_seconds)
        duration = self._duration(task, finish_at, failed=failure is not None)
        await self.store.settle(task.id, failure, finish_at, duration)

    async def _sweep_forever(self) -> None:
        interval = max(0.5, min(60.0, self.config.retention_seconds / 4))
        while True:
            await asyncio.sleep(interval)
            with contextlib.suppress(Exception):
                await self.store.sweep()

    async def aclose(self) -> None:
        jobs = list(self._tasks)
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
