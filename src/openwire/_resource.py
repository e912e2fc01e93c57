"""The base classes of resources, and the raw-response views every resource offers."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncResponseContextManager,
    Mode,
    ResponseContextManager,
)

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from ._pagination import AsyncCursorPager, CursorPage, CursorPageData
    from ._request import Endpoint

__all__ = ["AsyncAPIResource", "SyncAPIResource"]

T = TypeVar("T")


class SyncAPIResource:
    """A group of API operations on `Client`. Methods are declarations: a signature, a docstring,
    and one `self._call(...)`."""

    _mode: Mode = Mode.PARSED

    def __init__(self, client: Client) -> None:
        self._client = client

    def _call(self, endpoint: Endpoint[T], params: Mapping[str, Any], *path_args: str) -> T:
        # In RAW / STREAMING mode (through a view) this returns an APIResponse instead: the views
        # are typed for that, the methods for the common case.
        return self._client._call(endpoint, params, path_args, self._mode)  # type: ignore[no-any-return]

    def _paged(
        self, endpoint: Endpoint[CursorPageData[T]], params: Mapping[str, Any], *path_args: str
    ) -> CursorPage[T]:
        """Call a cursor-paginated list endpoint; the page fetches later pages with `after=`."""
        from ._pagination import CursorPage

        if self._mode is not Mode.PARSED:
            return self._call(endpoint, params, *path_args)  # type: ignore[arg-type]  # an APIResponse

        def fetch(after: str | None) -> CursorPage[T]:
            page_params = params if after is None else {**params, "after": after}
            return CursorPage(self._call(endpoint, page_params, *path_args), fetch)

        return fetch(None)

    @property
    def with_raw_response(self) -> RawResponseView:
        """The same methods, returning an `APIResponse` (headers, status, request id, `.parse()`)."""
        return RawResponseView(self, Mode.RAW)

    @property
    def with_streaming_response(self) -> StreamingResponseView:
        """The same methods as context managers giving the `APIResponse` before its body is read."""
        return StreamingResponseView(self, Mode.STREAMING)


class AsyncAPIResource:
    """A group of API operations on `AsyncClient`; the twin of `SyncAPIResource`."""

    _mode: Mode = Mode.PARSED

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def _call(self, endpoint: Endpoint[T], params: Mapping[str, Any], *path_args: str) -> T:
        return await self._client._call(endpoint, params, path_args, self._mode)  # type: ignore[no-any-return]

    def _paged(
        self, endpoint: Endpoint[CursorPageData[T]], params: Mapping[str, Any], *path_args: str
    ) -> AsyncCursorPager[T]:
        """Call a cursor-paginated list endpoint: await the result for the first page, or iterate it."""
        from ._pagination import AsyncCursorPage, AsyncCursorPager

        if self._mode is not Mode.PARSED:
            return self._call(endpoint, params, *path_args)  # type: ignore[return-value]  # awaitable

        async def fetch(after: str | None) -> AsyncCursorPage[T]:
            page_params = params if after is None else {**params, "after": after}
            return AsyncCursorPage(await self._call(endpoint, page_params, *path_args), fetch)

        return AsyncCursorPager(lambda: fetch(None))

    @property
    def with_raw_response(self) -> AsyncRawResponseView:
        """The same methods, returning an `AsyncAPIResponse` (headers, status, `await .parse()`)."""
        return AsyncRawResponseView(self, Mode.RAW)

    @property
    def with_streaming_response(self) -> AsyncStreamingResponseView:
        """The same methods as async context managers giving the response before its body is read."""
        return AsyncStreamingResponseView(self, Mode.STREAMING)


class _View:
    """`resource.with_raw_response.method(...)`: the resource's own methods, run in another mode."""

    def __init__(self, resource: SyncAPIResource | AsyncAPIResource, mode: Mode) -> None:
        self._resource = resource
        self._target = copy.copy(resource)
        self._target._mode = mode

    def _method(self, name: str) -> Callable[..., Any]:
        attribute = getattr(self._resource, name)
        if name.startswith("_") or not callable(attribute):
            raise AttributeError(f"{type(self._resource).__name__} has no API method {name!r}")
        method: Callable[..., Any] = getattr(self._target, name)
        return method

    def __dir__(self) -> list[str]:
        return [name for name in dir(self._resource) if not name.startswith("_") and name not in _VIEWS]


_VIEWS = ("with_raw_response", "with_streaming_response")


class RawResponseView(_View):
    """`resource.with_raw_response`: each method returns an `APIResponse` wrapping the result."""

    def __getattr__(self, name: str) -> Callable[..., APIResponse[Any]]:
        return self._method(name)


class StreamingResponseView(_View):
    """`resource.with_streaming_response`: each method returns a context manager that sends the
    request on `with` and gives an `APIResponse` whose body has not been read yet."""

    def __getattr__(self, name: str) -> Callable[..., ResponseContextManager[Any]]:
        method = self._method(name)
        return lambda *args, **kwargs: ResponseContextManager(lambda: method(*args, **kwargs))


class AsyncRawResponseView(_View):
    """`resource.with_raw_response` on `AsyncClient`: methods give an `AsyncAPIResponse`."""

    def __getattr__(self, name: str) -> Callable[..., Awaitable[AsyncAPIResponse[Any]]]:
        return self._method(name)


class AsyncStreamingResponseView(_View):
    """`resource.with_streaming_response` on `AsyncClient`: methods give an async context manager."""

    def __getattr__(self, name: str) -> Callable[..., AsyncResponseContextManager[Any]]:
        method = self._method(name)
        return lambda *args, **kwargs: AsyncResponseContextManager(lambda: method(*args, **kwargs))
