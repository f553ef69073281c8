"""The store contract, on memory, SQLite and Redis alike (Redis: a real server on loopback)."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

import pytest

from refserver.images import Recipe
from refserver.ratelimit import take_token
from refserver.stores import Delivery, Store
from refserver.stores.base import delivery_id
from refserver.task import Task
from tests.stores.conftest import StoreFactory

pytestmark = pytest.mark.anyio

OWNER, OTHER = "owner-a", "owner-b"
RECIPE = Recipe(64, 48, "PNG", False, 7)


def make_task(
    owner: str = OWNER,
    kind: str = "quantum",
    created: float | None = None,
    webhook: str | None = None,
    finish_in: float = 0.3,
) -> Task:
    created = time.time() if created is None else created
    return Task(
        id=str(uuid.uuid4()),
        owner=owner,
        org="org-a",
        artwork_type=kind,
        parameters={"prompt": "a lighthouse", "width": 64, "height": 48},
        created_at=datetime.fromtimestamp(created, UTC).isoformat(),
        created_wall=created,
        webhook=webhook,
        processing_at=created + finish_in / 3,
        finish_at=created + finish_in,
        duration=round(finish_in, 3),
        results=["http://127.0.0.1:1/v1/files/x/0.png"],
    )


async def add(store: Store, task: Task) -> Task:
    delivery = None
    if task.webhook:
        delivery = Delivery(delivery_id(task.id), task.id, task.webhook, task.org)
    await store.add(task, {f"{task.id.replace('-', '')}/0.png": RECIPE}, delivery)
    return task


async def listed(store: Store, owner: str | None, kind: str | None = None) -> list[str]:
    return [task.id async for task in store.newest_first(owner, kind)]


async def test_create_then_poll_moves_forward(make_store: StoreFactory) -> None:
    store = make_store()
    task = await add(store, make_task(finish_in=0.3))
    seen = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        got = await store.get(task.id)
        assert got is not None and got.record() == task.record()
        seen.append(got.status)
        if got.terminal:
            break
        await asyncio.sleep(0.02)
    order = ["starting", "processing", "succeeded"]
    assert seen[-1] == "succeeded"
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)
    assert "processing" in seen
    assert await store.get(str(uuid.uuid4())) is None
    await store.aclose()


async def test_list_is_by_creation_time_whatever_order_workers_added_in(
    make_store: StoreFactory, backend: str
) -> None:
    if backend == "memory":
        pytest.skip("one process adds its tasks in the order it creates them")
    store = make_store()
    base = time.time()
    created = [make_task(created=base + step * 0.001) for step in range(3)]
    for task in (created[1], created[2], created[0]):  # as two workers may insert them
        await add(store, task)
    assert await listed(store, OWNER) == [task.id for task in reversed(created)]
    await store.aclose()


async def test_list_is_newest_first_filtered_and_per_owner(make_store: StoreFactory) -> None:
    store = make_store()
    base = time.time()
    first = await add(store, make_task(kind="quantum", created=base))
    second = await add(store, make_task(kind="photo_pilot", created=base + 0.001))
    third = await add(store, make_task(kind="quantum", created=base + 0.002))
    theirs = await add(store, make_task(owner=OTHER, created=base + 0.003))
    assert await listed(store, OWNER) == [third.id, second.id, first.id]
    assert await listed(store, OWNER, "quantum") == [third.id, first.id]
    assert await listed(store, OWNER, "selena_variete") == []
    assert await listed(store, OTHER) == [theirs.id]
    assert await listed(store, None) == [theirs.id, third.id, second.id, first.id]
    assert await listed(store, "nobody") == []
    got = await store.get(theirs.id)
    assert got is not None and got.owner == OTHER  # the server answers 404 to any other owner
    await store.aclose()


async def test_retention_drops_tasks_and_files_but_nothing_younger(
    make_store: StoreFactory,
) -> None:
    store = make_store(retention_seconds=2.0)
    old = await add(store, make_task(created=time.time() - 1.5))
    young = await add(store, make_task())
    await store.add_file("0" * 32 + ".png", RECIPE)
    await asyncio.sleep(0.6)
    assert await store.get(old.id) is None
    assert await listed(store, OWNER) == [young.id]
    assert await store.file(f"{old.id.replace('-', '')}/0.png") is None
    await store.sweep()
    assert await store.get(young.id) is not None
    assert await store.file(f"{young.id.replace('-', '')}/0.png") == RECIPE
    assert await store.file("0" * 32 + ".png") == RECIPE
    await asyncio.sleep(1.6)
    await store.sweep()
    assert await store.get(young.id) is None
    assert await store.file("0" * 32 + ".png") is None
    await store.aclose()


async def test_past_the_task_cap_only_a_capped_store_evicts(make_store: StoreFactory) -> None:
    store = make_store(max_tasks=5)
    tasks = [await add(store, make_task(created=time.time() + i * 1e-3)) for i in range(12)]
    kept = {task.id for task in tasks if await store.get(task.id) is not None}
    if store.max_tasks is None:  # sqlite, redis: nothing younger than retention goes
        assert kept == {task.id for task in tasks}
    else:  # memory bounds its RAM: exactly the oldest beyond the cap go
        assert kept == {task.id for task in tasks[-store.max_tasks :]}
    await store.sweep()
    assert len(await listed(store, OWNER)) == len(kept)
    await store.aclose()


async def test_secrets_rotate_current_and_previous(make_store: StoreFactory) -> None:
    store = make_store()
    assert await store.secrets("org-a") == (None, None)
    await store.set_secret("org-a", "a" * 64)
    await store.set_secret("org-a", "b" * 64)
    assert await store.secrets("org-a") == ("b" * 64, "a" * 64)
    assert await store.secrets("org-b") == (None, None)
    await store.aclose()


async def test_buckets_spend_and_refill(make_store: StoreFactory) -> None:
    store = make_store()
    now = time.time()
    waits = [await store.spend("k", lambda b: take_token(b, now, 1.0, 3)) for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0] and waits[3] == pytest.approx(1.0)
    later = await store.spend("k", lambda b: take_token(b, now + 1.0, 1.0, 3))
    assert later == 0.0
    assert await store.spend("other", lambda b: take_token(b, now, 1.0, 3)) == 0.0
    await store.aclose()


async def test_a_delivery_is_leased_rescheduled_and_settled(make_store: StoreFactory) -> None:
    store = make_store()
    task = await add(store, make_task(webhook="http://127.0.0.1:9/hook", finish_in=0.2))
    now = time.time()
    assert await store.claim(now, 5.0, 10) == []  # not due before the task ends
    due = task.finish_at
    [claim] = await store.claim(due, 5.0, 10)
    assert (claim.id, claim.task_id, claim.url, claim.attempts) == (
        delivery_id(task.id),
        task.id,
        task.webhook,
        1,
    )
    assert await store.claim(due + 4.9, 5.0, 10) == []  # leased
    [again] = await store.claim(due + 5.0, 5.0, 10)  # the lease ran out: another worker
    assert again.attempts == 2
    await store.reschedule(claim, 1, due)  # stale: the first claimer lost it
    assert await store.claim(due + 9.9, 5.0, 10) == []
    await store.reschedule(again, 2, due + 20)
    [third] = await store.claim(due + 20, 5.0, 10)
    assert third.attempts == 3
    await store.delivered(third.id)
    assert await store.claim(due + 100, 5.0, 10) == []
    await store.aclose()


async def test_settle_moves_the_end_and_the_pending_delivery(make_store: StoreFactory) -> None:
    store = make_store()
    pending = make_task(webhook="http://127.0.0.1:9/hook", finish_in=30.0)
    pending.processing_at = pending.created_wall + 0.05  # its source check is still out
    task = await add(store, pending)
    soon = time.time() + 0.1
    await store.settle(task.id, "the source image is not an image", soon, 0.1)
    got = await store.get(task.id)
    assert got is not None
    assert (got.failure, got.finish_at, got.duration) == (
        "the source image is not an image",
        soon,
        0.1,
    )
    assert got.status_at(soon) == "failed" and got.artwork(soon)["results"] == []
    [claim] = await store.claim(soon, 5.0, 10)
    assert claim.task_id == task.id
    await store.aclose()


async def test_a_restart_keeps_everything(make_store: StoreFactory, backend: str) -> None:
    if backend == "memory":
        pytest.skip("the memory store keeps nothing across a restart, by design")
    store = make_store()
    task = await add(store, make_task(webhook="http://127.0.0.1:9/hook", finish_in=0.1))
    await store.set_secret("org-a", "c" * 64)
    await store.add_file("1" * 32 + ".png", RECIPE)
    await store.aclose()
    reopened = make_store()
    got = await reopened.get(task.id)
    assert got is not None and got.record() == task.record()
    assert await listed(reopened, OWNER) == [task.id]
    assert await reopened.secrets("org-a") == ("c" * 64, None)
    assert await reopened.file("1" * 32 + ".png") == RECIPE
    [claim] = await reopened.claim(task.finish_at + 1, 5.0, 10)
    assert claim.task_id == task.id
    await reopened.aclose()
