"""The store contract every backend keeps: tasks, files, webhook secrets, buckets, deliveries."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Protocol

from refserver.images import ImageCache, Recipe
from refserver.task import Task

Bucket = tuple[float, float]
"""A token bucket as stored: (tokens left, wall time of the last spend)."""

Spend = Callable[[Bucket | None], tuple[Bucket, float]]
"""Given the stored bucket (None: never used), the bucket to store and the seconds to wait."""


@dataclass(frozen=True)
class Delivery:
    """One webhook delivery as claimed: `id` is its `webhook-id`, `attempts` counts this one."""

    id: str
    task_id: str
    url: str
    org: str
    attempts: int = 0


def delivery_id(task_id: str) -> str:
    """A task's one delivery (one terminal state each): its id is also the `webhook-id`."""
    return "msg_" + task_id.replace("-", "")


def recipe_json(recipe: Recipe) -> str:
    return json.dumps(asdict(recipe))


def recipe_from_json(text: str | bytes) -> Recipe:
    return Recipe(**json.loads(text))


def task_json(task: Task) -> str:
    return json.dumps(task.record(), separators=(",", ":"))


def task_from_json(text: str | bytes) -> Task:
    return Task.from_record(json.loads(text))


class Store(Protocol):
    """What the server keeps; every method is safe to call from any worker at any time."""

    cache: ImageCache
    """Rendered image bytes: per process, since a recipe always renders the same bytes."""

    max_tasks: int | None
    """A count cap that may evict tasks younger than retention (memory only), or None."""

    async def add(self, task: Task, files: Mapping[str, Recipe], delivery: Delivery | None) -> None:
        """Keep a new task with its result files and, if it has a webhook, its delivery."""

    async def get(self, task_id: str) -> Task | None:
        """The task, or None when unknown or past retention."""

    def newest_first(self, owner: str | None, artwork_type: str | None) -> AsyncIterator[Task]:
        """The owner's tasks (everyone's when None) of that type (any when None), newest first."""

    async def settle(
        self, task_id: str, failure: str | None, finish_at: float, duration: float
    ) -> None:
        """Record a task's outcome and when it ends; moves its pending delivery to `finish_at`."""

    async def add_file(self, name: str, recipe: Recipe) -> None:
        """Keep a standalone (E4) result file for the retention period."""

    async def file(self, name: str) -> Recipe | None:
        """A result file's recipe, or None when unknown or past retention."""

    async def sweep(self) -> int:
        """Drop what is past retention (and nothing younger); the number of tasks dropped."""

    async def set_secret(self, org: str, secret: str) -> None:
        """Make `secret` the org's current webhook secret; the current one becomes previous."""

    async def secrets(self, org: str) -> tuple[str | None, str | None]:
        """The org's (current, previous) webhook secrets."""

    async def spend(self, bucket_id: str, spend: Spend) -> float:
        """Apply `spend` to the bucket atomically across workers; the seconds it says to wait."""

    async def claim(self, now: float, lease_seconds: float, limit: int) -> list[Delivery]:
        """Deliveries due at `now`, each leased to the caller until now + lease, attempts + 1."""

    async def reschedule(self, delivery: Delivery, attempts: int, due: float) -> None:
        """Set attempts and due time, unless another worker has claimed it since."""

    async def delivered(self, delivery_id: str) -> None:
        """Forget a delivery that succeeded or gave up."""

    async def aclose(self) -> None:
        """Release connections and files."""
