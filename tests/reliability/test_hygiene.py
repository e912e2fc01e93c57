"""Nothing is left behind: after many streams left early, calls and streams cancelled half way
(anyio cancel scopes, `asyncio.wait_for` time-outs, `task.cancel()`), and clients made and closed
in a loop, no connection of the pool is still checked out, the process has the file descriptors
it started with, and memory does not grow with the number of rounds.

Connections and file descriptors are counted over real HTTP to the built-in server
(`LocalServer.serve()`, in this process on a thread: its sockets count among the process's file
descriptors too, and must be closed as well). Memory is measured with tracemalloc on a second run
of the same loop against the server in-process (`LocalServer.client()`, no thread): a server thread
allocating at the same time would be counted too, and tracing deep enough to tell its allocations
apart makes the loop many times slower. The cancellations, which need the real server's timing,
are measured on it with that deeper tracing, over fewer rounds.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

import anyio
import pytest
from _heavy import record, scale
from _pool import checked_out

import openwire
from openwire.testing import LiveServer, LocalServer

pytest.importorskip("uvicorn")
pytest_plugins = ["live_fixtures"]

MESSAGES: Any = [{"role": "user", "content": "one two three four five six seven eight nine ten"}]

FD_DIR = Path("/proc/self/fd")
needs_proc = pytest.mark.skipif(
    not FD_DIR.is_dir(), reason="counts file descriptors in /proc/self/fd (Linux)"
)

PER_ROUND = 256
"""The memory bound, in bytes per round (stream, cancelled call, or client) over the second half
of a loop. Whatever one round could leave behind is larger than that: a response object with its
headers is about 2 KiB, a stream with its reader and decoder about 1 KiB, a socket or a client
much more. So a leak of anything per round shows, while the noise of a warm process (caches,
the interpreter's free lists, the server thread's buffers) stays below it. Plus `SLACK` for a
short loop, where one cache growing by a block is a large share."""
SLACK = 64 * 1024


@pytest.fixture(autouse=True)
def _quiet_server(caplog: pytest.LogCaptureFixture) -> None:
    """The server's event loop logs a warning each time it writes to a connection the client has
    closed (as it does after every stream left early); pytest would keep each record, which is
    memory that grows with the loop but is not the client's."""
    caplog.set_level(logging.ERROR, logger="asyncio")


def fds() -> int:
    return len(os.listdir(FD_DIR))


async def settled(client: openwire.AsyncClient) -> int:
    """`checked_out(client)` once the event loop has run what it was handed: an `async for` left
    early (without `async with`) is finalized by the loop in a task of its own, a moment later."""
    for _ in range(50):
        if not checked_out(client):
            return 0
        await asyncio.sleep(0)
    # A call cancelled mid-request closes its connection in a shielded step that may wait on the
    # network (slower on Python 3.10): give it up to a second before counting it as leaked.
    deadline = time.monotonic() + 1
    while checked_out(client) and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    return checked_out(client)


def settle_fds(start: int) -> int:
    """How many more file descriptors the process has than at `start`, once the server thread has
    noticed the closed connections (it closes its ends a moment later: wait up to 3 s)."""
    deadline = time.monotonic() + 3
    while True:
        gc.collect()
        extra = fds() - start
        if extra <= 0 or time.monotonic() > deadline:
            return max(extra, 0)
        time.sleep(0.02)


class Memory:
    """The memory the client holds after each half of a loop: `growth` is how much the second half
    added.

    The server's record of every request it answered (`server.requests`) is dropped before each
    mark. With `depth`, the allocations of a server on a thread of this process (whose stack
    includes uvicorn's, h11's or openwire.testing's frames) are left out."""

    SERVER: ClassVar[list[tracemalloc.Filter]] = [
        tracemalloc.Filter(False, pattern, all_frames=True)
        for pattern in ("*/uvicorn/*", "*/h11/*", "*/openwire/testing/*", tracemalloc.__file__)
    ]

    def __init__(self, server: LocalServer, depth: int = 1) -> None:
        self.server = server
        self.depth = depth
        self.marks: list[int] = []

    def __enter__(self) -> Memory:
        self.server.reset()
        tracemalloc.start(self.depth)
        return self

    def mark(self) -> None:
        self.server.reset()
        gc.collect()
        snapshot = tracemalloc.take_snapshot()
        if self.depth > 1:
            snapshot = snapshot.filter_traces(self.SERVER)
        self.marks.append(sum(stat.size for stat in snapshot.statistics("filename")))

    def __exit__(self, *exc: object) -> None:
        tracemalloc.stop()

    @property
    def growth(self) -> int:
        first, second = self.marks
        return second - first


def check(rounds: int, leaked: int, fd_leak: int, memory: Memory) -> None:
    """Record the figures, then hold them to their bounds."""
    bound = PER_ROUND * (rounds // 2) + SLACK
    record("connections leaked", leaked)
    record("file descriptors leaked", fd_leak)
    record("memory growth (KiB)", round(max(memory.growth, 0) / 1024, 1))
    assert leaked == 0
    assert fd_leak == 0
    assert memory.growth <= bound, f"{memory.growth} bytes more after the second half (bound {bound})"


def on_live_server(live: LiveServer, loop: Callable[[openwire.Client], int]) -> tuple[int, int]:
    """`(connections left checked out, file descriptors leaked)` over `loop` on the live server."""
    start = fds()
    with live.client() as client:
        leaked = loop(client)
    return leaked, settle_fds(start)


def in_process(live: LiveServer, half: Callable[[openwire.Client], object]) -> Memory:
    """The memory over two runs of `half` on the server in-process."""
    with live.server.client() as client, Memory(live.server) as memory:
        half(client)  # warms every cache up
        memory.mark()
        half(client)
        memory.mark()
    return memory


async def on_live_server_async(
    live: LiveServer, loop: Callable[[openwire.AsyncClient], Awaitable[int]]
) -> tuple[int, int]:
    start = fds()
    async with live.async_client() as client:
        leaked = await loop(client)
    return leaked, settle_fds(start)


async def in_process_async(
    live: LiveServer, half: Callable[[openwire.AsyncClient], Awaitable[object]]
) -> Memory:
    async with live.server.async_client() as client:
        with Memory(live.server) as memory:
            await half(client)
            await idle()
            memory.mark()
            await half(client)
            await idle()
            memory.mark()
    return memory


async def idle() -> None:
    """Let the event loop run what it was handed (async generators left to it to finalize)."""
    for _ in range(20):
        await asyncio.sleep(0)


# --- streams left early ------------------------------------------------------------------------


def leave_streams_early(client: openwire.Client, n: int) -> int:
    """`n` streams, each left after its first chunk in one of three ways; the connections still
    checked out after each, added up."""
    leaked = 0
    for i in range(n):
        stream = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        if i % 3 == 0:
            for _chunk in stream:
                break  # a loop left early
        elif i % 3 == 1:
            next(stream)
            stream.close()
        else:
            with stream:
                next(stream)
        del stream
        leaked += checked_out(client)
    return leaked


@needs_proc
def test_sync_streams_left_early_leave_nothing_behind(live: LiveServer) -> None:
    n = scale(300, 10_000)
    leaked, fd_leak = on_live_server(live, lambda client: leave_streams_early(client, n))
    memory = in_process(live, lambda client: leave_streams_early(client, n // 2))
    record("streams left early", n)
    check(n, leaked, fd_leak, memory)


async def leave_async_streams_early(client: openwire.AsyncClient, n: int) -> int:
    leaked = 0
    for i in range(n):
        stream = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        if i % 3 == 0:
            async with stream:
                async for _chunk in stream:
                    break
        elif i % 3 == 1:
            await stream.__anext__()
            await stream.close()
        else:
            # an `async for` left without `async with`: the event loop finalizes the loop's
            # iterator a moment later (see `settled`)
            async for _chunk in stream:
                break
            del stream, _chunk
        leaked += await settled(client)
    return leaked


@needs_proc
@pytest.mark.anyio
async def test_async_streams_left_early_leave_nothing_behind(live: LiveServer) -> None:
    n = scale(300, 10_000)
    leaked, fd_leak = await on_live_server_async(live, lambda client: leave_async_streams_early(client, n))
    memory = await in_process_async(live, lambda client: leave_async_streams_early(client, n // 2))
    record("streams left early", n)
    check(n, leaked, fd_leak, memory)


# --- cancelled calls and streams -----------------------------------------------------------------


def cancellations(client: openwire.AsyncClient, server: LocalServer) -> list[Callable[[], Awaitable[None]]]:
    """One way each of cutting a call or a stream short from outside."""

    def create() -> Awaitable[Any]:
        return client.chat.completions.create(model="gpt-4o", messages=MESSAGES)

    async def read_stream() -> None:
        stream = await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        async with stream:
            async for _chunk in stream:
                pass

    async def scope_mid_request() -> None:
        server.clear_faults()  # one not taken by a call cancelled before it was sent
        server.delay(0.3, times=None)  # the answer comes after the scope is over
        with anyio.move_on_after(0.005):
            await create()

    async def scope_mid_stream() -> None:
        server.clear_faults()
        server.delay(per_chunk=0.05, times=None)  # the first chunks come, then the scope ends
        with anyio.move_on_after(0.03):
            await read_stream()

    async def wait_for_mid_request() -> None:
        server.clear_faults()
        server.delay(0.3, times=None)  # every request: one cancelled earlier may still arrive
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(create(), 0.005)

    async def wait_for_mid_stream() -> None:
        server.clear_faults()
        server.delay(per_chunk=0.05, times=None)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(read_stream(), 0.03)

    async def task_cancel_mid_stream() -> None:
        server.clear_faults()
        server.delay(per_chunk=0.05, times=None)
        task = asyncio.create_task(read_stream())
        await asyncio.sleep(0.03)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    async def task_cancel_mid_request() -> None:
        server.clear_faults()
        server.delay(0.3, times=None)  # every request: one cancelled earlier may still arrive
        task = asyncio.create_task(create())
        await asyncio.sleep(0.005)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    ways = [scope_mid_stream]
    native = sys.version_info >= (3, 11)
    if native:
        ways += [wait_for_mid_stream, task_cancel_mid_stream]
    if POOL_CANCELLATION_SAFE:
        ways += [scope_mid_request] + ([wait_for_mid_request, task_cancel_mid_request] if native else [])
    return ways


def _version(package: str) -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(part) for part in version(package).split(".")[:3] if part.isdigit())


# Two limits below openwire, measured (docs/reliability.md), under which the ways of cancelling
# they concern are not run:
# - a call cancelled while httpcore is still getting it a connection can leave that connection
#   checked out for good with httpcore before 1.0.5 or anyio before 4.6 (3 to 9 in 10 tries when
#   slowed by tracing; none in 80 with httpcore 1.0.5+ and anyio 4.6+);
# - asyncio's own cancellation (`wait_for`, `task.cancel()`) was seen swallowed now and then on
#   Python 3.10 under pytest's anyio runner (the call then completed); Python 3.11 counts
#   cancellations (`Task.uncancel`), and there it never happened.
POOL_CANCELLATION_SAFE = _version("httpcore") >= (1, 0, 5) and _version("anyio") >= (4, 6)


@needs_proc
@pytest.mark.anyio
async def test_cancelled_calls_and_streams_leave_nothing_behind(live: LiveServer) -> None:
    rounds = scale(8, 200)  # of each of the six ways: each takes some 5-50 ms of waiting
    start = fds()
    leaked = 0
    async with live.async_client() as client:
        ways = cancellations(client, live.server)
        # warm up first: the first call builds validators, which takes longer than the time-outs
        await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        await (await client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)).close()
        with Memory(live.server, depth=7) as memory:
            for half in range(2):
                for _ in range(rounds // 2):
                    for way in ways:
                        await way()
                        leaked += await settled(client)
                if half == 0:
                    memory.mark()
            memory.mark()
        live.server.clear_faults()
        # the client still works, on a connection of its pool
        await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        leaked += await settled(client)
    record("calls and streams cancelled", rounds * len(ways))
    check(rounds * len(ways), leaked, settle_fds(start), memory)


# --- clients made and closed --------------------------------------------------------------------


def make_clients(make: Callable[[], openwire.Client], n: int) -> int:
    leaked = 0
    for i in range(n):
        with make() as client:
            if i % 2:
                client.models.list()
            else:
                for _chunk in client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True):
                    break
            leaked += checked_out(client)
    return leaked


@needs_proc
def test_clients_made_and_closed_in_a_loop_leave_nothing_behind(live: LiveServer) -> None:
    n = scale(50, 1000)
    start = fds()
    leaked = make_clients(live.client, n)
    fd_leak = settle_fds(start)
    with Memory(live.server) as memory:
        make_clients(live.server.client, n // 2)
        memory.mark()
        make_clients(live.server.client, n // 2)
        memory.mark()
    check(n, leaked, fd_leak, memory)


async def make_async_clients(make: Callable[[], openwire.AsyncClient], n: int) -> int:
    leaked = 0
    for _ in range(n):
        async with make() as client:
            await client.models.list()
            async with await client.chat.completions.create(
                model="gpt-4o", messages=MESSAGES, stream=True
            ) as stream:
                async for _chunk in stream:
                    break
            leaked += checked_out(client)
    return leaked


@needs_proc
@pytest.mark.anyio
async def test_async_clients_made_and_closed_in_a_loop_leave_nothing_behind(live: LiveServer) -> None:
    n = scale(50, 1000)
    start = fds()
    leaked = await make_async_clients(live.async_client, n)
    fd_leak = settle_fds(start)
    with Memory(live.server) as memory:
        await make_async_clients(live.server.async_client, n // 2)
        await idle()
        memory.mark()
        await make_async_clients(live.server.async_client, n // 2)
        await idle()
        memory.mark()
    check(n, leaked, fd_leak, memory)
