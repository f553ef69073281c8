"""Walks the task list (E7) page by page, so callers never write their own offset loop."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from uuid import UUID

from .api.artworks import list_artworks
from .artworks import Artwork, unwrap
from .client import AuthenticatedClient
from .models.artwork_status import ArtworkStatus
from .models.artwork_type import ArtworkType
from .types import UNSET, Unset

__all__ = ["iter_artworks", "iter_artworks_async"]

DEFAULT_PAGE_SIZE = 100


class _Walk:
    """The offset of the next page and the ids already yielded, for one walk."""

    def __init__(self, page_size: int) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.page_size = page_size
        self.offset = 0
        self.seen: set[UUID] = set()
        self.done = False

    def take(self, page: list[Artwork]) -> list[Artwork]:
        """The page's artworks not yielded before; a short page ends the walk."""
        fresh = [artwork for artwork in page if artwork.id not in self.seen]
        self.seen.update(artwork.id for artwork in fresh)
        self.offset += self.page_size
        self.done = len(page) < self.page_size
        return fresh


def _filters(
    status: ArtworkStatus | None, artwork_type: ArtworkType | None
) -> tuple[ArtworkStatus | Unset, ArtworkType | Unset]:
    """The optional filters as the generated function takes them."""
    return (UNSET if status is None else status), (UNSET if artwork_type is None else artwork_type)


# unasync: async pages
async def iter_artworks_async(
    client: AuthenticatedClient,
    *,
    status: ArtworkStatus | None = None,
    artwork_type: ArtworkType | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> AsyncIterator[Artwork]:
    """Yields the key's artworks, newest first, fetching a page of `page_size` only when needed,
    until a page comes back short.

    Never yields one artwork twice: a task created during the walk pushes older ones to later
    offsets, and those already yielded are skipped. What a caller may miss:
    - tasks created after the walk started (they are on pages already read);
    - when tasks leave the list during the walk (deleted by retention, or no longer matching the
      `status` filter), as many older tasks as left, since the offsets then shift the other way.
    The walk ends on the first short page, so a key that creates a page of tasks between every
    two page reads keeps it going for as long as that lasts. A page size over the server's limit
    is answered with 400 (BadRequestError).
    """
    walk = _Walk(page_size)
    status_filter, type_filter = _filters(status, artwork_type)
    while not walk.done:
        page = await list_artworks.asyncio(
            client=client,
            limit=walk.page_size,
            offset=walk.offset,
            status=status_filter,
            artwork_type=type_filter,
        )
        for artwork in walk.take(unwrap(page)):
            yield artwork


# unasync: end


# unasync: sync pages (written by spec/client/unasync.py from the async block: edit that)
def iter_artworks(
    client: AuthenticatedClient,
    *,
    status: ArtworkStatus | None = None,
    artwork_type: ArtworkType | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[Artwork]:
    """Yields the key's artworks, newest first, fetching a page of `page_size` only when needed,
    until a page comes back short.

    Never yields one artwork twice: a task created during the walk pushes older ones to later
    offsets, and those already yielded are skipped. What a caller may miss:
    - tasks created after the walk started (they are on pages already read);
    - when tasks leave the list during the walk (deleted by retention, or no longer matching the
      `status` filter), as many older tasks as left, since the offsets then shift the other way.
    The walk ends on the first short page, so a key that creates a page of tasks between every
    two page reads keeps it going for as long as that lasts. A page size over the server's limit
    is answered with 400 (BadRequestError).
    """
    walk = _Walk(page_size)
    status_filter, type_filter = _filters(status, artwork_type)
    while not walk.done:
        page = list_artworks.sync(
            client=client,
            limit=walk.page_size,
            offset=walk.offset,
            status=status_filter,
            artwork_type=type_filter,
        )
        yield from walk.take(unwrap(page))


# unasync: end
