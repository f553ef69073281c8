"""The server's settings, each declared once (its flag, config-file member, kind, default and help).

The command line (`refserver.cli`), the config file's JSON Schema (`refserver.configfile`) and the
table of docs/INTERFACES.md (`refserver.settingsdoc`) are all made from `SETTINGS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from refserver.auth import SCOPES, ApiKey
from refserver.faults import FAULTS, parse_faults
from refserver.kinds import (
    Delays,
    File,
    Keys,
    Kind,
    Number,
    Refused,
    Text,
    Whole,
    host_port,
    origin,
)
from refserver.stores import STORE_FORMS, check_store

MAX_WORKERS = 64
_SETTING = "setting"


class ConfigError(ValueError):
    """A flag or config-file member that the server cannot use."""


@dataclass(frozen=True)
class Setting:
    """One setting: its flag, its config-file member (a path), its kind, and its help."""

    flag: str
    member: tuple[str, ...]
    kind: Kind[Any]
    help: str
    metavar: str
    many: bool = False
    """The flag repeats, each adding one value; the member is a list; flags add to the file's."""
    collect: Callable[[Iterable[Any]], Any] = tuple
    shown_default: str | None = None
    name: str = ""
    default: Any = None

    @property
    def member_name(self) -> str:
        return ".".join(self.member)

    def default_text(self) -> str:
        if self.shown_default is not None:
            return self.shown_default
        if self.default is None or (self.many and not self.default):
            return "none"
        if self.many:
            return ", ".join(self.kind.show(value) for value in self.default)
        return self.kind.show(self.default)


def _declare(
    flag: str,
    member: str,
    kind: Kind[Any],
    metavar: str,
    help: str,
    *,
    many: bool = False,
    collect: Callable[[Iterable[Any]], Any] = tuple,
    shown: str | None = None,
) -> dict[str, Setting]:
    """A `Config` field's metadata that makes it a setting (`SETTINGS` adds name and default)."""
    return {
        _SETTING: Setting(flag, tuple(member.split(".")), kind, help, metavar, many, collect, shown)
    }


def _fault(text: str) -> str:
    return parse_faults([text])[0].value


def _store(text: str) -> str:
    try:
        return check_store(text)
    except ValueError as error:
        raise Refused(str(error)) from None


RATE, BURST = Number(above=0), Whole(1)
SECONDS, POSITIVE_SECONDS, COUNT = Number(least=0), Number(above=0), Whole(1)


@dataclass(frozen=True)
class Config:
    """Everything the server needs to start; immutable once built. Each field is a setting
    (its metadata says how it is set), but `dev_keys` and `base_url`: the server works them out."""

    # fmt: off
    host: str = field(default="127.0.0.1", metadata=_declare(
        "--host", "host", Text("a host name or address"), "H", "the address to listen on"))
    port: int = field(default=8000, metadata=_declare(
        "--port", "port", Whole(0, 65535, "0: any free port"), "P",
        "the port to listen on; 0 picks a free one"))
    keys: tuple[ApiKey, ...] = field(default=(), metadata=_declare(
        "--key", "keys", Keys(RATE, BURST), "KEY:SCOPE:ORG",
        f"an API key, its scope ({', '.join(SCOPES)}) and its organisation; repeatable. A file "
        "entry is {key, scope, org, rate, burst}: a key's own rate and burst override the rate "
        "limit for it", many=True,
        shown="none: then dev keys (one generator, one manager, org `org-dev`) are made once, "
        "kept in --dev-keys-file and printed at start"))
    allow: frozenset[str] = field(default=frozenset(), metadata=_declare(
        "--allow", "allow", Text("HOST:PORT", host_port), "HOST:PORT",
        "an exact host:port that webhooks and source images may use even on loopback or "
        "plain http; repeatable", many=True, collect=frozenset))
    starting_seconds: float = field(default=0.2, metadata=_declare(
        "--starting-seconds", "timing.startingSeconds", SECONDS, "S",
        "how long a task stays `starting`"))
    processing_seconds: float = field(default=1.0, metadata=_declare(
        "--processing-seconds", "timing.processingSeconds", SECONDS, "S",
        "how long a task stays `processing`"))
    rate: float = field(default=20.0, metadata=_declare(
        "--rate", "rateLimit.rate", RATE, "R",
        "requests per second per key (the token bucket's refill)"))
    burst: int = field(default=40, metadata=_declare(
        "--burst", "rateLimit.burst", BURST, "N",
        "requests a key may send at once (the bucket's size)"))
    retention_seconds: float = field(default=691200.0, metadata=_declare(
        "--retention-seconds", "retention.seconds", POSITIVE_SECONDS, "S",
        "how long tasks are kept (the contract: 8 days)"))
    max_tasks: int = field(default=10000, metadata=_declare(
        "--max-tasks", "retention.maxTasks", COUNT, "N",
        "the most tasks the memory store keeps, oldest out first (sqlite and redis keep every "
        "task for the retention)"))
    webhook_backoff: tuple[float, ...] = field(default=(1.0, 2.0, 4.0, 8.0), metadata=_declare(
        "--webhook-backoff", "webhookBackoff", Delays(), "S,S,...",
        "seconds before each webhook retry (a list in the file); attempts = 1 + their count"))
    webhook_lease_seconds: float | None = field(default=None, metadata=_declare(
        "--webhook-lease-seconds", "webhookLeaseSeconds", POSITIVE_SECONDS, "S",
        "how long a worker holds a claimed webhook delivery; a delivery whose worker died is "
        "retried once it runs out", shown="the spec's delivery timeout + 5 s"))
    faults: tuple[str, ...] = field(default=(), metadata=_declare(
        "--fault", "faults", Text("a fault switch name (--help lists them)", _fault), "NAME",
        "turn on a fault switch that breaks one contract rule; repeatable. One of: "
        + ", ".join(FAULTS), many=True))
    cors_origins: tuple[str, ...] = field(default=(), metadata=_declare(
        "--cors-origin", "corsOrigins",
        Text("a browser origin, scheme://host[:port] (or *)", origin), "ORIGIN",
        "a browser origin (scheme://host[:port], or *) allowed to call the API: preflights "
        "are answered (the spec's methods, headers Authorization and Content-Type, "
        "Retry-After and X-Request-Id exposed), a refused one with the JSON error body; repeatable",
        many=True, shown="none: no CORS headers"))
    ready_file: Path | None = field(default=None, metadata=_declare(
        "--ready-file", "readyFile", File(), "PATH",
        'once listening, write {"baseUrl": "http://HOST:PORT"} there (its folder must exist)'))
    dev_keys_file: Path | None = field(default=None, metadata=_declare(
        "--dev-keys-file", "devKeysFile", File(), "PATH",
        "where dev keys are kept between runs (mode 0600), so a restart and --print-env agree",
        shown="$XDG_STATE_HOME/refserver/dev-keys.json (~/.local/state/...)"))
    store: str = field(default="memory", metadata=_declare(
        "--store", "store", Text(STORE_FORMS, _store), "STORE",
        "where tasks, results, webhook secrets, deliveries and rate-limit buckets live: memory "
        "(this process only), sqlite:PATH (survives restarts; the workers of one host) or "
        "redis://HOST:PORT/DB (several instances)"))
    workers: int = field(default=1, metadata=_declare(
        "--workers", "workers", Whole(1, MAX_WORKERS), "N",
        "serve from N processes on one port; above 1 needs a sqlite or redis store; a worker "
        "that dies is replaced"))
    file_cache_bytes: int = field(default=64 * 1024 * 1024, metadata=_declare(
        "--file-cache-bytes", "fileCacheBytes", Whole(0), "N",
        "bytes of rendered result images each process keeps in memory (0: none, each "
        "download renders again)"))
    fetch_timeout_seconds: float = field(default=5.0, metadata=_declare(
        "--fetch-timeout-seconds", "fetch.timeoutSeconds", POSITIVE_SECONDS, "S",
        "how long fetching a source image may take"))
    fetch_max_bytes: int = field(default=16 * 1024 * 1024, metadata=_declare(
        "--fetch-max-bytes", "fetch.maxBytes", COUNT, "N",
        "the largest source image fetched, in bytes"))
    # fmt: on
    dev_keys: bool = False
    base_url: str = ""

    def with_base_url(self, base_url: str) -> Config:
        return replace(self, base_url=base_url.rstrip("/"))


SETTINGS: tuple[Setting, ...] = tuple(
    replace(f.metadata[_SETTING], name=f.name, default=f.default)
    for f in fields(Config)
    if _SETTING in f.metadata
)
"""Every setting, in the order of `--help`."""

DERIVED = frozenset({"dev_keys", "base_url"})
"""The `Config` fields that are not settings: the server works them out at start."""


def value_of(
    setting: Setting,
    raw: Any,
    subject: str,
    prefix: str = "",
    show: Callable[[Any], str] = repr,
) -> Any:
    """A setting's value from a flag's text (a list of them for `many`) or a file member."""
    items = list(raw) if setting.many else [raw]
    values = []
    for item in items:
        try:
            values.append(setting.kind.read(item))
        except Refused as error:
            raise ConfigError(f"{prefix}{error}") from None
        except (ValueError, TypeError, OverflowError):
            shown = "" if setting.kind.secret else f", not {show(item)}"
            raise ConfigError(f"{prefix}{subject} takes {setting.kind.expects}{shown}") from None
    return setting.collect(values) if setting.many else values[0]


def validate(config: Config) -> None:
    """Fail at start, not at the first request, on settings that cannot work together."""
    if len({key.key for key in config.keys}) != len(config.keys):
        raise ConfigError("an API key is configured twice")
    if config.ready_file is not None and not config.ready_file.parent.is_dir():
        raise ConfigError(f"the ready file's folder {config.ready_file.parent} does not exist")
    if config.workers > 1 and config.store == "memory":
        raise ConfigError("--workers above 1 needs a shared store: --store sqlite:PATH or redis://")
