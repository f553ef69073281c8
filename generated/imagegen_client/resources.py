"""What every method of the resource-style surface (`client.artworks.create_quantum(...)`) shares:
per-call options applied inside the client's transport (so within its pacing and retries), an
answer that is the typed model or a raised typed error, and pages of a list.

The generated resource classes (`api/<tag>/__init__.py`) call these; the sync and async methods
are rendered from one template, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, overload

import httpx

from .errors import error_from_response
from .types import Unset

__all__ = ["AsyncPage", "Page", "Timeout", "prepared", "received"]

T = TypeVar("T")
Timeout = httpx.Timeout | float | None | Unset
"""A per-call timeout: an httpx.Timeout, seconds, None for none, or UNSET for the client's."""


def prepared(
    request: dict[str, Any],
    timeout: Timeout,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The generated request arguments with the call's own timeout, headers and query added."""
    if extra_headers:
        request["headers"] = {**request.get("headers", {}), **extra_headers}
    if extra_query:
        request["params"] = {**request.get("params", {}), **extra_query}
    if not isinstance(timeout, Unset):
        request["timeout"] = timeout
    return request


def received(response: httpx.Response) -> httpx.Response:
    """The answer, or its typed error raised (even on a client made with raise_on_error=False)."""
    if response.status_code >= 400:
        raise error_from_response(response)
    return response


class _Items(Sequence[T]):
    """What a page is whichever way it fetches the next: its items, where it starts, its size."""

    def __init__(self, items: list[T], offset: int, limit: int | Unset) -> None:
        self.items = items
        self.offset = offset
        self.limit = limit

    @property
    def has_more(self) -> bool:
        """Whether a later page may hold more: this one came back full."""
        return bool(self.items) and (isinstance(self.limit, Unset) or len(self.items) >= self.limit)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(offset={self.offset}, items={len(self.items)})"


class Page(_Items[T]):
    """One page of a list: iterate it, index it, `next_page()` for the one after it, or
    `iter_all()` to walk this page and every later one."""

    def __init__(self, items: list[T], *, offset: int, limit: int | Unset, fetch: Callable[[int], Page[T]]) -> None:
        super().__init__(items, offset, limit)
        self._fetch = fetch

    def next_page(self) -> Page[T] | None:
        """The page after this one, or None when this one was the last."""
        return self._fetch(self.offset + len(self.items)) if self.has_more else None

    def iter_all(self) -> Iterator[T]:
        """Every item of this page and of the pages after it, fetched when needed."""
        page: Page[T] | None = self
        while page is not None:
            yield from page.items
            page = page.next_page()


class AsyncPage(_Items[T]):
    """The async twin of Page: `await page.next_page()`, `async for item in page.iter_all()`."""

    def __init__(
        self,
        items: list[T],
        *,
        offset: int,
        limit: int | Unset,
        fetch: Callable[[int], Awaitable[AsyncPage[T]]],
    ) -> None:
        super().__init__(items, offset, limit)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[T] | None:
        """The page after this one, or None when this one was the last."""
        return await self._fetch(self.offset + len(self.items)) if self.has_more else None

    async def iter_all(self) -> AsyncIterator[T]:
        """Every item of this page and of the pages after it, fetched when needed."""
        page: AsyncPage[T] | None = self
        while page is not None:
            for item in page.items:
                yield item
            page = await page.next_page()
