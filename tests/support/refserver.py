"""Starts the reference server in a subprocess, so every test gets a clean, bounded one."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 5.0
ORG_ID = "org-test"
OTHER_ORG_ID = "org-other"


@dataclass(frozen=True)
class ServerHandle:
    """Where a running test server listens and the keys it was started with."""

    base_url: str
    config: dict[str, Any]
    generator_key: str
    second_key: str
    manager_key: str
    other_org_manager_key: str
    org_id: str = ORG_ID
    other_org_id: str = OTHER_ORG_ID
    log_path: Path | None = field(default=None, compare=False)

    def log(self) -> str:
        """The server's output so far, for a failing test's message."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _key() -> str:
    return "sk-test-" + secrets.token_hex(16)


def _build_config(config: Mapping[str, Any] | None, keys: dict[str, str]) -> dict[str, Any]:
    """The four standard keys first, then the caller's members (its `keys` are appended)."""
    base_keys = [
        {"key": keys["generator"], "scope": "generator", "org": ORG_ID},
        {"key": keys["second"], "scope": "generator", "org": ORG_ID},
        {"key": keys["manager"], "scope": "manager", "org": ORG_ID},
        {"key": keys["other_manager"], "scope": "manager", "org": OTHER_ORG_ID},
    ]
    merged: dict[str, Any] = dict(config or {})
    merged["keys"] = base_keys + list(merged.get("keys", []))
    return merged


@contextlib.contextmanager
def running_server(
    config: Mapping[str, Any] | None = None, faults: Iterable[str] = ()
) -> Iterator[ServerHandle]:
    """Start `python -m refserver` on a free loopback port; wait for its ready file; stop it."""
    keys = {name: _key() for name in ("generator", "second", "manager", "other_manager")}
    full_config = _build_config(config, keys)
    with tempfile.TemporaryDirectory(prefix="refserver-test-") as tmp:
        tmp_path = Path(tmp)
        config_path = tmp_path / "config.json"
        ready_path = tmp_path / "ready.json"
        log_path = tmp_path / "server.log"
        config_path.write_text(json.dumps(full_config), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "refserver",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--config",
            str(config_path),
            "--ready-file",
            str(ready_path),
        ]
        for fault in faults:
            command += ["--fault", fault]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO_ROOT), *filter(None, [env.get("PYTHONPATH")])]
        )
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            base_url = _wait_ready(process, ready_path, log_path)
            yield ServerHandle(
                base_url=base_url,
                config=full_config,
                generator_key=keys["generator"],
                second_key=keys["second"],
                manager_key=keys["manager"],
                other_org_manager_key=keys["other_manager"],
                log_path=log_path,
            )
        finally:
            stop_process(process)


def _wait_ready(process: subprocess.Popen[bytes], ready_path: Path, log_path: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"refserver exited with {process.returncode}:\n{_tail(log_path)}")
        if ready_path.exists():
            with contextlib.suppress(ValueError):
                data = json.loads(ready_path.read_text(encoding="utf-8"))
                return str(data["baseUrl"])
        time.sleep(0.05)
    raise TimeoutError(f"refserver not ready in {START_TIMEOUT_SECONDS} s:\n{_tail(log_path)}")


def _tail(log_path: Path) -> str:
    with contextlib.suppress(OSError):
        return log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
    return ""


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate, then kill if it lingers; bounded either way."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
