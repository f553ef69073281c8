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
from collections.abc import Iterator, Sequence
from pathlib import Path

from conformance.target import Target

START_TIMEOUT = 30.0
ORG_ID = "org-conformance"


def _key(label: str) -> str:
    return f"sk-{label}-{secrets.token_hex(16)}"


@contextlib.contextmanager
def bundled_server(allow: Sequence[str], faults: Sequence[str] = ()) -> Iterator[Target]:
    """Run `python -m refserver` on a free loopback port with fresh keys; stop it afterwards."""
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
        "rateLimit": {"rate": 1000, "burst": 2000},
        "webhookBackoff": [0.2, 0.4, 0.8, 1.6],
        "faults": list(faults),
    }
    with tempfile.TemporaryDirectory(prefix="conformance-refserver-") as tmp:
        config_path, ready = Path(tmp) / "config.json", Path(tmp) / "ready.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        log = (Path(tmp) / "server.log").open("wb")
        command = [sys.executable, "-m", "refserver", "--host", "127.0.0.1", "--port", "0"]
        command += ["--config", str(config_path), "--ready-file", str(ready)]
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            base_url = _wait_ready(process, ready, Path(tmp) / "server.log")
            yield Target(
                base_url=base_url,
                api_key=keys["gen"],
                second_key=keys["second"],
                manager_key=keys["manager"],
                org_id=ORG_ID,
                rate_limited_key=keys["limited"],
                bundled=True,
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            log.close()


def _wait_ready(process: subprocess.Popen[bytes], ready: Path, log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the bundled server exited with {process.returncode}: {tail}")
        with contextlib.suppress(OSError, ValueError, KeyError):
            return str(json.loads(ready.read_text(encoding="utf-8"))["baseUrl"])
        time.sleep(0.05)
    raise TimeoutError(f"the bundled server was not ready within {START_TIMEOUT:.0f} s")
