"""A pytest plugin: the kit as `pytest --pyargs conformance.entry.suite`, with -n and --junitxml."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from conformance.entry.commands import all_options
from conformance.entry.kitoptions import RUN
from conformance.entry.optionmodel import Values
from conformance.entry.options import (
    UsageError,
    build_settings,
    build_target,
    draw_seed,
    resolve,
)
from conformance.entry.runner import prepared
from conformance.run.sidecar import Sidecar
from conformance.run.target import Settings, Target

PYTEST_OPTIONS = tuple(option for option in RUN.options if not option.cli_only)


VALUES = pytest.StashKey[Values]()
TARGET = pytest.StashKey[Target | None]()
TARGET_ERROR = pytest.StashKey[str]()
SEED_KEY, USED_KEY = "conformance_seed", "conformance_used"
USED = pytest.StashKey[bool]()
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
    """Resolve the options (a bad flag or config file stops pytest here, in one line) and say
    once which old names were used."""
    if config.option.help or config.option.version:
        return
    try:
        values = resolve(
            PYTEST_OPTIONS,
            _command_line(config),
            known=all_options().values(),
            folder=config.invocation_params.dir,
        )
    except UsageError as error:
        raise pytest.UsageError(f"conformance: {error}") from None
    worker: dict[str, Any] | None = getattr(config, "workerinput", None)
    if values["seed"] is None:  # one seed for the whole session, every xdist worker included
        seed = worker[SEED_KEY] if worker and SEED_KEY in worker else draw_seed()
        values = replace(values, values={**values.values, "seed": seed})
    config.stash[VALUES] = values
    if worker is not None:  # the controller already said it
        return
    for option in PYTEST_OPTIONS:
        for alias in option.deprecated_pytest_aliases:
            if config.getoption(_old_dest(alias)) is not None and option.flag not in TAKEN:
                print(
                    f"conformance: {alias} is deprecated, use {option.flag} (same meaning)",
                    file=sys.stderr,
                )


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: each worker runs with the controller's seed."""
    node.workerinput[SEED_KEY] = node.config.stash[VALUES]["seed"]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """xdist: the controller learns that a worker ran the kit, to print the seed."""
    if getattr(node, "workeroutput", {}).get(USED_KEY):
        node.config.stash[USED] = True


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if config.stash.get(USED, False):
        seed = config.stash[VALUES]["seed"]
        terminalreporter.write_line(f"conformance: seed {seed} (--seed {seed} repeats this run)")


def _say_what_is_taken() -> None:
    for flag in sorted(TAKEN):
        warnings.warn(
            f"conformance: {flag} belongs to another pytest plugin here, so the kit does not "
            f"read it; set {flag.lstrip('-')} in conformance.toml instead",
            stacklevel=2,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The target once, before any test runs, if a collected test uses the kit: without xdist
    a bad target stops the session in one line, not one error per test."""
    if not any("conformance_values" in getattr(item, "fixturenames", ()) for item in items):
        return
    _say_what_is_taken()
    config.stash[USED] = True
    if hasattr(config, "workeroutput"):
        config.workeroutput[USED_KEY] = True
    try:
        config.stash[TARGET] = build_target(config.stash[VALUES])
    except UsageError as error:
        if hasattr(config, "workerinput"):  # an xdist worker cannot stop the session cleanly
            config.stash[TARGET_ERROR] = str(error)
            return
        raise pytest.UsageError(f"conformance: {error}") from None


@pytest.fixture(scope="session")
def conformance_values(request: pytest.FixtureRequest) -> Values:
    """The options after precedence (flag > environment > config file > default)."""
    return request.config.stash[VALUES]


@pytest.fixture(scope="session")
def conformance_settings(conformance_values: Values) -> Settings:
    return build_settings(conformance_values, PYTEST_OPTIONS)


@pytest.fixture(scope="session")
def conformance_target(
    request: pytest.FixtureRequest, conformance_values: Values, conformance_settings: Settings
) -> Iterator[tuple[Target, Sidecar]]:
    """The target and the sidecar, shared by the tests of this process (one per xdist worker)."""
    if TARGET_ERROR in request.config.stash:
        pytest.fail(f"conformance: {request.config.stash[TARGET_ERROR]}", pytrace=False)
    target = request.config.stash[TARGET]
    with prepared(target, conformance_settings, conformance_values["fault"]) as prepared_pair:
        yield prepared_pair
