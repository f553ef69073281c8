"""The CLI and the pytest plugin build a Target and Settings the same way, with the same checks."""

from __future__ import annotations

import pytest

from conformance.entry.options import UsageError, build_settings, build_target


def test_keys_come_from_the_environment_and_the_url_is_tidied() -> None:
    environ = {"CONFORMANCE_API_KEY": "k1", "CONFORMANCE_SECOND_KEY": "k2"}
    target = build_target(
        base_url="https://staging.example.com/",
        sidecar_public_url="https://tunnel.example.com",
        environ=environ,
    )
    assert target is not None
    assert target.base_url == "https://staging.example.com"
    assert (target.api_key, target.second_key, target.manager_key) == ("k1", "k2", None)


def test_no_base_url_means_the_bundled_server() -> None:
    assert build_target(base_url=None, environ={}) is None


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
        build_target(**options, environ={})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"examples": 0}, "--examples"),
        ({"max_rps": 0}, "positive"),
        ({"profile": "slow"}, "unknown profile"),
    ],
)
def test_bad_settings_are_one_line(options: dict[str, object], says: str) -> None:
    with pytest.raises(UsageError, match=says):
        build_settings(**{"profile": "quick", **options})  # type: ignore[arg-type]


def test_a_missing_seed_is_drawn_and_a_given_one_kept() -> None:
    assert build_settings(profile="quick", seed=7).seed == 7
    assert build_settings(profile="thorough").examples > build_settings(profile="quick").examples
