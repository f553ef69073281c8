"""Result images: served without auth at unguessable names, rendered on first fetch and cached."""

from __future__ import annotations

import re

import anyio.to_thread
from starlette.responses import Response

from refserver.errors import ApiError
from refserver.images import render
from refserver.stores.base import Store

FILES_PREFIX = "/v1/files/"
FILE_METHODS = ("GET", "HEAD")
FILE_NAME = re.compile(r"[0-9a-f]{32}(/[0-9]{1,3})?\.(png|jpg|webp)")


class FileServer:
    """Answers `GET`/`HEAD FILES_PREFIX + name` from the store's recipes and bytes cache."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def serve(self, method: str, name: str) -> Response:
        """The file's bytes, or a 404/405 `ApiError`."""
        if method not in FILE_METHODS:
            allow = ", ".join(FILE_METHODS)
            raise ApiError(405, f"{method} is not allowed here", headers={"Allow": allow})
        recipe = await self.store.file(name) if FILE_NAME.fullmatch(name) else None
        if recipe is None:
            raise ApiError(404, "file not found")
        data = self.store.cache.get(name)
        if data is None:
            data = await anyio.to_thread.run_sync(render, recipe)
            self.store.cache.put(name, data)
        headers = {"Cache-Control": "private, max-age=86400"}
        return Response(data, media_type=recipe.media_type, headers=headers)
