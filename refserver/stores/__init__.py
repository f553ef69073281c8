"""Where the server keeps its state: `memory` (default), `sqlite:PATH` or `redis://HOST:PORT/DB`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from refserver.stores.base import Delivery, Store
from refserver.stores.memory import MemoryStore
from refserver.stores.sqlite import SqliteStore

__all__ = ["Delivery", "MemoryStore", "SqliteStore", "Store", "check_store", "open_store"]

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
