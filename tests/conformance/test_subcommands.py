"""Subcommands, positional and repeatable options come from the same table as the default run."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.entry.cli import main, parser
from conformance.entry.kitoptions import CONFIG
from conformance.entry.optionmodel import Command, Option, UsageError, Values

SEEN: list[Values] = []


def _remember(values: Values) -> int:
    SEEN.append(values)
    return 0


def _refuse(values: Values) -> int:
    raise UsageError("that upstream is not allowed")


ECHO = Command(
    "echo",
    "a subcommand made for this test",
    (
        Option("upstream", "where to forward", required=True),
        Option("skip-class", "a class to skip", repeatable=True, choices=("a", "b")),
        Option("har-file", "HAR files", positional=True, repeatable=True),
        CONFIG,
    ),
    run=_remember,
)


@pytest.fixture(autouse=True)
def _in_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    SEEN.clear()


def test_a_subcommand_gets_its_flags_positionals_and_repeatables() -> None:
    argv = ["echo", "--upstream", "http://u", "--skip-class", "a", "--skip-class", "b", "x", "y"]
    assert main(argv, subcommands=(ECHO,)) == 0
    (values,) = SEEN
    assert values["upstream"] == "http://u"
    assert values["skip-class"] == ("a", "b")
    assert values["har-file"] == ("x", "y")


def test_a_required_option_may_come_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "conformance.toml").write_text('upstream = "http://from-file"\nmax-rps = 3\n')
    assert main(["echo", "f.har"], subcommands=(ECHO,)) == 0
    assert SEEN[0]["upstream"] == "http://from-file"


def test_a_missing_required_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["echo", "f.har"], subcommands=(ECHO,)) == 2
    assert (
        capsys.readouterr().err
        == "conformance: --upstream is required (or upstream in the config file)\n"
    )


def test_a_subcommand_refusing_its_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    refusing = Command("echo", "refuses", ECHO.options, run=_refuse)
    assert main(["echo", "--upstream", "u", "f"], subcommands=(refusing,)) == 2
    assert capsys.readouterr().err == "conformance: that upstream is not allowed\n"


def test_the_default_run_keeps_its_flags_beside_subcommands() -> None:
    args = parser((ECHO,)).parse_args(["--base-url", "https://x.example", "--seed", "3"])
    assert args.command is None and args.base_url == "https://x.example" and args.seed == 3
    assert "echo" in parser((ECHO,)).format_help()


def test_without_subcommands_the_help_names_none() -> None:
    assert "COMMAND" not in parser(()).format_help()
