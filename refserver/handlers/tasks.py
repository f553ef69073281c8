"""E1-E3: resolve the body, size the output (from the source image if need be), store, start."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from starlette.responses import Response

from contract import Operation, Spec
from refserver.call import Call, json_response
from refserver.engine import Engine
from refserver.faults import Fault, Faults
from refserver.fetch import Fetcher, FetchError
from refserver.images import Recipe
from refserver.resolve import TaskResolver
from refserver.stores.base import Store
from refserver.task import Task


class CreateTask:
    """One task operation: its resolver, and the store and engine every task goes to."""

    def __init__(
        self,
        spec: Spec,
        op: Operation,
        store: Store,
        engine: Engine,
        fetcher: Fetcher,
        faults: Faults,
    ) -> None:
        self.resolver = TaskResolver(spec, op, spec.artwork_type(op), faults)
        self.store = store
        self.engine = engine
        self.fetcher = fetcher
        self.faults = faults

    async def __call__(self, call: Call) -> Response:
        assert call.body is not None
        resolved = self.resolver.resolve(call.body)
        params = resolved.parameters
        failure = None
        fetch_later = resolved.source_url
        if resolved.size is None:
            fetch_later = None
            size = resolved.fallback_size
            if resolved.size_from_source and resolved.source_url:
                try:
                    size = await self.fetcher.image_size(resolved.source_url)
                except FetchError as error:
                    failure = str(error)
            params["width"], params["height"] = size
        now = datetime.now(UTC)
        task = Task(
            id=str(uuid.uuid4()),
            owner=call.key.digest,
            org=call.key.org,
            artwork_type=self.resolver.artwork_type,
            parameters=params,
            created_at=now.isoformat(),
            created_wall=now.timestamp(),
            webhook=resolved.webhook,
            failure=failure,
        )
        width, height = int(params["width"]), int(params["height"])
        if self.faults.on(Fault.DIM_5):
            width -= 1
        label = "image/png" if self.faults.on(Fault.RES_2) and resolved.format == "JPEG" else None
        seed_base = uuid.UUID(task.id).int

        def recipe(index: int) -> Recipe:
            return Recipe(
                width, height, resolved.format, resolved.alpha, seed_base + index, label=label
            )

        await self.engine.submit(task, recipe, resolved.result_count, fetch_later)
        answer = task.artwork(now=task.created_wall)  # LIFE-1: as created, however slow the store
        if self.faults.on(Fault.LIFE_1):
            answer["status"] = "processing"
        return json_response(answer, call.op.success_status)
