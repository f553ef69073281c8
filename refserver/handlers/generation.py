"""E4: render the image now (off the event loop), keep its recipe, answer its URL."""

from __future__ import annotations

import time
import uuid

import anyio.to_thread
from starlette.responses import Response

from contract import Operation, Spec
from refserver.call import Call, json_response
from refserver.faults import Fault, Faults
from refserver.files import FILES_PREFIX
from refserver.images import Recipe, render
from refserver.resolve import GenerationResolver
from refserver.stores.base import Store


class CreateGeneration:
    """The synchronous generation operation; its files live in the store like task results."""

    def __init__(
        self, spec: Spec, op: Operation, store: Store, base_url: str, faults: Faults
    ) -> None:
        self.resolver = GenerationResolver(spec, op, faults)
        self.store = store
        self.base_url = base_url
        self.faults = faults

    async def __call__(self, call: Call) -> Response:
        assert call.body is not None
        gen = self.resolver.resolve(call.body)
        label = "image/png" if self.faults.on(Fault.RES_2) and gen.format == "JPEG" else None
        recipe = Recipe(gen.width, gen.height, gen.format, False, gen.seed, gen.quality, label)
        data = await anyio.to_thread.run_sync(render, recipe)
        name = f"{uuid.uuid4().hex}.{recipe.extension}"
        await self.store.add_file(name, recipe)
        self.store.cache.put(name, data)
        url = f"{self.base_url}{FILES_PREFIX}{name}"
        return json_response(
            {"created": int(time.time()), "data": [{"url": url}]}, call.op.success_status
        )
