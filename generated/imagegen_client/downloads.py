"""Saves result images to files, streamed, with the client's timeout and retries."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx

from .artworks import Artwork
from .client import AuthenticatedClient, Client
from .models.image_generation_response import ImageGenerationResponse
from .models.unknown_artwork import UnknownArtwork
from .pacing import UNPACED
from .types import Unset

__all__ = ["download_results", "download_results_async"]

Results = Artwork | ImageGenerationResponse | Sequence[str]

_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/gif": ".gif",
}


def _urls(results: Results) -> list[str]:
    """The image URLs of an artwork, an E4 answer, or a plain list."""
    if isinstance(results, ImageGenerationResponse):
        return [image.url for image in results.data]
    if isinstance(results, UnknownArtwork):
        return [] if isinstance(results.results, Unset) else list(results.results)
    if isinstance(results, str):
        raise TypeError("pass a list of URLs, not one string")
    if isinstance(results, Sequence):
        return list(results)
    return list(results.results)


def _stem(results: Results, index: int) -> str:
    """`<artwork id>-<n>` for an artwork, `image-<n>` otherwise."""
    if isinstance(results, ImageGenerationResponse | Sequence):
        return f"image-{index}"
    return f"{results.id}-{index}"


def _extension(response: httpx.Response, url: str) -> str:
    """From the Content-Type, else from the URL, else `.bin`."""
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type in _EXTENSIONS:
        return _EXTENSIONS[media_type]
    suffix = Path(urlsplit(url).path).suffix.lower()
    return suffix if suffix in _EXTENSIONS.values() or suffix == ".jpeg" else ".bin"


def _request(http: httpx.Client | httpx.AsyncClient, url: str) -> httpx.Request:
    """A GET that carries the API key only to the API's own origin, never to a CDN or other host.

    A download is not an API operation, so it keeps its retries but stays out of the client's
    pacing (it neither waits for the API's pace nor slows it).
    """
    request = http.build_request("GET", url, extensions={UNPACED: True})
    base = http.base_url
    same_origin = (request.url.scheme, request.url.host, request.url.port) == (
        base.scheme,
        base.host,
        base.port,
    )
    if not same_origin:
        for name in [name for name in request.headers if name.lower() == "authorization"]:
            del request.headers[name]
    return request


def _target(directory: Path, stem: str, extension: str, overwrite: bool) -> Path:
    """The file to write; refuses to clobber an existing file unless asked to."""
    path = directory / f"{stem}{extension}"
    if path.exists() and not overwrite:
        raise FileExistsError(path)
    return path


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[BinaryIO]:
    """A new file next to `path`, renamed onto it if the block succeeds and removed if not.

    It is created with mode 0666 and the user's umask applied, like any file a program makes
    (a temporary file's private 0600 would otherwise stay on the result).
    """
    part = path.with_name(f".{path.name}.{secrets.token_hex(8)}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
    except BaseException:
        os.unlink(part)
        raise
    os.replace(part, path)


# unasync: async downloads
async def download_results_async(
    client: AuthenticatedClient | Client,
    results: Results,
    directory: str | os.PathLike[str] = ".",
    *,
    overwrite: bool = False,
) -> list[Path]:
    """Downloads every result image into `directory` and returns the paths, in result order.

    Each file is streamed to a temporary file and renamed, so a failed download leaves nothing
    half-written; files get the mode the user's umask gives new files. Files are named
    `<artwork id>-<n>.<ext>`, the extension from the Content-Type.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    http = client.get_async_httpx_client()
    paths: list[Path] = []
    for index, url in enumerate(_urls(results)):
        response = await http.send(_request(http, url), stream=True)
        try:
            response.raise_for_status()
            path = _target(folder, _stem(results, index), _extension(response, url), overwrite)
            with _writing(path) as part:  # (small writes: synchronous in both)
                async for chunk in response.aiter_bytes():
                    part.write(chunk)
        finally:
            await response.aclose()
        paths.append(path)
    return paths


# unasync: end


# unasync: sync downloads (written by spec/client/unasync.py from the async block: edit that)
def download_results(
    client: AuthenticatedClient | Client,
    results: Results,
    directory: str | os.PathLike[str] = ".",
    *,
    overwrite: bool = False,
) -> list[Path]:
    """Downloads every result image into `directory` and returns the paths, in result order.

    Each file is streamed to a temporary file and renamed, so a failed download leaves nothing
    half-written; files get the mode the user's umask gives new files. Files are named
    `<artwork id>-<n>.<ext>`, the extension from the Content-Type.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    http = client.get_httpx_client()
    paths: list[Path] = []
    for index, url in enumerate(_urls(results)):
        response = http.send(_request(http, url), stream=True)
        try:
            response.raise_for_status()
            path = _target(folder, _stem(results, index), _extension(response, url), overwrite)
            with _writing(path) as part:
                for chunk in response.iter_bytes():
                    part.write(chunk)
        finally:
            response.close()
        paths.append(path)
    return paths


# unasync: end
