"""Routing from the spec, the handlers, and the error edge: every failure becomes the ERR-1 body."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from contract import Delivery, Operation, Spec, load_spec
from refserver.auth import Authenticator
from refserver.config import ApiKey, Config
from refserver.engine import Engine
from refserver.errors import ApiError, error_response
from refserver.faults import Faults
from refserver.fetch import Fetcher, FetchError, UrlPolicy
from refserver.images import Recipe, render
from refserver.ratelimit import RateLimiter
from refserver.resolve import GenerationResolver, TaskResolver
from refserver.store import Task
from refserver.stores import open_store
from refserver.validation import BodyValidator, ParameterValidator, parse_json
from refserver.webhooks import Dispatcher, OrgSecrets

log = logging.getLogger("refserver")

MAX_BODY_BYTES = 1 << 20
MAX_DRAIN_BYTES = 16 << 20
FILES_PREFIX = "/v1/files/"
FILE_NAME = re.compile(r"^[0-9a-f]{32}(/[0-9]{1,3})?\.(png|jpg|webp)$")
LEASE_MARGIN_SECONDS = 5.0
TASK_ENDPOINTS = ("createQuantumArtwork", "createPhotoPilotArtwork", "createSelenaVarieteArtwork")


def dumps(data: Any) -> bytes:
    """Compact JSON; ASCII-escaped so that any echoed string (even a lone surrogate) encodes."""
    return json.dumps(data, separators=(",", ":")).encode()


def json_response(data: Any, status: int = 200) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json")


@dataclass
class Call:
    """What a handler gets: the checked key, typed parameters and validated body."""

    request: Request
    op: Operation
    key: ApiKey
    params: dict[str, Any]
    body: dict[str, Any] | None


@dataclass
class Route_:
    """One spec path: its regex and the operations by method."""

    pattern: re.Pattern[str]
    template: str
    operations: dict[str, Operation]
    allow: str


class Server:
    """Holds the server's state (store, engine, keys) and answers every request."""

    def __init__(self, config: Config, spec: Spec | None = None) -> None:
        self.config = config
        self.spec = spec or load_spec()
        self.faults = Faults(config.faults)
        self.auth = Authenticator(config.keys, self.faults)
        self.store = open_store(
            config.store, config.retention_seconds, config.max_tasks, config.file_cache_bytes
        )
        self.limiter = RateLimiter(config.rate, config.burst, self.store)
        self.orgs = OrgSecrets(self.store)
        self.policy = UrlPolicy(config.allow)
        self.client = httpx.AsyncClient(trust_env=False, follow_redirects=False)
        self.fetcher = Fetcher(
            self.policy, self.client, config.fetch_timeout_seconds, config.fetch_max_bytes
        )
        delivery: Delivery = self.spec.delivery()
        self.dispatcher = Dispatcher(
            self.policy,
            self.client,
            self.store,
            config.webhook_backoff,
            delivery.timeout_seconds,
            config.webhook_lease_seconds or delivery.timeout_seconds + LEASE_MARGIN_SECONDS,
            self.faults,
        )
        self.engine = Engine(config, self.store, self.fetcher, self.dispatcher, self.faults)
        self.routes = self._routes()
        self.body_validators = {
            op.operation_id: BodyValidator(self.spec, op, self.policy, self.faults)
            for op in self.spec.operations
            if op.has_body
        }
        self.param_validators = {
            op.operation_id: ParameterValidator(self.spec, op) for op in self.spec.operations
        }
        self.resolvers = {
            op.operation_id: TaskResolver(self.spec, op, self.spec.artwork_type(op), self.faults)
            for op in self.spec.operations
            if op.operation_id in TASK_ENDPOINTS
        }
        self.generation = GenerationResolver(
            self.spec, self.spec.operation("createImageGeneration"), self.faults
        )
        self.handlers: dict[str, Callable[[Call], Awaitable[Response]]] = {
            **{name: self.create_task for name in TASK_ENDPOINTS},
            "createImageGeneration": self.create_generation,
            "getArtworkV2": self.get_artwork,
            "getArtworkV1": self.get_artwork,
            "listArtworks": self.list_artworks,
            "rotateWebhookSecret": self.rotate_secret,
        }
        missing = {op.operation_id for op in self.spec.operations} - self.handlers.keys()
        if missing:
            raise RuntimeError(f"no handler for {sorted(missing)}")

    def _routes(self) -> list[Route_]:
        by_path: dict[str, dict[str, Operation]] = {}
        for op in self.spec.operations:
            by_path.setdefault(op.path, {})[op.method] = op
        routes = []
        for template, ops in by_path.items():
            regex = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
            allow = ", ".join(self.spec.allowed_methods(template))
            routes.append(Route_(re.compile(f"^{regex}$"), template, ops, allow))
        return routes

    # --- the edge -------------------------------------------------------------------------

    def _error(self, error: ApiError) -> Response:
        return error_response(
            error.status, error.message, error.headers, with_status=not self.faults.on("err-1")
        )  # FAULT err-1 is the `with_status` flag

    async def dispatch(self, request: Request) -> Response:
        """Every request: route, authenticate, rate-limit, authorise, validate, handle."""
        try:
            path = request.url.path
            if path.startswith(FILES_PREFIX):
                return await self.serve_file(request, path[len(FILES_PREFIX) :])
            for route in self.routes:
                match = route.pattern.match(path)
                if match is None:
                    continue
                op = route.operations.get(request.method)
                if op is None:
                    raise ApiError(
                        405, f"{request.method} is not allowed here", headers={"Allow": route.allow}
                    )
                return await self._call(request, op, match.groupdict())
            raise ApiError(404, f"no such path: {path[:200]}")
        except ApiError as error:
            return self._error(error)
        except Exception:
            log.exception("internal error")
            return self._error(ApiError(500, "internal error"))

    async def _call(self, request: Request, op: Operation, path: dict[str, str]) -> Response:
        key = self.auth.authenticate(request.headers.get("authorization"))
        wait = await self.limiter.take(key)
        if wait:
            headers = {} if self.faults.on("err-3") else {"Retry-After": str(wait)}  # FAULT err-3
            raise ApiError(429, f"rate limit exceeded, retry in {wait} s", "ERR-3", headers)
        self.auth.require(
            key,
            op.scopes,
            relax=op.operation_id == "rotateWebhookSecret" and self.faults.on("auth-3"),
        )  # FAULT auth-3 is the `relax` flag
        try:
            params = self.param_validators[op.operation_id].check(path, request.query_params)
        except ApiError as error:
            if self.faults.on("get-1") and error.message.startswith("GET-1"):  # FAULT get-1
                raise ApiError(404, "artwork not found") from None
            raise
        body = None
        if op.has_body:
            raw = await self._read_body(request)
            body = self.body_validators[op.operation_id].check(parse_json(raw))
        return await self.handlers[op.operation_id](Call(request, op, key, params, body))

    async def _read_body(self, request: Request) -> bytes:
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type != "application/json" and not self.faults.on("err-2"):  # FAULT err-2
            raise ApiError(415, "Content-Type must be application/json", "ERR-2")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            await self._drain(request, 0)
            raise ApiError(413, f"the body is over {MAX_BODY_BYTES} bytes", "ERR-2")
        chunks: list[bytes] = []
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > MAX_BODY_BYTES:
                await self._drain(request, total)
                raise ApiError(413, f"the body is over {MAX_BODY_BYTES} bytes", "ERR-2")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _drain(self, request: Request, seen: int) -> None:
        """Read (and drop) the rest of an oversized body, bounded, so the client sees the 413."""
        with contextlib.suppress(Exception):
            async for chunk in request.stream():
                seen += len(chunk)
                if seen > MAX_DRAIN_BYTES:
                    return

    # --- handlers -------------------------------------------------------------------------

    async def create_task(self, call: Call) -> Response:
        """E1-E3: resolve, size (fetching the source when the size comes from it), store, start."""
        assert call.body is not None
        resolved = self.resolvers[call.op.operation_id].resolve(call.body)
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
            artwork_type=self.resolvers[call.op.operation_id].artwork_type,
            parameters=params,
            created_at=now.isoformat(),
            created_wall=now.timestamp(),
            webhook=resolved.webhook,
            failure=failure,
        )
        width, height = int(params["width"]), int(params["height"])
        if self.faults.on("dim-5"):  # FAULT dim-5
            width -= 1
        label = (
            "image/png" if self.faults.on("res-2") and resolved.format == "JPEG" else None
        )  # FAULT res-2
        seed_base = uuid.UUID(task.id).int

        def recipe(index: int) -> Recipe:
            return Recipe(
                width, height, resolved.format, resolved.alpha, seed_base + index, label=label
            )

        await self.engine.submit(task, recipe, resolved.result_count, fetch_later)
        answer = task.artwork()
        if self.faults.on("life-1"):  # FAULT life-1
            answer["status"] = "processing"
        return json_response(answer, call.op.success_status)

    async def create_generation(self, call: Call) -> Response:
        """E4: render now (off the loop), keep the recipe, answer the URL."""
        assert call.body is not None
        gen = self.generation.resolve(call.body)
        label = (
            "image/png" if self.faults.on("res-2") and gen.format == "JPEG" else None
        )  # FAULT res-2
        recipe = Recipe(gen.width, gen.height, gen.format, False, gen.seed, gen.quality, label)
        data = await anyio.to_thread.run_sync(render, recipe)
        name = f"{uuid.uuid4().hex}.{recipe.extension}"
        await self.store.add_file(name, recipe)
        self.store.cache.put(name, data)
        url = f"{self.config.base_url}{FILES_PREFIX}{name}"
        return json_response(
            {"created": int(time.time()), "data": [{"url": url}]}, call.op.success_status
        )

    def _visible(self, call: Call, task: Task | None) -> Task:
        if task is None or (
            task.owner != call.key.digest and not self.faults.on("auth-4")
        ):  # FAULT auth-4
            raise ApiError(404, "artwork not found")
        return task

    async def get_artwork(self, call: Call) -> Response:
        """E5/E6: the task as its creator sees it."""
        task = self._visible(call, await self.store.get(str(call.params["id"]).lower()))
        answer = task.artwork()
        if self.faults.on("life-2") and task.status == "succeeded":  # FAULT life-2
            if task.succeeded_answers == 1:
                answer["status"], answer["results"], answer["duration"] = "processing", [], 0
            task.succeeded_answers += 1
        if self.faults.on("echo-2"):  # FAULT echo-2
            created = datetime.fromisoformat(task.created_at) + timedelta(seconds=1)
            answer["createdAt"] = created.isoformat()
        return json_response(answer)

    async def list_artworks(self, call: Call) -> Response:
        """E7: the caller's tasks, newest first, filtered, then the page."""
        owner = None if self.faults.on("auth-4") else call.key.digest  # FAULT auth-4
        kind, status = call.params.get("artworkType"), call.params.get("status")
        if self.faults.on("list-2"):  # FAULT list-2
            status = None
        offset, limit = int(call.params["offset"]), int(call.params["limit"])
        tasks = self.store.newest_first(owner, kind or None)
        if self.faults.on("list-1"):  # FAULT list-1
            tasks = _reversed([task async for task in tasks])
        page: list[dict[str, Any]] = []
        skipped = 0
        async for task in tasks:
            if status and task.status != status:
                continue
            if skipped < offset:
                skipped += 1
                continue
            page.append(task.artwork())
            if len(page) >= limit:
                break
        return json_response(page)

    async def rotate_secret(self, call: Call) -> Response:
        """E8: a new secret for the caller's own organisation; any other org is 404."""
        org = str(call.params["orgId"])
        if org != call.key.org:
            raise ApiError(404, "organisation not found", "HOOK-3")
        return json_response({"secret": await self.orgs.rotate(org)}, call.op.success_status)

    async def serve_file(self, request: Request, name: str) -> Response:
        """Result images, without auth (unguessable names), rendered on first fetch and cached."""
        if request.method not in ("GET", "HEAD"):
            raise ApiError(
                405, f"{request.method} is not allowed here", headers={"Allow": "GET, HEAD"}
            )
        recipe = await self.store.file(name) if FILE_NAME.match(name) else None
        if recipe is None:
            raise ApiError(404, "file not found")
        data = self.store.cache.get(name)
        if data is None:
            data = await anyio.to_thread.run_sync(render, recipe)
            self.store.cache.put(name, data)
        headers = {"Cache-Control": "private, max-age=86400"}
        return Response(data, media_type=recipe.media_type, headers=headers)

    # --- lifecycle ------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.engine.start()
        try:
            yield
        finally:
            await self.engine.aclose()
            await self.dispatcher.aclose()
            await self.client.aclose()
            await self.store.aclose()


async def _reversed(tasks: list[Task]) -> AsyncIterator[Task]:
    for task in reversed(tasks):
        yield task


class _Endpoint:
    """A raw ASGI endpoint, so the catch-all route takes every method and the spec decides."""

    def __init__(self, server: Server) -> None:
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.server.dispatch(Request(scope, receive))
        await response(scope, receive, send)


def create_app(config: Config, spec: Spec | None = None) -> Starlette:
    """The ASGI app for a config; one catch-all route, because the spec does the routing."""
    server = Server(config, spec)
    app = Starlette(
        routes=[Route("/{path:path}", _Endpoint(server))],
        lifespan=server.lifespan,
    )
    app.state.server = server
    return app
