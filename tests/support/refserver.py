"""Starts the reference server in a subprocess, so every test gets a clean, bounded one."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.entry.bundled import running_refserver, stop_process

__all__ = ["ServerHandle", "running_server", "stop_process"]

REPO_ROOT = Path(__file__).resolve().parents[2]
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
    """Start `python -m refserver` on a free loopback port (the kit's launcher); stop it after."""
    keys = {name: _key() for name in ("generator", "second", "manager", "other_manager")}
    full_config = _build_config(config, keys)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), *filter(None, [env.get("PYTHONPATH")])])
    with tempfile.TemporaryDirectory(prefix="refserver-test-") as tmp:
        log_path = Path(tmp) / "server.log"
        with running_refserver(
            full_config, tuple(faults), log_path=log_path, env=env, cwd=REPO_ROOT
        ) as base_url:
            yield ServerHandle(
                base_url=base_url,
                config=full_config,
                generator_key=keys["generator"],
                second_key=keys["second"],
                manager_key=keys["manager"],
                other_org_manager_key=keys["other_manager"],
                log_path=log_path,
            )
