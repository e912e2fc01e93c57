"""One client shared by many threads (`Client`) or tasks (`AsyncClient`) over real HTTP: every call
gets its own answer, never another's, streamed or not, and the pool ends with nothing checked out.

Each call sends a unique token, which the live server echoes (`You said: <token>`), so a crossed
response would show as the wrong token.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest
from _heavy import record, scale
from _pool import checked_out as leaked

import openwire
from openwire.testing import LiveServer

pytest.importorskip("uvicorn")
pytest_plugins = ["live_fixtures"]

THREADS = 16
CALLS_PER_THREAD = scale(8, 60)
TASKS = scale(200, 1000)


def ask(token: str) -> Any:
    return [{"role": "user", "content": f"Repeat {token}"}]


def expected(token: str) -> str:
    return f"You said: Repeat {token}"


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_one_client_shared_by_threads(live: LiveServer, stream: bool) -> None:
    barrier = threading.Barrier(THREADS)

    def work(worker: int) -> list[tuple[str, str]]:
        barrier.wait()  # all threads start calling together
        answers = []
        for call in range(CALLS_PER_THREAD):
            token = f"t{worker}-{call}-{uuid.uuid4().hex}"
            if stream:
                completion = openwire.accumulate(
                    client.chat.completions.create(model="gpt-4o", messages=ask(token), stream=True)
                )
            else:
                completion = client.chat.completions.create(model="gpt-4o", messages=ask(token))
            answers.append((token, completion.choices[0].message.content or ""))
        return answers

    with live.client(max_retries=0) as client:
        with ThreadPoolExecutor(THREADS) as pool:
            results = [answer for answers in pool.map(work, range(THREADS)) for answer in answers]
        assert leaked(client) == 0
    calls = THREADS * CALLS_PER_THREAD
    assert len(results) == calls
    assert [answer for token, answer in results if answer != expected(token)] == []
    assert len(live.server.requests) == calls
    assert len({r.peer for r in live.server.requests}) <= THREADS  # connections were reused
    record("concurrent calls", calls)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_one_async_client_shared_by_tasks(live: LiveServer, stream: bool) -> None:
    results: dict[str, str] = {}

    async def one(client: openwire.AsyncClient, token: str) -> None:
        if stream:
            chunks = await client.chat.completions.create(model="gpt-4o", messages=ask(token), stream=True)
            completion = await openwire.aaccumulate(chunks)
        else:
            completion = await client.chat.completions.create(model="gpt-4o", messages=ask(token))
        results[token] = completion.choices[0].message.content or ""

    async def main() -> int:
        async with live.async_client(max_retries=0, timeout=60) as client:
            async with anyio.create_task_group() as group:
                for task in range(TASKS):
                    group.start_soon(one, client, f"a{task}-{uuid.uuid4().hex}")
            return leaked(client)

    assert anyio.run(main) == 0
    assert len(results) == TASKS
    assert [answer for token, answer in results.items() if answer != expected(token)] == []
    assert len(live.server.requests) == TASKS
    record("concurrent calls", TASKS)
