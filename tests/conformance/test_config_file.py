"""The kit's config file: found as schemathesis.toml is, checked by a schema made from the table."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conformance.entry import configfile
from conformance.entry.cli import main
from conformance.entry.kitoptions import RUN
from conformance.entry.optionmodel import Option, UsageError
from conformance.entry.options import resolve
from conformance.run.target import Settings


def _defaults() -> dict[str, object]:
    return {field.name: field.default for field in dataclasses.fields(Settings)}


def _resolve(folder: Path, environ: dict[str, str] | None = None, **given: object) -> object:
    return resolve(RUN.options, given, environ=environ or {}, folder=folder)


def test_conformance_toml_in_the_folder_sets_options(tmp_path: Path) -> None:
    (tmp_path / "conformance.toml").write_text(
        'base-url = "https://staging.example"\nmax-rps = 5\noperation = ["a", "b"]\n'
    )
    values = resolve(RUN.options, {}, environ={}, folder=tmp_path)
    assert values["base-url"] == "https://staging.example"
    assert values["max-rps"] == 5.0 and isinstance(values["max-rps"], float)
    assert values["operation"] == ("a", "b")
    assert values["concurrency"] == _defaults()["concurrency"]


def test_pyproject_tool_conformance_is_read_and_conformance_toml_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.conformance]\nseed = 4\n'
    )
    assert resolve(RUN.options, {}, environ={}, folder=tmp_path)["seed"] == 4
    (tmp_path / "conformance.toml").write_text("seed = 9\n")
    assert resolve(RUN.options, {}, environ={}, folder=tmp_path)["seed"] == 9


def test_a_pyproject_without_the_table_is_no_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    values = resolve(RUN.options, {}, environ={}, folder=tmp_path)
    assert values["seed"] is None


def test_config_names_a_file_anywhere(tmp_path: Path) -> None:
    named = tmp_path / "team" / "kit.toml"
    named.parent.mkdir()
    named.write_text('profile = "thorough"\n')
    (tmp_path / "conformance.toml").write_text('profile = "quick"\n')
    values = resolve(RUN.options, {"config": named}, environ={}, folder=tmp_path)
    assert values["profile"] == "thorough"


def test_precedence_is_flag_then_environment_then_file_then_default(tmp_path: Path) -> None:
    """A kit option with a variable and a file key, to see all four sources on one option."""
    option = Option("max-rps", "rate", kind=float, env="KIT_RPS", default=1.0)
    (tmp_path / "conformance.toml").write_text("max-rps = 2.0\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert resolve([option], {}, environ={}, folder=empty)["max-rps"] == 1.0
    assert resolve([option], {}, environ={}, folder=tmp_path)["max-rps"] == 2.0
    environ = {"KIT_RPS": "3"}
    assert resolve([option], {}, environ=environ, folder=tmp_path)["max-rps"] == 3.0
    flag = {"max-rps": 4.0}
    assert resolve([option], flag, environ=environ, folder=tmp_path)["max-rps"] == 4.0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("max-rsp = 5\n", "conformance.toml: unknown key 'max-rsp' (did you mean max-rps?)"),
        ("zzz = 5\n", "conformance.toml: unknown key 'zzz'; known keys: base-url, org-id"),
        ('concurrency = "many"\n', "conformance.toml: concurrency: 'many' is not of type"),
        ("concurrency = 0\n", "conformance.toml: concurrency: 0 is less than the minimum of 1"),
        ('group = ["nope"]\n', "conformance.toml: group.0: 'nope' is not one of"),
        ('profile = "slow"\n', "conformance.toml: profile: 'slow' is not one of"),
        ("seed = \n", "conformance.toml: not valid TOML"),
        ('fault = ["auth-1"]\n', "conformance.toml: unknown key 'fault'"),
    ],
)
def test_a_bad_file_is_one_line(tmp_path: Path, text: str, says: str) -> None:
    (tmp_path / "conformance.toml").write_text(text)
    with pytest.raises(UsageError) as caught:
        resolve(RUN.options, {}, environ={}, folder=tmp_path)
    assert str(caught.value).startswith(says)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("key", [option.name for option in RUN.options if option.secret])
def test_keys_are_refused_in_a_committed_file(tmp_path: Path, key: str) -> None:
    (tmp_path / "conformance.toml").write_text(f'{key} = "sk-live-secret"\n')
    with pytest.raises(UsageError) as caught:
        resolve(RUN.options, {}, environ={}, folder=tmp_path)
    message = str(caught.value)
    assert f"{key} is a secret" in message and "environment (CONFORMANCE_" in message
    assert "sk-live-secret" not in message


def test_the_cli_says_a_bad_file_in_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "kit.toml"
    bad.write_text('api-key = "sk-live-secret"\n')
    assert main(["--config", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith(f"conformance: {bad}: api-key")
    assert "sk-live-secret" not in captured.err


@pytest.mark.parametrize(
    ("name", "says"),
    [("missing.toml", "cannot be read"), ("pyproject.toml", "no [tool.conformance] table")],
)
def test_a_named_file_that_cannot_serve_is_one_line(tmp_path: Path, name: str, says: str) -> None:
    if name == "pyproject.toml":
        (tmp_path / name).write_text('[project]\nname = "x"\n')
    with pytest.raises(UsageError, match=says.replace("[", r"\[").replace("]", r"\]")):
        resolve(RUN.options, {"config": tmp_path / name}, environ={}, folder=tmp_path)


def test_the_schema_has_every_file_key_and_no_secret() -> None:
    properties = configfile.schema(RUN.options)["properties"]
    assert set(properties) == {option.name for option in RUN.options if option.config_key}
    assert not {option.name for option in RUN.options if option.secret} & set(properties)
