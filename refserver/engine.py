"""LIFE-1..4: moves each task starting → processing → terminal, in the server's own loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable

from refserver.config import Config
from refserver.faults import Fault, Faults
from refserver.fetch import Fetcher, FetchError
from refserver.images import Recipe
from refserver.store import Store, Task
from refserver.webhooks import Dispatcher

log = logging.getLogger("refserver.engine")


class Engine:
    """One asyncio task per artwork plus a retention sweeper; all cancelled at shutdown."""

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
        self._sweeper: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep_forever())

    def submit(
        self, task: Task, recipe: Callable[[int], Recipe], count: int, fetch: str | None
    ) -> None:
        """Run a task's lifecycle; `fetch` is a source URL still to be fetched, if any."""
        job = asyncio.create_task(self._run(task, recipe, count, fetch))
        self._tasks.add(job)
        job.add_done_callback(self._tasks.discard)

    async def _run(
        self, task: Task, recipe: Callable[[int], Recipe], count: int, fetch: str | None
    ) -> None:
        try:
            await asyncio.sleep(self.config.starting_seconds)
            task.status = "processing"
            began = time.monotonic()
            if fetch is not None and task.failure is None:
                try:
                    await self.fetcher.image_size(fetch)
                except FetchError as error:
                    task.failure = str(error)
            left = self.config.processing_seconds - (time.monotonic() - began)
            await asyncio.sleep(max(0.0, left))
            if self.faults.on(Fault.LIFE_3) and task.webhook is None:  # FAULT life-3
                return
            self._finish(task, recipe, count)
            if task.webhook:
                self.dispatcher.deliver(task.webhook, task.org, task.artwork())
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("task lifecycle failed")
            task.failure = task.failure or "internal error"
            if not task.terminal:
                self._finish(task, recipe, 0)

    def _finish(self, task: Task, recipe: Callable[[int], Recipe], count: int) -> None:
        if task.failure is None:
            token = uuid.uuid4().hex
            names = []
            for index in range(count):
                image = recipe(index)
                name = f"{token}/{index}.{image.extension}"
                self.store.add_file(name, image, task)
                names.append(name)
            task.results = [f"{self.config.base_url}/v1/files/{name}" for name in names]
        elapsed = max(1e-3, time.monotonic() - task.created_mono)
        task.duration = 0.0 if self.faults.on(Fault.LIFE_4) else round(elapsed, 3)  # FAULT life-4
        task.status = "failed" if task.failure is not None else "succeeded"

    async def _sweep_forever(self) -> None:
        interval = max(0.5, min(60.0, self.config.retention_seconds / 4))
        while True:
            await asyncio.sleep(interval)
            with contextlib.suppress(Exception):
                self.store.sweep()

    async def aclose(self) -> None:
        jobs = list(self._tasks) + ([self._sweeper] if self._sweeper else [])
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
