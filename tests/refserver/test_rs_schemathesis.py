"""Schemathesis, every phase including stateful, finds no failure in any built-in check."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.run.sidecar import Sidecar
from tests.refserver.conftest import server_config
from tests.support.refserver import REPO_ROOT, running_server

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent


@pytest.mark.timeout(110)
def test_schemathesis_finds_no_failure(loopback: Sidecar, tmp_path: Path) -> None:
    counts = tmp_path / "counts.txt"
    config = server_config(loopback)
    with running_server(config) as server:
        env = dict(os.environ)
        env.update(
            {
                "SCHEMATHESIS_HOOKS": "st_hooks",
                "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO_ROOT)]),
                "RS_SOURCE_URL": loopback.image_url(640, 480),
                "RS_HOOK_URL": loopback.hook_url("schemathesis"),
                "RS_ORG_ID": server.org_id,
                "RS_COUNTS_FILE": str(counts),
            }
        )
        command = [
            str(Path(sys.executable).with_name("st")),
            "run",
            str(REPO_ROOT / "spec" / "openapi.yaml"),
            "--url",
            server.base_url,
            "--header",
            f"Authorization: Bearer {server.manager_key}",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--checks",
            "all",
            "--max-examples",
            "30",
            # One worker: with two, Hypothesis' lambda descriptions call ast.parse from two
            # threads, which CPython 3.11 can break ("AST constructor recursion depth mismatch").
            "--workers",
            "1",
            "--request-timeout",
            "10",
            "--seed",
            "1",
            "--no-color",
        ]
        result = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=100
        )
        output = result.stdout[-6000:] + result.stderr[-3000:]
        output = output.replace(server.manager_key, "<key>")
        server_log = server.log()
    assert "internal error" not in server_log, server_log[-3000:]
    assert result.returncode == 0, output
    statuses = collections.Counter(
        (line.split()[0], int(line.split()[2]))
        for line in counts.read_text(encoding="utf-8").splitlines()
    )
    successes = {method for (method, status), n in statuses.items() if 200 <= status < 300}
    assert {"GET", "POST"} <= successes, statuses
    assert sum(n for (_, status), n in statuses.items() if 200 <= status < 300) >= 20, statuses
