"""The command line of `python -m refserver`: a flag per setting of `SETTINGS`, and two more."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from refserver import configfile, devkeys
from refserver.settings import SETTINGS, Config, ConfigError, validate, value_of

OWN_FLAGS: tuple[tuple[str, str, str, str], ...] = (
    ("--config", "FILE", "a JSON config file (docs/INTERFACES.md); flags override it", "none"),
    (
        "--print-env",
        "",
        "print the dev keys as `export API_KEY=...`, CONFORMANCE_API_KEY and "
        "CONFORMANCE_MANAGER_KEY lines, and exit; refused (exit 2) when keys are configured, "
        "which are never printed",
        "serve",
    ),
)
"""The flags that are not settings, as (flag, metavar, help, default): for `--help` and docs."""


class _Parser(argparse.ArgumentParser):
    """Bad usage is a `ConfigError` (one line, exit 2 in `main`), not argparse's usage dump."""

    def error(self, message: str) -> NoReturn:
        raise ConfigError(message)


def parser() -> argparse.ArgumentParser:
    """Flags give text that `from_namespace` reads as the file's members are read: one parser."""
    p = _Parser(
        prog="refserver",
        description="The Image Generation API reference server. Flags override the config file.",
    )
    (config, metavar, config_help, no_file), (print_env, _, print_env_help, serve) = OWN_FLAGS
    p.add_argument(config, type=Path, metavar=metavar, help=f"{config_help} (default: {no_file})")
    for setting in SETTINGS:
        p.add_argument(
            setting.flag,
            dest=setting.name,
            action="append" if setting.many else "store",
            metavar=setting.metavar,
            help=f"{setting.help} (default: {setting.default_text()})",
        )
    p.add_argument(print_env, action="store_true", help=f"{print_env_help} (default: {serve})")
    return p


def from_args(argv: Sequence[str] | None = None) -> Config:
    """Defaults, then the config file, then flags; dev keys when no key is configured at all."""
    return from_namespace(parser().parse_args(argv))


def from_namespace(args: argparse.Namespace) -> Config:
    """The `Config` for parsed flags (see `from_args`)."""
    values: dict[str, Any] = configfile.read(args.config) if args.config else {}
    for setting in SETTINGS:
        given = getattr(args, setting.name)
        if given is None:
            continue
        value = value_of(setting, given, setting.flag)
        if setting.many and setting.name in values:
            value = setting.collect([*values[setting.name], *value])
        values[setting.name] = value
    config = Config(**values)
    validate(config)
    if not config.keys:
        try:
            keys = devkeys.api_keys(config.dev_keys_file)
        except devkeys.DevKeysError as error:
            raise ConfigError(str(error)) from None
        config = replace(config, keys=keys, dev_keys=True)
    return config
