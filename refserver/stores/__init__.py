"""Where the server keeps its state: `memory` (default), `sqlite:PATH` or `redis://HOST:PORT/DB`."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from refserver.stores.base import Delivery, Store
from refserver.stores.memory import MemoryStore
from refserver.stores.sqlite import SqliteStore

__all__ = [
    "Delivery",
    "MemoryStore",
    "SqliteStore",
    "Store",
    "check_store",
    "open_store",
    "preflight",
]

STORE_FORMS = "memory, sqlite:PATH or redis://HOST:PORT/DB"


def check_store(text: str) -> str:
    """The store setting as given, or ValueError saying which forms there are."""
    if text == "memory":
        return text
    if text.startswith("sqlite:"):
        if not text.removeprefix("sqlite:"):
            raise ValueError(f"--store sqlite:PATH needs a path; the forms are {STORE_FORMS}")
        return text
    if text.startswith("redis://"):
        parts = urlsplit(text)
        try:
            port = parts.port
        except ValueError:
            port = None
        db = parts.path.strip("/")
        if not parts.hostname or port is None or (db and not db.isdigit()):
            raise ValueError(f"--store {text!r} is not redis://HOST:PORT/DB")
        return text
    raise ValueError(f"--store must be {STORE_FORMS}, not {text!r}")


def preflight(text: str, timeout_seconds: float = 3.0) -> None:
    """Fail at start, in one line, when the store cannot be opened: OSError says why."""
    check_store(text)
    if text.startswith("sqlite:"):
        folder = Path(text.removeprefix("sqlite:")).expanduser().resolve().parent
        if not folder.is_dir():
            raise OSError(f"--store {text}: the folder {folder} does not exist")
        try:
            sqlite3.connect(Path(text.removeprefix("sqlite:")).expanduser()).close()
        except sqlite3.Error as error:
            raise OSError(f"--store {text}: {error}") from None
    elif text.startswith("redis://"):
        import redis
        import redis.exceptions

        parts = urlsplit(text)
        where = f"{parts.hostname}:{parts.port}"
        try:
            client = redis.Redis.from_url(text, socket_timeout=timeout_seconds,
                                          socket_connect_timeout=timeout_seconds)  # fmt: skip
            with client:
                client.ping()
        except redis.exceptions.RedisError as error:
            raise OSError(f"--store: cannot reach Redis at {where}: {error}") from None


def open_store(text: str, retention_seconds: float, max_tasks: int, cache_bytes: int) -> Store:
    """A connected store for this process; call in each worker, after it has started."""
    check_store(text)
    if text.startswith("sqlite:"):
        path = Path(text.removeprefix("sqlite:")).expanduser()
        return SqliteStore(path, retention_seconds, cache_bytes)
    if text.startswith("redis://"):
        from refserver.stores.redis import RedisStore

        return RedisStore(text, retention_seconds, cache_bytes)
    return MemoryStore(retention_seconds, max_tasks, cache_bytes)
