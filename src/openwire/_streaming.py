"""`Stream` and `AsyncStream`: typed chunks from a server-sent event response.

What to make of each event (the end marker, errors sent mid-stream, keep-alives, a server that
answered with plain JSON) is decided once, in `ChunkReader`; the two stream classes only pull bytes.
"""

from __future__ import annotations

import itertools
import json
import sys
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
import pydantic

if TYPE_CHECKING:
    import anyio

from ._exceptions import (
    APIError,
    OpenwireError,
    event_error,
    not_a_stream,
    request_id_of,
    stream_broken,
    stream_error,
)
from ._pydantic import JsonValidator
from ._sse import DataLines, ServerSentEvent, SSEDecoder

if TYPE_CHECKING:
    from ._middleware import Watch

__all__ = ["AsyncStream", "ChunkReader", "Stream"]

T = TypeVar("T")


class ChunkReader(Generic[T]):
    """Turns the bytes of a streaming response into parsed chunks. No I/O here.

    `feed(bytes)` returns the chunks those bytes complete; `done` turns true at `[DONE]`; `flush()`
    at the end of the body returns what was left. An event that is an error (reported by the
    server, or not valid as a chunk) ends the stream: the chunks before it in the same bytes are
    still returned, and the error is left in `failure` for the reader to raise after handing them
    over, so nothing the server sent before the error is lost.
    """

    __slots__ = (
        "_body",
        "_decoder",
        "_validate",
        "_validate_many",
        "done",
        "failure",
        "finished",
        "response",
    )

    def __init__(self, response: httpx.Response, parse: JsonValidator[T]) -> None:
        self.response = response
        self._validate, self._validate_many = parse.with_request_id(request_id_of(response.headers))
        # The only event type read here is `error`: every API stream repeats the others in the data.
        self._decoder = SSEDecoder(types_in_data=True)
        self.done = False
        self.failure: APIError | None = None
        self.finished = False
        """Whether the stream has been read to its end, failed, or been closed: it cannot be read again."""
        # A server that ignored `stream=True` answers with one JSON document: collect it to report.
        content_type = response.headers.get("content-type", "")
        self._body: bytearray | None = None if "event-stream" in content_type else bytearray()

    def feed(self, chunk: bytes) -> list[T]:
        """The chunks completed by these bytes of the body (see `failure`)."""
        if self._body is not None:
            if not self._body and chunk.lstrip()[:1] not in (b"{", b"[", b""):
                self._body = None  # an event stream under another content type: read it as one
            else:
                self._body += chunk
                return []
        events = self._decoder.feed_raw(chunk)
        if isinstance(events, DataLines):
            # Every event is one `data:` line: unless the last is the end, they are the chunks as
            # a JSON array, validated in one call, with no Python step per chunk. An event that is
            # not valid, or `[DONE]` before the last, fails the array; an error the server sent
            # is found by the validator (see `JsonValidator.many`). Then each is looked at alone.
            if not events.text.endswith(b"data: [DONE]\n\n"):
                try:
                    items = self._validate_many(b"".join((b"[", memoryview(events.joined)[6:-2], b"]")))
                except pydantic.ValidationError:
                    items = None
                if items is not None and len(items) == events.number:  # no event was two values
                    return items
            return self._chunks(events.data())
        return self._chunks(events)

    def flush(self) -> list[T]:
        """The body has ended: the chunks of a last event the server did not end with a blank line."""
        if self._body is not None:
            self.failure = not_a_stream(self.response, bytes(self._body))
            return []
        return self._chunks(self._decoder.flush())

    def _chunks(self, events: Sequence[bytes | ServerSentEvent]) -> list[T]:
        items: list[T] = []
        validate = self._validate
        data = b""
        try:
            for event in events:
                if type(event) is bytes:
                    data, name = event, None
                else:
                    data, name = event.data, event.event  # type: ignore[union-attr]
                if data == b"[DONE]":
                    self.done = True
                    break
                if not data or data.isspace():
                    continue  # keep-alive
                if name == "error" or (b'"error"' in data and _top_level_error(data) is not None):
                    raise stream_error(self.response, data)
                items.append(validate(data))
        except pydantic.ValidationError as error:
            self.failure = event_error(self.response, data, error)
        except APIError as error:
            self.failure = error
        return items


def _top_level_error(data: bytes) -> object | None:
    """The error an event reports at its top level: `{"error": {...}}` (OpenAI's chat streams and
    many servers) or `{"type": "error", ...}` (the Responses API's error event)."""
    try:
        parsed = json.loads(data)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    error = parsed.get("error")
    if error is None and parsed.get("type") == "error":
        return parsed
    return error


_DRAIN_BYTES = 65_536
"""After `[DONE]`, how much more of the body is read (normally none: the body ends there) so that
the connection goes back to the pool instead of being closed."""
_DRAIN_SECONDS = 1.0
"""...and for how long, on `AsyncStream` (a blocking read cannot be cut short: `Stream` relies on
the byte bound and the read timeout)."""


def _read(response: httpx.Response, reader: ChunkReader[T]) -> Generator[list[T], None, None]:
    """The chunks of each read of the body, a list at a time: `Stream` flattens them with
    `itertools.chain`, in C, so a chunk costs no Python step here."""
    # A function, not a method: a generator holding the stream would keep it alive in a cycle that
    # only the cyclic garbage collector can break, and the connection with it.
    try:
        body = response.iter_bytes()
        for data in body:
            items = reader.feed(data)
            if items:
                yield items
            if reader.failure is not None:
                raise reader.failure
            if reader.done:
                _drain(body)
                return
        yield reader.flush()
        if reader.failure is not None:
            raise reader.failure
    except httpx.RequestError as exc:
        if not (reader.done or reader.finished):
            raise stream_broken(exc, response) from exc
    finally:
        reader.finished = True
        response.close()


def _drain(body: Iterator[bytes]) -> None:
    """Read the rest of a body after `[DONE]`, up to `_DRAIN_BYTES`: an ended body returns its
    connection to the pool, a cut one would be closed."""
    left = _DRAIN_BYTES
    for data in body:
        left -= len(data)
        if left < 0:
            return


async def _aread(response: httpx.Response, reader: ChunkReader[T]) -> AsyncGenerator[T, None]:
    try:
        body = response.aiter_bytes()
        async for data in body:
            for item in reader.feed(data):
                yield item
            if reader.failure is not None:
                raise reader.failure
            if reader.done:
                await _adrain(body)
                return
        for item in reader.flush():
            yield item
        if reader.failure is not None:
            raise reader.failure
    except httpx.RequestError as exc:
        if not (reader.done or reader.finished):
            raise stream_broken(exc, response) from exc
    finally:
        reader.finished = True
        await response.aclose()


async def _adrain(body: AsyncIterator[bytes]) -> None:
    import anyio

    left = _DRAIN_BYTES
    with anyio.move_on_after(_DRAIN_SECONDS):
        async for data in body:
            left -= len(data)
            if left < 0:
                return


def _watched(reads: Generator[list[T], None, None], watch: Watch) -> Generator[list[T], None, None]:
    """`reads`, with the middleware shown each read's chunks and, once, the end of the stream."""
    try:
        for items in reads:
            watch.events(items)
            yield items
    except GeneratorExit:  # closed, or the loop over it was left: a stream ended by its reader
        watch.end()
        raise
    except BaseException as error:
        watch.end(error=error)
        raise
    else:
        watch.end()
    finally:
        reads.close()


async def _awatched(chunks: AsyncGenerator[T, None], watch: Watch) -> AsyncGenerator[T, None]:
    """`chunks`, with the middleware shown each one and, once, the end of the stream."""
    try:
        async for item in chunks:
            watch.events((item,))
            yield item
    except GeneratorExit:
        watch.end()
        raise
    except BaseException as error:
        watch.end(error=error)
        raise
    else:
        watch.end()
    finally:
        await chunks.aclose()


def _read_once_error(being_read: bool) -> OpenwireError:
    if being_read:
        return OpenwireError(
            "This stream is already being read by another loop; a stream can be read by one loop only."
        )
    return OpenwireError(
        "This stream has already been read to its end, failed, or been closed: a stream can be read "
        "only once. Keep the chunks (e.g. `chunks = list(stream)`) to go over them again."
    )


class Stream(Generic[T]):
    """The chunks of a streamed response, parsed as they arrive.

    A stream is read once: a second loop over it raises `OpenwireError` instead of silently
    yielding nothing. The connection goes back to the pool when the body ends, when a `for` loop
    over the stream is left early (by `break`, `return` or an exception), on `close()`, when a
    `with` block ends, and when the stream is garbage collected.

    ```python
    with client.chat.completions.create(model=..., messages=..., stream=True) as stream:
        for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
    ```
    """

    response: httpx.Response
    """The HTTP response: status, headers, and the request id (also on `request_id`)."""
    served_by: str | None = None
    """The base URL of the service that answered, for a client with `fallbacks`."""

    def __init__(self, response: httpx.Response, parse: JsonValidator[T], watch: Watch | None = None) -> None:
        self.response = response
        self._reader = ChunkReader(response, parse)
        self._watch = watch
        reads = _read(response, self._reader)
        if watch is not None:
            reads = _watched(reads, watch)
        self._reads = weakref.ref(reads)
        self._chunks: Iterator[T] | None = itertools.chain.from_iterable(reads)

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id` for this stream."""
        return request_id_of(self.response.headers)

    def __next__(self) -> T:
        if self._chunks is None:
            if self._reader.finished:
                raise StopIteration
            raise _read_once_error(being_read=True)
        return self._chunks.__next__()

    def __iter__(self) -> Iterator[T]:
        # The loop gets the chunks' iterator itself and the stream keeps only a weak reference to
        # the reading generator: when the loop is left early, both are dropped at once and the
        # generator's `finally` releases the connection, even while the stream object lives on.
        # (No wrapper generator: that would cost a Python step per chunk.)
        chunks = self._chunks
        if chunks is None or self._reader.finished:
            raise _read_once_error(being_read=chunks is None and not self._reader.finished)
        self._chunks = None
        return chunks

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._reader.finished = True
        reads = self._reads()
        if reads is not None:
            reads.close()
        self.response.close()
        if self._watch is not None:  # never read: `_watched` did not start, so it cannot tell
            self._watch.end()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        # Never iterated: the generator's `finally` will not run, so release the connection here.
        response = getattr(self, "response", None)
        if response is not None and not response.is_closed and getattr(self, "_chunks", None) is not None:
            response.close()
            watch = getattr(self, "_watch", None)
            if watch is not None:
                watch.end()


class AsyncStream(Generic[T]):
    """The `AsyncClient` twin of `Stream`: iterate with `async for`, close with `await close()`.

    A stream is read once: a second loop over it raises `OpenwireError`. The connection goes back
    to the pool when the body ends, on `await close()`, when an `async with` block ends, and when an
    `async for` loop over the stream is left early (the event loop finalizes the loop's iterator
    soon after; use `async with` to release it at once).

    ```python
    async with await client.chat.completions.create(model=..., messages=..., stream=True) as stream:
        async for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
    ```
    """

    response: httpx.Response
    """The HTTP response: status, headers, and the request id (also on `request_id`)."""
    served_by: str | None = None
    """The base URL of the service that answered, for a client with `fallbacks`."""

    def __init__(self, response: httpx.Response, parse: JsonValidator[T], watch: Watch | None = None) -> None:
        self.response = response
        self._reader = ChunkReader(response, parse)
        self._watch = watch
        chunks = _aread(response, self._reader)
        self._chunks: AsyncGenerator[T, None] | None = chunks if watch is None else _awatched(chunks, watch)
        self._loop: weakref.ref[AsyncGenerator[T, None]] | None = None
        self._closing: anyio.Event | None = None

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id` for this stream."""
        return request_id_of(self.response.headers)

    async def __anext__(self) -> T:
        if self._chunks is None:
            if self._reader.finished:
                raise StopAsyncIteration
            raise _read_once_error(being_read=True)
        return await self._chunks.__anext__()

    def __aiter__(self) -> AsyncIterator[T]:
        chunks = self._chunks
        if chunks is None or self._reader.finished:
            raise _read_once_error(being_read=chunks is None and not self._reader.finished)
        self._chunks = None
        self._loop = weakref.ref(chunks)
        return chunks

    async def close(self) -> None:
        """Stop reading and release the connection."""
        import anyio

        # Two closers can meet: `async with` ending while the event loop finalizes an abandoned
        # `async for`. The first does the work; the other waits for it to finish.
        if self._closing is not None:
            await self._closing.wait()
            return
        self._reader.finished = True
        self._closing = anyio.Event()
        try:
            # Shielded: a stream left because its task was cancelled (a time-out, a cancel scope)
            # is closed in that cancelled task, where any await would be cancelled in turn and the
            # connection never given back.
            with anyio.CancelScope(shield=True):
                chunks = self._chunks or (self._loop() if self._loop is not None else None)
                if chunks is not None:
                    await chunks.aclose()
                await self.response.aclose()
        finally:
            self._closing.set()
            if self._watch is not None:
                self._watch.end()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def __del__(self) -> None:
        # Never iterated (a started one is finalized by the event loop's async-generator hook):
        # closing is I/O, so hand it to the running asyncio loop, if there is one.
        response = getattr(self, "response", None)
        if response is None or response.is_closed or getattr(self, "_loop", None) is not None:
            return
        asyncio = sys.modules.get("asyncio")
        try:
            loop = asyncio.get_running_loop() if asyncio is not None else None
        except RuntimeError:
            loop = None
        if loop is None:
            return
        task = loop.create_task(response.aclose())
        _closing.add(task)  # the loop keeps only a weak reference to tasks
        task.add_done_callback(_closing.discard)
        watch = getattr(self, "_watch", None)
        if watch is not None:
            watch.end()


_closing: set[Any] = set()
