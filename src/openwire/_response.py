"""Raw access to a call's HTTP response: `with_raw_response` and `with_streaming_response`."""

from __future__ import annotations

import datetime
import enum
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import request_id_of

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncResponseContextManager",
    "Mode",
    "ResponseContextManager",
]

T = TypeVar("T")


class Mode(enum.Enum):
    """What a resource method returns."""

    PARSED = "parsed"  # the parsed model (or a Stream)
    RAW = "raw"  # an APIResponse with the body read
    STREAMING = "streaming"  # a context manager giving an APIResponse whose body is not read yet


class _ResponseInfo(Generic[T]):
    """What both raw response types know without doing I/O."""

    http_response: httpx.Response
    """The underlying `httpx.Response`."""
    served_by: str | None = None
    """The base URL of the service that answered, for a client with `fallbacks`."""

    def __init__(
        self, http_response: httpx.Response, parse: Callable[[httpx.Response], T], *, events: bool = False
    ) -> None:
        self.http_response = http_response
        self._parse = parse
        self._events = events  # an event stream is parsed as it arrives, never read whole first
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id` for this response."""
        return request_id_of(self.http_response.headers)

    @property
    def url(self) -> httpx.URL:
        """The URL that was requested."""
        return self.http_response.request.url

    @property
    def method(self) -> str:
        """The HTTP method that was used."""
        return self.http_response.request.method

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to finishing reading the response."""
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        """Whether the body has been read to the end or the response closed."""
        return self.http_response.is_closed

    def _parse_once(self) -> T:
        if not self._parsed:
            self._parsed.append(self._parse(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.method} {self.url}>"


class APIResponse(_ResponseInfo[T]):
    """A call's HTTP response, for when headers or timing matter; `.parse()` gives the usual result.

    ```python
    response = client.models.with_raw_response.list()
    print(response.headers["x-ratelimit-remaining-requests"], response.request_id)
    models = response.parse()
    ```
    """

    def parse(self) -> T:
        """The value the method would have returned (reading the body first if needed)."""
        if not (self._events or self.http_response.is_stream_consumed):
            self.http_response.read()
        return self._parse_once()

    def read(self) -> bytes:
        """The whole body as bytes."""
        return self.http_response.read()

    def text(self) -> str:
        """The whole body decoded as text."""
        self.http_response.read()
        return self.http_response.text

    def json(self) -> Any:
        """The whole body parsed as JSON."""
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks as it arrives."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body decoded to text in chunks as it arrives."""
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """The body line by line as it arrives."""
        return self.http_response.iter_lines()

    def write_to_file(self, path: str | os.PathLike[str], chunk_size: int | None = None) -> None:
        """Write the body to a file as it arrives, holding one chunk in memory at a time.

        ```python
        with client.audio.speech.with_streaming_response.create(**request) as response:
            response.write_to_file("speech.mp3")
        ```
        """
        with open(path, "wb") as file:
            for chunk in self.http_response.iter_bytes(chunk_size):
                file.write(chunk)

    def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        self.http_response.close()


class AsyncAPIResponse(_ResponseInfo[T]):
    """The `AsyncClient` twin of `APIResponse`: reading the body is awaited.

    ```python
    response = await client.models.with_raw_response.list()
    models = await response.parse()
    ```
    """

    async def parse(self) -> T:
        """The value the method would have returned (reading the body first if needed)."""
        if not (self._events or self.http_response.is_stream_consumed):
            await self.http_response.aread()
        return self._parse_once()

    async def read(self) -> bytes:
        """The whole body as bytes."""
        return await self.http_response.aread()

    async def text(self) -> str:
        """The whole body decoded as text."""
        await self.http_response.aread()
        return self.http_response.text

    async def json(self) -> Any:
        """The whole body parsed as JSON."""
        return json.loads(await self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks as it arrives."""
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """The body decoded to text in chunks as it arrives."""
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        """The body line by line as it arrives."""
        return self.http_response.aiter_lines()

    async def write_to_file(self, path: str | os.PathLike[str], chunk_size: int | None = None) -> None:
        """Write the body to a file as it arrives, holding one chunk in memory at a time; the
        writes happen off the event loop.

        ```python
        async with client.audio.speech.with_streaming_response.create(**request) as response:
            await response.write_to_file("speech.mp3")
        ```
        """
        import anyio  # only async code gets here: the blocking client never imports anyio

        async with await anyio.open_file(path, "wb") as file:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                await file.write(chunk)

    async def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        await self.http_response.aclose()


class ResponseContextManager(Generic[T]):
    """Sends the request on `with`, gives the response with its body unread, closes it on exit."""

    def __init__(self, send: Callable[[], APIResponse[T]]) -> None:
        self._send = send
        self._response: APIResponse[T] | None = None

    def __enter__(self) -> APIResponse[T]:
        self._response = self._send()
        return self._response

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[T]):
    """The `async with` twin of `ResponseContextManager`."""

    def __init__(self, send: Callable[[], Awaitable[AsyncAPIResponse[T]]]) -> None:
        self._send = send
        self._response: AsyncAPIResponse[T] | None = None

    async def __aenter__(self) -> AsyncAPIResponse[T]:
        self._response = await self._send()
        return self._response

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            await self._response.close()
