"""A store in one SQLite file: survives restarts, shared by the worker processes of one host."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

from refserver.images import ImageCache, Recipe
from refserver.stores.base import (
    Delivery,
    Spend,
    delivery_id,
    recipe_from_json,
    recipe_json,
    task_from_json,
    task_json,
)
from refserver.task import Task

BUSY_TIMEOUT_MS = 5000
FIRST_PAUSE_SECONDS = 0.0005  # waits for the write lock, doubling up to the last
LAST_PAUSE_SECONDS = 0.02
PAGE = 100

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, artwork_type TEXT NOT NULL,
    created REAL NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tasks_owner ON tasks (owner);
CREATE INDEX IF NOT EXISTS tasks_created ON tasks (created);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY, task_id TEXT, created REAL NOT NULL, recipe TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_created ON files (created);
CREATE TABLE IF NOT EXISTS secrets (org TEXT PRIMARY KEY, current TEXT NOT NULL, previous TEXT);
CREATE TABLE IF NOT EXISTS buckets (id TEXT PRIMARY KEY, tokens REAL NOT NULL, last REAL NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
    id TEXT PRIMARY KEY, task_id TEXT NOT NULL, url TEXT NOT NULL, org TEXT NOT NULL,
    attempts INTEGER NOT NULL, due REAL NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (due);
"""


class SqliteStore:
    """One connection per process in autocommit mode; WAL lets readers and one writer overlap.

    Calls run on the event loop: each is a few indexed statements, well under a millisecond,
    and a thread hop per call would cost more than it saves.
    """

    max_tasks: int | None = None

    def __init__(self, path: Path, retention_seconds: float, cache_bytes: int) -> None:
        self.path = path
        self.retention_seconds = retention_seconds
        self.cache = ImageCache(cache_bytes)
        self.db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)  # idempotent; runs its own transaction

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[sqlite3.Connection]:
        """One transaction that takes the write lock at once, so read-modify-write is atomic."""
        await self._begin()
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE; while another worker holds the write lock, wait on the event loop.

        SQLite's own busy handler sleeps in the calling thread: the whole event loop of this
        worker would stop (up to 100 ms a sleep) each time the other worker is writing.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = FIRST_PAUSE_SECONDS
        while True:
            self.db.execute("PRAGMA busy_timeout = 0")  # only for this statement: reads still wait
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            finally:
                self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await asyncio.sleep(pause)
            pause = min(2 * pause, LAST_PAUSE_SECONDS)

    def _oldest_kept(self) -> float:
        return time.time() - self.retention_seconds

    async def add(self, task: Task, files: Mapping[str, Recipe], delivery: Delivery | None) -> None:
        async with self._write() as db:
            db.execute(
                "INSERT INTO tasks VALUES (?, ?, ?, ?, ?)",
                (task.id, task.owner, task.artwork_type, task.created_wall, task_json(task)),
            )
            db.executemany(
                "INSERT INTO files VALUES (?, ?, ?, ?)",
                [(n, task.id, task.created_wall, recipe_json(r)) for n, r in files.items()],
            )
            if delivery is not None:
                db.execute(
                    "INSERT INTO deliveries VALUES (?, ?, ?, ?, 0, ?, ?)",
                    (
                        delivery.id,
                        task.id,
                        delivery.url,
                        delivery.org,
                        task.finish_at,
                        task.created_wall,
                    ),
                )

    async def get(self, task_id: str) -> Task | None:
        row = self.db.execute(
            "SELECT record FROM tasks WHERE id = ? AND created > ?", (task_id, self._oldest_kept())
        ).fetchone()
        return task_from_json(row[0]) if row else None

    async def newest_first(
        self, owner: str | None, artwork_type: str | None
    ) -> AsyncIterator[Task]:
        """By creation time, not insertion order (workers insert concurrently created tasks in
        any order); paged on (created, rowid), so a long listing never holds a read open."""
        where: list[str] = ["created > ?"]
        args: list[float | str] = [self._oldest_kept()]
        for column, value in (("owner", owner), ("artwork_type", artwork_type)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        before: tuple[float, int] | None = None
        while True:
            bound, bound_args = "", []
            if before is not None:
                bound = " AND (created < ? OR (created = ? AND rowid < ?))"
                bound_args = [before[0], before[0], before[1]]
            rows = self.db.execute(
                f"SELECT created, rowid, record FROM tasks WHERE {' AND '.join(where)}{bound}"
                f" ORDER BY created DESC, rowid DESC LIMIT {PAGE}",
                [*args, *bound_args],
            ).fetchall()
            for created, rowid, record in rows:
                before = (created, rowid)
                yield task_from_json(record)
            if len(rows) < PAGE:
                return

    async def settle(
        self, task_id: str, failure: str | None, finish_at: float, duration: float
    ) -> None:
        async with self._write() as db:
            row = db.execute("SELECT record FROM tasks WHERE id = ?", (task_id,)).fetchone()
            if row is None:
                return
            task = task_from_json(row[0])
            task.failure, task.finish_at, task.duration = failure, finish_at, duration
            db.execute("UPDATE tasks SET record = ? WHERE id = ?", (task_json(task), task_id))
            db.execute(
                "UPDATE deliveries SET due = ? WHERE id = ? AND attempts = 0",
                (finish_at, delivery_id(task_id)),
            )

    async def add_file(self, name: str, recipe: Recipe) -> None:
        async with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, NULL, ?, ?)",
                (name, time.time(), recipe_json(recipe)),
            )

    async def file(self, name: str) -> Recipe | None:
        row = self.db.execute(
            "SELECT recipe FROM files WHERE name = ? AND created > ?", (name, self._oldest_kept())
        ).fetchone()
        return recipe_from_json(row[0]) if row else None

    async def sweep(self) -> int:
        oldest = self._oldest_kept()
        async with self._write() as db:
            removed = db.execute("DELETE FROM tasks WHERE created <= ?", (oldest,)).rowcount
            db.execute("DELETE FROM files WHERE created <= ?", (oldest,))
            db.execute("DELETE FROM deliveries WHERE created <= ?", (oldest,))
        return removed

    async def set_secret(self, org: str, secret: str) -> None:
        async with self._write() as db:
            db.execute(
                "INSERT INTO secrets VALUES (?, ?, NULL) ON CONFLICT (org) DO UPDATE"
                " SET previous = current, current = excluded.current",
                (org, secret),
            )

    async def secrets(self, org: str) -> tuple[str | None, str | None]:
        row = self.db.execute(
            "SELECT current, previous FROM secrets WHERE org = ?", (org,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    async def spend(self, bucket_id: str, spend: Spend) -> float:
        async with self._write() as db:
            row = db.execute(
                "SELECT tokens, last FROM buckets WHERE id = ?", (bucket_id,)
            ).fetchone()
            (tokens, last), wait = spend((row[0], row[1]) if row else None)
            db.execute("INSERT OR REPLACE INTO buckets VALUES (?, ?, ?)", (bucket_id, tokens, last))
        return wait

    async def claim(self, now: float, lease_seconds: float, limit: int) -> list[Delivery]:
        probe = "SELECT 1 FROM deliveries WHERE due <= ? LIMIT 1"
        if self.db.execute(probe, (now,)).fetchone() is None:
            return []  # the common case, answered without taking the write lock
        async with self._write() as db:
            rows = db.execute(
                "SELECT id, task_id, url, org, attempts FROM deliveries WHERE due <= ?"
                " ORDER BY due LIMIT ?",
                (now, limit),
            ).fetchall()
            db.executemany(
                "UPDATE deliveries SET attempts = attempts + 1, due = ? WHERE id = ?",
                [(now + lease_seconds, row[0]) for row in rows],
            )
        return [Delivery(i, t, u, o, attempts + 1) for i, t, u, o, attempts in rows]

    async def reschedule(self, delivery: Delivery, attempts: int, due: float) -> None:
        async with self._write() as db:
            db.execute(
                "UPDATE deliveries SET attempts = ?, due = ? WHERE id = ? AND attempts = ?",
                (attempts, due, delivery.id, delivery.attempts),
            )

    async def delivered(self, delivery_id: str) -> None:
        async with self._write() as db:
            db.execute("DELETE FROM deliveries WHERE id = ?", (delivery_id,))

    async def aclose(self) -> None:
        self.db.close()
