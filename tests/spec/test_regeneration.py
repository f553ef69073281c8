"""The committed client is exactly what the pinned generator makes from the spec."""

from __future__ import annotations

import subprocess
from pathlib import Path


def test_generated_client_is_not_stale(repo: Path) -> None:
    result = subprocess.run(
        ["scripts/regenerate", "--check"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
