"""The CLI and the pytest plugin build a Target and Settings the same way, with the same checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conformance.entry.kitoptions import RUN
from conformance.entry.optionmodel import Values
from conformance.entry.options import UsageError, build_settings, build_target, resolve
from conformance.run.target import PROFILES

NO_CONFIG = Path(__file__).parent / "no-such-folder"  # no config file is found there


def _values(environ: dict[str, str] | None = None, /, **given: Any) -> Values:
    """What the front ends pass: option names (underscores for hyphens) to parsed values."""
    command_line = {name.replace("_", "-"): value for name, value in given.items()}
    return resolve(RUN.options, command_line, environ=environ or {}, folder=NO_CONFIG)


def test_keys_come_from_the_environment_and_the_url_is_tidied() -> None:
    environ = {"CONFORMANCE_API_KEY": "k1", "CONFORMANCE_SECOND_KEY": "k2"}
    target = build_target(
        _values(
            environ,
            base_url="https://staging.example.com/",
            sidecar_public_url="https://tunnel.example.com",
        )
    )
    assert target is not None
    assert target.base_url == "https://staging.example.com"
    assert (target.api_key, target.second_key, target.manager_key) == ("k1", "k2", None)


def test_a_flag_beats_the_environment() -> None:
    environ = {"CONFORMANCE_API_KEY": "from-env"}
    values = _values(environ, base_url="https://x.example", api_key="from-flag", sidecar_port=9)
    target = build_target(values)
    assert target is not None and target.api_key == "from-flag"


def test_no_base_url_means_the_bundled_server() -> None:
    assert build_target(_values()) is None


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"base_url": "ftp://example.com", "api_key": "k"}, "http(s) URL"),
        ({"base_url": "https://example.com"}, "--api-key"),
        ({"base_url": None, "api_key": "k"}, "without --base-url"),
        ({"base_url": "https://example.com", "api_key": "k"}, "--sidecar-public-url"),
    ],
)
def test_bad_target_options_are_one_line(options: dict[str, str | None], says: str) -> None:
    with pytest.raises(UsageError, match=says.replace("(", r"\(").replace(")", r"\)")):
        build_target(_values(**options))


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"examples": 0}, "--examples: 0 is less than the minimum of 1"),
        ({"max_rps": 0.0}, "--max-rps: 0.0 is less than or equal to the minimum of 0"),
        ({"concurrency": 0}, "--concurrency"),
        ({"profile": "slow"}, "--profile: 'slow' is not one of"),
        ({"group": ["nope"]}, "--group: 'nope' is not one of"),
    ],
)
def test_bad_settings_are_one_line(options: dict[str, object], says: str) -> None:
    with pytest.raises(UsageError, match=says):
        _values(**options)


def test_a_missing_seed_is_drawn_and_a_given_one_kept() -> None:
    assert build_settings(_values(seed=7), RUN.options).seed == 7
    thorough = build_settings(_values(profile="thorough"), RUN.options)
    assert thorough.examples == PROFILES["thorough"]["examples"]


def test_every_settings_option_reaches_settings() -> None:
    """A flag that names a Settings field changes that field: none is dropped on the way."""
    given: dict[str, Any] = {
        "examples": 3,
        "seed": 5,
        "time-budget": 1.5,
        "max-rps": 7.0,
        "concurrency": 2,
    }
    given |= {"request-timeout": 4.0, "operation": ["a"], "tag": ["t"], "group": ["auth"]}
    given |= {"sidecar-host": "0.0.0.0", "sidecar-port": 1, "sidecar-public-url": "https://s"}
    given |= {"allow-rotation": True, "profile": "thorough"}
    settings = build_settings(resolve(RUN.options, given, environ={}), RUN.options)
    for option in RUN.options:
        if option.setting is not None:
            expected = given[option.name]
            seen = getattr(settings, option.setting)
            assert seen == (frozenset(expected) if option.repeatable else expected), option.name


def test_no_repr_of_the_values_shows_a_key() -> None:
    values = _values({"CONFORMANCE_MANAGER_KEY": "sk-env-secret"}, api_key="sk-flag-secret")
    assert values["api-key"] == "sk-flag-secret" and values["manager-key"] == "sk-env-secret"
    shown = repr(values) + str(values)
    assert "sk-" not in shown and "'api-key': '***'" in shown and "'second-key': None" in shown
