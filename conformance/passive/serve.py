"""Runs the proxy until SIGINT or SIGTERM, writing the reports at an interval and when it stops."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import uvicorn

from conformance.passive.judge import Judge
from conformance.passive.proxy import Proxy, ProxyOptions
from conformance.report import write_reports
from conformance.run.outcome import Baseline, RunOutcome

SOURCE = "proxy"
SWITCH_SECONDS = 0.0005  # the judge's thread hands the GIL back to the forwarding loop this soon


@dataclass(frozen=True)
class ServeOptions:
    proxy: ProxyOptions
    host: str
    port: int
    report_dir: Path
    interval: float | None  # seconds between two report writes; None: only at the end
    baseline: Baseline | None = None


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound now so a taken port is one line, not a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.listen(1024)
    return sock


class Running:
    """One proxy run: the judge, the app, the server and the report writer."""

    def __init__(self, options: ServeOptions, judge: Judge, say: Callable[[str], None]) -> None:
        self.options, self.judge, self.say = options, judge, say
        self.proxy = Proxy(options.proxy, judge)
        self.outcome: RunOutcome | None = None

    def write(self) -> RunOutcome:
        """Reports as things stand (call it in the judge's thread, or once the judge is done)."""
        notes: tuple[str, ...] = tuple(f"the judge failed on: {e}" for e in self.proxy.judge_errors)
        if self.proxy.not_judged:
            notes += (f"{self.proxy.not_judged} exchanges were forwarded but not judged (backlog)",)
        outcome = self.judge.outcome(self.options.proxy.upstream, SOURCE, notes)
        outcome = replace(outcome, baseline=self.options.baseline)
        write_reports(self.options.report_dir, outcome, ())
        self.outcome = outcome
        return outcome

    async def _every(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(seconds)
            await loop.run_in_executor(self.proxy.judging, self.write)

    async def serve(self, sock: socket.socket) -> RunOutcome:
        config = uvicorn.Config(
            self.proxy,
            http="httptools",
            log_level="warning",
            access_log=False,
            proxy_headers=False,  # the proxy forwards headers; it does not act on them
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        server = uvicorn.Server(config)
        writer = None
        if self.options.interval:
            writer = asyncio.create_task(self._every(self.options.interval))
        try:
            await server.serve(sockets=[sock])
        finally:
            if writer is not None:
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await writer
            await self.proxy.aclose()
        return self.write()


def run(options: ServeOptions, judge: Judge, say: Callable[[str], None]) -> RunOutcome:
    """Serve until a signal; uvicorn re-raises it after a graceful stop, so ours only note it."""
    sock = bind(options.host, options.port)
    host, port = sock.getsockname()[:2]
    running = Running(options, judge, say)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda number, frame: None)
    sys.setswitchinterval(SWITCH_SECONDS)
    say(
        f"conformance proxy: http://{host}:{port} -> {options.proxy.upstream} "
        f"(reports in {options.report_dir}"
        + (f", every {options.interval:g} s" if options.interval else ", when it stops")
        + ")"
    )
    try:
        if sys.platform != "win32":
            import uvloop

            return uvloop.run(running.serve(sock))
        return asyncio.run(running.serve(sock))
    finally:
        sock.close()
