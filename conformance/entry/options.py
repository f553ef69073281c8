"""Turns the user's options into a Target and Settings, the same way for the CLI and pytest."""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema

from conformance.entry import configfile
from conformance.entry.optionmodel import Option, UsageError, Values
from conformance.run.target import Settings, Target

__all__ = [
    "UsageError",
    "build_settings",
    "build_target",
    "draw_seed",
    "resolve",
    "writable_folder",
]


def resolve(
    options: Iterable[Option],
    command_line: Mapping[str, Any],
    *,
    known: Iterable[Option] = (),
    environ: Mapping[str, str] = os.environ,
    folder: Path | None = None,
) -> Values:
    """Each option's value: the command line's, else the environment's, else the file's, else
    the default; `command_line` maps option names to what the front end parsed (None: not given).
    The file may also hold `known` options (another command's), which this command ignores."""
    declared = {option.name: option for option in options}
    given = {name: value for name, value in command_line.items() if value not in (None, [])}
    in_file = {**{option.name: option for option in known}, **declared}
    _, from_file = configfile.read(given.get("config"), folder or Path.cwd(), in_file)
    values: dict[str, Any] = {}
    for name, option in declared.items():
        if name in given:
            value = tuple(given[name]) if option.repeatable else given[name]
        elif option.env and environ.get(option.env):
            value = _from_environment(option, environ[option.env])
        elif name in from_file:
            value = from_file[name]
        else:
            value = option.resolved_default
        if value is None and option.required:
            raise UsageError(f"{option.flag} is required (or {name} in the config file)")
        _check(option, value)
        values[name] = value
    secret = frozenset(name for name, option in declared.items() if option.secret)
    return Values(values, frozenset(given), secret)


def _from_environment(option: Option, text: str) -> Any:
    try:
        return option.kind(text)
    except ValueError:
        shown = "its value" if option.secret else repr(text)
        raise UsageError(f"{option.env}: {shown} is not a {option.kind.__name__}") from None


def _check(option: Option, value: Any) -> None:
    """The bounds a value must keep, whatever gave it: the same schema as the config file's."""
    if value is None or option.kind is Path:
        return
    schema = option.schema()
    checked = list(value) if option.repeatable else value
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(checked)
    )
    if error is not None:
        shown = "a secret value" if option.secret else error.message
        raise UsageError(f"{option.flag}: {shown}")


def draw_seed() -> int:
    """A seed for a run the user gave none: printed, so that the run can be repeated."""
    return random.randrange(1 << 31)


def build_target(values: Values) -> Target | None:
    """The target the options name, or None for the bundled server."""
    base_url = values["base-url"]
    if base_url is None:
        if values["api-key"] or values.given("second-key") or values.given("manager-key"):
            raise UsageError("keys were given without --base-url; the bundled server makes its own")
        return None
    if not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url must be an http(s) URL, not {base_url!r}")
    if not values["api-key"]:
        raise UsageError(
            "--base-url needs --api-key (or CONFORMANCE_API_KEY): without a key every call is 401"
        )
    if values["sidecar-public-url"] is None and values["sidecar-port"] == 0:
        raise UsageError(
            "--base-url needs --sidecar-public-url (how the target reaches the kit's sidecar), "
            "or --sidecar-port P with 127.0.0.1:P on the target's allow-list"
        )
    return Target(
        base_url=base_url.rstrip("/"),
        api_key=str(values["api-key"]),
        second_key=values["second-key"],
        manager_key=values["manager-key"],
        org_id=values["org-id"],
        rate_limited_key=values["rate-limited-key"],
    )


def build_settings(values: Values, options: Iterable[Option]) -> Settings:
    """The run's settings from every option that names a Settings field; a missing seed is
    drawn at random (and printed by the caller)."""
    fields: dict[str, Any] = {}
    for option in options:
        if option.setting is not None:
            value = values[option.name]
            fields[option.setting] = frozenset(value) if option.repeatable else value
    if fields.get("seed") is None:
        fields["seed"] = draw_seed()
    try:
        return Settings.for_profile(fields.pop("profile"), **fields)
    except ValueError as error:
        raise UsageError(str(error)) from None


def writable_folder(raw: str) -> Path:
    """The report folder, made if need be and proven writable now, before the run spends time."""
    folder = Path(raw)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".conformance-", delete=True):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(f"--report-dir {raw!r} cannot be written: {reason}") from None
    return folder
