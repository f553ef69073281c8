"""Starts the bundled reference server as a subprocess, so the kit never imports the server."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from conformance.run.target import Target

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
ORG_ID = "org-conformance"


def _key(label: str) -> str:
    return f"sk-{label}-{secrets.token_hex(16)}"


@contextlib.contextmanager
def running_refserver(
    config: Mapping[str, Any],
    faults: Sequence[str] = (),
    *,
    log_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Iterator[str]:
    """Run `python -m refserver` with `config` on a free loopback port; yield its base URL.

    The server writes its address to a ready file once it listens; it is stopped on exit.
    """
    with tempfile.TemporaryDirectory(prefix="conformance-refserver-") as tmp:
        config_path, ready = Path(tmp) / "config.json", Path(tmp) / "ready.json"
        log_path = log_path or Path(tmp) / "server.log"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        command = [sys.executable, "-m", "refserver", "--host", "127.0.0.1", "--port", "0"]
        command += ["--config", str(config_path), "--ready-file", str(ready)]
        for fault in faults:
            command += ["--fault", fault]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**(env if env is not None else os.environ), "PYTHONUNBUFFERED": "1"},
            )
        try:
            yield _wait_ready(process, ready, log_path)
        finally:
            stop_process(process)


GENEROUS = {"rate": 1000, "burst": 2000}


@contextlib.contextmanager
def bundled_server(
    allow: Sequence[str],
    faults: Sequence[str] = (),
    rate_limit: Mapping[str, float] | None = GENEROUS,
) -> Iterator[Target]:
    """The reference server with fresh keys and fast timing; by default a generous rate limit
    (None: the server's own default, as `python -m refserver` starts)."""
    keys = {name: _key(name) for name in ("gen", "second", "manager", "limited")}
    config = {
        "keys": [
            {"key": keys["gen"], "scope": "generator", "org": ORG_ID},
            {"key": keys["second"], "scope": "generator", "org": ORG_ID},
            {"key": keys["manager"], "scope": "manager", "org": ORG_ID},
            {"key": keys["limited"], "scope": "generator", "org": ORG_ID, "rate": 2, "burst": 5},
        ],
        "allow": list(allow),
        "timing": {"startingSeconds": 0.05, "processingSeconds": 0.3},
        "webhookBackoff": [0.2, 0.4, 0.8, 1.6],
    }
    if rate_limit is not None:
        config["rateLimit"] = dict(rate_limit)
    with running_refserver(config, faults) as base_url:
        yield Target(
            base_url=base_url,
            api_key=keys["gen"],
            second_key=keys["second"],
            manager_key=keys["manager"],
            org_id=ORG_ID,
            rate_limited_key=keys["limited"],
            bundled=True,
        )


def _wait_ready(process: subprocess.Popen[bytes], ready: Path, log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
            raise RuntimeError(f"the reference server exited with {process.returncode}: {tail}")
        with contextlib.suppress(OSError, ValueError, KeyError):
            return str(json.loads(ready.read_text(encoding="utf-8"))["baseUrl"])
        time.sleep(0.05)
    raise TimeoutError(f"the reference server was not ready within {START_TIMEOUT:.0f} s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate, then kill if it lingers: bounded either way, so no test leaves a server behind."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
