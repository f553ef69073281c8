"""Wiring: builds the parts from a config and the spec, and runs them for the app's life."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware

from contract import POLL_OPERATIONS, TASK_OPERATIONS, OperationId, Spec, load_spec
from refserver.auth import Authenticator
from refserver.call import Handler
from refserver.cors import Cors
from refserver.edge import Edge
from refserver.engine import Engine
from refserver.faults import Faults, check_rules
from refserver.fetch import Fetcher, UrlPolicy
from refserver.files import FileServer
from refserver.handlers.artworks import Artworks
from refserver.handlers.generation import CreateGeneration
from refserver.handlers.organisations import RotateSecret
from refserver.handlers.tasks import CreateTask
from refserver.ratelimit import RateLimiter
from refserver.requestid import RequestId
from refserver.settings import Config
from refserver.stores import open_store
from refserver.webhooks import Dispatcher, OrgSecrets

LEASE_MARGIN_SECONDS = 5.0
"""How much longer than the receiver's answer timeout a claimed delivery stays claimed."""


def create_app(config: Config, spec: Spec | None = None) -> Starlette:
    """The ASGI app for a config: every request goes to the edge, which the spec routes."""
    spec = spec or load_spec()
    check_rules(spec)
    faults = Faults(config.faults)
    policy = UrlPolicy(config.allow)
    client = httpx.AsyncClient(trust_env=False, follow_redirects=False)
    store = open_store(
        config.store, config.retention_seconds, config.max_tasks, config.file_cache_bytes
    )
    orgs = OrgSecrets(store)
    fetcher = Fetcher(policy, client, config.fetch_timeout_seconds, config.fetch_max_bytes)
    delivery_timeout = spec.delivery().timeout_seconds
    dispatcher = Dispatcher(
        policy,
        client,
        store,
        config.webhook_backoff,
        delivery_timeout,
        config.webhook_lease_seconds or delivery_timeout + LEASE_MARGIN_SECONDS,
        faults,
    )
    engine = Engine(config, store, fetcher, dispatcher, faults)
    artworks = Artworks(store, faults)
    handlers: dict[str, Handler] = {
        **{
            op_id: CreateTask(spec, spec.operation(op_id), store, engine, fetcher, faults)
            for op_id in TASK_OPERATIONS
        },
        OperationId.CREATE_IMAGE_GENERATION: CreateGeneration(
            spec,
            spec.operation(OperationId.CREATE_IMAGE_GENERATION),
            store,
            config.base_url,
            faults,
        ),
        **{op_id: artworks.get_one for op_id in POLL_OPERATIONS},
        OperationId.LIST_ARTWORKS: artworks.list_page,
        OperationId.ROTATE_WEBHOOK_SECRET: RotateSecret(orgs),
    }
    edge = Edge(
        spec,
        handlers,
        FileServer(store),
        Authenticator(config.keys, faults),
        RateLimiter(config.rate, config.burst, store),
        policy,
        faults,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine.start()
        try:
            yield
        finally:
            await engine.aclose()
            await dispatcher.aclose()
            await client.aclose()
            await store.aclose()

    cors = [Middleware(Cors, spec=spec, origins=config.cors_origins)] if config.cors_origins else []
    app = Starlette(middleware=[Middleware(RequestId, spec=spec), *cors], lifespan=lifespan)
    app.router.default = edge  # no framework route: its path regex would miss control characters
    return app
