"""What the stream helpers (`chat.completions.stream`, `responses.stream`) share: a context manager
that sends the request when its block starts, gives its events when iterated (once), has
`text_stream` and `until_done()`, and releases the connection when the block ends.

Each helper says how its events follow from the raw stream (`_follow`, a generator over
`self._stream`, which may open the stream again) and which events are text (`_text`).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from typing_extensions import Self

if TYPE_CHECKING:
    from ._streaming import AsyncStream, Stream

__all__ = ["AsyncEventStream", "EventStream"]

E = TypeVar("E")


class EventStream(Generic[E]):
    """A stream helper on `Client`: `with`, `for`, `text_stream`, `until_done()`."""

    def __init__(self, open_stream: Callable[[], Stream[Any]]) -> None:
        self._open = open_stream
        self._stream: Stream[Any] | None = None
        self._events: Generator[E, None, None] | None = None

    def _follow(self) -> Generator[E, None, None]:
        raise NotImplementedError

    @staticmethod
    def _text(event: E) -> str | None:
        raise NotImplementedError

    def _start(self) -> Generator[E, None, None]:
        if self._events is None:
            self._stream = self._open()
            self._events = self._follow()
        return self._events

    def __enter__(self) -> Self:
        self._start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        if self._events is not None:
            self._events.close()
        if self._stream is not None:
            self._stream.close()

    @property
    def request_id(self) -> str | None:
        """The `x-request-id` of the response being read (once the request was sent)."""
        return self._stream.request_id if self._stream is not None else None

    def __iter__(self) -> Iterator[E]:
        return self._start()

    @property
    def text_stream(self) -> Iterator[str]:
        """The text as it is written (only the text deltas, in order)."""
        return (text for text in map(self._text, self._start()) if text)

    def until_done(self) -> Self:
        """Read the stream to its end."""
        for _ in self._start():
            pass
        return self


class AsyncEventStream(Generic[E]):
    """A stream helper on `AsyncClient`: `async with`, `async for`, `text_stream`, awaited
    `until_done()`."""

    def __init__(self, open_stream: Callable[[], Awaitable[AsyncStream[Any]]]) -> None:
        self._open = open_stream
        self._stream: AsyncStream[Any] | None = None
        self._events: AsyncGenerator[E, None] | None = None

    def _follow(self) -> AsyncGenerator[E, None]:
        raise NotImplementedError

    @staticmethod
    def _text(event: E) -> str | None:
        raise NotImplementedError

    async def _start(self) -> AsyncGenerator[E, None]:
        if self._events is None:
            self._stream = await self._open()
            self._events = self._follow()
        return self._events

    async def __aenter__(self) -> Self:
        await self._start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop reading and release the connection."""
        if self._events is not None:
            await self._events.aclose()
        if self._stream is not None:
            await self._stream.close()

    @property
    def request_id(self) -> str | None:
        """The `x-request-id` of the response being read (once the request was sent)."""
        return self._stream.request_id if self._stream is not None else None

    def __aiter__(self) -> AsyncIterator[E]:
        # Inside `async with` the request is already sent: the events themselves, with no step
        # between; otherwise one that sends it first.
        return self._events if self._events is not None else self._started()

    async def _started(self) -> AsyncIterator[E]:
        async for event in await self._start():
            yield event

    @property
    def text_stream(self) -> AsyncIterator[str]:
        """The text as it is written (only the text deltas, in order)."""
        return self._texts()

    async def _texts(self) -> AsyncIterator[str]:
        async for event in await self._start():
            text = self._text(event)
            if text:
                yield text

    async def until_done(self) -> Self:
        """Read the stream to its end."""
        async for _ in await self._start():
            pass
        return self
