"""The base classes of resources, and the raw-response views every resource offers.

A resource is built with a `Mode`: what its methods hand back. `client.models` is in `PARSED` mode
(the model); `client.models.with_raw_response` is a view over `Models(client, Mode.RAW)`, whose
methods give an `APIResponse`; `with_streaming_response` one over `Mode.STREAMING`, whose methods
give a context manager around an `APIResponse` whose body is not read yet. The resource's own
methods are the same in every mode: only the client's `_call` looks at the mode.

What the views return is typed by a `Protocol` per resource, generated from the resource's own
signatures by `scripts/views.py` into `resources/_views/` (see docs/architecture.md): the resource
class names them as its type parameters, so `with_raw_response.create(...)` is checked as strictly
as `create(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._response import AsyncResponseContextManager, Mode, ResponseContextManager

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from ._pagination import AsyncCursorPager, AsyncPager, CursorPage, CursorPageData, Page
    from ._request import Endpoint

__all__ = ["AsyncAPIResource", "SyncAPIResource", "helper"]

T = TypeVar("T")
R = TypeVar("R")
_RawT = TypeVar("_RawT")
_StreamingT = TypeVar("_StreamingT")
_Resource = TypeVar("_Resource", bound="SyncAPIResource[Any, Any] | AsyncAPIResource[Any, Any]")
_F = TypeVar("_F", bound=Callable[..., Any])


def helper(method: _F) -> _F:
    """Mark a resource method that is not one API call but a helper made of them
    (`responses.stream`): the raw-response views leave it out, and `scripts/views.py` too."""
    method.__openwire_helper__ = True  # type: ignore[attr-defined]
    return method


class _APIResource(Generic[_RawT, _StreamingT]):
    """What both resource base classes share: the mode, sub-resources, and the two views."""

    _mode: Mode

    @property
    def with_raw_response(self) -> _RawT:
        """The same methods, returning the `APIResponse` (headers, status, request id, `.parse()`)."""
        return _View(self._in_mode(Mode.RAW), streaming=False)  # type: ignore[return-value]

    @property
    def with_streaming_response(self) -> _StreamingT:
        """The same methods as context managers giving the `APIResponse` before its body is read."""
        return _View(self._in_mode(Mode.STREAMING), streaming=True)  # type: ignore[return-value]

    def _in_mode(self, mode: Mode) -> Any:
        raise NotImplementedError


class SyncAPIResource(_APIResource[_RawT, _StreamingT]):
    """A group of API operations on `Client`. Methods are declarations: a signature, a docstring,
    and one `self._call(...)`; sub-resources are `cached_property`s made with `self._sub(...)`."""

    def __init__(self, client: Client, mode: Mode = Mode.PARSED) -> None:
        self._client = client
        self._mode = mode

    def _in_mode(self, mode: Mode) -> Any:
        return type(self)(self._client, mode)

    def _sub(self, resource: type[_Resource]) -> _Resource:
        """A sub-resource (`completions.messages`), in this resource's mode."""
        return resource(self._client, self._mode)  # type: ignore[arg-type]

    def _call(self, endpoint: Endpoint[T], params: Mapping[str, Any], *path_args: str) -> T:
        # Through a view this returns an APIResponse instead: the views' Protocols say so.
        return self._client._call(endpoint, params, path_args, self._mode)  # type: ignore[no-any-return]

    def _paged(
        self, endpoint: Endpoint[CursorPageData[T]], params: Mapping[str, Any], *path_args: str
    ) -> CursorPage[T]:
        """Call a cursor-paginated list endpoint; the page fetches later pages with `after=`."""
        from ._pagination import CursorPage

        client = self._client

        def page(data: CursorPageData[T], via: Client | None = None) -> CursorPage[T]:
            # The next pages come from the service that sent this one (with fallbacks, it may not
            # be the client's own), where its cursor means something.
            via = via or client._serving(data)
            return CursorPage(data, lambda after: fetch(via, {**params, "after": after}))

        def fetch(via: Client, page_params: Mapping[str, Any]) -> CursorPage[T]:
            return via._call(endpoint, page_params, path_args, Mode.PARSED, lambda data: page(data, via))  # type: ignore[no-any-return]

        return client._call(endpoint, params, path_args, self._mode, page)  # type: ignore[no-any-return]


class AsyncAPIResource(_APIResource[_RawT, _StreamingT]):
    """A group of API operations on `AsyncClient`; the twin of `SyncAPIResource`."""

    def __init__(self, client: AsyncClient, mode: Mode = Mode.PARSED) -> None:
        self._client = client
        self._mode = mode

    def _in_mode(self, mode: Mode) -> Any:
        return type(self)(self._client, mode)

    def _sub(self, resource: type[_Resource]) -> _Resource:
        """A sub-resource (`completions.messages`), in this resource's mode."""
        return resource(self._client, self._mode)  # type: ignore[arg-type]

    async def _call(self, endpoint: Endpoint[T], params: Mapping[str, Any], *path_args: str) -> T:
        return await self._client._call(endpoint, params, path_args, self._mode)  # type: ignore[no-any-return]

    def _paged(
        self, endpoint: Endpoint[CursorPageData[T]], params: Mapping[str, Any], *path_args: str
    ) -> AsyncCursorPager[T]:
        """Call a cursor-paginated list endpoint: await the result for the first page, or iterate it
        for every item of every page."""
        from ._pagination import AsyncCursorPage, AsyncCursorPager

        client = self._client

        def page(data: CursorPageData[T], via: AsyncClient | None = None) -> AsyncCursorPage[T]:
            via = via or client._serving(data)  # as on `SyncAPIResource._paged`
            return AsyncCursorPage(data, lambda after: fetch(via, {**params, "after": after}))

        async def fetch(via: AsyncClient | None, page_params: Mapping[str, Any]) -> AsyncCursorPage[T]:
            # The first page (`via` None) is asked of the client, fallbacks and all.
            return await (via or client)._call(  # type: ignore[no-any-return]
                endpoint, page_params, path_args, Mode.PARSED, lambda data: page(data, via)
            )

        if self._mode is Mode.PARSED:
            return AsyncCursorPager(lambda: fetch(None, params))
        # A view: the response, whose `parse()` gives a pager over the page it holds.
        return client._call(
            endpoint, params, path_args, self._mode, lambda data: AsyncCursorPager.of(page(data))
        )  # type: ignore[return-value]

    def _listed(
        self, endpoint: Endpoint[Page[T]], params: Mapping[str, Any], *path_args: str
    ) -> AsyncPager[T]:
        """Call a list endpoint that answers in one page: await the result for the page, or iterate
        it for its items (the same use as a cursor-paginated list)."""
        from ._pagination import AsyncPager

        client = self._client
        if self._mode is Mode.PARSED:
            return AsyncPager(lambda: client._call(endpoint, params, path_args, Mode.PARSED))
        return client._call(endpoint, params, path_args, self._mode, AsyncPager.of)  # type: ignore[return-value]


class _View:
    """`resource.with_raw_response` / `with_streaming_response`: the resource's own methods (and
    sub-resources), in another mode. Streaming views wrap each call in a context manager that
    sends the request on entry and closes the response on exit."""

    __slots__ = ("_resource", "_streaming")

    def __init__(
        self, resource: SyncAPIResource[Any, Any] | AsyncAPIResource[Any, Any], *, streaming: bool
    ) -> None:
        self._resource = resource
        self._streaming = streaming

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in _VIEWS:
            raise AttributeError(f"{type(self._resource).__name__} has no API method {name!r}")
        attribute = getattr(self._resource, name)
        if isinstance(attribute, (SyncAPIResource, AsyncAPIResource)):
            return _View(attribute, streaming=self._streaming)
        if getattr(attribute, "__openwire_helper__", False):
            raise AttributeError(
                f"{type(self._resource).__name__}.{name} is a helper made of several calls, not one API "
                "call: it has no raw response. Call it on the resource itself."
            )
        if not callable(attribute):
            raise AttributeError(f"{type(self._resource).__name__} has no API method {name!r}")
        if not self._streaming:
            return attribute
        manager = (
            AsyncResponseContextManager
            if isinstance(self._resource, AsyncAPIResource)
            else ResponseContextManager
        )
        return _streaming(attribute, manager)

    def __dir__(self) -> list[str]:
        return [
            name
            for name in dir(self._resource)
            if not name.startswith("_")
            and name not in _VIEWS
            and not getattr(getattr(type(self._resource), name, None), "__openwire_helper__", False)
        ]

    def __repr__(self) -> str:
        kind = "with_streaming_response" if self._streaming else "with_raw_response"
        return f"<{type(self._resource).__name__}.{kind}>"


def _streaming(method: Callable[..., Any], manager: type[Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return manager(lambda: method(*args, **kwargs))

    call.__doc__ = method.__doc__
    call.__name__ = getattr(method, "__name__", "call")
    return call


_VIEWS = frozenset({"with_raw_response", "with_streaming_response"})
