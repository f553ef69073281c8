"""The built wheel works on its own: installed outside the repository, the kit runs from it."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

RUN_TIMEOUT_SECONDS = 240

pytestmark = pytest.mark.xdist_group("wheel")  # one wheel built and installed, shared


def _run(command: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def installed(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding only the wheel (dependencies come from this one)."""
    root = tmp_path_factory.mktemp("wheel")
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(root / "dist"),
            str(repo),
        ],
        cwd=root,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((root / "dist").glob("imagegen_toolkit-*.whl"))
    env = root / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root
    ).stdout.strip()
    # The pinned dependencies are already here: reuse them offline, without this checkout.
    (Path(purelib) / "toolkit-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    install = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=root,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return env


def test_the_packages_come_from_the_wheel_not_the_checkout(installed: Path, repo: Path) -> None:
    shown = _run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import contract, conformance, refserver; "
            "print(contract.__file__, conformance.__file__, refserver.__file__)",
        ],
        cwd=installed.parent,
    )
    assert shown.returncode == 0, shown.stderr
    for path in shown.stdout.split():
        assert Path(path).is_relative_to(installed), path
        assert not Path(path).is_relative_to(repo), path


def test_the_installed_kit_checks_the_bundled_server(installed: Path) -> None:
    reports = installed.parent / "reports"
    run = _run(
        [
            str(installed / "bin" / "conformance"),
            "--group",
            "validation",
            "--report-dir",
            str(reports),
        ],
        cwd=installed.parent,
        timeout=RUN_TIMEOUT_SECONDS,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    status = {rule["id"]: rule["status"] for rule in results["rules"]}
    assert status["VAL-1"] == status["VAL-2"] == status["DIM-3"] == "passed", status
