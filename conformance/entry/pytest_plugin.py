"""A pytest plugin: the kit as `pytest --pyargs conformance.entry.suite`, with -n and --junitxml."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator

import pytest

from conformance.entry.commands import all_options
from conformance.entry.kitoptions import RUN
from conformance.entry.optionmodel import Values
from conformance.entry.options import UsageError, build_settings, build_target, resolve
from conformance.entry.runner import prepared
from conformance.run.sidecar import Sidecar
from conformance.run.target import Settings, Target

PYTEST_OPTIONS = tuple(option for option in RUN.options if not option.cli_only)


TAKEN: set[str] = set()  # our flags that a plugin loaded before this one already owns


def _old_dest(alias: str) -> str:
    return "deprecated_" + alias.lstrip("-").replace("-", "_")


def _owned(parser: pytest.Parser) -> set[str]:
    """The flags pytest and the plugins loaded so far have registered."""
    groups = [*parser._groups, parser._anonymous]
    return {name for group in groups for argument in group.options for name in argument.names()}


def pytest_addoption(parser: pytest.Parser) -> None:
    """Every kit option under its CLI name; a name another plugin owns is left to it (the
    config file, or the old --conformance-* alias where there is one, still sets it)."""
    owned = _owned(parser)
    group = parser.getgroup("conformance", "Image Generation API conformance (the kit's options)")
    for option in PYTEST_OPTIONS:
        if option.flag in owned:
            TAKEN.add(option.flag)
        else:
            group.addoption(option.flag, **option.argparse_kwargs())
        for alias in option.deprecated_pytest_aliases:
            note = f"another plugin owns {option.flag}" if option.flag in TAKEN else "deprecated"
            old = {**option.argparse_kwargs(), "dest": _old_dest(alias)}
            group.addoption(alias, **{**old, "help": f"{note}: use {option.flag}"})


def _command_line(config: pytest.Config) -> dict[str, object]:
    """What the pytest command line gave, by option name; an old alias still counts."""
    given: dict[str, object] = {}
    for option in PYTEST_OPTIONS:
        given[option.name] = None if option.flag in TAKEN else config.getoption(option.dest)
        for alias in option.deprecated_pytest_aliases:
            old = config.getoption(_old_dest(alias))
            if old is not None and given[option.name] is None:
                given[option.name] = old
    return given


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker: the controller already said it
        return
    for option in PYTEST_OPTIONS:
        for alias in option.deprecated_pytest_aliases:
            if config.getoption(_old_dest(alias)) is not None and option.flag not in TAKEN:
                print(
                    f"conformance: {alias} is deprecated, use {option.flag} (same meaning)",
                    file=sys.stderr,
                )


def _say_what_is_taken() -> None:
    for flag in sorted(TAKEN):
        warnings.warn(
            f"conformance: {flag} belongs to another pytest plugin here, so the kit does not "
            f"read it; set {flag.lstrip('-')} in conformance.toml instead",
            stacklevel=2,
        )


@pytest.fixture(scope="session")
def conformance_values(request: pytest.FixtureRequest) -> Values:
    """The options after precedence (flag > environment > config file > default)."""
    config = request.config
    _say_what_is_taken()
    try:
        return resolve(
            PYTEST_OPTIONS,
            _command_line(config),
            known=all_options().values(),
            folder=config.invocation_params.dir,
        )
    except UsageError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.fixture(scope="session")
def conformance_settings(conformance_values: Values) -> Settings:
    try:
        return build_settings(conformance_values, PYTEST_OPTIONS)
    except UsageError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.fixture(scope="session")
def conformance_target(
    conformance_values: Values, conformance_settings: Settings
) -> Iterator[tuple[Target, Sidecar]]:
    """The target and the sidecar, shared by the tests of this process (one per xdist worker)."""
    try:
        target = build_target(conformance_values)
    except UsageError as error:
        raise pytest.UsageError(str(error)) from None
    with prepared(target, conformance_settings, conformance_values["fault"]) as prepared_pair:
        yield prepared_pair
