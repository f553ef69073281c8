"""The settings table: every setting has a flag and a config-file member that set it alike, the
file's JSON Schema refuses what the table does not declare, one integer parser, and the docs."""

from __future__ import annotations

import json
import math
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from refserver import configfile, settingsdoc
from refserver.__main__ import main
from refserver.auth import ApiKey
from refserver.cli import OWN_FLAGS, from_args, parser
from refserver.kinds import Number, Whole, whole
from refserver.settings import DERIVED, SETTINGS, Config, Setting
from tests.support.refserver import REPO_ROOT


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dev keys go to the test's own folder, never the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def samples(tmp: Path) -> dict[str, tuple[list[str], Any, Any]]:
    """For each setting: its flag's text(s), the same value as a file member, the value read."""
    db = f"sqlite:{tmp / 'sandbox.db'}"
    return {
        "host": (["0.0.0.0"], "0.0.0.0", "0.0.0.0"),
        "port": (["0"], 0, 0),
        "keys": (["k1:manager:org-a"], [{"key": "k1", "scope": "manager", "org": "org-a"}],
                 (ApiKey("k1", "manager", "org-a"),)),
        "allow": (["Example.com:9000"], ["Example.com:9000"], frozenset({"example.com:9000"})),
        "starting_seconds": (["0.5"], 0.5, 0.5),
        "processing_seconds": (["2"], 2, 2.0),
        "rate": (["7.5"], 7.5, 7.5),
        "burst": (["3"], 3, 3),
        "retention_seconds": (["60"], 60, 60.0),
        "max_tasks": (["5"], 5, 5),
        "webhook_backoff": (["0.5,1"], [0.5, 1], (0.5, 1.0)),
        "webhook_lease_seconds": (["4"], 4, 4.0),
        "faults": (["DIM-3"], ["dim-3"], ("dim-3",)),
        "cors_origins": (["http://localhost:5173"], ["http://localhost:5173"],
                         ("http://localhost:5173",)),
        "ready_file": ([str(tmp / "ready.json")], str(tmp / "ready.json"), tmp / "ready.json"),
        "dev_keys_file": ([str(tmp / "k.json")], str(tmp / "k.json"), tmp / "k.json"),
        "store": ([db], db, db),
        "workers": (["3"], 3, 3),
        "file_cache_bytes": (["0"], 0, 0),
        "fetch_timeout_seconds": (["1.5"], 1.5, 1.5),
        "fetch_max_bytes": (["1024"], 1024, 1024),
    }  # fmt: skip


CONTEXT = {"workers": ("store", "sqlite:/tmp/any.db")}
"""A setting whose sample needs another one set (several workers need a shared store)."""


def member(setting: Setting, value: Any) -> dict[str, Any]:
    """The config file that sets only `setting`, to `value`."""
    data: dict[str, Any] = {setting.member[-1]: value}
    for section in reversed(setting.member[:-1]):
        data = {section: data}
    return data


def by_name(name: str) -> Setting:
    return next(s for s in SETTINGS if s.name == name)


def test_every_config_field_is_a_setting_or_derived() -> None:
    names = {s.name for s in SETTINGS}
    assert {f.name for f in fields(Config)} == names | DERIVED and not names & DERIVED
    assert len({s.flag for s in SETTINGS}) == len(SETTINGS)
    assert len({s.member for s in SETTINGS}) == len(SETTINGS)


def test_every_setting_has_a_flag_and_a_config_member() -> None:
    flags = parser()._option_string_actions
    for setting in SETTINGS:
        assert flags[setting.flag].dest == setting.name
        node = configfile.SCHEMA
        for part in setting.member:
            node = node["properties"][part]
        assert node["description"], setting.name
    assert set(flags) == {s.flag for s in SETTINGS} | {f[0] for f in OWN_FLAGS} | {"-h", "--help"}


def test_the_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(configfile.SCHEMA)


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_a_flag_and_its_config_member_set_the_same_value(name: str, tmp_path: Path) -> None:
    sample = samples(tmp_path)
    assert set(sample) == {s.name for s in SETTINGS}, "every setting needs a sample here"
    setting = by_name(name)
    texts, file_value, expected = sample[name]
    assert expected != setting.default, "a sample must differ from the default"
    data = member(setting, file_value)
    argv: list[str] = []
    if name in CONTEXT:
        other, value = CONTEXT[name]
        data |= member(by_name(other), value)
        argv += [by_name(other).flag, value]
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    from_file = from_args(["--config", str(path)])
    from_flags = from_args([*argv, *(arg for text in texts for arg in (setting.flag, text))])
    assert getattr(from_file, name) == getattr(from_flags, name) == expected


def one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("refserver: ") and err.count("\n") == 1, err
    return err


REFUSED = [
    ({"nope": 1}, "has no member 'nope'"),
    ({"timing": {"startingSecs": 1}}, "timing has no member 'startingSecs'"),
    ({"fetch": {"timeout": 1}}, "fetch has no member 'timeout'"),
    ({"keys": [{"key": "k1", "owner": "me"}]}, "keys[0] has no member 'owner'"),
    ({"workers": "2"}, "workers takes 1 to 64"),
    ({"port": 80.5}, "port takes 0 to 65535"),
    ({"rateLimit": {"rate": "fast"}}, 'rateLimit.rate takes a finite number > 0, not "fast"'),
    ({"store": 5}, "store takes memory, sqlite:PATH"),
    ({"webhookBackoff": "1,2"}, "webhookBackoff takes delays in seconds"),
    ({"readyFile": 3}, "readyFile takes a file path, not 3"),
    ({"fileCacheBytes": -1}, "fileCacheBytes takes a whole number >= 0, not -1"),
    ({"allow": "127.0.0.1:9"}, "allow takes a list"),
]


@pytest.mark.parametrize(("data", "says"), REFUSED, ids=[json.dumps(d) for d, _ in REFUSED])
def test_the_schema_refuses_unknown_members_and_bad_types_in_one_line(
    data: dict[str, Any], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = one_line_exit_2(["--config", str(path)], capsys)
    assert f"config file {path}: " in err and says in err, err


@pytest.mark.parametrize(
    "data",
    [{"keys": ["sk-secret-1"]}, {"keys": {"key": "sk-secret-1"}}, {"keys": [{"key": "sk-secret-1",
     "scope": "root"}]}, {"keys": [{"key": "sk-secret-1", "rate": "fast"}]}],
)  # fmt: skip
def test_a_bad_key_entry_never_repeats_the_key(
    data: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert "sk-secret" not in one_line_exit_2(["--config", str(path)], capsys)


def test_one_integer_parser_takes_whole_numbers_in_any_spelling() -> None:
    for good in (2, 2.0, "2", "2.0", " 2 ", "2e0"):
        assert whole(good) == 2 and isinstance(whole(good), int)
    for bad in (2.5, "2.5", True, "two", math.inf, math.nan, "inf", None, [2]):
        with pytest.raises(ValueError):
            whole(bad)


def test_flags_and_file_agree_on_whole_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.json"
    for burst in (2, 2.0):
        path.write_text(json.dumps({"rateLimit": {"burst": burst}}), encoding="utf-8")
        assert from_args(["--config", str(path)]).burst == 2
        assert from_args(["--burst", json.dumps(burst)]).burst == 2
    path.write_text(json.dumps({"rateLimit": {"burst": 2.5}}), encoding="utf-8")
    one_line_exit_2(["--config", str(path)], capsys)
    one_line_exit_2(["--burst", "2.5"], capsys)


def test_flags_override_the_file_and_repeated_flags_add_to_its_lists(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(
        json.dumps({"rateLimit": {"burst": 5}, "allow": ["a.example:1"], "faults": ["dim-3"]}),
        encoding="utf-8",
    )
    config = from_args(
        ["--config", str(path), "--burst", "6", "--allow", "b.example:2", "--fault", "dim-4"]
    )
    assert config.burst == 6 and config.faults == ("dim-3", "dim-4")
    assert config.allow == {"a.example:1", "b.example:2"}


def test_interfaces_lists_exactly_the_table() -> None:
    text = settingsdoc.DOC.read_text(encoding="utf-8")
    assert settingsdoc.rewrite(text) == text, "run: python -m refserver.settingsdoc"
    for setting in SETTINGS:
        assert f"`{setting.flag} {setting.metavar}`" in text


def test_the_config_example_in_interfaces_is_read_as_it_says(tmp_path: Path) -> None:
    text = (REPO_ROOT / "docs" / "INTERFACES.md").read_text(encoding="utf-8")
    block = re.search(r"Config file \(JSON\).*?```json\n(.*?)```", text, re.DOTALL)
    assert block is not None
    path = tmp_path / "example.json"
    path.write_text(block.group(1), encoding="utf-8")
    values = configfile.read(path)
    assert set(values) >= {"keys", "workers", "store", "webhook_lease_seconds", "fetch_max_bytes"}


NUMERIC = [s for s in SETTINGS if isinstance(s.kind, Number | Whole)]


@pytest.mark.parametrize("setting", NUMERIC, ids=[s.name for s in NUMERIC])
@settings(max_examples=100, deadline=None)
@given(value=st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False), st.booleans()))
def test_a_numeric_kind_and_its_schema_agree(setting: Setting, value: object) -> None:
    """The schema is made from the kind, so both take exactly the same JSON numbers."""
    try:
        setting.kind.read(value)
        read = True
    except ValueError:
        read = False
    valid = Draft202012Validator(setting.kind.schema()).is_valid(value)
    assert read == valid or (value in (math.inf, -math.inf) and not read), (value, read, valid)
