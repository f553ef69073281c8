"""Server settings from flags and an optional JSON config file (flags win): docs/INTERFACES.md."""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from refserver.faults import FAULTS
from refserver.stores import check_store

SCOPES = ("generator", "manager", "admin")
DEV_ORG = "org-dev"
MAX_WORKERS = 64


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
    ready_file: Path | None = None
    dev_keys: bool = False
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


def _scope(value: str) -> str:
    if value not in SCOPES:
        raise ConfigError(f"scope must be one of {', '.join(SCOPES)}, not {value!r}")
    return value


def _key_from_flag(text: str) -> ApiKey:
    parts = text.rsplit(":", 2)
    if len(parts) != 3 or not all(parts):
        raise ConfigError("--key takes KEY:SCOPE:ORG")
    return ApiKey(parts[0], _scope(parts[1]), parts[2])


def _key_from_file(entry: Mapping[str, Any]) -> ApiKey:
    try:
        return ApiKey(
            key=str(entry["key"]),
            scope=_scope(str(entry.get("scope", "generator"))),
            org=str(entry.get("org", DEV_ORG)),
            rate=float(entry["rate"]) if "rate" in entry else None,
            burst=int(entry["burst"]) if "burst" in entry else None,
        )
    except KeyError as missing:
        raise ConfigError(f"a config key entry lacks {missing}") from None


def _host_port(text: str) -> str:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ConfigError(f"allow-list entries are HOST:PORT, not {text!r}")
    return f"{host.lower()}:{int(port)}"


def _seconds_list(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise ConfigError(f"--webhook-backoff takes S,S,...; not {text!r}") from None


def parser() -> argparse.ArgumentParser:
    """The command line of `python -m refserver`."""
    p = argparse.ArgumentParser(
        prog="refserver", description="The Image Generation API reference server."
    )
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--config", type=Path, help="a JSON config file; flags override it")
    p.add_argument("--key", action="append", default=[], metavar="KEY:SCOPE:ORG")
    p.add_argument("--allow", action="append", default=[], metavar="HOST:PORT")
    p.add_argument("--starting-seconds", type=float)
    p.add_argument("--processing-seconds", type=float)
    p.add_argument("--rate", type=float)
    p.add_argument("--burst", type=int)
    p.add_argument("--retention-seconds", type=float)
    p.add_argument("--max-tasks", type=int)
    p.add_argument("--webhook-backoff", metavar="S,S,...")
    p.add_argument("--fault", action="append", default=[], choices=sorted(FAULTS), metavar="NAME")
    p.add_argument("--ready-file", type=Path)
    p.add_argument(
        "--store",
        metavar="STORE",
        help="where tasks, results, webhook secrets, deliveries and rate-limit buckets live: "
        "memory (this process only), sqlite:PATH (survives restarts; the workers of one host), "
        "redis://HOST:PORT/DB (several instances) (default: memory)",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="serve from N processes on one port; N > 1 needs a sqlite or redis store (default: 1)",
    )
    return p


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
        out["keys"] = tuple(_key_from_file(entry) for entry in data["keys"])
    if "allow" in data:
        out["allow"] = frozenset(_host_port(str(entry)) for entry in data["allow"])
    timing = data.get("timing", {})
    if "startingSeconds" in timing:
        out["starting_seconds"] = float(timing["startingSeconds"])
    if "processingSeconds" in timing:
        out["processing_seconds"] = float(timing["processingSeconds"])
    rate_limit = data.get("rateLimit", {})
    if "rate" in rate_limit:
        out["rate"] = float(rate_limit["rate"])
    if "burst" in rate_limit:
        out["burst"] = int(rate_limit["burst"])
    retention = data.get("retention", {})
    if "seconds" in retention:
        out["retention_seconds"] = float(retention["seconds"])
    if "maxTasks" in retention:
        out["max_tasks"] = int(retention["maxTasks"])
    if "webhookBackoff" in data:
        out["webhook_backoff"] = tuple(float(s) for s in data["webhookBackoff"])
    if "faults" in data:
        out["faults"] = tuple(str(name).lower() for name in data["faults"])
    if "store" in data:
        out["store"] = str(data["store"])
    if "workers" in data:
        out["workers"] = _whole(data["workers"], "workers")
    if "webhookLeaseSeconds" in data:
        out["webhook_lease_seconds"] = float(data["webhookLeaseSeconds"])
    return out


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    return value


def from_args(argv: Sequence[str] | None = None) -> Config:
    """Defaults, then the config file, then flags; dev keys when no key is configured at all."""
    args = parser().parse_args(argv)
    values: dict[str, Any] = from_file(args.config) if args.config else {}
    simple = {
        "host": args.host,
        "port": args.port,
        "starting_seconds": args.starting_seconds,
        "processing_seconds": args.processing_seconds,
        "rate": args.rate,
        "burst": args.burst,
        "retention_seconds": args.retention_seconds,
        "max_tasks": args.max_tasks,
        "ready_file": args.ready_file,
        "store": args.store,
        "workers": args.workers,
    }
    values.update({name: value for name, value in simple.items() if value is not None})
    if args.key:
        values["keys"] = tuple(values.get("keys", ())) + tuple(map(_key_from_flag, args.key))
    if args.allow:
        values["allow"] = frozenset(values.get("allow", ())) | {_host_port(a) for a in args.allow}
    if args.webhook_backoff is not None:
        values["webhook_backoff"] = _seconds_list(args.webhook_backoff)
    if args.fault:
        values["faults"] = tuple(values.get("faults", ())) + tuple(args.fault)
    config = Config(**values)
    validate(config)
    if not config.keys:
        config = replace(config, keys=dev_keys(), dev_keys=True)
    return config


def validate(config: Config) -> None:
    """Fail at start, not at the first request, on settings that cannot work."""
    unknown = sorted(set(config.faults) - FAULTS.keys())
    if unknown:
        raise ConfigError(f"unknown fault switch(es): {', '.join(unknown)}")
    if config.rate <= 0 or config.burst < 1:
        raise ConfigError("the rate limit needs rate > 0 and burst >= 1")
    if config.max_tasks < 1 or config.retention_seconds <= 0:
        raise ConfigError("retention needs maxTasks >= 1 and seconds > 0")
    if min(config.starting_seconds, config.processing_seconds) < 0:
        raise ConfigError("task timing cannot be negative")
    if len({key.key for key in config.keys}) != len(config.keys):
        raise ConfigError("an API key is configured twice")
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


def dev_keys() -> tuple[ApiKey, ...]:
    """Fresh keys for a laptop run with no configured key; printed once at start."""
    return (
        ApiKey("dev-generator-" + secrets.token_hex(12), "generator", DEV_ORG),
        ApiKey("dev-manager-" + secrets.token_hex(12), "manager", DEV_ORG),
    )
