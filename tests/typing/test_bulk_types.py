"""The results of `openwire.bulk` / `abulk` are typed by `method=`: checked by `mypy --strict
tests/typing` and `pyright`.

Nothing here is sent: the functions are only type-checked (pytest collects no tests from them).
"""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

import openwire
from openwire.types.chat import ChatCompletion
from openwire.types.embeddings import CreateEmbeddingResponse, EmbeddingCreateParams
from openwire.types.moderation import ModerationCreateResponse
from openwire.types.responses import Response


def sync_runs(client: openwire.Client, texts: list[str]) -> None:
    requests: list[EmbeddingCreateParams] = [{"model": "m", "input": text} for text in texts]
    results = openwire.bulk(client, requests, method="embeddings.create", concurrency=4, journal="run.jsonl")
    assert_type(results, openwire.BulkResults[CreateEmbeddingResponse])
    assert_type(results[0], openwire.BulkResult[CreateEmbeddingResponse])
    assert_type(results[0].value, CreateEmbeddingResponse | None)
    assert_type(results[0].unwrap(), CreateEmbeddingResponse)
    assert_type(results.values(), list[CreateEmbeddingResponse])
    chats = [{"model": "m", "messages": [{"role": "user", "content": t}]} for t in texts]
    assert_type(
        openwire.bulk(client, chats, method="chat.completions.create"), openwire.BulkResults[ChatCompletion]
    )
    mixed = [openwire.BulkRequest("moderations.create", {"input": t}, key=t) for t in texts]
    assert_type(openwire.bulk(client, mixed), openwire.BulkResults[Any])
    openwire.bulk(client, mixed, concurency=4)  # type: ignore[call-overload]


async def async_runs(client: openwire.AsyncClient, texts: list[str]) -> None:
    moderations = [{"input": text} for text in texts]
    results = await openwire.abulk(
        client,
        moderations,
        method="moderations.create",
        rate_limit=openwire.RateLimiter(requests_per_minute=500),
        progress=lambda progress: print(progress.done, progress.total),
    )
    assert_type(results, openwire.BulkResults[ModerationCreateResponse])
    responses = [{"model": "m", "input": text} for text in texts]
    assert_type(
        await openwire.abulk(client, responses, method="responses.create"), openwire.BulkResults[Response]
    )
