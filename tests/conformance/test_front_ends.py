"""The CLI and the pytest plugin offer the same options, read from their own --help."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.entry.kitoptions import RUN

TIMEOUT = 120
FLAG = re.compile(r"^  (?:-\w, )?(--[a-z][a-z0-9-]*)", re.MULTILINE)
PLUGIN_GROUP = "Image Generation API conformance"


def _run(
    args: list[str], folder: Path, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)} if pythonpath else None
    return subprocess.run(
        [sys.executable, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
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


OTHER_PLUGIN = """
def pytest_addoption(parser):
    parser.addoption("--profile", action="store_true", help="profile the tests (not the kit's)")
    parser.getgroup("split").addoption("--group", type=int, help="which split to run")
"""


def test_a_name_another_plugin_owns_is_left_to_it(tmp_path: Path) -> None:
    """pytest-profiling owns --profile and pytest-split --group: pytest must still start, the
    kit reads the old alias or the config file instead, and never the other plugin's value."""
    (tmp_path / "other_plugin.py").write_text(OTHER_PLUGIN, encoding="utf-8")
    (tmp_path / "test_seed.py").write_text(SEED_TEST, encoding="utf-8")
    (tmp_path / "conformance.toml").write_text("seed = 5\n", encoding="utf-8")
    early = ["-m", "pytest", "-p", "other_plugin", "-p", "no:cacheprovider"]
    helped = _run([*early, "--help"], tmp_path, pythonpath=tmp_path)
    assert helped.returncode == 0, helped.stderr
    section = helped.stdout.split(PLUGIN_GROUP, 1)[1]
    assert "another plugin owns --profile: use --profile" in section
    ours = set(FLAG.findall(re.split(r"\n(?=\S)", section.split("\n", 1)[1], maxsplit=1)[0]))
    assert "--profile" not in ours and "--group" not in ours and "--seed" in ours
    ran = _run(
        [
            *early,
            "-q",
            "--profile",
            "--group",
            "2",
            "--conformance-profile",
            "thorough",
            "test_seed.py",
        ],
        tmp_path,
        pythonpath=tmp_path,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "deprecated" not in ran.stderr
    assert "--group belongs to another pytest plugin" in ran.stdout


SEED_FILE_TEST = """
import pathlib
import pytest

@pytest.mark.parametrize("n", range(4))
def test_seed(conformance_settings, n, worker_id):
    pathlib.Path(f"seed-{n}").write_text(str(conformance_settings.seed))
"""


def test_every_xdist_worker_runs_with_one_printed_seed(tmp_path: Path) -> None:
    (tmp_path / "test_seeds.py").write_text(SEED_FILE_TEST, encoding="utf-8")
    ran = _run(["-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "test_seeds.py"], tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    seeds = {(tmp_path / f"seed-{n}").read_text() for n in range(4)}
    assert len(seeds) == 1
    (seed,) = seeds
    assert f"conformance: seed {seed} (--seed {seed} repeats this run)" in ran.stdout


def test_under_pytest_a_bad_config_file_stops_the_session_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "test_seed.py").write_text(SEED_TEST, encoding="utf-8")
    (tmp_path / "conformance.toml").write_text('api-key = "sk-live-secret"\n', encoding="utf-8")
    ran = _run(["-m", "pytest", "-p", "no:cacheprovider", "test_seed.py"], tmp_path)
    assert ran.returncode == pytest.ExitCode.USAGE_ERROR
    assert ran.stderr.strip().splitlines() == [
        "ERROR: conformance: conformance.toml: api-key is a secret and a config file gets "
        "committed: keys stay in the environment (CONFORMANCE_API_KEY) or on the command line"
    ]
