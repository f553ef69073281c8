"""`--workers N`: N server processes accepting on one socket, kept alive by this supervisor.

The processes share nothing but the socket and the store: every piece of state a request can
touch (tasks, files, webhook secrets, rate-limit buckets, deliveries) lives in the store, so
any worker answers any request, and a worker that dies loses nothing but its open connections.

Why not uvicorn's own `uvicorn.supervisors.Multiprocess` (0.54.0): on the same pre-bound socket it
passes tests/stores/test_multiprocess.py (the store keeps deliveries once and the rate limit shared,
and it replaces a killed worker), but its stop joins workers without a timeout (a stuck worker hangs
the parent for good, and its workers outlive a kill of it), and saying "ready" only once the workers
accept needs `Process.wait_until_ready`, internal API new in 2026 (our bound is uvicorn>=0.30).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import time
from multiprocessing.context import SpawnProcess
from multiprocessing.queues import Queue
from types import FrameType

from refserver.serve import serve_one
from refserver.settings import Config

log = logging.getLogger("refserver.workers")

START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
WATCH_SECONDS = 0.2
RESTART_PAUSE_SECONDS = 1.0  # a worker that keeps dying is restarted at most once a second


def _child(config: Config, sock: socket.socket, started: Queue[int]) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    serve_one(config, sock, lambda: started.put(0))


class Supervisor:
    """Starts the workers, waits until each accepts, restarts any that dies, stops them all."""

    def __init__(self, config: Config, sock: socket.socket) -> None:
        self.config = config
        self.sock = sock
        self.context = multiprocessing.get_context("spawn")
        self.started: Queue[int] = self.context.Queue()
        self.workers: list[SpawnProcess] = []
        self.spawned: list[float] = []
        self.stopping = False

    def _spawn(self) -> SpawnProcess:
        process = self.context.Process(
            target=_child,
            args=(self.config, self.sock, self.started),
            name="refserver-worker",
            daemon=False,
        )
        process.start()
        return process

    def start(self) -> None:
        """All workers up and accepting, or RuntimeError (and none left running)."""
        self.workers = [self._spawn() for _ in range(self.config.workers)]
        self.spawned = [time.time()] * len(self.workers)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        for _ in self.workers:
            while True:
                try:
                    self.started.get(timeout=WATCH_SECONDS)
                    break
                except Exception:  # queue.Empty
                    if any(w.exitcode is not None for w in self.workers) or (
                        time.monotonic() > deadline
                    ):
                        self.stop()
                        raise RuntimeError("a worker process did not start") from None

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def run(self) -> None:
        """Until SIGINT or SIGTERM: replace any worker that exits (a crash, a kill -9)."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)
        try:
            while not self.stopping:
                time.sleep(WATCH_SECONDS)
                for index, worker in enumerate(self.workers):
                    due = self.spawned[index] + RESTART_PAUSE_SECONDS
                    if worker.exitcode is not None and not self.stopping and time.time() >= due:
                        log.warning(
                            "worker %s exited with %s; starting another",
                            worker.pid,
                            worker.exitcode,
                        )
                        self.workers[index] = self._spawn()
                        self.spawned[index] = time.time()
        finally:
            self.stop()

    def stop(self) -> None:
        for worker in self.workers:
            if worker.exitcode is None:
                worker.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for worker in self.workers:
            worker.join(max(0.1, deadline - time.monotonic()))
            if worker.exitcode is None:
                worker.kill()
                worker.join(STOP_TIMEOUT_SECONDS)
