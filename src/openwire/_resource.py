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
