"""`Stream` and `AsyncStream`: typed chunks from a server-sent event response.

What to make of each event (the end marker, errors sent mid-stream, keep-alives, a server that
answered with plain JSON) is decided once, in `ChunkReader`; the two stream classes only pull bytes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
import pydantic

if TYPE_CHECKING:
    import anyio

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStreamError,
    APITimeoutError,
    request_id_of,
)
from ._models import BaseModel
from ._redact import redact_url
from ._sse import ServerSentEvent, SSEDecoder

__all__ = ["AsyncStream", "ChunkReader", "Stream"]

T = TypeVar("T")


class ChunkReader(Generic[T]):
    """Turns the bytes of a streaming response into parsed chunks. No I/O here.

    `feed(bytes)` returns the chunks those bytes complete; `done` turns true at `[DONE]`;
    `flush()` at the end of the body returns what was left. Raises `APIStreamError` for an error the
    server reports inside the stream and `APIResponseValidationError` for a body or event that is
    not what a stream should carry.
    """

    __slots__ = ("_body", "_decoder", "_parse", "_request_id", "done", "response")

    def __init__(self, response: httpx.Response, parse: Callable[[bytes], T]) -> None:
        self.response = response
        self._parse = parse
        self._decoder = SSEDecoder()
        self._request_id = request_id_of(response.headers)
        self.done = False
        # A server that ignored `stream=True` answers with one JSON document: collect it to report.
        content_type = response.headers.get("content-type", "")
        self._body: bytearray | None = None if "event-stream" in content_type else bytearray()

    def feed(self, chunk: bytes) -> list[T]:
        """The chunks completed by these bytes of the body."""
        if self._body is not None:
            if not self._body and chunk.lstrip()[:1] not in (b"{", b"[", b""):
                self._body = None  # an event stream under another content type: read it as one
            else:
                self._body += chunk
                return []
        items = []
        for event in self._decoder.feed(chunk):
            item = self._event(event)
            if self.done:
                break
            if item is not None:
                items.append(item)
        return items

    def flush(self) -> list[T]:
        """The body has ended: the chunks of a last unterminated event."""
        if self._body is not None:
            raise self._not_a_stream(bytes(self._body))
        items = []
        for event in self._decoder.flush():
            item = self._event(event)
            if item is not None and not self.done:
                items.append(item)
        return items

    def _event(self, event: ServerSentEvent) -> T | None:
        data = event.data
        if data == b"[DONE]":
            self.done = True
            return None
        if not data or data.isspace():
            return None  # keep-alive
        if event.event == "error" or (b'"error"' in data and _top_level_error(data) is not None):
            raise self._stream_error(event)
        try:
            item = self._parse(data)
        except pydantic.ValidationError as error:
            raise self._bad_event(data, error) from None
        if self._request_id is not None and isinstance(item, BaseModel):
            # One dict per chunk, no copy: the same cost as any other attribute set.
            object.__setattr__(item, "__pydantic_private__", {"request_id": self._request_id})
        return item

    def broken(self, exc: httpx.RequestError) -> APIConnectionError:
        """The error for a stream whose connection failed part way (never retried: chunks may
        already have been handed over)."""
        request = self.response.request
        where = f"{request.method} {redact_url(request.url)}"
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(
                f"The stream from {where} stopped sending (read timeout).", request=request
            )
        reason = str(exc) or type(exc).__name__
        return APIConnectionError(f"The stream from {where} broke off: {reason}", request=request)

    def _stream_error(self, event: ServerSentEvent) -> APIStreamError:
        try:
            body: Any = json.loads(event.data)
        except ValueError:
            body = event.text
        error = body.get("error", body) if isinstance(body, dict) else body
        fields = error if isinstance(error, dict) else {}
        message = fields.get("message") or (error if isinstance(error, str) else event.text)
        return APIStreamError(
            str(message),
            response=self.response,
            body=body,
            code=_str_or_none(fields.get("code")),
            type=_str_or_none(fields.get("type")),
            param=_str_or_none(fields.get("param")),
        )

    def _bad_event(self, data: bytes, error: pydantic.ValidationError) -> APIResponseValidationError:
        text = data.decode("utf-8", "replace")
        where = f"{self.response.request.method} {redact_url(self.response.request.url)}"
        problems = [
            f"{'.'.join(str(p) for p in item['loc']) or '(the event)'}: {item['msg']}"
            for item in error.errors(include_url=False, include_input=False)
            if item["type"] != "json_invalid"
        ]
        if problems:
            what = f"did not have the shape of a chunk: {'; '.join(problems[:5])}"
        else:
            what = f"was not JSON: {text[:200]!r}"
        return APIResponseValidationError(
            f"An event in the stream from {where} {what}.", response=self.response, body=text, errors=problems
        )

    def _not_a_stream(self, body: bytes) -> Exception:
        text = body.decode("utf-8", "replace")
        error = _top_level_error(body)
        if error is not None:
            return self._stream_error(ServerSentEvent(body))
        where = f"{self.response.request.method} {redact_url(self.response.request.url)}"
        content_type = self.response.headers.get("content-type", "no content type")
        return APIResponseValidationError(
            f"Asked {where} for an event stream (stream=True) but the server answered with one "
            f"{content_type} document instead; it may not support streaming. Call without stream=True, "
            "or check base_url. The body is on the error's .body.",
            response=self.response,
            body=text,
            errors=[],
        )


def _top_level_error(data: bytes) -> object | None:
    try:
        parsed = json.loads(data)
    except ValueError:
        return None
    return parsed.get("error") if isinstance(parsed, dict) else None


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _read(response: httpx.Response, reader: ChunkReader[T]) -> Generator[T, None, None]:
    # A function, not a method: a generator holding the stream would keep it alive in a cycle that
    # only the cyclic garbage collector can break, and the connection with it.
    try:
        for data in response.iter_bytes():
            yield from reader.feed(data)
            if reader.done:
                return
        yield from reader.flush()
    except httpx.RequestError as exc:
        raise reader.broken(exc) from exc
    finally:
        response.close()


async def _aread(response: httpx.Response, reader: ChunkReader[T]) -> AsyncGenerator[T, None]:
    try:
        async for data in response.aiter_bytes():
            for item in reader.feed(data):
                yield item
            if reader.done:
                return
        for item in reader.flush():
            yield item
    except httpx.RequestError as exc:
        raise reader.broken(exc) from exc
    finally:
        await response.aclose()


class Stream(Generic[T]):
    """The chunks of a streamed response, parsed as they arrive.

    A stream is read once. The connection goes back to the pool when the body ends, when a `for`
    loop over the stream is left early (by `break`, `return` or an exception), on `close()`, when a
    `with` block ends, and when the stream is garbage collected.

    ```python
    with client.chat.completions.create(model=..., messages=..., stream=True) as stream:
        for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
    ```
    """

    response: httpx.Response
    """The HTTP response: status, headers, and the request id (also on `request_id`)."""

    def __init__(self, response: httpx.Response, parse: Callable[[bytes], T]) -> None:
        self.response = response
        self._chunks = _read(response, ChunkReader(response, parse))

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id` for this stream."""
        return request_id_of(self.response.headers)

    def __next__(self) -> T:
        return self._chunks.__next__()

    def __iter__(self) -> Iterator[T]:
        # A fresh generator per loop: when the loop is left, it is dropped at once, and closing it
        # releases the connection even while the stream object itself lives on.
        try:
            yield from self._chunks
        finally:
            self.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._chunks.close()
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        # Never iterated: the generator's `finally` will not run, so release the connection here.
        response = getattr(self, "response", None)
        if response is not None and not response.is_closed:
            response.close()


class AsyncStream(Generic[T]):
    """The `AsyncClient` twin of `Stream`: iterate with `async for`, close with `await close()`.

    The connection goes back to the pool when the body ends, on `await close()`, when an
    `async with` block ends, and when an `async for` loop over the stream is left early (the event
    loop finalizes the loop's iterator soon after; use `async with` to release it at once).

    ```python
    async with await client.chat.completions.create(model=..., messages=..., stream=True) as stream:
        async for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
    ```
    """

    response: httpx.Response
    """The HTTP response: status, headers, and the request id (also on `request_id`)."""

    def __init__(self, response: httpx.Response, parse: Callable[[bytes], T]) -> None:
        self.response = response
        self._chunks = _aread(response, ChunkReader(response, parse))
        self._closing: anyio.Event | None = None

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id` for this stream."""
        return request_id_of(self.response.headers)

    async def __anext__(self) -> T:
        return await self._chunks.__anext__()

    async def __aiter__(self) -> AsyncIterator[T]:
        try:
            async for item in self._chunks:
                yield item
        finally:
            await self.close()

    async def close(self) -> None:
        """Stop reading and release the connection."""
        import anyio

        # Two closers can meet: `async with` ending while the event loop finalizes an abandoned
        # `async for`. The first does the work; the other waits for it to finish.
        if self._closing is not None:
            await self._closing.wait()
            return
        self._closing = anyio.Event()
        try:
            await self._chunks.aclose()
            await self.response.aclose()
        finally:
            self._closing.set()

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
        if response is None or response.is_closed:
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


_closing: set[Any] = set()
