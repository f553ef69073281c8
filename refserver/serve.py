"""One server process: the app on uvicorn, on uvloop and httptools when they are installed."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
from collections.abc import Callable
from typing import Any

import uvicorn

from refserver.app import create_app
from refserver.settings import Config

GC_THRESHOLDS = (20_000, 20, 20)
"""Young collections every 20,000 allocations, not 700: with 100 requests in flight, the default
scans (and promotes to the old generations) their live objects every request or two; the old
generations, where the kept tasks live, are then collected far less often."""


async def _serve(config: Config, sock: socket.socket, on_started: Callable[[], None]) -> None:
    app = create_app(config)
    gc.collect()
    gc.freeze()  # the spec and compiled validators live forever: full collections skip them
    gc.set_threshold(*GC_THRESHOLDS)
    server = uvicorn.Server(_uvicorn_config(app))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not serving.done():
        await asyncio.sleep(0.02)
    if server.started:
        on_started()
    await serving


def _uvicorn_config(app: Callable[..., Any] | str) -> uvicorn.Config:
    """uvloop and httptools when installed ("auto"), else asyncio and h11: same behaviour."""
    return uvicorn.Config(
        app,
        loop="auto",
        http="auto",
        log_level="warning",
        access_log=False,
        lifespan="on",
        backlog=2048,
        timeout_keep_alive=30,
    )


def serve_one(config: Config, sock: socket.socket, on_started: Callable[[], None]) -> None:
    """One server process, on uvicorn's loop choice; returns when it is told to stop."""
    loop_factory = _uvicorn_config("").get_loop_factory()  # reads only the loop choice
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=loop_factory) as run:
        run.run(_serve(config, sock, on_started))
