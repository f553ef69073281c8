"""The CLI and the pytest plugin offer the same options, read from their own --help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conformance.entry.kitoptions import RUN

TIMEOUT = 120
FLAG = re.compile(r"^  (?:-\w, )?(--[a-z][a-z0-9-]*)", re.MULTILINE)
PLUGIN_GROUP = "Image Generation API conformance"


def _run(args: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=folder, capture_output=True, text=True, timeout=TIMEOUT
    )


def _cli_flags(folder: Path) -> set[str]:
    shown = _run(["-m", "conformance", "--help"], folder)
    assert shown.returncode == 0, shown.stderr
    return set(FLAG.findall(shown.stdout)) - {"--help"}


def _pytest_flags(folder: Path) -> set[str]:
    """The flags in the plugin's own group of `pytest --help` (pytest's own are elsewhere)."""
    shown = _run(["-m", "pytest", "--help"], folder)
    assert shown.returncode == 0, shown.stderr
    section = shown.stdout.split(PLUGIN_GROUP, 1)[1]
    section = re.split(r"\n(?=\S)", section.split("\n", 1)[1], maxsplit=1)[0]
    return set(FLAG.findall(section))


def test_both_front_ends_offer_the_same_options(tmp_path: Path) -> None:
    cli, under_pytest = _cli_flags(tmp_path), _pytest_flags(tmp_path)
    cli_only = {option.flag for option in RUN.options if option.cli_only}
    aliases = {alias for option in RUN.options for alias in option.deprecated_pytest_aliases}
    assert cli_only <= cli, "a CLI-only option is missing from the CLI"
    assert cli - cli_only == under_pytest - aliases
    assert aliases <= under_pytest
    shown = {option.flag for option in RUN.options if not option.hidden}
    assert cli == shown, "the CLI's help and the options table disagree"


SEED_TEST = """
def test_seed(conformance_settings):
    assert conformance_settings.seed == 5
    assert conformance_settings.profile == "thorough"
"""


def test_the_old_pytest_names_still_work_with_one_deprecation_line_each(tmp_path: Path) -> None:
    (tmp_path / "test_seed.py").write_text(SEED_TEST, encoding="utf-8")
    ran = _run(
        [
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--conformance-seed",
            "5",
            "--conformance-profile",
            "thorough",
            "test_seed.py",
        ],
        tmp_path,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    lines = [line for line in ran.stderr.splitlines() if "deprecated" in line]
    assert lines == [
        "conformance: --conformance-profile is deprecated, use --profile (same meaning)",
        "conformance: --conformance-seed is deprecated, use --seed (same meaning)",
    ]


def test_the_new_pytest_names_need_no_line(tmp_path: Path) -> None:
    (tmp_path / "test_seed.py").write_text(SEED_TEST, encoding="utf-8")
    config = 'profile = "thorough"\nreport-dir = "kept-for-the-cli"\n'  # a CLI-only key is fine
    (tmp_path / "conformance.toml").write_text(config, encoding="utf-8")
    ran = _run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--seed", "5", "test_seed.py"], tmp_path
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "deprecated" not in ran.stderr
