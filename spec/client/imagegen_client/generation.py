"""From a request body to a finished artwork and its files in one call, alone or in batches."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeAlias, TypeVar, overload

from .api.artworks import (
    create_photo_pilot_artwork,
    create_quantum_artwork,
    create_selena_variete_artwork,
)
from .artworks import Artwork, is_terminal, unwrap
from .client import AuthenticatedClient
from .downloads import download_results, download_results_async
from .errors import ImagegenError
from .models.photo_pilot_artwork import PhotoPilotArtwork
from .models.photo_pilot_request import PhotoPilotRequest
from .models.quantum_artwork import QuantumArtwork
from .models.quantum_request import QuantumRequest
from .models.selena_variete_artwork import SelenaVarieteArtwork
from .models.selena_variete_request import SelenaVarieteRequest
from .waiting import PollSchedule, wait_for_artwork, wait_for_artwork_async

__all__ = [
    "Failure",
    "Generation",
    "TaskRequest",
    "generate",
    "generate_async",
    "generate_many",
    "generate_many_async",
]

TaskRequest: TypeAlias = QuantumRequest | PhotoPilotRequest | SelenaVarieteRequest
"""A body that starts a task: E1, E2 or E3."""

Failure: TypeAlias = Exception
"""What a generation in a batch can end with instead of a Generation: an ApiError, a failed or
timed-out task (ArtworkFailedError, ArtworkTimeoutError), an httpx transport error, a file that
could not be written (OSError), or anything else raised for that body alone."""

A = TypeVar("A", bound=Artwork, covariant=True)

DEFAULT_CONCURRENCY = 16
"""Generations in flight at once in a batch, unless the caller says otherwise."""


@dataclass(frozen=True)
class Generation(Generic[A]):
    """A succeeded task as the server last answered it, and the files saved from its results."""

    artwork: A
    paths: tuple[Path, ...] = ()


class _Durations:
    """How long a batch's tasks take to finish, so that later ones poll when they should be done.

    A batch's tasks tend to take alike; polling each first at their median (plus a tenth) saves
    the polls that would find them still running, which under a rate limit are the batch's cost.
    Each task's time is the middle between the last poll that saw it running (or its creation)
    and the first that saw it finished, so the estimate can shrink as well as grow.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seconds: list[float] = []

    def timer(self) -> _Timer:
        """A timer for one task created now."""
        return _Timer(self)

    def record(self, seconds: float) -> None:
        """One task's estimated time from its creation to its end."""
        with self._lock:
            bisect.insort(self._seconds, seconds)

    def first_poll(self) -> float | None:
        """The seconds before a new task's first poll; None (the schedule's own) until one ended."""
        with self._lock:
            if not self._seconds:
                return None
            middle = len(self._seconds) // 2
            median = self._seconds[middle]
            if len(self._seconds) % 2 == 0:
                median = (median + self._seconds[middle - 1]) / 2
            return max(PollSchedule().interval, 1.1 * median)


class _Timer:
    """Brackets one task's end between two polls (an on_poll callback)."""

    def __init__(self, durations: _Durations) -> None:
        self.durations = durations
        self.created = time.monotonic()
        self.running_at = 0.0

    def __call__(self, artwork: Artwork) -> None:
        at = time.monotonic() - self.created
        if not is_terminal(artwork):
            self.running_at = at
        else:
            self.durations.record((self.running_at + at) / 2)


def _unsupported(body: object) -> TypeError:
    """The error for a body that starts no task."""
    return TypeError(
        "generate takes a QuantumRequest, PhotoPilotRequest or SelenaVarieteRequest, "
        f"not {type(body).__name__}"
    )


@contextlib.contextmanager
def _naming(created: Artwork) -> Iterator[None]:
    """Adds the task's id to any error raised after it was created, so the caller can still
    wait for it or fetch its results instead of losing a task that may well succeed."""
    try:
        yield
    except Exception as error:
        error.add_note(f"artwork {created.id} was created; it can be polled with its id")
        raise


def _finished(created: Artwork, done: Artwork) -> Artwork:
    """The polled artwork, which must be the task that was created."""
    if done.id != created.id or type(done) is not type(created):
        raise ImagegenError(
            f"polling artwork {created.id} ({type(created).__name__}) answered "
            f"{done.id} ({type(done).__name__})"
        )
    return done


# unasync: async generate
async def _create_async(client: AuthenticatedClient, body: TaskRequest) -> Artwork:
    """Starts the task of the body's type."""
    if isinstance(body, QuantumRequest):
        return unwrap(await create_quantum_artwork.asyncio(client=client, body=body))
    if isinstance(body, PhotoPilotRequest):
        return unwrap(await create_photo_pilot_artwork.asyncio(client=client, body=body))
    if isinstance(body, SelenaVarieteRequest):
        return unwrap(await create_selena_variete_artwork.asyncio(client=client, body=body))
    raise _unsupported(body)


@overload
async def generate_async(
    client: AuthenticatedClient,
    body: QuantumRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[QuantumArtwork]: ...
@overload
async def generate_async(
    client: AuthenticatedClient,
    body: PhotoPilotRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[PhotoPilotArtwork]: ...
@overload
async def generate_async(
    client: AuthenticatedClient,
    body: SelenaVarieteRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[SelenaVarieteArtwork]: ...
@overload
async def generate_async(
    client: AuthenticatedClient,
    body: TaskRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[Artwork]: ...
async def generate_async(
    client: AuthenticatedClient,
    body: TaskRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[Artwork]:
    """Creates the task of the body's type, waits for it, saves its images into `out_dir` if one
    is given, and returns the typed artwork with the saved paths.

    `timeout` is the seconds to wait for the task (PollSchedule's default when None). Raises what
    the steps raise: an ApiError subclass for an error answer, ArtworkFailedError (or
    ArtworkCanceledError) for a task that did not succeed, ArtworkTimeoutError when the wait runs
    out, FileExistsError for a file already there unless `overwrite`.
    """
    return await _run_async(client, body, out_dir, timeout, overwrite, _Durations())


async def _run_async(
    client: AuthenticatedClient,
    body: TaskRequest,
    out_dir: str | os.PathLike[str] | None,
    timeout: float | None,
    overwrite: bool,
    durations: _Durations,
) -> Generation[Artwork]:
    """generate_async's steps; it polls first when the batch's earlier tasks say it is done."""
    created = await _create_async(client, body)
    with _naming(created):
        polled = await wait_for_artwork_async(
            client,
            created,
            timeout=timeout,
            interval=durations.first_poll(),
            on_poll=durations.timer(),
        )
        done = _finished(created, polled)
        if out_dir is None:
            return Generation(done)
        paths = await download_results_async(client, done, out_dir, overwrite=overwrite)
        return Generation(done, tuple(paths))


# unasync: end


# unasync: sync generate (written by spec/client/unasync.py from the async block: edit that)
def _create(client: AuthenticatedClient, body: TaskRequest) -> Artwork:
    """Starts the task of the body's type."""
    if isinstance(body, QuantumRequest):
        return unwrap(create_quantum_artwork.sync(client=client, body=body))
    if isinstance(body, PhotoPilotRequest):
        return unwrap(create_photo_pilot_artwork.sync(client=client, body=body))
    if isinstance(body, SelenaVarieteRequest):
        return unwrap(create_selena_variete_artwork.sync(client=client, body=body))
    raise _unsupported(body)


@overload
def generate(
    client: AuthenticatedClient,
    body: QuantumRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[QuantumArtwork]: ...
@overload
def generate(
    client: AuthenticatedClient,
    body: PhotoPilotRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[PhotoPilotArtwork]: ...
@overload
def generate(
    client: AuthenticatedClient,
    body: SelenaVarieteRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[SelenaVarieteArtwork]: ...
@overload
def generate(
    client: AuthenticatedClient,
    body: TaskRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[Artwork]: ...
def generate(
    client: AuthenticatedClient,
    body: TaskRequest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> Generation[Artwork]:
    """Creates the task of the body's type, waits for it, saves its images into `out_dir` if one
    is given, and returns the typed artwork with the saved paths.

    `timeout` is the seconds to wait for the task (PollSchedule's default when None). Raises what
    the steps raise: an ApiError subclass for an error answer, ArtworkFailedError (or
    ArtworkCanceledError) for a task that did not succeed, ArtworkTimeoutError when the wait runs
    out, FileExistsError for a file already there unless `overwrite`.
    """
    return _run(client, body, out_dir, timeout, overwrite, _Durations())


def _run(
    client: AuthenticatedClient,
    body: TaskRequest,
    out_dir: str | os.PathLike[str] | None,
    timeout: float | None,
    overwrite: bool,
    durations: _Durations,
) -> Generation[Artwork]:
    """generate's steps; it polls first when the batch's earlier tasks say it is done."""
    created = _create(client, body)
    with _naming(created):
        polled = wait_for_artwork(
            client,
            created,
            timeout=timeout,
            interval=durations.first_poll(),
            on_poll=durations.timer(),
        )
        done = _finished(created, polled)
        if out_dir is None:
            return Generation(done)
        paths = download_results(client, done, out_dir, overwrite=overwrite)
        return Generation(done, tuple(paths))


# unasync: end


def _checked(bodies: Iterable[TaskRequest], concurrency: int) -> list[TaskRequest]:
    """The bodies as a list, refused before anything is sent if one starts no task."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    checked = list(bodies)
    for body in checked:
        if not isinstance(body, TaskRequest):
            raise _unsupported(body)
    return checked


async def generate_many_async(
    client: AuthenticatedClient,
    bodies: Iterable[TaskRequest],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> list[Generation[Artwork] | Failure]:
    """Runs generate_async for every body, `concurrency` at a time, and returns in body order
    each one's Generation or the error it ended with (one failure never stops the others). A
    body that starts no task raises TypeError before anything is sent.

    Every call goes through the client's one pacing, so a batch larger than the server's rate
    limit queues instead of failing; a RateLimitError here means a call's time budget ran out.
    """
    checked = _checked(bodies, concurrency)
    gate = asyncio.Semaphore(concurrency)
    durations = _Durations()

    async def one(body: TaskRequest) -> Generation[Artwork] | Failure:
        async with gate:
            try:
                return await _run_async(client, body, out_dir, timeout, overwrite, durations)
            except Exception as failure:  # one body's end, not the batch's
                return failure

    return list(await asyncio.gather(*(one(body) for body in checked)))


def generate_many(
    client: AuthenticatedClient,
    bodies: Iterable[TaskRequest],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    out_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    overwrite: bool = False,
) -> list[Generation[Artwork] | Failure]:
    """The sync twin of generate_many_async, on `concurrency` threads sharing the client's pool.

    Threads rather than an event loop, so it works from any code, including code that is
    already running inside an event loop, and uses the same sync connections as the caller.
    """

    durations = _Durations()

    def one(body: TaskRequest) -> Generation[Artwork] | Failure:
        try:
            return _run(client, body, out_dir, timeout, overwrite, durations)
        except Exception as failure:  # one body's end, not the batch's
            return failure

    checked = _checked(bodies, concurrency)
    with ThreadPoolExecutor(concurrency, thread_name_prefix="imagegen") as pool:
        return list(pool.map(one, checked))
