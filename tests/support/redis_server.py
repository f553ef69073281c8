"""Starts a throwaway `redis-server` on a free loopback port, for the tests that need one."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

from tests.support.ports import free_port
from tests.support.refserver import stop_process

START_TIMEOUT_SECONDS = 10.0
MISSING = "no redis-server binary on PATH (.ci/run installs the Debian package redis-server)"


def redis_binary() -> str | None:
    return shutil.which("redis-server")


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")
    return False


@contextlib.contextmanager
def running_redis() -> Iterator[str]:
    """A `redis://127.0.0.1:PORT` URL; no persistence, data in a temporary directory; stopped."""
    binary = redis_binary()
    if binary is None:
        raise RuntimeError(MISSING)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="redis-test-") as tmp:
        command = [
            binary,
            "--port", str(port), "--bind", "127.0.0.1", "--dir", tmp,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + START_TIMEOUT_SECONDS
            while not _answers(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {port}")
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}"
        finally:
            stop_process(process)
