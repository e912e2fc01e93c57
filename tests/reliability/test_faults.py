"""Faults injected over real loopback sockets: every one ends in a clear openwire error, after the
right number of attempts and waits, and leaves no connection checked out of the client's pool.

The live `LocalServer` scripts the faults an HTTP server can produce (error statuses, slow answers,
cut streams, bodies of the wrong kind); `RawServer` below answers canned bytes for the ones it
cannot (resets mid-headers, broken chunked encoding, a stall after the headers, a short body).
Each case runs on `Client` and `AsyncClient` (the `flavor` fixture).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from typing import Any

import pytest
from _heavy import record
from _pool import checked_out as leaked

import openwire
from conftest import Flavor
from openwire.testing import LiveServer

pytest.importorskip("uvicorn")
pytest_plugins = ["live_fixtures"]

MESSAGES: Any = [{"role": "user", "content": "one two three four five six seven eight"}]
TIMEOUT = 0.2
"""The read timeout of the cases that time out: short, so the suite stays quick."""


# -- a loopback server of canned bytes -------------------------------------------------------------

Answer = Callable[[socket.socket, threading.Event], None]
"""Writes the answer to one request on the connection; the event is set when the server closes."""


class RawServer:
    """Answers every connection on 127.0.0.1 with `answer`, after reading one request; counts the
    connections (one per attempt: each answer closes its connection, or the client does)."""

    def __init__(self, answer: Answer) -> None:
        self._answer = answer
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.connections = 0
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return  # the listener was closed
            with self._lock:
                self.connections += 1
                self._open.append(conn)
                thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
                self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            _read_request(conn)
            self._answer(conn, self._closing)
        except OSError:
            pass  # the client went first
        finally:
            conn.close()

    def close(self) -> None:
        self._closing.set()
        self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._listener.close()
        self._accepting.join(timeout=5)
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=5)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            return data
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        piece = conn.recv(65536)
        if not piece:
            break
        body += piece
    return head


def _reset(conn: socket.socket) -> None:
    """Close with a TCP reset (RST) instead of an orderly FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _head(status: str = "200 OK", content_type: str = "application/json", **headers: str | int) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", "Connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _chunk_event(n: int) -> bytes:
    chunk = {
        "id": "chatcmpl-raw",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "gpt-4o",
        "choices": [{"index": 0, "delta": {"content": f"piece{n} "}, "finish_reason": None}],
    }
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


def _completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-raw",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "gpt-4o",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
            ],
        }
    ).encode()


def _chunked(*pieces: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces)


STREAM_HEAD = _head(content_type="text/event-stream", transfer_encoding="chunked")


# -- fixtures and checks ---------------------------------------------------------------------------


@pytest.fixture
def raw() -> Iterator[Callable[[Answer], RawServer]]:
    made: list[RawServer] = []

    def start(answer: Answer) -> RawServer:
        made.append(RawServer(answer))
        return made[-1]

    yield start
    for server in made:
        server.close()


def chat(client: Any) -> Any:
    return client.chat.completions.create(model="gpt-4o", messages=MESSAGES)


def streamed(flavor: Flavor, into: list[Any]) -> Callable[[Any], Any]:
    """A call that reads a chat stream into `into`, chunk by chunk (those before an error stay)."""
    if flavor.is_async:

        async def read_async(client: Any) -> None:
            stream = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
            async for chunk in stream:
                into.append(chunk)

        return read_async

    def read(client: Any) -> None:
        for chunk in client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True):
            into.append(chunk)

    return read


def fails(flavor: Flavor, client: Any, call: Callable[[Any], Any], expected: type[openwire.APIError]) -> Any:
    """Run `call(client)`, check it raised `expected` (an openwire error, never a bare httpx, h11 or
    json one) and that the pool has nothing checked out; return the error."""
    record("faults injected", 1)
    with pytest.raises(expected) as caught:  # anything else (a bare httpx error) fails the test
        flavor.run(call, client)
    assert str(caught.value)  # a message to act on
    left = leaked(client)
    record("connections leaked", left)
    assert left == 0
    record("faults survived", 1)
    return caught.value


def survives(flavor: Flavor, client: Any, call: Callable[[Any], Any]) -> Any:
    """Run `call(client)`, which should succeed despite the fault, and check the pool."""
    record("faults injected", 1)
    result = flavor.run(call, client)
    left = leaked(client)
    record("connections leaked", left)
    assert left == 0
    record("faults survived", 1)
    return result


def test_the_leak_check_sees_a_connection_in_use(live: LiveServer) -> None:
    with live.client() as client:
        stream = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        next(stream)
        assert leaked(client) > 0  # its connection, and the request holding it
        stream.close()
        assert leaked(client) == 0


# -- the connection fails ----------------------------------------------------------------------------


def test_connection_refused(flavor: Flavor, slept: list[float]) -> None:
    with socket.socket() as placeholder:  # a port that was free a moment ago, and nothing listens on
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    client = flavor.client(base_url=f"http://127.0.0.1:{port}/v1", max_retries=2)
    error = fails(flavor, client, chat, openwire.APIConnectionError)
    assert type(error) is openwire.APIConnectionError
    assert error.attempts == 3
    assert len(slept) == 2


def _reset_mid_headers(conn: socket.socket, closing: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: appl")
    _reset(conn)


def _reset_mid_body(conn: socket.socket, closing: threading.Event) -> None:
    body = _completion("hello")
    conn.sendall(_head(content_length=len(body)) + body[: len(body) // 2])
    _reset(conn)


def _truncated(conn: socket.socket, closing: threading.Event) -> None:
    body = _completion("hello")
    conn.sendall(_head(content_length=len(body) + 500) + body)  # and an orderly close


def _broken_chunked(conn: socket.socket, closing: threading.Event) -> None:
    body = _completion("hello")
    conn.sendall(_head(transfer_encoding="chunked") + _chunked(body[:20]) + b"zz\r\n" + body[20:])


@pytest.mark.parametrize(
    "answer",
    [_reset_mid_headers, _reset_mid_body, _truncated, _broken_chunked],
    ids=["reset-mid-headers", "reset-mid-body", "truncated", "broken-chunked"],
)
def test_a_broken_answer_is_retried_then_reported(
    flavor: Flavor, raw: Callable[[Answer], RawServer], slept: list[float], answer: Answer
) -> None:
    server = raw(answer)
    client = flavor.client(base_url=server.base_url, max_retries=2)
    error = fails(flavor, client, chat, openwire.APIConnectionError)
    assert type(error) is openwire.APIConnectionError
    assert error.attempts == 3
    assert server.connections == 3
    assert len(slept) == 2


def _stream_then(ending: Answer) -> Answer:
    """Two whole events of a chat stream, then `ending`."""

    def answer(conn: socket.socket, closing: threading.Event) -> None:
        conn.sendall(STREAM_HEAD + _chunked(_chunk_event(0) + _chunk_event(1)))
        ending(conn, closing)

    return answer


def _reset_between_events(conn: socket.socket, closing: threading.Event) -> None:
    _reset(conn)


def _half_an_event(conn: socket.socket, closing: threading.Event) -> None:
    conn.sendall(_chunked(_chunk_event(2)[:30]))
    _reset(conn)


def _bad_chunk_size(conn: socket.socket, closing: threading.Event) -> None:
    conn.sendall(b"not-hex\r\n" + _chunk_event(2))


def _stall(conn: socket.socket, closing: threading.Event) -> None:
    closing.wait(30)


@pytest.mark.parametrize(
    "ending",
    [_reset_between_events, _half_an_event, _bad_chunk_size],
    ids=["reset", "reset-mid-event", "broken-chunked"],
)
def test_a_stream_broken_mid_way_hands_over_whole_chunks_then_raises(
    flavor: Flavor, raw: Callable[[Answer], RawServer], slept: list[float], ending: Answer
) -> None:
    server = raw(_stream_then(ending))
    client = flavor.client(base_url=server.base_url, max_retries=2)
    received: list[Any] = []
    error = fails(flavor, client, streamed(flavor, received), openwire.APIConnectionError)
    assert type(error) is openwire.APIConnectionError
    assert [c.choices[0].delta.content for c in received] == ["piece0 ", "piece1 "]
    assert server.connections == 1  # a stream is not retried once handed over
    assert slept == []


def test_a_live_stream_cut_mid_event_delivers_only_whole_chunks(flavor: Flavor, live: LiveServer) -> None:
    client = flavor.client(base_url=live.base_url)
    whole: list[Any] = []
    survives(flavor, client, streamed(flavor, whole))
    live.server.cut_stream(after_events=3)  # the connection drops half way through the fourth event
    received: list[Any] = []
    error = fails(flavor, client, streamed(flavor, received), openwire.APIConnectionError)
    assert type(error) is openwire.APIConnectionError
    assert len(received) == 3
    assert [c.model_dump(exclude={"id", "created"}) for c in received] == [
        c.model_dump(exclude={"id", "created"}) for c in whole[:3]
    ]


def test_a_stream_ending_in_an_error_event(flavor: Flavor, live: LiveServer) -> None:
    live.server.fail_stream(after_events=2, message="The model overloaded.", code="server_error")
    client = flavor.client(base_url=live.base_url)
    received: list[Any] = []
    error = fails(flavor, client, streamed(flavor, received), openwire.APIStreamError)
    assert error.code == "server_error"
    assert len(received) == 2


def test_a_stream_event_that_is_not_json(flavor: Flavor, live: LiveServer) -> None:
    live.server.malformed()
    client = flavor.client(base_url=live.base_url)
    received: list[Any] = []
    fails(flavor, client, streamed(flavor, received), openwire.APIResponseValidationError)


# -- the server stalls -----------------------------------------------------------------------------------


def _stall_mid_body(conn: socket.socket, closing: threading.Event) -> None:
    body = _completion("hello")
    conn.sendall(_head(content_length=len(body)) + body[:10])
    closing.wait(30)


@pytest.mark.parametrize("answer", [_stall, _stall_mid_body], ids=["before-headers", "mid-body"])
def test_a_stalled_server_times_out_at_the_timeout_on_every_attempt(
    flavor: Flavor, raw: Callable[[Answer], RawServer], slept: list[float], answer: Answer
) -> None:
    server = raw(answer)
    client = flavor.client(base_url=server.base_url, max_retries=2, timeout=TIMEOUT)
    started = time.perf_counter()
    error = fails(flavor, client, chat, openwire.APITimeoutError)
    elapsed = time.perf_counter() - started
    assert 3 * TIMEOUT * 0.9 <= elapsed < 3 * TIMEOUT + 0.6  # three read timeouts, the waits recorded
    assert error.attempts == 3
    assert server.connections == 3
    assert len(slept) == 2


def test_a_stream_that_stalls_times_out(flavor: Flavor, raw: Callable[[Answer], RawServer]) -> None:
    server = raw(_stream_then(_stall))
    client = flavor.client(base_url=server.base_url, timeout=TIMEOUT)
    received: list[Any] = []
    started = time.perf_counter()
    fails(flavor, client, streamed(flavor, received), openwire.APITimeoutError)
    assert time.perf_counter() - started < TIMEOUT + 0.6
    assert len(received) == 2


def test_a_slowed_live_answer_times_out(flavor: Flavor, live: LiveServer) -> None:
    live.server.delay(5.0, times=None)
    client = flavor.client(base_url=live.base_url, timeout=TIMEOUT, max_retries=1)
    started = time.perf_counter()
    error = fails(flavor, client, chat, openwire.APITimeoutError)
    assert time.perf_counter() - started < 2 * TIMEOUT + 0.6
    assert error.attempts == 2
    assert len(live.server.requests) == 2


def test_the_deadline_cuts_a_stall_short(flavor: Flavor, raw: Callable[[Answer], RawServer]) -> None:
    server = raw(_stall)
    client = flavor.client(base_url=server.base_url, timeout=10, max_retries=5, deadline=0.4)
    started = time.perf_counter()
    fails(flavor, client, chat, openwire.APITimeoutError)
    assert 0.3 <= time.perf_counter() - started < 1.0
    assert server.connections == 1  # no retry could end before the deadline


# -- error statuses, storms and what the server says about waiting ---------------------------------------


def _http_date(seconds_from_now: float) -> str:
    return formatdate(time.time() + seconds_from_now, usegmt=True)


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        ({"retry-after": "2"}, 2.0, 2.0),
        ({"retry-after-ms": "1500"}, 1.5, 1.5),
        ({"retry-after": "__date__"}, 3.0, 5.0),  # whole seconds: up to one less than asked
        ({"retry-after": "2", "retry-after-ms": "250"}, 0.25, 0.25),  # the precise one wins
    ],
    ids=["seconds", "ms", "http-date", "both"],
)
def test_a_storm_with_retry_after_waits_as_told(
    flavor: Flavor,
    live: LiveServer,
    slept: list[float],
    status: int,
    headers: dict[str, str],
    low: float,
    high: float,
) -> None:
    headers = {k: _http_date(5) if v == "__date__" else v for k, v in headers.items()}
    live.server.fail(status, headers=headers, times=None)
    client = flavor.client(base_url=live.base_url, max_retries=3)
    error = fails(
        flavor, client, chat, openwire.RateLimitError if status == 429 else openwire.InternalServerError
    )
    assert error.status_code == status
    assert error.attempts == 4
    assert len(live.server.requests) == 4
    assert len(slept) == 3
    assert all(low <= wait <= high for wait in slept), slept


@pytest.mark.parametrize("status", [429, 503])
def test_a_storm_without_retry_after_backs_off_up_to_the_cap(
    flavor: Flavor, live: LiveServer, slept: list[float], status: int
) -> None:
    live.server.fail(status, times=None)
    policy = openwire.RetryPolicy(max_retries=5, initial_delay=0.5, max_delay=2.0, jitter=0.25)
    client = flavor.client(base_url=live.base_url, retry=policy)
    error = fails(flavor, client, chat, openwire.APIStatusError)
    assert error.attempts == 6
    assert len(live.server.requests) == 6
    caps = [0.5, 1.0, 2.0, 2.0, 2.0]
    assert len(slept) == len(caps)
    assert all(cap * 0.75 <= wait <= cap for wait, cap in zip(slept, caps, strict=True)), slept


def test_a_storm_that_clears_is_survived(flavor: Flavor, live: LiveServer, slept: list[float]) -> None:
    live.server.fail(503, times=2)
    client = flavor.client(base_url=live.base_url, max_retries=2)
    completion = survives(flavor, client, chat)
    assert completion.choices[0].message.content.startswith("You said: ")
    assert [r.headers.get("x-retry-count") for r in live.server.requests] == [None, "1", "2"]


def test_a_retry_after_past_the_cap_is_not_sat_out(
    flavor: Flavor, live: LiveServer, slept: list[float]
) -> None:
    live.server.fail(429, headers={"retry-after": "120"}, times=None)
    client = flavor.client(base_url=live.base_url, max_retries=3)
    error = fails(flavor, client, chat, openwire.RateLimitError)
    assert error.retry_after == 120
    assert error.attempts == 1
    assert slept == []


def test_a_retry_after_past_the_deadline_is_not_waited_for(
    flavor: Flavor, live: LiveServer, slept: list[float]
) -> None:
    live.server.fail(503, headers={"retry-after": "5"}, times=None)
    client = flavor.client(base_url=live.base_url, max_retries=3, deadline=2.0)
    error = fails(flavor, client, chat, openwire.InternalServerError)
    assert error.attempts == 1
    assert slept == []


def _proxy_page(conn: socket.socket, closing: threading.Event) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
    conn.sendall(_head("502 Bad Gateway", "text/html", content_length=len(page)) + page)


def test_an_html_error_page_from_a_proxy(
    flavor: Flavor, raw: Callable[[Answer], RawServer], slept: list[float]
) -> None:
    server = raw(_proxy_page)
    client = flavor.client(base_url=server.base_url, max_retries=2)
    error = fails(flavor, client, chat, openwire.InternalServerError)
    assert error.status_code == 502
    assert "502 Bad Gateway" in error.message
    assert server.connections == 3
    assert len(slept) == 2


# -- bodies of the wrong kind ----------------------------------------------------------------------------


def test_a_body_that_is_not_json(flavor: Flavor, live: LiveServer, slept: list[float]) -> None:
    live.server.malformed()
    client = flavor.client(base_url=live.base_url)
    error = fails(flavor, client, chat, openwire.APIResponseValidationError)
    assert error.errors == []
    assert len(live.server.requests) == 1  # not retried: it would come back the same
    assert slept == []


def test_an_html_page_with_status_200(flavor: Flavor, live: LiveServer) -> None:
    live.server.malformed(
        "<!doctype html><html><body>Welcome to our site</body></html>", content_type="text/html"
    )
    client = flavor.client(base_url=live.base_url)
    error = fails(flavor, client, chat, openwire.APIResponseValidationError)
    assert "Welcome" in error.body


def test_json_labelled_as_text_is_read(flavor: Flavor, live: LiveServer) -> None:
    live.server.malformed(_completion("labelled as text").decode(), content_type="text/plain")
    client = flavor.client(base_url=live.base_url)
    completion = survives(flavor, client, chat)
    assert completion.choices[0].message.content == "labelled as text"


def test_an_oversized_answer_is_parsed(flavor: Flavor, live: LiveServer) -> None:
    big = "x" * 4_000_000
    live.server.malformed(_completion(big).decode())
    client = flavor.client(base_url=live.base_url)
    started = time.perf_counter()
    completion = survives(flavor, client, chat)
    assert completion.choices[0].message.content == big
    assert time.perf_counter() - started < 5


def test_an_oversized_body_that_is_not_json_is_reported_briefly(flavor: Flavor, live: LiveServer) -> None:
    live.server.malformed(b"<" * 4_000_000)
    client = flavor.client(base_url=live.base_url)
    error = fails(flavor, client, chat, openwire.APIResponseValidationError)
    assert len(error.message) < 10_000  # the message says what happened; the body is on .body


def _oversized_then_stall(conn: socket.socket, closing: threading.Event) -> None:
    body = _completion("y" * 8_000_000)
    conn.sendall(_head(content_length=len(body)) + body[:4_000_000])
    closing.wait(30)


def test_an_oversized_body_that_stops_coming_times_out(
    flavor: Flavor, raw: Callable[[Answer], RawServer]
) -> None:
    server = raw(_oversized_then_stall)
    client = flavor.client(base_url=server.base_url, timeout=TIMEOUT, max_retries=0)
    started = time.perf_counter()
    fails(flavor, client, chat, openwire.APITimeoutError)
    assert time.perf_counter() - started < TIMEOUT + 2  # the read timeout, not an unbounded hang
