"""Streams: what each event means, errors mid-stream, and releasing the connection however
iteration ends. The chunk type here is a small test model; chat chunks are covered in test_chat.py."""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from typing_extensions import TypedDict, Unpack

import openwire
from openwire._models import BaseModel, parser
from openwire._pydantic import JsonValidator
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._types import RequestOptions


class Chunk(BaseModel):
    id: str
    choices: list[dict[str, object]] | None = None


class Whole(BaseModel):
    id: str


class Params(TypedDict, total=False):
    stream: bool


class _Params(Params, RequestOptions, total=False): ...


_CREATE = Endpoint(
    "POST",
    "/things",
    parser(Whole),
    params=Params,
    stream_parse=JsonValidator(Chunk),
    name="things.create",
)


class Things(SyncAPIResource):
    def create(self, **params: Unpack[_Params]) -> openwire.Stream[Chunk]:
        return self._call(_CREATE, params)  # type: ignore[return-value]


class AsyncThings(AsyncAPIResource):
    async def create(self, **params: Unpack[_Params]) -> openwire.AsyncStream[Chunk]:
        return await self._call(_CREATE, params)  # type: ignore[return-value]


class TrackedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body delivered in the given pieces, remembering whether it was closed."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces
        self.sent = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.sent += 1
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            self.sent += 1
            yield piece

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def sse(*payloads: object) -> list[bytes]:
    return [f"data: {json.dumps(p) if not isinstance(p, str) else p}\n\n".encode() for p in payloads]


class Server:
    """Answers every request with the next scripted body."""

    def __init__(self) -> None:
        self.bodies: list[TrackedStream] = []
        self.requests: list[httpx.Request] = []
        self.content_type = "text/event-stream"

    def answer(self, *pieces: bytes) -> TrackedStream:
        body = TrackedStream(list(pieces))
        self.bodies.append(body)
        return body

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = self.bodies[len(self.requests) - 1]
        headers = {"content-type": self.content_type, "x-request-id": "req_stream"}
        return httpx.Response(200, headers=headers, stream=body)

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        return self.handle(request)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def things(server: Server) -> Iterator[Things]:
    http = httpx.Client(transport=httpx.MockTransport(server.handle))
    with openwire.Client(api_key="sk-x", base_url="https://api.test/v1", http_client=http) as client:
        yield Things(client)


@pytest.fixture
async def async_things(server: Server) -> AsyncIterator[AsyncThings]:
    http = httpx.AsyncClient(transport=httpx.MockTransport(server.ahandle))
    async with openwire.AsyncClient(
        api_key="sk-x", base_url="https://api.test/v1", http_client=http
    ) as client:
        yield AsyncThings(client)


def test_chunks_until_done_and_what_follows_is_drained_not_delivered(things: Things, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, {"id": "2", "choices": []}, "[DONE]", {"id": "after-done"}))
    stream = things.create(stream=True)
    assert [c.id for c in stream] == ["1", "2"]
    assert body.closed
    assert body.sent == 4  # the rest of the body was read (so that the connection can be reused)
    assert server.requests[0].headers["accept"] == "text/event-stream"
    assert json.loads(server.requests[0].content) == {"stream": True}


def test_chunks_carry_the_request_id_and_stream_exposes_the_response(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1"}, "[DONE]"))
    with things.create(stream=True) as stream:
        assert stream.response.status_code == 200
        assert stream.request_id == "req_stream"
        (chunk,) = list(stream)
    assert chunk.request_id == "req_stream"


def test_empty_choices_chunks_are_delivered(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1", "choices": [{"x": 1}]}, {"id": "usage", "choices": []}, "[DONE]"))
    assert [c.id for c in things.create(stream=True)] == ["1", "usage"]


def test_keep_alives_comments_and_empty_data_are_skipped(things: Things, server: Server) -> None:
    server.answer(
        b": ping\n\n", b"data:\n\n", b"retry: 100\n\n", b'data: {"id": "1"}\n\n', b"data: [DONE]\n\n"
    )
    assert [c.id for c in things.create(stream=True)] == ["1"]


def test_a_stream_without_done_ends_with_the_body(things: Things, server: Server) -> None:
    server.answer(b'data: {"id": "1"}\n\n', b'data: {"id": "2"}')  # last event not even terminated
    assert [c.id for c in things.create(stream=True)] == ["1", "2"]


def test_multi_line_data_is_one_json_document(things: Things, server: Server) -> None:
    server.answer(b'data: {"id":\ndata: "joined"}\n\n')
    assert [c.id for c in things.create(stream=True)] == ["joined"]


def test_error_event_raises_a_stream_error(things: Things, server: Server) -> None:
    body = server.answer(
        *sse({"id": "1"}),
        b'event: error\ndata: {"error": {"message": "overloaded", "code": "server_busy", "type": "x"}}\n\n',
    )
    stream = things.create(stream=True)
    assert next(stream).id == "1"
    with pytest.raises(openwire.APIStreamError) as caught:
        next(stream)
    error = caught.value
    assert error.message == "overloaded"
    assert error.code == "server_busy"
    assert error.request_id == "req_stream"
    assert "overloaded" in str(error)
    assert body.closed


def test_error_payload_mid_stream_raises(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1"}, {"error": {"message": "context too long", "code": 400}}))
    with pytest.raises(openwire.APIStreamError, match="context too long") as caught:
        list(things.create(stream=True))
    assert caught.value.code == "400"


def test_error_event_with_text_data(things: Things, server: Server) -> None:
    server.answer(b"event: error\ndata: upstream went away\n\n")
    with pytest.raises(openwire.APIStreamError, match="upstream went away"):
        list(things.create(stream=True))


def test_data_that_is_not_json_is_a_clear_error(things: Things, server: Server) -> None:
    server.answer(b"data: hello there\n\n")
    with pytest.raises(openwire.APIResponseValidationError, match="not valid JSON") as caught:
        list(things.create(stream=True))
    assert caught.value.body == "hello there"


def test_chunk_of_the_wrong_shape(things: Things, server: Server) -> None:
    server.answer(*sse({"no_id": True}))
    with pytest.raises(openwire.APIResponseValidationError, match="id: Field required"):
        list(things.create(stream=True))


def test_server_ignoring_stream_true_answers_json(things: Things, server: Server) -> None:
    server.content_type = "application/json"
    server.answer(b'{"id": "whole", "object": "chat.completion"', b"}")
    with pytest.raises(openwire.APIResponseValidationError, match="may not support streaming") as caught:
        list(things.create(stream=True))
    assert caught.value.body == '{"id": "whole", "object": "chat.completion"}'


def test_json_error_instead_of_a_stream(things: Things, server: Server) -> None:
    server.content_type = "application/json"
    server.answer(b'{"error": {"message": "streaming is disabled", "code": "nope"}}')
    with pytest.raises(openwire.APIStreamError, match="streaming is disabled"):
        list(things.create(stream=True))


def test_event_stream_under_another_content_type_still_streams(things: Things, server: Server) -> None:
    server.content_type = "text/plain"
    server.answer(*sse({"id": "1"}, "[DONE]"))
    assert [c.id for c in things.create(stream=True)] == ["1"]


def test_leaving_the_loop_early_releases_the_connection(things: Things, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, {"id": "2"}, {"id": "3"}, "[DONE]"))
    stream = things.create(stream=True)
    for chunk in stream:
        if chunk.id == "1":
            break
    assert body.closed  # no close() needed, although `stream` is still referenced
    assert body.sent == 1
    with pytest.raises(openwire.OpenwireError, match="can be read only once"):
        list(stream)


def test_next_then_loop_reads_on_from_where_it_was(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1"}, {"id": "2"}, {"id": "3"}, "[DONE]"))
    stream = things.create(stream=True)
    assert next(stream).id == "1"
    assert [c.id for c in stream] == ["2", "3"]


def test_an_abandoned_stream_is_released_without_the_cycle_collector(things: Things, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, {"id": "2"}, "[DONE]"))
    gc.disable()
    try:
        stream = things.create(stream=True)
        next(stream)
        del stream
        assert body.closed  # reference counting alone frees it
    finally:
        gc.enable()


def test_exception_in_the_loop_body_releases_the_connection(things: Things, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, {"id": "2"}, "[DONE]"))

    def consume() -> None:
        with things.create(stream=True) as stream:
            for _chunk in stream:
                raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        consume()
    assert body.closed


def test_garbage_collection_releases_the_connection(things: Things, server: Server) -> None:
    started = server.answer(*sse({"id": "1"}, {"id": "2"}, "[DONE]"))
    never_started = server.answer(*sse({"id": "1"}, "[DONE]"))
    stream = things.create(stream=True)
    next(stream)
    del stream
    unread = things.create(stream=True)
    del unread
    gc.collect()
    assert started.closed
    assert never_started.closed


@pytest.mark.anyio
async def test_async_stream(async_things: AsyncThings, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, {"id": "2", "choices": []}, "[DONE]"))
    stream = await async_things.create(stream=True)
    assert [c.id async for c in stream] == ["1", "2"]
    assert body.closed


@pytest.mark.anyio
async def test_async_loop_left_early_releases(async_things: AsyncThings, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, {"id": "2"}, "[DONE]"))
    stream = await async_things.create(stream=True)
    async for _chunk in stream:
        break
    await asyncio.sleep(0)  # the event loop finalizes the abandoned loop iterator
    await asyncio.sleep(0)
    assert body.closed
    assert body.sent == 1


@pytest.mark.anyio
async def test_async_early_exit_releases(async_things: AsyncThings, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, {"id": "2"}, "[DONE]"))
    async with await async_things.create(stream=True) as stream:
        async for _chunk in stream:
            break
    assert body.closed
    assert body.sent == 1


@pytest.mark.anyio
async def test_async_error_event(async_things: AsyncThings, server: Server) -> None:
    server.answer(b'event: error\ndata: {"message": "bad"}\n\n')

    async def consume() -> None:
        async with await async_things.create(stream=True) as stream:
            async for _chunk in stream:
                pass

    with pytest.raises(openwire.APIStreamError, match="bad"):
        await consume()


def test_not_streaming_when_stream_is_false(things: Things, server: Server) -> None:
    server.content_type = "application/json"
    server.answer(b'{"id": "whole"}')
    result = things.create(stream=False)
    assert isinstance(result, Whole)
    assert server.requests[0].headers["accept"] == "application/json"


# --- nothing the server sent before an error is lost ----------------------------------------------


def _collect_ids(stream: openwire.Stream[Chunk], into: list[str]) -> None:
    for chunk in stream:
        into.append(chunk.id)


_IN_ONE_READ = [
    # an error event in the same read as the chunks before it
    b'data: {"id": "1"}\n\ndata: {"id": "2"}\n\nevent: error\ndata: {"error": {"message": "overloaded"}}\n\n',
    # an error payload without an event name
    b'data: {"id": "1"}\n\ndata: {"id": "2"}\n\ndata: {"error": {"message": "overloaded"}}\n\n',
    # an event that is not JSON
    b'data: {"id": "1"}\n\ndata: {"id": "2"}\n\ndata: overloaded, try later\n\n',
    # an event of the wrong shape
    b'data: {"id": "1"}\n\ndata: {"id": "2"}\n\ndata: {"overloaded": true}\n\n',
]


@pytest.mark.parametrize(
    "body", _IN_ONE_READ, ids=["error-event", "error-payload", "not-json", "wrong-shape"]
)
def test_chunks_in_the_same_read_as_an_error_come_first(things: Things, server: Server, body: bytes) -> None:
    server.answer(body)
    received: list[str] = []
    with pytest.raises(openwire.APIError):
        _collect_ids(things.create(stream=True), received)
    assert received == ["1", "2"]


@pytest.mark.parametrize(
    "body", _IN_ONE_READ, ids=["error-event", "error-payload", "not-json", "wrong-shape"]
)
@pytest.mark.parametrize("size", [1, 7, 64])
def test_chunks_before_an_error_come_first_whatever_the_reads(
    things: Things, server: Server, body: bytes, size: int
) -> None:
    server.answer(*[body[i : i + size] for i in range(0, len(body), size)])
    received: list[str] = []
    with pytest.raises(openwire.APIError):
        _collect_ids(things.create(stream=True), received)
    assert received == ["1", "2"]


@pytest.mark.anyio
@pytest.mark.parametrize(
    "body", _IN_ONE_READ, ids=["error-event", "error-payload", "not-json", "wrong-shape"]
)
async def test_async_chunks_in_the_same_read_as_an_error_come_first(
    async_things: AsyncThings, server: Server, body: bytes
) -> None:
    server.answer(body)
    received: list[str] = []

    async def collect() -> None:
        async for chunk in await async_things.create(stream=True):
            received.append(chunk.id)

    with pytest.raises(openwire.APIError):
        await collect()
    assert received == ["1", "2"]


def test_an_event_that_is_not_utf8_is_reported_as_such(things: Things, server: Server) -> None:
    server.answer(b'data: {"id": "1"}\n\ndata: {"id": "caf\xe9"}\n\n')
    stream = things.create(stream=True)
    assert next(stream).id == "1"
    with pytest.raises(openwire.APIResponseValidationError) as caught:
        next(stream)
    message = str(caught.value)
    assert "not valid UTF-8" in message
    assert "byte 0xe9 at offset 11" in message
    assert "was not valid JSON" not in message


def test_an_error_event_uses_the_same_parser_as_error_responses(things: Things, server: Server) -> None:
    # FastAPI-style and list-wrapped error bodies, as status errors understand them
    server.answer(b'event: error\ndata: [{"error": {"message": "quota", "code": "insufficient_quota"}}]\n\n')
    with pytest.raises(openwire.APIStreamError) as caught:
        list(things.create(stream=True))
    assert caught.value.message == "quota"
    assert caught.value.code == "insufficient_quota"


# --- a stream is read once ---------------------------------------------------------------------


def test_reading_a_stream_a_second_time_is_an_error(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1"}, {"id": "2"}, "[DONE]"))
    stream = things.create(stream=True)
    assert [c.id for c in stream] == ["1", "2"]
    with pytest.raises(openwire.OpenwireError, match="can be read only once"):
        list(stream)
    with pytest.raises(StopIteration):
        next(stream)


def test_two_loops_over_one_stream_at_once_is_an_error(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1"}, {"id": "2"}, "[DONE]"))
    stream = things.create(stream=True)
    for _chunk in stream:
        with pytest.raises(openwire.OpenwireError, match="already being read by another loop"):
            iter(stream)
        break


def test_a_closed_stream_cannot_be_read(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1"}, "[DONE]"))
    stream = things.create(stream=True)
    stream.close()
    with pytest.raises(openwire.OpenwireError, match="can be read only once"):
        list(stream)


def test_close_inside_the_loop_ends_it(things: Things, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}), *sse({"id": "2"}), *sse({"id": "3"}, "[DONE]"))
    stream = things.create(stream=True)
    seen = []
    for chunk in stream:
        seen.append(chunk.id)
        stream.close()
    assert seen == ["1"]
    assert body.closed


@pytest.mark.anyio
async def test_reading_an_async_stream_a_second_time_is_an_error(
    async_things: AsyncThings, server: Server
) -> None:
    server.answer(*sse({"id": "1"}, "[DONE]"))
    stream = await async_things.create(stream=True)
    assert [c.id async for c in stream] == ["1"]
    with pytest.raises(openwire.OpenwireError, match="can be read only once"):
        [c async for c in stream]
    with pytest.raises(StopAsyncIteration):
        await stream.__anext__()


# --- after [DONE] ------------------------------------------------------------------------------


def test_after_done_only_a_little_is_read(things: Things, server: Server) -> None:
    body = server.answer(*sse({"id": "1"}, "[DONE]"), *[b": " + b"x" * 8190 + b"\n"] * 100)
    assert [c.id for c in things.create(stream=True)] == ["1"]
    assert body.closed
    assert body.sent < 20  # gave up on the rest after 64 KiB


@pytest.mark.anyio
async def test_after_done_an_async_stream_waits_only_a_little(
    async_things: AsyncThings, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import anyio

    from openwire import _streaming

    monkeypatch.setattr(_streaming, "_DRAIN_SECONDS", 0.05)

    class Hanging(TrackedStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            for piece in self.pieces:
                yield piece
            await anyio.sleep(30)  # a server that keeps the body open after [DONE]
            yield b""

    body = Hanging(sse({"id": "1"}, "[DONE]"))
    server.bodies.append(body)
    with anyio.fail_after(5):
        assert [c.id async for c in await async_things.create(stream=True)] == ["1"]
    assert body.closed


def test_a_chunk_that_carries_an_error_raises_after_the_chunks_before_it(
    things: Things, server: Server
) -> None:
    # Some gateways end a stream with a chunk that has its usual fields *and* an `error`.
    server.answer(
        b'data: {"id": "1"}\n\ndata: {"id": "2"}\n\n'
        b'data: {"id": "3", "choices": [{"finish_reason": "error"}], '
        b'"error": {"message": "upstream died"}}\n\n'
    )
    received: list[str] = []
    with pytest.raises(openwire.APIStreamError, match="upstream died"):
        _collect_ids(things.create(stream=True), received)
    assert received == ["1", "2"]


def test_a_chunk_with_error_null_is_an_ordinary_chunk(things: Things, server: Server) -> None:
    server.answer(*sse({"id": "1", "error": None}, {"id": "2"}, "[DONE]"))
    assert [c.id for c in things.create(stream=True)] == ["1", "2"]
