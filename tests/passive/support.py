"""What the passive tests share: a source-image server and the proxy on a thread."""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PIL import Image

from conformance.passive.harfile import Recorded
from conformance.passive.judge import Judge
from conformance.passive.proxy import Proxy, ProxyOptions
from conformance.run.ledger import Failure
from tests.client.helpers import serving
from tests.conformance.proxy import ServerThread

SOURCE_SIZE = (640, 480)


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


@contextlib.contextmanager
def image_server() -> Iterator[str]:
    """A loopback server of one PNG source image; yields its URL."""
    body = png(SOURCE_SIZE)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/source.png":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}/source.png"


@dataclass
class Proxied:
    """The proxy running on a thread, its judge and the failure lines it told."""

    url: str
    proxy: Proxy
    judge: Judge
    lines: list[str]

    def settle(self, timeout: float = 20.0) -> None:
        """Wait until the judge has judged everything and every result fetch is back."""
        deadline = time.monotonic() + timeout
        while not self.proxy.settled():
            if time.monotonic() > deadline:
                raise TimeoutError("the judge did not settle")
            time.sleep(0.02)


@contextlib.contextmanager
def proxied(
    upstream: str,
    *,
    fetch_results: bool = True,
    time_budget: float | None = None,
    timeout: float = 60.0,
    tap: Callable[[Recorded], None] | None = None,
) -> Iterator[Proxied]:
    """`conformance proxy` in this process, in front of `upstream`."""
    from conformance.passive.judge import failure_line

    lines: list[str] = []

    def tell(failure: Failure, task: str | None) -> None:
        lines.append(failure_line(failure, task))

    judge = Judge(time_budget=time_budget, on_failure=tell)
    proxy = Proxy(ProxyOptions(upstream, timeout, fetch_results, tap), judge)
    try:
        with ServerThread(proxy) as thread:
            yield Proxied(thread.url, proxy, judge, lines)
    finally:
        proxy.judging.shutdown(wait=True)


def read_text_tree(folder: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))
