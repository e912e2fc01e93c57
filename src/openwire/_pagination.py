"""List responses: `Page` for lists that come whole, cursor pages that fetch the rest as you iterate.

```python
for completion in client.chat.completions.list(limit=20):      # every page, fetched as needed
    ...
async for completion in client.chat.completions.list():        # the same on AsyncClient
    ...
async for model in client.models.list():                       # every list, the same way
    ...
page = client.chat.completions.list(limit=20)                  # or walk the pages by hand
while page.has_next_page():
    page = page.get_next_page()
```
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

from typing_extensions import Self

from ._models import BaseModel

__all__ = [
    "AsyncCursorPage",
    "AsyncCursorPager",
    "AsyncPager",
    "CursorPage",
    "CursorPageData",
    "Page",
]

T = TypeVar("T")
P = TypeVar("P")


class Page(BaseModel, Generic[T]):
    """A list the API returns in one response (`{"object": "list", "data": [...]}`).

    Iterate it, index it, or take `len()` of it:

    ```python
    for model in client.models.list():
        print(model.id)
    ```
    """

    data: list[T]
    """The objects of the list."""
    object: str | None = None
    """The object type, usually `list`."""

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]  # iterate the items, not the fields
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> T:
        return self.data[index]


class CursorPageData(BaseModel, Generic[T]):
    """One page of a cursor-paginated list, as the server sent it."""

    data: list[T]
    """The objects on this page."""
    has_more: bool = False
    """Whether there are more objects after this page."""
    first_id: str | None = None
    """The id of the first object on this page."""
    last_id: str | None = None
    """The id of the last object on this page: the cursor for the next one."""
    object: str | None = None
    """The object type, usually `list`."""

    def next_cursor(self) -> str | None:
        """The `after` cursor of the next page, or None when this is the last page."""
        if not self.has_more or not self.data:
            return None
        return self.last_id or getattr(self.data[-1], "id", None)


class _CursorPageBase(Generic[T]):
    """What the sync and async cursor pages share: the page's data, no I/O."""

    def __init__(self, page: CursorPageData[T]) -> None:
        self.page = page
        """The page as parsed (with any fields the server added)."""

    @property
    def data(self) -> list[T]:
        """The objects on this page only."""
        return self.page.data

    @property
    def has_more(self) -> bool:
        """Whether the server says more objects follow this page."""
        return self.page.has_more

    @property
    def request_id(self) -> str | None:
        """The `x-request-id` of the response this page came from."""
        return self.page.request_id

    def has_next_page(self) -> bool:
        """Whether there is a next page to fetch."""
        return self.page.next_cursor() is not None

    def __len__(self) -> int:
        return len(self.page.data)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} items, has_more={self.has_more}>"


class CursorPage(_CursorPageBase[T]):
    """One page of a cursor-paginated list on `Client`. Iterating it goes on through every later
    page, fetching each when needed; `data` is this page only."""

    def __init__(self, page: CursorPageData[T], fetch: Callable[[str], CursorPage[T]]) -> None:
        super().__init__(page)
        self._fetch = fetch

    def get_next_page(self) -> CursorPage[T]:
        """Fetch the page after this one. Raises `ValueError` on the last page."""
        cursor = self.page.next_cursor()
        if cursor is None:
            raise ValueError("This is the last page: check has_next_page() before get_next_page().")
        return self._fetch(cursor)

    def iter_pages(self) -> Iterator[CursorPage[T]]:
        """This page and every later one."""
        page: CursorPage[T] | None = self
        while page is not None:
            yield page
            page = page.get_next_page() if page.has_next_page() else None

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(_CursorPageBase[T]):
    """One page of a cursor-paginated list on `AsyncClient`; `async for` goes on through every later
    page, fetching each when needed; `data` is this page only."""

    def __init__(
        self, page: CursorPageData[T], fetch: Callable[[str], Awaitable[AsyncCursorPage[T]]]
    ) -> None:
        super().__init__(page)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncCursorPage[T]:
        """Fetch the page after this one. Raises `ValueError` on the last page."""
        cursor = self.page.next_cursor()
        if cursor is None:
            raise ValueError("This is the last page: check has_next_page() before get_next_page().")
        return await self._fetch(cursor)

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[T]]:
        """This page and every later one."""
        page: AsyncCursorPage[T] | None = self
        while page is not None:
            yield page
            page = await page.get_next_page() if page.has_next_page() else None

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class _AsyncPagerBase(Generic[T, P]):
    """What a list method of `AsyncClient` returns: await it for the first page, or `async for`
    over it for every item (of every page)."""

    def __init__(self, first: Callable[[], Awaitable[P]]) -> None:
        self._first = first

    @classmethod
    def of(cls, page: P) -> Self:
        """A pager whose first page has already been fetched (`with_raw_response(...).parse()`)."""

        async def ready() -> P:
            return page

        return cls(ready)

    def __await__(self) -> Generator[Any, None, P]:
        return self._first().__await__()


class AsyncCursorPager(_AsyncPagerBase[T, AsyncCursorPage[T]]):
    """What a cursor-paginated `list()` returns on `AsyncClient`: await it for the first page, or
    `async for` over it for every item of every page, each fetched when needed.

    ```python
    async for completion in client.chat.completions.list():
        ...
    page = await client.chat.completions.list(limit=20)
    ```
    """

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        async for item in page:
            yield item


class AsyncPager(_AsyncPagerBase[T, Page[T]]):
    """What a `list()` that answers in one page returns on `AsyncClient` (`client.models.list()`):
    await it for the `Page`, or `async for` over it for the items, as with a cursor-paginated list.

    ```python
    async for model in client.models.list():
        ...
    page = await client.models.list()
    ```
    """

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        for item in page:
            yield item
