"""A loopback HTTP service for tests: source images of known sizes and a webhook receiver."""

from __future__ import annotations

import io
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image

IMAGE_PATH = re.compile(r"^/img/(\d{1,4})x(\d{1,4})\.(png|jpg)$")
HOOK_PATH = re.compile(r"^/hook/([A-Za-z0-9_-]+)$")


@dataclass
class Delivery:
    """One webhook request as received."""

    headers: dict[str, str]
    body: bytes
    status: int
    at: float


@dataclass
class Loopback:
    """The running service: where it listens and what it received."""

    host: str
    port: int
    deliveries: dict[str, list[Delivery]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def allow(self) -> str:
        return f"{self.host}:{self.port}"

    def image_url(self, width: int, height: int, ext: str = "png") -> str:
        return f"{self.base_url}/img/{width}x{height}.{ext}"

    def hook_url(self, name: str, fail: int = 0) -> str:
        return f"{self.base_url}/hook/{name}" + (f"?fail={fail}" if fail else "")

    def received(self, name: str) -> list[Delivery]:
        with self.lock:
            return list(self.deliveries.get(name, []))

    def wait_for(self, name: str, count: int, timeout: float) -> list[Delivery]:
        """The deliveries to `name` once there are `count` of them; bounded by `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received(name)
            if len(got) >= count:
                return got
            time.sleep(0.02)
        raise TimeoutError(f"{len(self.received(name))} of {count} deliveries to {name!r}")


def _image_bytes(width: int, height: int, ext: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, "PNG" if ext == "png" else "JPEG")
    return out.getvalue()


def _handler(state: Loopback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests read what they need from `Loopback`."""

        def _answer(self, status: int, body: bytes, media_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            match = IMAGE_PATH.match(urlsplit(self.path).path)
            if match:
                width, height, ext = int(match[1]), int(match[2]), match[3]
                media = "image/png" if ext == "png" else "image/jpeg"
                self._answer(200, _image_bytes(width, height, ext), media)
            elif self.path == "/not-an-image":
                self._answer(200, b"hello", "text/plain")
            else:
                self._answer(404, b"no", "text/plain")

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
            match = HOOK_PATH.match(parts.path)
            if not match:
                self._answer(404, b"no", "text/plain")
                return
            fail = int(parse_qs(parts.query).get("fail", ["0"])[0])
            with state.lock:
                seen = state.deliveries.setdefault(match[1], [])
                status = 500 if len(seen) < fail else 204
                headers = {k.lower(): v for k, v in self.headers.items()}
                seen.append(Delivery(headers, body, status, time.monotonic()))
            self._answer(status, b"", "text/plain")

    return Handler


@contextmanager
def loopback_service() -> Iterator[Loopback]:
    """Run the service on a free loopback port in a thread; shut it down on exit."""
    state = Loopback("127.0.0.1", 0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = int(server.server_address[1])
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
