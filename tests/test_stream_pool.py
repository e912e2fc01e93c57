"""Streams give their connection back to a real connection pool (httpcore's, over real HTTP to the
built-in server) however iteration ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

import openwire

pytest.importorskip("uvicorn")

from openwire.testing import LiveServer, LocalServer

MESSAGES: Any = [{"role": "user", "content": "one two three four five six seven eight"}]


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    with LocalServer().serve(port=0) as server:
        yield server


def pool_connections(client: openwire.Client | openwire.AsyncClient) -> list[Any]:
    return list(client._http._transport._pool.connections)  # type: ignore[attr-defined]


def assert_released(client: openwire.Client | openwire.AsyncClient) -> None:
    """Nothing of the pool is still in use: every connection is idle (kept for reuse) or gone (a
    response closed before its end cannot share its connection, so HTTP/1.1 drops it)."""
    pool = client._http._transport._pool  # type: ignore[attr-defined]
    assert [c for c in pool.connections if not c.is_idle()] == []
    assert list(pool._requests) == []


def test_break_returns_the_connection(live: LiveServer) -> None:
    with live.client() as client:
        stream = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        for _chunk in stream:
            break
        assert_released(client)
        # whole responses leave their connection in the pool for the next call
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert len(pool_connections(client)) == 1
        assert_released(client)


def test_exception_in_the_loop_body_returns_the_connection(live: LiveServer) -> None:
    with live.client() as client:

        def consume() -> None:
            for _chunk in client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True):
                raise KeyError("boom")

        with pytest.raises(KeyError):
            consume()
        assert_released(client)


def test_close_and_garbage_collection_return_the_connection(live: LiveServer) -> None:
    with live.client() as client:
        stream = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        next(stream)
        stream.close()
        assert_released(client)
        never_read = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        del never_read
        gc.collect()
        assert_released(client)


@pytest.mark.anyio
async def test_async_stream_returns_the_connection(live: LiveServer) -> None:
    async with live.async_client() as client:
        async with await client.chat.completions.create(
            model="gpt-4o", messages=MESSAGES, stream=True
        ) as stream:
            async for _chunk in stream:
                break
        assert_released(client)
        stream = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        await stream.close()
        assert_released(client)
        await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert len(pool_connections(client)) == 1
        assert_released(client)


def test_a_stream_read_to_the_end_gives_its_connection_back(live: LiveServer) -> None:
    # list, stream to [DONE], list again: all three on one TCP connection, as the server saw it
    live.server.reset()
    with live.client() as client:
        client.models.list()
        chunks = list(client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True))
        assert len(chunks) > 2
        assert_released(client)
        client.models.list()
    peers = [request.peer for request in live.server.requests]
    assert len(peers) == 3
    assert peers[0] is not None
    assert len(set(peers)) == 1, peers


@pytest.mark.anyio
async def test_an_async_stream_read_to_the_end_gives_its_connection_back(live: LiveServer) -> None:
    live.server.reset()
    async with live.async_client() as client:
        await client.models.list()
        stream = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        assert len([chunk async for chunk in stream]) > 2
        await client.models.list()
    assert len({request.peer for request in live.server.requests}) == 1


def test_a_stream_left_early_still_closes_its_connection(live: LiveServer) -> None:
    live.server.reset()
    with live.client() as client:
        for _chunk in client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True):
            break
        client.models.list()
    first, second = (request.peer for request in live.server.requests)
    assert first != second  # a cut response cannot share its connection: a new one was opened
