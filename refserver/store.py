"""The bounded in-memory store: tasks and image recipes, evicted by age and by count."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from refserver.images import ImageCache, Recipe

TERMINAL = frozenset({"succeeded", "failed", "canceled"})


@dataclass
class Task:
    """One artwork task as the engine moves it; `artwork()` is what the API answers."""

    id: str
    owner: str
    org: str
    artwork_type: str
    parameters: dict[str, Any]
    created_at: str
    created_wall: float
    created_mono: float
    webhook: str | None = None
    status: str = "starting"
    duration: float = 0
    results: list[str] = field(default_factory=list)
    file_names: list[str] = field(default_factory=list)
    failure: str | None = None
    succeeded_answers: int = 0

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    def artwork(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "artworkType": self.artwork_type,
            "parameters": self.parameters,
            "duration": self.duration,
            "results": list(self.results),
            "status": self.status,
            "createdAt": self.created_at,
        }


@dataclass
class _File:
    recipe: Recipe
    created_wall: float
    task_id: str | None


class Store:
    """Tasks in creation order plus per-owner indexes; files are recipes plus a bytes cache."""

    def __init__(self, max_tasks: int, retention_seconds: float, cache_bytes: int) -> None:
        self.max_tasks = max_tasks
        self.retention_seconds = retention_seconds
        self.tasks: OrderedDict[str, Task] = OrderedDict()
        self._by_owner: dict[str, OrderedDict[str, None]] = {}
        self._files: OrderedDict[str, _File] = OrderedDict()
        self._standalone_files = 0
        self.cache = ImageCache(cache_bytes)

    def add(self, task: Task) -> None:
        self.tasks[task.id] = task
        self._by_owner.setdefault(task.owner, OrderedDict())[task.id] = None
        while len(self.tasks) > self.max_tasks:
            self._remove(next(iter(self.tasks)))

    def _expired(self, created_wall: float, now: float) -> bool:
        return now - created_wall >= self.retention_seconds

    def get(self, task_id: str) -> Task | None:
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
        for name in task.file_names:
            self._files.pop(name, None)
            self.cache.discard(name)

    def newest_first(self, owner: str | None) -> Iterator[Task]:
        """The owner's tasks (every task when `owner` is None), newest first."""
        owned = self._by_owner.get(owner) if owner is not None else None
        ids: list[str] = list(self.tasks if owner is None else owned or ())
        for task_id in reversed(ids):
            task = self.tasks.get(task_id)
            if task is not None:
                yield task

    def add_file(self, name: str, recipe: Recipe, task: Task | None) -> None:
        """Register a result image by name; standalone (E4) files are capped like tasks."""
        self._files[name] = _File(recipe, time.time(), task.id if task else None)
        if task is not None:
            task.file_names.append(name)
            return
        self._standalone_files += 1
        while self._standalone_files > self.max_tasks:
            self._drop_oldest_standalone()

    def _drop_oldest_standalone(self) -> None:
        for name, entry in self._files.items():
            if entry.task_id is None:
                del self._files[name]
                self.cache.discard(name)
                self._standalone_files -= 1
                return
        self._standalone_files = 0

    def file(self, name: str) -> Recipe | None:
        entry = self._files.get(name)
        if entry is None:
            return None
        if self._expired(entry.created_wall, time.time()):
            self._files.pop(name, None)
            self.cache.discard(name)
            if entry.task_id is None:
                self._standalone_files -= 1
            return None
        return entry.recipe

    def sweep(self) -> int:
        """Drop everything past retention; creation order means stopping at the first young one."""
        now = time.time()
        removed = 0
        while self.tasks:
            oldest = next(iter(self.tasks.values()))
            if not self._expired(oldest.created_wall, now):
                break
            self._remove(oldest.id)
            removed += 1
        for name, entry in list(self._files.items()):
            if entry.task_id is None and self._expired(entry.created_wall, now):
                del self._files[name]
                self.cache.discard(name)
                self._standalone_files -= 1
        return removed
