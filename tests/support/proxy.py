"""A tiny forward proxy on loopback for the client's tests: CONNECT tunnels (https targets) and
plain HTTP forwarding (absolute-URI requests), recording each request; loopback targets only."""

from __future__ import annotations

import contextlib
import http.client
import select
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authorization", "proxy-connection", "te"}
_IDLE = 5.0
"""Seconds a tunnel waits for bytes in either direction before it is closed."""


class ForwardProxy:
    """Started with `running_proxy()`; `seen` holds "CONNECT host:port" or "METHOD url" lines."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _record(self, line: str) -> None:
        with self._lock:
            self.seen.append(line)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the tests read `seen`."""

            def do_CONNECT(self) -> None:
                host, _, port = self.path.rpartition(":")
                proxy._record(f"CONNECT {self.path}")
                if host not in ("127.0.0.1", "localhost"):
                    self.send_error(403, "loopback targets only")
                    return
                upstream = socket.create_connection((host, int(port)), timeout=_IDLE)
                self.send_response(200, "Connection established")
                self.end_headers()
                _pipe(self.connection, upstream)
                self.close_connection = True

            def _forward(self) -> None:
                target = urlsplit(self.path)
                proxy._record(f"{self.command} {self.path}")
                if target.hostname not in ("127.0.0.1", "localhost") or target.port is None:
                    self.send_error(403, "loopback targets only")
                    return
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=_IDLE)
                try:
                    path = target.path + (f"?{target.query}" if target.query else "")
                    upstream.request(self.command, path or "/", body=body, headers=headers)
                    answer = upstream.getresponse()
                    content = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in _HOP_BY_HOP | {"content-length", "transfer-encoding"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        return Handler


def _pipe(client: socket.socket, upstream: socket.socket) -> None:
    """Copies bytes both ways until either side closes or stays idle."""
    sockets = [client, upstream]
    try:
        while True:
            ready, _, _ = select.select(sockets, [], [], _IDLE)
            if not ready:
                return
            for source in ready:
                data = source.recv(65536)
                if not data:
                    return
                (upstream if source is client else client).sendall(data)
    except OSError:
        return
    finally:
        upstream.close()


@contextlib.contextmanager
def running_proxy() -> Iterator[ForwardProxy]:
    """A ForwardProxy serving on a thread for the block, stopped and closed after it."""
    proxy = ForwardProxy()
    thread = threading.Thread(target=proxy.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.server.shutdown()
        proxy.server.server_close()
        thread.join(timeout=5)
