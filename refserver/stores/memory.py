"""The default store: one process's dicts, bounded by retention and by a task count cap."""

from __future__ import annotations

import heapq
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace

from refserver.images import ImageCache, Recipe
from refserver.stores.base import Bucket, Delivery, Spend, delivery_id
from refserver.task import Task


@dataclass
class _File:
    recipe: Recipe
    created_wall: float
    task_id: str | None


class MemoryStore:
    """Tasks in creation order plus per-owner indexes; past `max_tasks` the oldest task goes.

    The count cap is kept on purpose: this store has no disk, so it bounds the memory of a
    long-running laptop server; the durable stores have no cap and keep everything for retention.
    """

    def __init__(self, retention_seconds: float, max_tasks: int, cache_bytes: int) -> None:
        self.retention_seconds = retention_seconds
        self.max_tasks: int | None = max_tasks
        self.cache = ImageCache(cache_bytes)
        self.tasks: OrderedDict[str, Task] = OrderedDict()
        self._by_owner: dict[str, OrderedDict[str, None]] = {}
        self._task_files: dict[str, list[str]] = {}
        self._files: OrderedDict[str, _File] = OrderedDict()
        self._standalone: OrderedDict[str, None] = OrderedDict()  # E4 files, oldest first
        self._secrets: dict[str, tuple[str, str | None]] = {}
        self._buckets: dict[str, Bucket] = {}
        self._deliveries: dict[str, tuple[Delivery, float]] = {}
        self._due: list[tuple[float, str]] = []

    def _expired(self, created_wall: float, now: float) -> bool:
        return now - created_wall >= self.retention_seconds

    async def add(self, task: Task, files: Mapping[str, Recipe], delivery: Delivery | None) -> None:
        self.tasks[task.id] = task
        self._by_owner.setdefault(task.owner, OrderedDict())[task.id] = None
        self._task_files[task.id] = list(files)
        for name, recipe in files.items():
            self._files[name] = _File(recipe, task.created_wall, task.id)
        if delivery is not None:
            self._schedule(delivery, task.finish_at)
        while self.max_tasks is not None and len(self.tasks) > self.max_tasks:
            self._remove(next(iter(self.tasks)))

    async def get(self, task_id: str) -> Task | None:
        task = self.tasks.get(task_id)
        if task is not None and self._expired(task.created_wall, time.time()):
            self._remove(task_id)
            return None
        return task

    def _remove(self, task_id: str) -> None:
        task = self.tasks.pop(task_id, None)
        if task is None:
            return
        owned = self._by_owner.get(task.owner)
        if owned is not None:
            owned.pop(task_id, None)
            if not owned:
                del self._by_owner[task.owner]
        for name in self._task_files.pop(task_id, ()):
            self._files.pop(name, None)
            self.cache.discard(name)

    async def newest_first(
        self, owner: str | None, artwork_type: str | None
    ) -> AsyncIterator[Task]:
        ids = list(self.tasks if owner is None else self._by_owner.get(owner, ()))
        now = time.time()
        for task_id in reversed(ids):
            task = self.tasks.get(task_id)
            if task is None or self._expired(task.created_wall, now):
                continue
            if artwork_type is None or task.artwork_type == artwork_type:
                yield task

    async def settle(
        self, task_id: str, failure: str | None, finish_at: float, duration: float
    ) -> None:
        task = self.tasks.get(task_id)
        if task is None:
            return
        task.failure, task.finish_at, task.duration = failure, finish_at, duration
        entry = self._deliveries.get(delivery_id(task_id))
        if entry is not None and entry[0].attempts == 0:
            self._schedule(entry[0], finish_at)

    async def add_file(self, name: str, recipe: Recipe) -> None:
        self._files[name] = _File(recipe, time.time(), None)
        self._standalone[name] = None
        self._standalone.move_to_end(name)
        while self.max_tasks is not None and len(self._standalone) > self.max_tasks:
            self._drop_file(next(iter(self._standalone)))

    def _drop_file(self, name: str) -> None:
        self._files.pop(name, None)
        self._standalone.pop(name, None)
        self.cache.discard(name)

    async def file(self, name: str) -> Recipe | None:
        entry = self._files.get(name)
        if entry is None:
            return None
        if self._expired(entry.created_wall, time.time()):
            self._drop_file(name)
            return None
        return entry.recipe

    async def sweep(self) -> int:
        """Creation order means stopping at the first task still within retention."""
        now = time.time()
        removed = 0
        while self.tasks:
            oldest = next(iter(self.tasks.values()))
            if not self._expired(oldest.created_wall, now):
                break
            self._remove(oldest.id)
            removed += 1
        while self._standalone:  # in creation order too: stop at the first one still kept
            name = next(iter(self._standalone))
            entry = self._files.get(name)
            if entry is not None and not self._expired(entry.created_wall, now):
                break
            self._drop_file(name)
        for delivery, due in list(self._deliveries.values()):
            if self._expired(due, now):
                self._deliveries.pop(delivery.id, None)
        return removed

    async def set_secret(self, org: str, secret: str) -> None:
        current = self._secrets.get(org)
        self._secrets[org] = (secret, current[0] if current else None)

    async def secrets(self, org: str) -> tuple[str | None, str | None]:
        return self._secrets.get(org, (None, None))

    async def spend(self, bucket_id: str, spend: Spend) -> float:
        self._buckets[bucket_id], wait = spend(self._buckets.get(bucket_id))
        return wait

    def _schedule(self, delivery: Delivery, due: float) -> None:
        self._deliveries[delivery.id] = (delivery, due)
        heapq.heappush(self._due, (due, delivery.id))

    async def claim(self, now: float, lease_seconds: float, limit: int) -> list[Delivery]:
        claimed: list[Delivery] = []
        while self._due and self._due[0][0] <= now and len(claimed) < limit:
            due, delivery_id = heapq.heappop(self._due)
            entry = self._deliveries.get(delivery_id)
            if entry is None or entry[1] != due:
                continue  # delivered, or rescheduled since: a stale heap entry
            delivery = replace(entry[0], attempts=entry[0].attempts + 1)
            self._schedule(delivery, now + lease_seconds)
            claimed.append(delivery)
        return claimed

    async def reschedule(self, delivery: Delivery, attempts: int, due: float) -> None:
        entry = self._deliveries.get(delivery.id)
        if entry is not None and entry[0].attempts == delivery.attempts:
            self._schedule(replace(delivery, attempts=attempts), due)

    async def delivered(self, delivery_id: str) -> None:
        self._deliveries.pop(delivery_id, None)

    async def aclose(self) -> None:
        return None
