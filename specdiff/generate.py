"""Generates the client from a spec: the one definition of how, used by scripts/regenerate and by
spec-diff (which caches each client by the hash of everything that goes into it)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
# What else goes into a client: the overlay, the config, the templates, the hand-written modules.
_INPUTS = (
    SPEC / "client" / "overlay.yaml",
    SPEC / "client" / "apply_overlay.py",
    SPEC / "client-config.yaml",
    SPEC / "templates",
    SPEC / "client" / "imagegen_client",
)
_KEEP = 8


class GenerationError(Exception):
    """The generator failed on a spec; the message is its last line of output."""


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0:
        output = (result.stderr + result.stdout).strip().splitlines() or ["no output"]
        raise GenerationError(f"client generation failed: {output[-1]}")


def generate(spec: Path, out: Path) -> None:
    """Build the client project of `spec` into `out` (which must not exist yet).

    The spec plus spec/client/overlay.yaml (client-only forward compatibility), with the templates
    in spec/templates; the post_hooks of spec/client-config.yaml copy the hand-written modules of
    spec/client/imagegen_client/ in ($IMAGEGEN_REPO) and run the pinned ruff (first on PATH).
    """
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "IMAGEGEN_REPO": str(ROOT),
        "PATH": bin_dir + os.pathsep + os.environ["PATH"],
    }
    with tempfile.TemporaryDirectory(prefix="specdiff-gen-") as scratch:
        combined = Path(scratch) / "openapi.client.json"
        try:
            _overlay().main(str(spec), str(SPEC / "client" / "overlay.yaml"), str(combined))
        except SystemExit as failed:  # the script's way of saying the overlay does not apply
            raise GenerationError(f"client generation failed: {failed}") from None
        _run(
            [
                str(Path(bin_dir) / "openapi-python-client"),
                "generate",
                "--path", str(combined),
                "--config", str(SPEC / "client-config.yaml"),
                "--custom-template-path", str(SPEC / "templates"),
                "--meta", "pdm",
                "--output-path", str(out),
            ],
            env,
        )  # fmt: skip


def _overlay() -> Any:
    """spec/client/apply_overlay.py, loaded in this process (a script, not a package module)."""
    path = SPEC / "client" / "apply_overlay.py"
    loader = importlib.util.spec_from_file_location("imagegen_apply_overlay", path)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return module


def fingerprint(spec_text: str) -> str:
    """A hash of everything the generated client depends on, so a cached one is never stale."""
    digest = hashlib.sha256(spec_text.encode())
    for name in ("openapi-python-client", "ruff"):
        digest.update(f"{name}=={metadata.version(name)}".encode())
    for entry in _INPUTS:
        files = sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry]
        for path in files:
            if "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def default_cache() -> Path:
    configured = os.environ.get("SPECDIFF_CACHE")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Path(configured) if configured else base / "imagegen-specdiff"


def cached_client(spec_text: str, cache: Path | None = None) -> Path:
    """The client project generated from `spec_text`, made once per distinct input."""
    root = cache or default_cache()
    target = root / fingerprint(spec_text)
    if (target / "imagegen_client").is_dir():
        os.utime(target)
        return target
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="build-", dir=root) as scratch:
        spec = Path(scratch) / "openapi.yaml"
        spec.write_text(spec_text, encoding="utf-8")
        generate(spec, Path(scratch) / "client")
        try:
            (Path(scratch) / "client").rename(target)
        except OSError:  # another run made the same client meanwhile
            if not (target / "imagegen_client").is_dir():
                raise
    _prune(root)
    return target


def _prune(root: Path) -> None:
    clients = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith("build-")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in clients[_KEEP:]:
        shutil.rmtree(stale, ignore_errors=True)


def main(argv: list[str]) -> int:
    """`python -m specdiff.generate SPEC OUT`, as scripts/regenerate calls it."""
    if len(argv) != 2:
        print("usage: python -m specdiff.generate SPEC OUT", file=sys.stderr)
        return 2
    try:
        generate(Path(argv[0]).resolve(), Path(argv[1]).resolve())
    except GenerationError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
