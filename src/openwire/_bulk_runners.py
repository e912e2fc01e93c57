"""`openwire.bulk` and `openwire.abulk`: a bulk run's `Run` driven by threads or by tasks.

The two must stay alike but for how they wait (`_sleep` / `_async_sleep`, `await`); every decision
is in `_bulk.Run`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from typing_extensions import Unpack

from ._bulk import BulkOptions, BulkRequest, BulkResult, BulkResults, Run

if TYPE_CHECKING:
    import anyio.abc

    from ._client import AsyncClient, Client
    from .types.chat import ChatCompletion
    from .types.embeddings import CreateEmbeddingResponse
    from .types.moderation import ModerationCreateResponse
    from .types.responses import Response

__all__ = ["abulk", "bulk"]

_sleep = time.sleep


async def _async_sleep(seconds: float) -> None:
    import anyio

    await anyio.sleep(seconds)


@overload
def bulk(
    client: Client,
    requests: Iterable[Mapping[str, Any]],
    *,
    method: Literal["chat.completions.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[ChatCompletion]: ...
@overload
def bulk(
    client: Client,
    requests: Iterable[Mapping[str, Any]],
    *,
    method: Literal["embeddings.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[CreateEmbeddingResponse]: ...
@overload
def bulk(
    client: Client,
    requests: Iterable[Mapping[str, Any]],
    *,
    method: Literal["responses.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[Response]: ...
@overload
def bulk(
    client: Client,
    requests: Iterable[Mapping[str, Any]],
    *,
    method: Literal["moderations.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[ModerationCreateResponse]: ...
@overload
def bulk(
    client: Client,
    requests: Iterable[BulkRequest | Mapping[str, Any]],
    *,
    method: str | None = None,
    **options: Unpack[BulkOptions],
) -> BulkResults[Any]: ...
def bulk(
    client: Client,
    requests: Iterable[BulkRequest | Mapping[str, Any]],
    *,
    method: str | None = None,
    **options: Unpack[BulkOptions],
) -> BulkResults[Any]:
    """Make many calls on one client, `concurrency` at a time (threads), within a rate limit, and
    return every outcome in input order. A call that fails is recorded as that item's error; the
    run goes on.

    ```python
    results = openwire.bulk(
        client,
        [{"model": "text-embedding-3-small", "input": text} for text in texts],
        method="embeddings.create",
        concurrency=16,
        journal="embed.jsonl",  # run again after an interruption: finished calls are not repeated
    )
    vectors = [result.value.data[0].embedding for result in results.succeeded]
    ```

    Args:
        client: the `openwire.Client` to call (thread-safe: every thread shares its pool).
        requests: a list, or any iterable (read as the run goes, never held whole), of the method's
            keyword arguments; or `BulkRequest`s, to mix methods or name calls.
        method: the method every mapping item calls, as written after `client.`
            (`"embeddings.create"`); checked before anything is sent.
        **options: `concurrency`, `rate_limit`, `journal`, `progress`, `estimate_tokens`
            (see `BulkOptions`).

    Returns:
        A `BulkResults`: one `BulkResult` per item, in input order.
    """
    from ._client import Client

    if not isinstance(client, Client):
        raise TypeError(_wrong_client("bulk", "an openwire.Client", client, "await openwire.abulk(...)"))
    run = Run(client, method, options, _length(requests))
    items = enumerate(requests)
    stop = threading.Event()
    broken: list[BaseException] = []

    def one(index: int, item: object) -> BulkResult[Any]:
        call = run.prepare(index, item)
        if isinstance(call, BulkResult):
            return call
        if call.saved is not None:
            plain, arguments = run.restoring(call)
            try:
                return BulkResult(call.index, call.key, value=plain(**arguments), restored=True)
            except Exception as exc:  # a kept answer that no longer parses as the method's type
                return BulkResult(call.index, call.key, error=exc)
        wait = run.reserve(call)
        if wait > 0:
            _sleep(wait)
        try:
            raw = run.raw_method(call.method)(**call.params)
            value = raw.parse()
        except Exception as exc:
            return run.failed(call, exc)
        return run.succeeded(call, raw, value)

    def work() -> None:
        try:
            while not stop.is_set():
                with run.lock:
                    pulled = next(items, None)
                if pulled is None:
                    return
                run.record(one(*pulled))
        except BaseException as exc:  # the input itself failed (its iterator raised): end the run
            broken.append(exc)
            stop.set()

    workers = [threading.Thread(target=work, name=f"openwire-bulk-{n}") for n in range(run.width)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    except BaseException:
        # Ctrl-C: no new call starts, and the calls in flight finish and reach the journal first.
        stop.set()
        for worker in workers:
            worker.join()
        raise
    finally:
        run.close()
        replay = run.replay_client
        if isinstance(replay, Client):
            replay.close()
    if broken:
        raise broken[0]
    return run.results()


@overload
async def abulk(
    client: AsyncClient,
    requests: Iterable[Mapping[str, Any]] | AsyncIterable[Mapping[str, Any]],
    *,
    method: Literal["chat.completions.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[ChatCompletion]: ...
@overload
async def abulk(
    client: AsyncClient,
    requests: Iterable[Mapping[str, Any]] | AsyncIterable[Mapping[str, Any]],
    *,
    method: Literal["embeddings.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[CreateEmbeddingResponse]: ...
@overload
async def abulk(
    client: AsyncClient,
    requests: Iterable[Mapping[str, Any]] | AsyncIterable[Mapping[str, Any]],
    *,
    method: Literal["responses.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[Response]: ...
@overload
async def abulk(
    client: AsyncClient,
    requests: Iterable[Mapping[str, Any]] | AsyncIterable[Mapping[str, Any]],
    *,
    method: Literal["moderations.create"],
    **options: Unpack[BulkOptions],
) -> BulkResults[ModerationCreateResponse]: ...
@overload
async def abulk(
    client: AsyncClient,
    requests: Iterable[BulkRequest | Mapping[str, Any]] | AsyncIterable[BulkRequest | Mapping[str, Any]],
    *,
    method: str | None = None,
    **options: Unpack[BulkOptions],
) -> BulkResults[Any]: ...
async def abulk(
    client: AsyncClient,
    requests: Iterable[BulkRequest | Mapping[str, Any]] | AsyncIterable[BulkRequest | Mapping[str, Any]],
    *,
    method: str | None = None,
    **options: Unpack[BulkOptions],
) -> BulkResults[Any]:
    """The `AsyncClient` twin of `bulk`: `concurrency` tasks share the client, and `requests` may
    also be an async iterable. Works under asyncio and trio.

    ```python
    results = await openwire.abulk(
        client,
        [{"model": "text-embedding-3-small", "input": text} for text in texts],
        method="embeddings.create",
        concurrency=32,
    )
    ```

    Args:
        client: the `openwire.AsyncClient` to call.
        requests: a list, an iterable or an async iterable (read as the run goes, never held
            whole) of the method's keyword arguments; or `BulkRequest`s, to mix methods or name calls.
        method: the method every mapping item calls, as written after `client.`
            (`"embeddings.create"`); checked before anything is sent.
        **options: `concurrency`, `rate_limit`, `journal`, `progress`, `estimate_tokens`
            (see `BulkOptions`).

    Returns:
        A `BulkResults`: one `BulkResult` per item, in input order.
    """
    import anyio

    from ._client import AsyncClient

    if not isinstance(client, AsyncClient):
        raise TypeError(_wrong_client("abulk", "an openwire.AsyncClient", client, "openwire.bulk(...)"))
    run = Run(client, method, options, _length(requests))
    items = _numbered(requests)
    pulling = anyio.Lock()
    broken: list[BaseException] = []

    async def one(index: int, item: object) -> BulkResult[Any]:
        call = run.prepare(index, item)
        if isinstance(call, BulkResult):
            return call
        if call.saved is not None:
            plain, arguments = run.restoring(call)
            try:
                return BulkResult(call.index, call.key, value=await plain(**arguments), restored=True)
            except Exception as exc:  # a kept answer that no longer parses as the method's type
                return BulkResult(call.index, call.key, error=exc)
        wait = run.reserve(call)
        if wait > 0:
            await _async_sleep(wait)
        try:
            raw = await run.raw_method(call.method)(**call.params)
            value = await raw.parse()
        except Exception as exc:
            return run.failed(call, exc)
        return run.succeeded(call, raw, value)

    async def work(group: anyio.abc.TaskGroup) -> None:
        try:
            while True:
                async with pulling:
                    pulled = await _pull(items)
                if pulled is None:
                    return
                run.record(await one(*pulled))
        except Exception as exc:  # the input itself failed (its iterator raised): end the run
            broken.append(exc)
            group.cancel_scope.cancel()

    try:
        async with contextlib.aclosing(items), anyio.create_task_group() as group:
            for _ in range(run.width):
                group.start_soon(work, group)
    finally:
        run.close()
        replay = run.replay_client
        if isinstance(replay, AsyncClient):
            await replay.aclose()
    if broken:
        raise broken[0]
    return run.results()


def _length(requests: object) -> int | None:
    try:
        return len(requests)  # type: ignore[arg-type]
    except TypeError:
        return None


async def _numbered(requests: Iterable[Any] | AsyncIterable[Any]) -> AsyncGenerator[tuple[int, Any], None]:
    index = 0
    if isinstance(requests, AsyncIterable):
        async for item in requests:
            yield index, item
            index += 1
    else:
        for item in requests:
            yield index, item
            index += 1


async def _pull(items: AsyncIterator[tuple[int, Any]]) -> tuple[int, Any] | None:
    try:
        return await items.__anext__()
    except StopAsyncIteration:
        return None


def _wrong_client(function: str, expected: str, given: object, instead: str) -> str:
    return (
        f"openwire.{function} needs {expected}, not {type(given).__module__}.{type(given).__name__}"
        f"; for the other kind of client use {instead}."
    )
