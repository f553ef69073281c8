"""What a kit option is, declared once; the CLI, pytest and the config file derive from it."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.run.target import Settings

Kind = type[str] | type[int] | type[float] | type[bool] | type[Path]


class _FromSettings:
    """The default is the `Settings` field's own, so it is written in one place."""

    def __repr__(self) -> str:
        return "the Settings field's default"


FROM_SETTINGS: Any = _FromSettings()


class UsageError(Exception):
    """A problem with the options, told in one line (exit 2)."""


_JSON_TYPES: dict[Kind, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    Path: "string",
}
_VALUE_NAMES: dict[Kind, str] = {int: "N", float: "X", Path: "FILE"}
_SETTINGS_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Settings)}


@dataclass(frozen=True)
class Option:
    """One option: its flag is `--name`, its config-file key `name`, its pytest flag the same."""

    name: str
    help: str
    kind: Kind = str
    setting: str | None = None  # the Settings field it fills, if any
    default: Any = None
    choices: tuple[str, ...] = ()
    repeatable: bool = False  # may be given many times; the value is a list
    positional: bool = False  # `FILE...` rather than `--file FILE` (command line only)
    required: bool = False  # checked after the config file and the environment had their say
    env: str | None = None  # an environment variable that may give it
    secret: bool = False  # never in a config file, never printed
    minimum: int | float | None = None
    positive: bool = False
    metavar: str | None = None
    hidden: bool = False  # in no help text (the kit's own tests use it)
    cli_only: str = ""  # why pytest lacks it; empty: both front ends have it
    in_config: bool = True  # whether a config file may set it
    deprecated_pytest_aliases: tuple[str, ...] = ()  # old pytest flags that still work

    @property
    def flag(self) -> str:
        return self.dest if self.positional else f"--{self.name}"

    @property
    def dest(self) -> str:
        return self.name.replace("-", "_")

    @property
    def value_name(self) -> str:
        """What the help shows after the flag: the declared metavar, else one by type."""
        if self.metavar:
            return self.metavar
        return _VALUE_NAMES.get(self.kind, self.name.upper().replace("-", "_"))

    @property
    def config_key(self) -> str | None:
        return self.name if self.in_config and not self.secret and not self.positional else None

    @property
    def resolved_default(self) -> Any:
        """The value when no flag, variable or config key gives one."""
        if self.repeatable:
            return ()
        if self.default is FROM_SETTINGS:
            assert self.setting is not None, f"{self.name}: FROM_SETTINGS needs a setting"
            return _SETTINGS_DEFAULTS[self.setting]
        return self.default

    def help_text(self) -> str:
        """The help line, with the default and the variable, for both front ends."""
        extra = []
        if self.env:
            extra.append(f"env {self.env}")
        default = self.resolved_default
        if not (default is None or default is False or default == ()):
            extra.append(f"default: {default}")
        if self.repeatable and not self.positional:
            extra.append("repeatable")
        return f"{self.help} ({'; '.join(extra)})" if extra else self.help

    def argparse_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for argparse's and pytest's `add_argument`/`addoption`."""
        kwargs: dict[str, Any] = {
            "help": argparse.SUPPRESS if self.hidden else self.help_text().replace("%", "%%")
        }
        if self.positional:
            kwargs["nargs"] = "+" if self.repeatable else None
        else:
            kwargs["dest"] = self.dest
            kwargs["default"] = None  # so that a flag not given is told apart from a default
        if not self.choices and self.kind is not bool:
            kwargs["metavar"] = self.value_name
        if self.kind is bool:
            kwargs["action"] = "store_true"
            return kwargs
        if self.repeatable and not self.positional:
            kwargs["action"] = "append"
        if self.kind is not str:
            kwargs["type"] = self.kind
        if self.choices:
            kwargs["choices"] = self.choices
        return {key: value for key, value in kwargs.items() if value is not None}

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this option's value in a config file."""
        one: dict[str, Any] = {"type": _JSON_TYPES[self.kind]}
        if self.choices:
            one["enum"] = list(self.choices)
        if self.minimum is not None:
            one["minimum"] = self.minimum
        if self.positive:
            one["exclusiveMinimum"] = 0
        if self.repeatable:
            return {"type": "array", "items": one, "description": self.help}
        return {**one, "description": self.help}


@dataclass(frozen=True)
class Command:
    """A subcommand (`conformance NAME ...`), or the default run when `name` is empty."""

    name: str
    help: str
    options: Sequence[Option]
    run: Callable[[Values], int] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Values:
    """Every option's value after precedence, and which ones the command line gave."""

    values: Mapping[str, Any]
    from_command_line: frozenset[str] = frozenset()
    secret: frozenset[str] = frozenset()  # names whose values no repr may show

    def __repr__(self) -> str:
        shown = {k: "***" if k in self.secret and v else v for k, v in self.values.items()}
        return f"Values({shown!r})"

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def given(self, name: str) -> bool:
        """Whether the command line (not the environment, a file or a default) gave it."""
        return name in self.from_command_line
