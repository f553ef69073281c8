"""A loopback service beside the target: source images of known sizes, and a webhook sink."""

from __future__ import annotations

import asyncio
import io
import re
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import uvicorn
from PIL import Image
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# `fail2-box`: answer 500 to the first two attempts; `stall1-box`: answer the first one too late.
MISBEHAVIOUR = re.compile(r"^(fail|stall)(\d+)-")
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
MAX_SIDE = 4096


def misbehaviour(box: str) -> tuple[int, int]:
    """How many attempts the sink fails, and how many it answers too late, for a box name."""
    match = MISBEHAVIOUR.match(box)
    if match is None:
        return 0, 0
    count = int(match[2])
    return (count, 0) if match[1] == "fail" else (0, count)


@dataclass(frozen=True)
class Delivery:
    """One webhook attempt as the sink received it."""

    box: str
    headers: dict[str, str]
    body: bytes
    received_at: float
    answered: int


class Sidecar:
    """Serves `/images/{W}x{H}.{png|jpg|webp}` and `/broken.png`; records `/hooks/{box}` POSTs."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        public_url: str | None = None,
        stall_seconds: float = 11.0,
    ):
        self.stall_seconds = stall_seconds
        self._lock = threading.Lock()
        self._deliveries: dict[str, list[Delivery]] = defaultdict(list)
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        self.public_url = (public_url or f"http://{self.host}:{self.port}").rstrip("/")
        app = Starlette(
            routes=[
                Route("/images/{name}", self._image),
                Route("/broken.png", self._broken),
                Route("/hooks/{box}", self._hook, methods=["POST"]),
            ]
        )
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def allow_entry(self) -> str:
        """The host:port pair the target must allow for the kit's webhooks and source images."""
        return f"{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> Sidecar:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the sidecar did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def image_url(self, width: int, height: int, fmt: str = "png") -> str:
        return f"{self.public_url}/images/{width}x{height}.{fmt}"

    def broken_image_url(self) -> str:
        return f"{self.public_url}/broken.png"

    def hook_url(self, box: str, fail_first: int = 0, stall_first: int = 0) -> str:
        """A webhook URL; the sink answers 500 to `fail_first` attempts, or answers `stall_first`
        attempts only after `stall_seconds` (past the sender's timeout)."""
        prefix = (
            f"fail{fail_first}-" if fail_first else f"stall{stall_first}-" if stall_first else ""
        )
        return f"{self.public_url}/hooks/{prefix}{box}"

    def deliveries(self, box: str) -> list[Delivery]:
        with self._lock:
            return [
                d for name, items in self._deliveries.items() if name.endswith(box) for d in items
            ]

    def wait_for(self, box: str, count: int, timeout: float) -> list[Delivery]:
        """The deliveries to `box` once there are `count` (or all there are when time runs out)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.deliveries(box)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        return self.deliveries(box)

    def wait_for_all(self, wanted: Mapping[str, int], deadline: float) -> None:
        """Until every box has its count of deliveries, or the monotonic `deadline` passes."""
        while time.monotonic() < deadline:
            if all(len(self.deliveries(box)) >= count for box, count in wanted.items()):
                return
            time.sleep(0.05)

    async def _image(self, request: Request) -> Response:
        match = re.fullmatch(r"(\d{1,4})x(\d{1,4})\.(png|jpg|webp)", request.path_params["name"])
        if not match:
            return Response(status_code=404)
        width, height, fmt = int(match[1]), int(match[2]), match[3]
        if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
            return Response(status_code=404)
        image = Image.new("RGB", (width, height), (width % 256, height % 256, 128))
        buffer = io.BytesIO()
        image.save(buffer, format={"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}[fmt])
        return Response(buffer.getvalue(), media_type=MEDIA_TYPES[fmt])

    async def _broken(self, request: Request) -> Response:
        return Response(b"this is not an image", media_type="image/png")

    async def _hook(self, request: Request) -> Response:
        match = MISBEHAVIOUR.match(request.path_params["box"])
        box = request.path_params["box"][match.end() :] if match else request.path_params["box"]
        body = await request.body()
        with self._lock:
            seen = len(self._deliveries[box])
            misbehave = match is not None and seen < int(match[2])
            status = 500 if misbehave and match and match[1] == "fail" else 204
            headers = {name.lower(): value for name, value in request.headers.items()}
            self._deliveries[box].append(Delivery(box, headers, body, time.time(), status))
        if misbehave and match and match[1] == "stall":
            await asyncio.sleep(self.stall_seconds)
        return Response(status_code=status)
