"""Chat streams put back together: `ChatCompletionAccumulator`, `openwire.accumulate`, and the stream
helper `client.chat.completions.stream(...)`, from recorded streams and from the built-in server."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx
from pydantic import BaseModel

import openwire
from conftest import Flavor
from openwire._chat_stream import ChatCompletionAccumulator
from openwire.testing import LocalServer, Reply, ToolCall
from openwire.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    ModerationEvent,
    RefusalDeltaEvent,
    RefusalDoneEvent,
    UsageEvent,
)

MODEL = "gpt-5.4-mini"
MESSAGES = [{"role": "user", "content": "Hello there"}]


def chunk(*choices: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 7,
        "model": MODEL,
        "choices": list(choices),
        **fields,
    }


def delta(index: int = 0, finish: str | None = None, logprobs: Any = None, **fields: Any) -> dict[str, Any]:
    return {"index": index, "delta": fields, "finish_reason": finish, "logprobs": logprobs}


def accumulated(*chunks: dict[str, Any]) -> tuple[ChatCompletion, list[Any]]:
    accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator()
    events: list[Any] = []
    for body in chunks:
        events += accumulator.add(ChatCompletionChunk.model_validate(body))
    events += accumulator.finish()
    return accumulator.completion(), events


def sse(*chunks: dict[str, Any], done: bool = True) -> bytes:
    body = b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks)
    return body + (b"data: [DONE]\n\n" if done else b"")


def kinds(events: list[Any]) -> list[str]:
    return [event.type for event in events if event.type != "chunk"]


# --- the accumulator, from recorded streams ----------------------------------------------------


def test_two_choices_are_kept_apart_by_index() -> None:
    completion, events = accumulated(
        chunk(delta(0, role="assistant", content=""), delta(1, role="assistant", content="")),
        chunk(delta(1, content="Bon")),
        chunk(delta(0, content="Hel")),
        chunk(delta(0, content="lo"), delta(1, content="jour")),
        chunk(delta(1, finish="stop"), delta(0, finish="stop")),
    )
    assert [c.message.content for c in completion.choices] == ["Hello", "Bonjour"]
    assert [c.index for c in completion.choices] == [0, 1]
    assert [c.finish_reason for c in completion.choices] == ["stop", "stop"]
    deltas = [e for e in events if isinstance(e, ContentDeltaEvent)]
    assert [(e.index, e.delta, e.snapshot) for e in deltas] == [
        (1, "Bon", "Bon"),
        (0, "Hel", "Hel"),
        (0, "lo", "Hello"),
        (1, "jour", "Bonjour"),
    ]
    done = [e for e in events if isinstance(e, ContentDoneEvent)]
    assert [(e.index, e.content) for e in done] == [(1, "Bonjour"), (0, "Hello")]


def test_parallel_tool_calls_are_merged_by_index() -> None:
    completion, events = accumulated(
        chunk(delta(role="assistant", content=None)),
        chunk(
            delta(
                tool_calls=[
                    {
                        "index": 0,
                        "id": "call_a",
                        "type": "function",
                        "function": {"name": "weather", "arguments": ""},
                    }
                ]
            )
        ),
        chunk(delta(tool_calls=[{"index": 0, "function": {"arguments": '{"city": '}}])),
        chunk(
            delta(
                tool_calls=[
                    {
                        "index": 1,
                        "id": "call_b",
                        "type": "function",
                        "function": {"name": "time", "arguments": '{"tz"'},
                    }
                ]
            )
        ),
        chunk(delta(tool_calls=[{"index": 0, "function": {"arguments": '"Paris"}'}}])),
        chunk(delta(tool_calls=[{"index": 1, "function": {"arguments": ': "CET"}'}}])),
        chunk(delta(finish="tool_calls")),
    )
    calls = completion.choices[0].message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [  # type: ignore[union-attr]
        ("call_a", "weather", '{"city": "Paris"}'),
        ("call_b", "time", '{"tz": "CET"}'),
    ]
    assert completion.choices[0].message.content is None
    argument_deltas = [e for e in events if isinstance(e, FunctionToolCallArgumentsDeltaEvent)]
    assert [(e.tool_index, e.name, e.arguments) for e in argument_deltas][-1] == (1, "time", '{"tz": "CET"}')
    assert argument_deltas[2].parsed_arguments == {"city": "Paris"}
    done = [e for e in events if isinstance(e, FunctionToolCallArgumentsDoneEvent)]
    assert [(e.tool_index, e.name, e.arguments) for e in done] == [
        (0, "weather", '{"city": "Paris"}'),
        (1, "time", '{"tz": "CET"}'),
    ]


def test_tool_calls_without_index_or_with_a_repeated_one_are_matched_by_id_then_by_order() -> None:
    completion, _ = accumulated(
        # index 0 for both calls, told apart by id (as some servers send them)
        chunk(
            delta(tool_calls=[{"index": 0, "id": "call_a", "function": {"name": "a", "arguments": '{"x":'}}])
        ),
        chunk(delta(tool_calls=[{"index": 0, "id": "call_a", "function": {"arguments": " 1}"}}])),
        chunk(delta(tool_calls=[{"index": 0, "id": "call_b", "function": {"name": "b", "arguments": "{}"}}])),
        # no index at all: a new id starts a call, pieces without an id continue the latest one
        chunk(delta(tool_calls=[{"id": "call_c", "function": {"name": "c", "arguments": '{"y"'}}])),
        chunk(delta(tool_calls=[{"function": {"arguments": ": 2}"}}])),
        chunk(delta(finish="tool_calls")),
    )
    calls = completion.choices[0].message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [  # type: ignore[union-attr]
        ("call_a", "a", '{"x": 1}'),
        ("call_b", "b", "{}"),
        ("call_c", "c", '{"y": 2}'),
    ]
    assert [c.type for c in calls] == ["function"] * 3  # left out by the server, filled in


def test_usage_and_moderation_chunks_without_choices() -> None:
    usage = {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}
    moderation = {"input": {"type": "error", "error": {"code": "x", "message": "down"}}}
    completion, events = accumulated(
        chunk(delta(role="assistant", content="Hi")),
        chunk(delta(finish="stop")),
        chunk(moderation=moderation),
        chunk(usage=usage),
    )
    assert completion.usage is not None
    assert completion.usage.total_tokens == 7
    assert completion.moderation is not None
    assert completion.moderation.input is not None
    assert kinds(events) == ["content.delta", "content.done", "moderation", "usage"]
    assert isinstance(events[-1], UsageEvent)
    assert isinstance(events[-3], ModerationEvent)


def test_logprobs_and_refusal() -> None:
    token = {"token": "No", "logprob": -0.1, "bytes": [78, 111], "top_logprobs": []}
    completion, events = accumulated(
        chunk(delta(role="assistant", refusal="I can't", logprobs={"content": None, "refusal": [token]})),
        chunk(delta(refusal=" help.", logprobs={"content": None, "refusal": [token]})),
        chunk(delta(content="ok", logprobs={"content": [token], "refusal": None})),
        chunk(delta(finish="stop")),
    )
    message = completion.choices[0].message
    assert message.refusal == "I can't help."
    logprobs = completion.choices[0].logprobs
    assert logprobs is not None
    assert len(logprobs.refusal or []) == 2
    assert len(logprobs.content or []) == 1
    refusals = [e for e in events if isinstance(e, RefusalDeltaEvent)]
    assert [e.snapshot for e in refusals] == ["I can't", "I can't help."]
    assert [e.refusal for e in events if isinstance(e, RefusalDoneEvent)] == ["I can't help."]
    content_logprobs = [e for e in events if isinstance(e, LogprobsContentDeltaEvent)]
    assert len(content_logprobs) == 1
    assert [len(e.logprobs) for e in events if isinstance(e, LogprobsContentDoneEvent)] == [1]


def test_a_stream_cut_short_still_gives_what_arrived_and_its_done_events() -> None:
    completion, events = accumulated(chunk(delta(role="assistant", content="Half a sen")))
    assert completion.choices[0].message.content == "Half a sen"
    assert completion.choices[0].finish_reason is None
    assert kinds(events) == ["content.delta", "content.done"]


def test_unknown_delta_fields_are_kept_on_the_message() -> None:
    completion, _ = accumulated(
        chunk(delta(role="assistant", reasoning_content="Let me ", provider_meta={"step": 1})),
        chunk(delta(reasoning_content="think.", content="42", provider_meta={"step": 2})),
        chunk(delta(finish="stop"), service_tier="default", system_fingerprint="fp_1"),
    )
    message = completion.choices[0].message
    assert message.model_extra == {"reasoning_content": "Let me think.", "provider_meta": {"step": 2}}
    assert message.content == "42"
    assert completion.service_tier == "default"
    assert completion.system_fingerprint == "fp_1"


def test_no_chunk_at_all_is_an_error_of_ours() -> None:
    accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator()
    with pytest.raises(openwire.OpenwireError, match="before its first chunk"):
        accumulator.completion()


def test_snapshots_are_the_text_as_it_stood() -> None:
    _, events = accumulated(*(chunk(delta(content=piece)) for piece in ("a", "b", "c")))
    snapshots = [e.snapshot for e in events if isinstance(e, ContentDeltaEvent)]
    assert snapshots == ["a", "ab", "abc"]


def test_partial_json_as_it_arrives() -> None:
    pieces = ['{"city": "Pa', 'ris", "tags": [1, ', "2]", "}"]
    _, events = accumulated(*(chunk(delta(content=piece)) for piece in pieces))
    parsed = [e.parsed for e in events if isinstance(e, ContentDeltaEvent)]
    assert parsed[-1] == {"city": "Paris", "tags": [1, 2]}
    assert parsed[1] == {"city": "Paris", "tags": [1]}
    assert parsed[0] in ({"city": "Pa"}, {})  # an unfinished string needs pydantic 2.10


# --- openwire.accumulate and the stream helper, through a client ---------------------------------


def test_accumulate_equals_the_non_streamed_completion(flavor: Flavor) -> None:
    server = LocalServer()
    server.reply(Reply(content="Hi!", tool_calls=[ToolCall("weather", {"city": "Paris"})]))
    server.reply(Reply(content="Hi!", tool_calls=[ToolCall("weather", {"city": "Paris"})]))
    client = flavor.local(server)
    params: dict[str, Any] = {
        "model": MODEL,
        "messages": MESSAGES,
        "n": 2,
        "logprobs": True,
        "top_logprobs": 2,
        "moderation": {"model": "omni-moderation-latest"},
    }

    async def both_async() -> tuple[Any, Any]:
        whole = await client.chat.completions.create(**params)
        stream = await client.chat.completions.create(
            **params, stream=True, stream_options={"include_usage": True}
        )
        return whole, await openwire.aaccumulate(stream)

    def both() -> tuple[Any, Any]:
        whole = client.chat.completions.create(**params)
        stream = client.chat.completions.create(**params, stream=True, stream_options={"include_usage": True})
        return whole, openwire.accumulate(stream)

    whole, streamed = flavor.run(both_async if flavor.is_async else both)
    assert len(streamed.choices) == 2

    def comparable(completion: Any) -> dict[str, Any]:
        dumped: dict[str, Any] = completion.model_dump(exclude={"id", "created"})
        for choice in dumped["choices"]:
            for call in choice["message"]["tool_calls"]:
                call.pop("id")  # made per call
        return dumped

    assert comparable(streamed) == comparable(whole)
    assert streamed.choices[0].message.tool_calls[0].id.startswith("call_")


def follow(flavor: Flavor, client: Any, **params: Any) -> tuple[list[Any], str, Any]:
    """Through `chat.completions.stream(...)`: the events, then the final completion."""
    if not flavor.is_async:
        with client.chat.completions.stream(**params) as stream:
            events = list(stream)
            return events, "", stream.get_final_completion()

    async def go() -> tuple[list[Any], str, Any]:
        async with client.chat.completions.stream(**params) as stream:
            events = [event async for event in stream]
            return events, "", await stream.get_final_completion()

    return flavor.run(go)  # type: ignore[no-any-return]


def texts(flavor: Flavor, client: Any, **params: Any) -> tuple[str, Any]:
    if not flavor.is_async:
        with client.chat.completions.stream(**params) as stream:
            return "".join(stream.text_stream), stream.until_done().get_final_completion()

    async def go() -> tuple[str, Any]:
        async with client.chat.completions.stream(**params) as stream:
            text = "".join([piece async for piece in stream.text_stream])
            return text, await (await stream.until_done()).get_final_completion()

    return flavor.run(go)  # type: ignore[no-any-return]


def test_the_stream_helper_gives_typed_events_and_the_final_completion(flavor: Flavor) -> None:
    server = LocalServer()
    client = flavor.local(server)
    events, _, final = follow(
        flavor, client, model=MODEL, messages=MESSAGES, stream_options={"include_usage": True}
    )
    assert isinstance(events[0], ChunkEvent)
    assert "content.delta" in kinds(events)
    assert kinds(events)[-2:] == ["content.done", "usage"]
    assert final.choices[0].message.content == "You said: Hello there"
    assert final.choices[0].message.parsed is None
    assert final.usage is not None
    done = next(e for e in events if isinstance(e, ContentDoneEvent))
    assert done.content == final.choices[0].message.content


def test_text_stream_gives_the_text(flavor: Flavor) -> None:
    server = LocalServer()
    client = flavor.local(server)
    text, final = texts(flavor, client, model=MODEL, messages=MESSAGES)
    assert text == "You said: Hello there" == final.choices[0].message.content


class City(BaseModel):
    name: str
    population: int


def test_the_stream_helper_parses_a_structured_output(flavor: Flavor) -> None:
    server = LocalServer()
    server.reply('{"name": "Paris", "population": 2100000}')
    client = flavor.local(server)
    events, _, final = follow(flavor, client, model=MODEL, messages=MESSAGES, response_format=City)
    assert final.choices[0].message.parsed == City(name="Paris", population=2100000)
    done = [e for e in events if isinstance(e, ContentDoneEvent)]
    assert done[0].parsed == City(name="Paris", population=2100000)
    partial = [e.parsed for e in events if isinstance(e, ContentDeltaEvent)]
    assert partial[-1] == {"name": "Paris", "population": 2100000}
    sent = server.last_request.json
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["strict"] is True
    assert sent["stream"] is True


def test_a_stream_without_done_and_with_empty_choices(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/chat/completions").respond(
        content=sse(
            chunk(delta(role="assistant", content="Hi")),
            chunk(),  # empty choices
            chunk(delta(content=" there")),
            done=False,
        ),
        headers={"content-type": "text/event-stream"},
    )
    _, _, final = follow(flavor, flavor.client(), model=MODEL, messages=MESSAGES)
    assert final.choices[0].message.content == "Hi there"


def test_chunks_before_an_error_are_delivered_then_it_raises(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    body = sse(chunk(delta(role="assistant", content="Hi")), done=False) + (
        b'data: {"error": {"message": "overloaded", "type": "server_error"}}\n\n'
    )
    mock_api.post("/chat/completions").respond(content=body, headers={"content-type": "text/event-stream"})
    client = flavor.client()
    received: list[Any] = []

    def consume(c: Any) -> Any:
        if flavor.is_async:

            async def go() -> None:
                async with c.chat.completions.stream(model=MODEL, messages=MESSAGES) as stream:
                    async for event in stream:
                        received.append(event)

            return go()
        with c.chat.completions.stream(model=MODEL, messages=MESSAGES) as stream:
            for event in stream:
                received.append(event)
        return None

    with pytest.raises(openwire.APIStreamError, match="overloaded"):
        flavor.run(consume, client)
    assert [e.delta for e in received if isinstance(e, ContentDeltaEvent)] == ["Hi"]
