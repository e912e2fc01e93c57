"""Usage accounting: totals per model across a mix of calls (plain, streamed, raw, failed, retried),
cached and reasoning tokens, prices, both clients, threads and tasks."""

from __future__ import annotations

import threading
from typing import Any

import anyio
import httpx
import pytest

import openwire
from conftest import API_KEY, BASE_URL, Flavor
from openwire import ModelUsage, TokenPrice, UsageTracker, track_usage
from openwire.testing import LocalServer

CHAT: dict[str, Any] = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name a river."}]}

# Answers with cached and reasoning tokens, which the built-in server does not report.
CHAT_BODY: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "o3-mini-2025-01-31",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
    "usage": {
        "prompt_tokens": 1200,
        "completion_tokens": 300,
        "total_tokens": 1500,
        "prompt_tokens_details": {"cached_tokens": 1000},
        "completion_tokens_details": {"reasoning_tokens": 256},
    },
}
RESPONSE_BODY: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "status": "completed",
    "model": "o3-mini",
    "output": [],
    "usage": {
        "input_tokens": 500,
        "output_tokens": 100,
        "total_tokens": 600,
        "input_tokens_details": {"cached_tokens": 400},
        "output_tokens_details": {"reasoning_tokens": 64},
    },
}


def mocked(handler: Any, **options: Any) -> openwire.Client:
    """A client whose network is `handler` (an httpx mock transport)."""
    transport = httpx.MockTransport(handler)
    return openwire.Client(
        api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport), **options
    )


def answers(request: httpx.Request) -> httpx.Response:
    body = RESPONSE_BODY if request.url.path.endswith("/responses") else CHAT_BODY
    return httpx.Response(200, json=body)


async def _drain(stream: Any) -> list[Any]:
    return [chunk async for chunk in stream]


def collect(flavor: Flavor, stream: Any) -> list[Any]:
    return flavor.run(_drain, stream) if flavor.is_async else list(stream)


def test_a_mix_of_calls_is_totalled_per_model(flavor: Flavor) -> None:
    server = LocalServer()
    usage = UsageTracker()
    client = flavor.local(server, middleware=[usage])
    chat = flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    embedded = flavor.run(
        lambda c: c.embeddings.create(model="text-embedding-3-small", input=["a", "b"]), client
    )
    answered = flavor.run(lambda c: c.responses.create(model="gpt-4o-mini", input="Name a sea."), client)
    chunks = collect(
        flavor,
        flavor.run(
            lambda c: c.chat.completions.create(**CHAT, stream=True, stream_options={"include_usage": True}),
            client,
        ),
    )
    events = collect(
        flavor, flavor.run(lambda c: c.responses.create(model="gpt-4o-mini", input="hi", stream=True), client)
    )
    flavor.run(lambda c: c.models.list(), client)  # no usage: not counted
    flavor.run(lambda c: c.models.retrieve("gpt-4o-mini"), client)
    flavor.run(lambda c: c.responses.retrieve(answered.id), client)  # its usage was counted already

    streamed = chunks[-1].usage
    final = events[-1].response.usage
    assert streamed is not None
    assert final is not None
    assert chat.usage is not None
    assert answered.usage is not None
    mini = usage.by_model()["gpt-4o-mini"]
    assert mini.calls == 4
    assert mini.input_tokens == (
        chat.usage.prompt_tokens + answered.usage.input_tokens + streamed.prompt_tokens + final.input_tokens
    )
    assert mini.output_tokens == (
        chat.usage.completion_tokens
        + answered.usage.output_tokens
        + streamed.completion_tokens
        + final.output_tokens
    )
    assert mini.unreported_calls == 0
    embeddings = usage.by_model()["text-embedding-3-small"]
    assert (embeddings.calls, embeddings.input_tokens, embeddings.output_tokens) == (
        1,
        embedded.usage.prompt_tokens,
        0,
    )
    assert set(usage.by_model()) == {"gpt-4o-mini", "text-embedding-3-small"}
    total = usage.total
    assert total.calls == 5
    assert total.input_tokens == mini.input_tokens + embeddings.input_tokens
    assert total.total_tokens == total.input_tokens + total.output_tokens
    assert usage.cost is None  # no price table


def test_cached_and_reasoning_tokens_and_their_cost() -> None:
    prices = {"o3-mini": TokenPrice(input=1.10, cached_input=0.55, output=4.40)}
    with mocked(answers) as client, track_usage(prices=prices) as usage:
        client.chat.completions.create(model="o3-mini", messages=[{"role": "user", "content": "x"}])
        client.responses.create(model="o3-mini", input="x")
    rows = usage.by_model()
    # The chat answer names a dated snapshot: it is counted under that name, at its model's price.
    snapshot, plain = rows["o3-mini-2025-01-31"], rows["o3-mini"]
    assert (snapshot.input_tokens, snapshot.cached_tokens) == (1200, 1000)
    assert (snapshot.output_tokens, snapshot.reasoning_tokens) == (300, 256)
    assert (plain.input_tokens, plain.cached_tokens, plain.output_tokens, plain.reasoning_tokens) == (
        500,
        400,
        100,
        64,
    )
    assert snapshot.cost == pytest.approx((200 * 1.10 + 1000 * 0.55 + 300 * 4.40) / 1e6)
    assert plain.cost == pytest.approx((100 * 1.10 + 400 * 0.55 + 100 * 4.40) / 1e6)
    assert usage.cost == pytest.approx(snapshot.cost + plain.cost)
    assert usage.unpriced == ()
    assert usage.total.cached_tokens == 1400
    assert usage.total.reasoning_tokens == 320


def test_cached_input_without_its_own_price_costs_the_input_price() -> None:
    price = TokenPrice(input=2.0, output=8.0)
    assert price.cost(1_000_000, 0, cached_tokens=600_000) == pytest.approx(2.0)
    assert TokenPrice(input=2.0, output=8.0, cached_input=0.5).cost(
        1_000_000, 500_000, cached_tokens=600_000
    ) == pytest.approx(0.4 * 2.0 + 0.6 * 0.5 + 0.5 * 8.0)


def test_a_model_without_a_price_is_reported_not_free() -> None:
    server = LocalServer()
    prices = {"gpt-4o": {"input": 2.5, "output": 10.0}}  # not gpt-4o-mini: a prefix is not a snapshot
    with server.client() as client, track_usage(prices=prices) as usage:
        client.chat.completions.create(**CHAT)
        client.chat.completions.create(**{**CHAT, "model": "gpt-4o"})
    rows = usage.by_model()
    assert rows["gpt-4o-mini"].cost is None
    assert rows["gpt-4o"].cost is not None
    assert rows["gpt-4o"].cost > 0
    assert usage.unpriced == ("gpt-4o-mini",)
    assert usage.cost == pytest.approx(rows["gpt-4o"].cost)
    summary = usage.summary()
    assert "no price for gpt-4o-mini" in summary
    assert (
        "no price"
        in summary.splitlines()[[line.split()[0] for line in summary.splitlines()].index("gpt-4o-mini")]
    )


def test_the_model_asked_for_when_the_answer_names_none() -> None:
    def nameless(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={k: v for k, v in CHAT_BODY.items() if k != "model"})

    usage = UsageTracker()
    with mocked(nameless, middleware=[usage]) as client:  # read raw: the model requires the field
        client.chat.completions.with_raw_response.create(
            model="my-deployment", messages=[{"role": "user", "content": "x"}]
        )
    assert list(usage.by_model()) == ["my-deployment"]
    assert usage.total.input_tokens == 1200


def test_a_stream_without_a_usage_chunk_is_a_call_that_reported_none(flavor: Flavor) -> None:
    usage = UsageTracker()
    client = flavor.local(LocalServer(), middleware=[usage])
    collect(flavor, flavor.run(lambda c: c.chat.completions.create(**CHAT, stream=True), client))
    row = usage.by_model()["gpt-4o-mini"]
    assert (row.calls, row.unreported_calls, row.input_tokens) == (1, 1, 0)
    assert "1 call(s) reported no usage" in usage.summary()
    assert "include_usage" in usage.summary()


def test_a_stream_left_before_its_usage_chunk(flavor: Flavor) -> None:
    usage = UsageTracker()
    client = flavor.local(LocalServer(), middleware=[usage])

    async def first_async(c: Any) -> None:
        stream = await c.chat.completions.create(**CHAT, stream=True, stream_options={"include_usage": True})
        async with stream:
            async for _ in stream:
                break

    def first_sync(c: Any) -> None:
        with c.chat.completions.create(**CHAT, stream=True, stream_options={"include_usage": True}) as stream:
            for _ in stream:
                break

    flavor.run(first_async if flavor.is_async else first_sync, client)
    row = usage.by_model()["gpt-4o-mini"]
    assert (row.calls, row.unreported_calls) == (1, 1)


def test_failed_calls_are_not_counted_and_a_retried_one_once(flavor: Flavor) -> None:
    server = LocalServer()
    usage = UsageTracker()
    client = flavor.local(server, middleware=[usage])
    server.fail(400)
    with pytest.raises(openwire.BadRequestError):
        flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    assert usage.total.calls == 0
    server.fail(500)  # retried, then answered
    answer = flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    assert len(server.requests) == 3
    assert usage.total.calls == 1
    assert usage.total.input_tokens == answer.usage.prompt_tokens


def test_raw_views_are_counted_from_the_body(flavor: Flavor) -> None:
    usage = UsageTracker()
    client = flavor.local(LocalServer(), middleware=[usage])
    raw = flavor.run(lambda c: c.chat.completions.with_raw_response.create(**CHAT), client)
    assert usage.total.calls == 1
    parsed = flavor.run(lambda r: r.parse(), raw)
    assert usage.total.input_tokens == parsed.usage.prompt_tokens > 0


def test_track_usage_sees_every_client_in_the_block_only() -> None:
    server = LocalServer()
    with server.client() as first, server.client() as second:
        with track_usage() as usage:
            first.chat.completions.create(**CHAT)
            second.embeddings.create(model="text-embedding-3-small", input="x")
            with track_usage() as inner:
                first.chat.completions.create(**CHAT)
        first.chat.completions.create(**CHAT)  # after the block
    assert usage.total.calls == 3
    assert inner.total.calls == 1
    assert set(usage.by_model()) == {"gpt-4o-mini", "text-embedding-3-small"}


def test_a_stream_begun_in_the_block_is_counted_when_it_ends_after_it() -> None:
    with LocalServer().client() as client:
        with track_usage() as usage:
            stream = client.chat.completions.create(
                **CHAT, stream=True, stream_options={"include_usage": True}
            )
        assert usage.total.calls == 0
        chunks = list(stream)
    assert usage.total.input_tokens == chunks[-1].usage.prompt_tokens


@pytest.mark.anyio
async def test_track_usage_counts_the_tasks_of_the_block() -> None:
    server = LocalServer()
    async with server.async_client() as client:
        with track_usage() as usage:
            async with anyio.create_task_group() as group:
                for _ in range(20):
                    group.start_soon(lambda: client.chat.completions.create(**CHAT))
        one = await client.chat.completions.create(**CHAT)
    assert usage.total.calls == 20
    assert usage.total.input_tokens == 20 * one.usage.prompt_tokens


def test_one_tracker_shared_by_threads_loses_nothing() -> None:
    usage = UsageTracker()
    server = LocalServer()
    per_call = CHAT_BODY["usage"]

    def work(client: openwire.Client) -> None:
        for _ in range(25):
            client.chat.completions.create(model="o3-mini", messages=[{"role": "user", "content": "x"}])

    with mocked(answers, middleware=[usage]) as client:
        threads = [threading.Thread(target=work, args=(client,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert server.requests == []
    total = usage.total
    assert total.calls == 200
    assert total.input_tokens == 200 * per_call["prompt_tokens"]
    assert total.cached_tokens == 200 * per_call["prompt_tokens_details"]["cached_tokens"]
    usage.reset()
    assert usage.total == ModelUsage(model="total")


def test_summary_and_repr() -> None:
    with mocked(answers) as client, track_usage(prices={"o3-mini": {"input": 1.1, "output": 4.4}}) as usage:
        client.responses.create(model="o3-mini", input="x")
    lines = usage.summary().splitlines()
    assert lines[0].split() == ["model", "calls", "input", "cached", "output", "reasoning", "cost"]
    assert lines[1].split() == ["o3-mini", "1", "500", "400", "100", "64", "0.000990"]
    assert lines[2].split()[:2] == ["total", "1"]
    assert repr(usage) == "<UsageTracker calls=1 input_tokens=500 output_tokens=100 cost=0.000990>"
    assert "cost" not in UsageTracker().summary()


@pytest.mark.parametrize(
    ("prices", "error", "message"),
    [
        ([("gpt-4o", 1.0)], TypeError, "prices must map model names to TokenPrice"),
        ({"gpt-4o": 2.5}, TypeError, "must be a TokenPrice or a mapping"),
        ({"gpt-4o": {"input": 1.0}}, ValueError, "missing ['output']"),
        ({"gpt-4o": {"input": 1.0, "output": 2.0, "cache": 0.5}}, ValueError, "unknown key(s) ['cache']"),
        ({"gpt-4o": {"input": -1.0, "output": 2.0}}, ValueError, "input must be 0 or more"),
        ({"gpt-4o": {"input": "1", "output": 2.0}}, TypeError, "input must be a number"),
    ],
)
def test_a_wrong_price_table_says_what_is_wrong(prices: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        UsageTracker(prices)
    assert message in str(raised.value)
