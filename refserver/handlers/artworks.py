"""E5-E7: a task, or a page of tasks, as the key that created them sees them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from starlette.responses import Response

from refserver.call import Call, json_response
from refserver.errors import ApiError
from refserver.faults import Fault, Faults
from refserver.stores.base import Store
from refserver.task import Task


class Artworks:
    """Reads of the store, each limited to the caller's own tasks (AUTH-4)."""

    def __init__(self, store: Store, faults: Faults) -> None:
        self.store = store
        self.faults = faults

    def _visible(self, call: Call, task: Task | None) -> Task:
        if task is None or (task.owner != call.key.digest and not self.faults.on(Fault.AUTH_4)):
            raise ApiError(404, "artwork not found")
        return task

    async def get_one(self, call: Call) -> Response:
        """E5/E6: one task by id."""
        task_id = str(call.params["id"])
        if self.faults.on(Fault.GET_1_CASE) and task_id != task_id.lower():
            raise ApiError(400, "id is not a UUID", "GET-1")
        task = self._visible(call, await self.store.get(task_id.lower()))
        answer = task.artwork()
        if self.faults.on(Fault.LIFE_2) and task.status == "succeeded":
            if task.succeeded_answers == 1:
                answer["status"], answer["results"], answer["duration"] = "processing", [], 0
            task.succeeded_answers += 1
        if self.faults.on(Fault.ECHO_2):
            created = datetime.fromisoformat(task.created_at) + timedelta(seconds=1)
            answer["createdAt"] = created.isoformat()
        return json_response(answer)

    async def list_page(self, call: Call) -> Response:
        """E7: the caller's tasks, newest first, filtered, then the page."""
        kind, status = call.params.get("artworkType"), call.params.get("status")
        leak = self.faults.on(Fault.AUTH_4) or (self.faults.on(Fault.AUTH_4_FILTERED) and status)
        owner = None if leak else call.key.digest
        if self.faults.on(Fault.LIST_2) or (self.faults.on(Fault.LIST_2_COMBINED) and kind):
            status = None
        offset, limit = int(call.params["offset"]), int(call.params["limit"])
        tasks = self.store.newest_first(owner, kind or None)
        if self.faults.on(Fault.LIST_1):
            tasks = _reversed([task async for task in tasks])
        page: list[dict[str, Any]] = []
        skipped = 0
        async for task in tasks:
            if status and task.status != status:
                continue
            if skipped < offset:
                skipped += 1
                continue
            if self.faults.on(Fault.LIST_1_PAGES) and len(page) == limit - 1:
                break  # the list goes on (the page is short by one) or ends here
            page.append(task.artwork())
            if len(page) >= limit:
                break
        return json_response(page)


async def _reversed(tasks: list[Task]) -> AsyncIterator[Task]:
    for task in reversed(tasks):
        yield task
