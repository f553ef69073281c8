"""A store in Redis: several instances share it; Redis's own expiry enforces retention."""

from __future__ import annotations

import json
import math
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, TypeVar

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline
from redis.exceptions import WatchError

from refserver.images import ImageCache, Recipe
from refserver.stores.base import (
    Delivery,
    Spend,
    delivery_id,
    recipe_from_json,
    recipe_json,
    task_from_json,
    task_json,
)
from refserver.task import Task

PREFIX = "imagegen:"
DUE = PREFIX + "deliveries:due"
PAGE = 100
T = TypeVar("T")

# Claim what is due: push each past its lease and count the attempt, in one atomic step.
CLAIM = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local out = {}
for _, id in ipairs(ids) do
  local key = ARGV[4] .. id
  if redis.call('EXISTS', key) == 1 then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    local attempts = redis.call('HINCRBY', key, 'attempts', 1)
    local row = redis.call('HMGET', key, 'task_id', 'url', 'org')
    table.insert(out, {id, row[1], row[2], row[3], attempts})
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
"""

# Reschedule unless another worker has claimed it since (its attempt count moved on).
RESCHEDULE = """
if redis.call('HGET', KEYS[1], 'attempts') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'attempts', ARGV[2])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
end
return 0
"""

# Move a delivery that no attempt has claimed yet to its task's settled end.
SETTLE = """
if redis.call('HGET', KEYS[1], 'attempts') == '0' then
  redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
end
return 0
"""


def _ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


class RedisStore:
    """Tasks, files and deliveries are keys that expire at retention; owners are sorted sets."""

    max_tasks: int | None = None

    def __init__(self, url: str, retention_seconds: float, cache_bytes: int) -> None:
        self.retention_seconds = retention_seconds
        self.cache = ImageCache(cache_bytes)
        self.redis: aioredis.Redis = aioredis.Redis.from_url(url)
        self._claim = self.redis.register_script(CLAIM)
        self._reschedule = self.redis.register_script(RESCHEDULE)
        self._settle = self.redis.register_script(SETTLE)

    def _left(self, created_wall: float) -> int:
        """Milliseconds of retention left for something created then."""
        return _ms(created_wall + self.retention_seconds - time.time())

    @staticmethod
    def _owner(owner: str | None) -> str:
        return f"{PREFIX}owner:{owner}" if owner is not None else PREFIX + "all"

    async def add(self, task: Task, files: Mapping[str, Recipe], delivery: Delivery | None) -> None:
        left = self._left(task.created_wall)
        oldest = task.created_wall - self.retention_seconds
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{PREFIX}task:{task.id}", task_json(task), px=left)
            for index in (self._owner(task.owner), self._owner(None)):
                pipe.zadd(index, {task.id: task.created_wall})
                pipe.zremrangebyscore(index, "-inf", oldest)
                pipe.pexpire(index, left)
            for name, recipe in files.items():
                pipe.set(f"{PREFIX}file:{name}", recipe_json(recipe), px=left)
            if delivery is not None:
                key = f"{PREFIX}delivery:{delivery.id}"
                pipe.hset(
                    key,
                    mapping={
                        "task_id": task.id,
                        "url": delivery.url,
                        "org": delivery.org,
                        "attempts": 0,
                    },
                )
                pipe.pexpire(key, left)
                pipe.zadd(DUE, {delivery.id: task.finish_at})
            await pipe.execute()

    async def get(self, task_id: str) -> Task | None:
        data = await self.redis.get(f"{PREFIX}task:{task_id}")
        return task_from_json(data) if data is not None else None

    async def newest_first(
        self, owner: str | None, artwork_type: str | None
    ) -> AsyncIterator[Task]:
        index = self._owner(owner)
        oldest = time.time() - self.retention_seconds
        start = 0
        while True:
            ids = await self.redis.zrevrangebyscore(index, "+inf", f"({oldest}", start, PAGE)
            if not ids:
                return
            start += len(ids)
            for data in await self.redis.mget([f"{PREFIX}task:{_str(i)}" for i in ids]):
                if data is None:
                    continue
                task = task_from_json(data)
                if artwork_type is None or task.artwork_type == artwork_type:
                    yield task
            if len(ids) < PAGE:
                return

    async def settle(
        self, task_id: str, failure: str | None, finish_at: float, duration: float
    ) -> None:
        def write(pipe: Pipeline, data: bytes | None) -> None:
            if data is not None:
                task = task_from_json(data)
                task.failure, task.finish_at, task.duration = failure, finish_at, duration
                pipe.set(key, task_json(task), px=self._left(task.created_wall))

        key = f"{PREFIX}task:{task_id}"
        await self._update(key, write)
        ident = delivery_id(task_id)
        await self._settle(keys=[f"{PREFIX}delivery:{ident}", DUE], args=[finish_at, ident])

    async def add_file(self, name: str, recipe: Recipe) -> None:
        await self.redis.set(
            f"{PREFIX}file:{name}", recipe_json(recipe), px=self._left(time.time())
        )

    async def file(self, name: str) -> Recipe | None:
        data = await self.redis.get(f"{PREFIX}file:{name}")
        return recipe_from_json(data) if data is not None else None

    async def sweep(self) -> int:
        """Redis expires tasks, files and deliveries itself; only the indexes need trimming."""
        oldest = time.time() - self.retention_seconds
        async for index in self.redis.scan_iter(match=PREFIX + "owner:*", count=500):
            await self.redis.zremrangebyscore(index, "-inf", oldest)
        return int(await self.redis.zremrangebyscore(self._owner(None), "-inf", oldest))

    async def set_secret(self, org: str, secret: str) -> None:
        def write(pipe: Pipeline, data: bytes | None) -> None:
            current = json.loads(data)[0] if data is not None else None
            pipe.set(key, json.dumps([secret, current]))

        key = f"{PREFIX}secret:{org}"
        await self._update(key, write)

    async def secrets(self, org: str) -> tuple[str | None, str | None]:
        data = await self.redis.get(f"{PREFIX}secret:{org}")
        if data is None:
            return None, None
        current, previous = json.loads(data)
        return current, previous

    async def spend(self, bucket_id: str, spend: Spend) -> float:
        def write(pipe: Pipeline, data: bytes | None) -> float:
            (tokens, now), wait = spend(tuple(json.loads(data)) if data is not None else None)
            pipe.set(key, json.dumps([tokens, now]), px=_ms(self.retention_seconds))
            return wait

        key = f"{PREFIX}bucket:{bucket_id}"
        return await self._update(key, write)

    async def _update(self, key: str, write: Callable[[Pipeline, bytes | None], T]) -> T:
        """Read `key`, queue the writes made from it, commit; again if it changed meanwhile."""
        async with self.redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(key)
                    data = await pipe.get(key)
                    pipe.multi()  # type: ignore[no-untyped-call]
                    result = write(pipe, data if isinstance(data, bytes) else None)
                    await pipe.execute()
                    return result
                except WatchError:
                    continue

    async def claim(self, now: float, lease_seconds: float, limit: int) -> list[Delivery]:
        rows: list[list[Any]] = await self._claim(
            keys=[DUE], args=[now, now + lease_seconds, limit, PREFIX + "delivery:"]
        )
        return [
            Delivery(_str(i), _str(t), _str(u), _str(o), int(attempts))
            for i, t, u, o, attempts in rows
        ]

    async def reschedule(self, delivery: Delivery, attempts: int, due: float) -> None:
        await self._reschedule(
            keys=[f"{PREFIX}delivery:{delivery.id}", DUE],
            args=[delivery.attempts, attempts, due, delivery.id],
        )

    async def delivered(self, delivery_id: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(f"{PREFIX}delivery:{delivery_id}")
            pipe.zrem(DUE, delivery_id)
            await pipe.execute()

    async def aclose(self) -> None:
        await self.redis.aclose()


def _str(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
