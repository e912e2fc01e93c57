"""In-process httpx transports: the local server without sockets.

Bodies are handed over as real byte streams, piece by piece, so a client's event-stream decoding,
timeouts and connection release are exercised as over a network: a scripted delay longer than the
request's read timeout raises `httpx.ReadTimeout`, and a scripted cut raises
`httpx.RemoteProtocolError` in the middle of the body.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator

import anyio
import httpx

from ._wire import Request, Response

__all__ = ["AsyncLocalTransport", "LocalTransport", "pause", "wait"]

Handle = Callable[[Request], Response]


class _Counter:
    """How many response bodies are open (handed out and not yet closed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def add(self, delta: int) -> None:
        with self._lock:
            self.value += delta


def _to_request(request: httpx.Request, body: bytes) -> Request:
    url = request.url
    origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
    headers = dict(request.headers.items())
    return Request.from_parts(
        request.method, url.path, query=url.query.decode("ascii"), headers=headers, body=body, origin=origin
    )


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout") or {}
    value = timeout.get("read")
    return float(value) if value is not None else None


def _timed_out(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout("Timed out waiting for the local server (a scripted delay).", request=request)


def _cut(request: httpx.Request) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body (a scripted cut)", request=request
    )


def wait(seconds: float) -> None:
    """Block for `seconds`. Not `time.sleep`: test suites often fake that out to skip client backoff,
    and a server delay must stay real."""
    if seconds > 0:
        threading.Event().wait(seconds)


async def pause(seconds: float) -> None:
    """Wait for `seconds` on any async backend, without `anyio.sleep` (see `wait`)."""
    if seconds > 0:
        with anyio.move_on_after(seconds):
            await anyio.Event().wait()


def _response(response: Response, stream: httpx.SyncByteStream | httpx.AsyncByteStream) -> httpx.Response:
    return httpx.Response(
        response.status, headers=response.headers, stream=stream, extensions={"http_version": b"HTTP/1.1"}
    )


class _SyncBody(httpx.SyncByteStream):
    def __init__(self, response: Response, request: httpx.Request, counter: _Counter) -> None:
        self._response = response
        self._request = request
        self._counter = counter
        self._open = True
        counter.add(1)

    def __iter__(self) -> Iterator[bytes]:
        limit = _read_timeout(self._request)
        for index, chunk in enumerate(self._response.chunks):
            delay = self._response.chunk_delay if index else 0.0
            if limit is not None and delay > limit:
                wait(limit)
                raise _timed_out(self._request)
            wait(delay)
            yield chunk
        if self._response.cut:
            raise _cut(self._request)

    def close(self) -> None:
        if self._open:
            self._open = False
            self._counter.add(-1)


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, response: Response, request: httpx.Request, counter: _Counter) -> None:
        self._response = response
        self._request = request
        self._counter = counter
        self._open = True
        counter.add(1)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        limit = _read_timeout(self._request)
        for index, chunk in enumerate(self._response.chunks):
            delay = self._response.chunk_delay if index else 0.0
            if limit is not None and delay > limit:
                await pause(limit)
                raise _timed_out(self._request)
            await pause(delay)
            yield chunk
        if self._response.cut:
            raise _cut(self._request)

    async def aclose(self) -> None:
        if self._open:
            self._open = False
            self._counter.add(-1)


class LocalTransport(httpx.BaseTransport):
    """An `httpx.BaseTransport` answering from a local server in this process (no sockets)."""

    def __init__(self, handle: Handle, counter: _Counter | None = None) -> None:
        self._handle = handle
        self._counter = counter or _Counter()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request: run the app, wait out any scripted delay, stream the body."""
        response = self._handle(_to_request(request, request.read()))
        limit = _read_timeout(request)
        if limit is not None and response.delay > limit:
            wait(limit)
            raise _timed_out(request)
        wait(response.delay)
        return _response(response, _SyncBody(response, request, self._counter))


class AsyncLocalTransport(httpx.AsyncBaseTransport):
    """An `httpx.AsyncBaseTransport` answering from a local server in this process (no sockets);
    works under asyncio and trio."""

    def __init__(self, handle: Handle, counter: _Counter | None = None) -> None:
        self._handle = handle
        self._counter = counter or _Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request: run the app, wait out any scripted delay, stream the body."""
        response = self._handle(_to_request(request, await request.aread()))
        limit = _read_timeout(request)
        if limit is not None and response.delay > limit:
            await pause(limit)
            raise _timed_out(request)
        await pause(response.delay)
        return _response(response, _AsyncBody(response, request, self._counter))
