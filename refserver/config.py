"""Server settings from flags and an optional JSON config file (flags win): docs/INTERFACES.md."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

from refserver import devkeys
from refserver.faults import FAULTS, UnknownFault, parse_faults
from refserver.stores import check_store

SCOPES = ("generator", "manager", "admin")
DEV_ORG = "org-dev"
MAX_WORKERS = 64

T = TypeVar("T")


class ConfigError(ValueError):
    """A flag or config-file member that the server cannot use."""


@dataclass(frozen=True)
class ApiKey:
    """One API key: its scope, its organisation and its own rate limit, if any."""

    key: str
    scope: str
    org: str
    rate: float | None = None
    burst: int | None = None

    def __repr__(self) -> str:
        return f"ApiKey(scope={self.scope!r}, org={self.org!r})"

    @cached_property
    def digest(self) -> str:
        """What stores keep in place of the key (task owner, rate-limit bucket): never the key."""
        return hashlib.sha256(self.key.encode()).hexdigest()


@dataclass(frozen=True)
class Config:
    """Everything the server needs to start; immutable once built."""

    host: str = "127.0.0.1"
    port: int = 8000
    keys: tuple[ApiKey, ...] = ()
    allow: frozenset[str] = frozenset()
    starting_seconds: float = 0.2
    processing_seconds: float = 1.0
    rate: float = 20.0
    burst: int = 40
    retention_seconds: float = 691200.0
    max_tasks: int = 10000
    webhook_backoff: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0)
    faults: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    ready_file: Path | None = None
    dev_keys: bool = False
    dev_keys_file: Path | None = None
    base_url: str = ""
    file_cache_bytes: int = 64 * 1024 * 1024
    fetch_timeout_seconds: float = 5.0
    fetch_max_bytes: int = 16 * 1024 * 1024
    store: str = "memory"
    workers: int = 1
    webhook_lease_seconds: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_base_url(self, base_url: str) -> Config:
        return replace(self, base_url=base_url.rstrip("/"))


DEFAULTS = Config()


# --- single values: each raises ConfigError with a message that names what is wrong -----------


def _scope(value: str) -> str:
    if value not in SCOPES:
        raise ConfigError(f"scope must be one of {', '.join(SCOPES)}, not {value!r}")
    return value


def _key_from_flag(text: str) -> ApiKey:
    parts = text.rsplit(":", 2)
    if len(parts) != 3 or not all(parts):
        raise ConfigError("--key takes KEY:SCOPE:ORG")
    return ApiKey(parts[0], _scope(parts[1]), parts[2])


def _number(text: Any, kind: Callable[[Any], T], what: str) -> T:
    if isinstance(text, bool) or (
        kind is int and isinstance(text, float) and not text.is_integer()
    ):
        raise ConfigError(f"{what} must be a {'whole ' if kind is int else ''}number, not {text!r}")
    try:
        value = kind(text)
    except (TypeError, ValueError, OverflowError):
        raise ConfigError(f"{what} must be a number, not {text!r}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{what} must be a finite number, not {text!r}")
    return value


def _port(text: str) -> int:
    port = _number(text, int, "the port")
    if not 0 <= port <= 65535:
        raise ConfigError(f"the port must be 0-65535 (0: any free port), not {port}")
    return port


def _host_port(text: str) -> str:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) <= 65535:
        raise ConfigError(f"allow-list entries are HOST:PORT, not {text!r}")
    return f"{host.lower()}:{int(port)}"


def _origin(text: str) -> str:
    """A browser origin, `scheme://host[:port]` exactly as browsers send it, or `*`."""
    if text == "*":
        return text
    try:
        parts = urlsplit(text)
        well_formed = parts.port is not None or ":" not in parts.netloc.rsplit("]", 1)[-1]
    except ValueError:
        well_formed = False
    if not (
        well_formed
        and parts.scheme in ("http", "https")
        and parts.hostname
        and text == f"{parts.scheme}://{parts.netloc}"
    ):
        raise ConfigError(f"a CORS origin is scheme://host[:port] (or *), not {text!r}")
    return text


def _seconds_list(text: str) -> tuple[float, ...]:
    return tuple(_number(part, float, "each delay") for part in text.split(",") if part.strip())


def _key_from_file(entry: Any) -> ApiKey:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"each config key entry must be an object, not {entry!r}")
    if "key" not in entry:
        raise ConfigError("a config key entry lacks 'key'")
    return ApiKey(
        key=str(entry["key"]),
        scope=_scope(str(entry.get("scope", "generator"))),
        org=str(entry.get("org", DEV_ORG)),
        rate=_number(entry["rate"], float, "a key's rate") if "rate" in entry else None,
        burst=_number(entry["burst"], int, "a key's burst") if "burst" in entry else None,
    )


# --- the command line ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """Bad usage is a `ConfigError` (one line, exit 2 in `main`), not argparse's usage dump."""

    def error(self, message: str) -> NoReturn:
        raise ConfigError(message)


def _arg(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse `type` whose ConfigError message argparse reports as it is."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except ConfigError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


NUMBERS: tuple[tuple[str, Callable[[Any], Any], str, str], ...] = (
    ("--starting-seconds", float, "S", "how long a task stays `starting`"),
    ("--processing-seconds", float, "S", "how long a task stays `processing`"),
    ("--rate", float, "R", "requests per second per key (token bucket refill)"),
    ("--burst", int, "N", "requests a key may send at once (bucket size)"),
    ("--retention-seconds", float, "S", "how long tasks are kept (the contract: 8 days)"),
    ("--max-tasks", int, "N", "the most tasks kept; the oldest go first"),
)
"""The numeric flags: each sets the `Config` field of its name."""


def _field(flag: str) -> str:
    """The `Config` field (and argparse `dest`) a flag sets."""
    return flag.removeprefix("--").replace("-", "_")


def _number_of(kind: Callable[[Any], T]) -> Callable[[str], T]:
    return lambda text: _number(text, kind, "the value")


def _default(value: object) -> str:
    return f"(default: {value})"


def parser() -> argparse.ArgumentParser:
    """The command line of `python -m refserver`."""
    d = DEFAULTS
    p = _Parser(
        prog="refserver",
        description="The Image Generation API reference server. Flags override the config file.",
    )
    p.add_argument("--host", help=f"the address to listen on {_default(d.host)}")
    p.add_argument(
        "--port",
        type=_arg(_port),
        help=f"the port to listen on; 0 picks a free one {_default(d.port)}",
    )
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="a JSON config file (docs/INTERFACES.md) (default: none)",
    )
    p.add_argument(
        "--key",
        action="append",
        default=[],
        type=_arg(_key_from_flag),
        metavar="KEY:SCOPE:ORG",
        help=f"an API key, its scope ({', '.join(SCOPES)}) and organisation; repeatable "
        "(default: none, and then dev keys are made, kept in --dev-keys-file and printed)",
    )
    p.add_argument(
        "--allow",
        action="append",
        default=[],
        type=_arg(_host_port),
        metavar="HOST:PORT",
        help="a host:port that webhooks and source images may use even on loopback or plain "
        "http; repeatable (default: none)",
    )
    for flag, kind, metavar, meaning in NUMBERS:
        p.add_argument(
            flag,
            type=_arg(_number_of(kind)),
            metavar=metavar,
            help=f"{meaning} {_default(getattr(d, _field(flag)))}",
        )
    p.add_argument(
        "--webhook-backoff",
        type=_arg(_seconds_list),
        metavar="S,S,...",
        help="seconds before each webhook retry; attempts = 1 + their count "
        f"{_default(','.join(f'{s:g}' for s in d.webhook_backoff))}",
    )
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        type=_arg(_fault),
        metavar="NAME",
        help="turn on a fault switch that breaks one contract rule; repeatable "
        f"(default: none). One of: {', '.join(FAULTS)}",
    )
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        type=_arg(_origin),
        metavar="ORIGIN",
        help="a browser origin (scheme://host[:port], or *) allowed to call the API; "
        "repeatable (default: none, no CORS headers)",
    )
    p.add_argument(
        "--ready-file",
        type=Path,
        metavar="PATH",
        help='once listening, write {"baseUrl": ...} there (default: none)',
    )
    p.add_argument(
        "--dev-keys-file",
        type=Path,
        metavar="PATH",
        help=f"where dev keys are kept between runs (default: {devkeys.default_path()})",
    )
    p.add_argument(
        "--print-env",
        action="store_true",
        help="print the dev keys as `export` lines for a shell, and exit (default: serve)",
    )
    p.add_argument(
        "--store",
        metavar="STORE",
        help="where tasks, results, webhook secrets, deliveries and rate-limit buckets live: "
        "memory (this process only), sqlite:PATH (survives restarts; the workers of one host), "
        "redis://HOST:PORT/DB (several instances) (default: memory)",
    )
    p.add_argument(
        "--workers",
        type=_arg(lambda text: _number(text, int, "--workers")),
        metavar="N",
        help="serve from N processes on one port; N > 1 needs a sqlite or redis store (default: 1)",
    )
    return p


def _fault(text: str) -> str:
    try:
        return parse_faults([text])[0].value
    except UnknownFault:
        raise ConfigError(f"unknown fault switch {text!r} (see --help for the names)") from None


# --- the config file ------------------------------------------------------------------------------


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = data.get(name, {})
    if not isinstance(section, Mapping):
        raise ConfigError(f"config member {name!r} must be an object")
    return section


def _list(data: Mapping[str, Any], name: str) -> list[Any]:
    value = data[name]
    if not isinstance(value, list):
        raise ConfigError(f"config member {name!r} must be a list")
    return value


def from_file(path: Path) -> dict[str, Any]:
    """Read the config file into `Config` keyword arguments."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError("the config file must hold a JSON object")
    out: dict[str, Any] = {}
    if "keys" in data:
        out["keys"] = tuple(_key_from_file(entry) for entry in _list(data, "keys"))
    if "allow" in data:
        out["allow"] = frozenset(_host_port(str(entry)) for entry in _list(data, "allow"))
    if "corsOrigins" in data:
        out["cors_origins"] = tuple(_origin(str(entry)) for entry in _list(data, "corsOrigins"))
    numbers: list[tuple[str, str, str, Callable[[Any], Any]]] = [
        ("timing", "startingSeconds", "starting_seconds", float),
        ("timing", "processingSeconds", "processing_seconds", float),
        ("rateLimit", "rate", "rate", float),
        ("rateLimit", "burst", "burst", int),
        ("retention", "seconds", "retention_seconds", float),
        ("retention", "maxTasks", "max_tasks", int),
    ]
    for section, member, name, kind in numbers:
        values = _section(data, section)
        if member in values:
            out[name] = _number(values[member], kind, f"config member {section}.{member}")
    if "webhookBackoff" in data:
        out["webhook_backoff"] = tuple(
            _number(s, float, "each webhookBackoff delay") for s in _list(data, "webhookBackoff")
        )
    if "faults" in data:
        out["faults"] = tuple(_fault(str(name)) for name in _list(data, "faults"))
    if "store" in data:
        out["store"] = str(data["store"])
    if "workers" in data:
        out["workers"] = _whole(data["workers"], "workers")
    if "webhookLeaseSeconds" in data:
        out["webhook_lease_seconds"] = _number(
            data["webhookLeaseSeconds"], float, "config member webhookLeaseSeconds"
        )
    return out


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    return value


def from_args(argv: Sequence[str] | None = None) -> Config:
    """Defaults, then the config file, then flags; dev keys when no key is configured at all."""
    return from_namespace(parser().parse_args(argv))


def from_namespace(args: argparse.Namespace) -> Config:
    """The `Config` for parsed flags (see `from_args`)."""
    values: dict[str, Any] = from_file(args.config) if args.config else {}
    numbers = [_field(flag) for flag, *_ in NUMBERS]
    simple = ["host", "port", *numbers, "webhook_backoff", "ready_file", "dev_keys_file"]
    simple += ["store", "workers"]
    values.update({name: getattr(args, name) for name in simple if getattr(args, name) is not None})
    if args.key:
        values["keys"] = tuple(values.get("keys", ())) + tuple(args.key)
    if args.allow:
        values["allow"] = frozenset(values.get("allow", ())) | set(args.allow)
    if args.fault:
        values["faults"] = tuple(values.get("faults", ())) + tuple(args.fault)
    if args.cors_origin:
        values["cors_origins"] = tuple(values.get("cors_origins", ())) + tuple(args.cors_origin)
    config = Config(**values)
    validate(config)
    if not config.keys:
        config = replace(config, keys=dev_keys(config.dev_keys_file), dev_keys=True)
    return config


def validate(config: Config) -> None:
    """Fail at start, not at the first request, on settings that cannot work."""
    if config.rate <= 0 or config.burst < 1:
        raise ConfigError("the rate limit needs rate > 0 and burst >= 1")
    if config.max_tasks < 1 or config.retention_seconds <= 0:
        raise ConfigError("retention needs maxTasks >= 1 and seconds > 0")
    if min(config.starting_seconds, config.processing_seconds) < 0:
        raise ConfigError("task timing cannot be negative")
    if any(delay < 0 for delay in config.webhook_backoff):
        raise ConfigError("webhook backoff delays cannot be negative")
    if len({key.key for key in config.keys}) != len(config.keys):
        raise ConfigError("an API key is configured twice")
    if config.ready_file is not None and not config.ready_file.parent.is_dir():
        raise ConfigError(f"the ready file's folder {config.ready_file.parent} does not exist")
    try:
        check_store(config.store)
    except ValueError as error:
        raise ConfigError(str(error)) from None
    if not 1 <= config.workers <= MAX_WORKERS:
        raise ConfigError(f"--workers takes 1 to {MAX_WORKERS}, not {config.workers}")
    if config.workers > 1 and config.store == "memory":
        raise ConfigError("--workers above 1 needs a shared store: --store sqlite:PATH or redis://")
    if config.webhook_lease_seconds is not None and config.webhook_lease_seconds <= 0:
        raise ConfigError("webhookLeaseSeconds must be > 0")


def dev_keys(path: Path | None = None) -> tuple[ApiKey, ...]:
    """The dev keys kept at `path` (default: `devkeys.default_path()`), made there on first use."""
    try:
        keys = devkeys.load_or_create(path or devkeys.default_path())
    except devkeys.DevKeysError as error:
        raise ConfigError(str(error)) from None
    return tuple(ApiKey(key, scope, DEV_ORG) for scope, key in keys.items())
