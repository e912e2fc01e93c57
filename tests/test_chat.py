"""`client.chat.completions` end to end over respx: request bodies, responses, streams with the
moderation chunk, stored completions, on both clients."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

import openwire
from conftest import Flavor
from openwire.types.chat import ChatCompletion, ChatCompletionChunk
from openwire.types.moderation import ModerationError, ModerationResults

USER = [{"role": "user", "content": "Hello"}]

COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "gpt-4o-2024-08-06",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hi there!", "refusal": None, "annotations": []},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    "system_fingerprint": "fp_1",
}

RESULT = {
    "type": "moderation_result",
    "model": "omni-moderation-latest",
    "flagged": True,
    "categories": {"violence": True, "hate": False, "brand-new": True},
    "category_scores": {"violence": 0.91, "hate": 0.01, "brand-new": 0.7},
    "category_applied_input_types": {"violence": ["text"], "hate": ["text"], "brand-new": ["image"]},
}
MODERATION = {
    "input": {"type": "moderation_results", "model": "omni-moderation-latest", "results": [RESULT]},
    "output": {"type": "error", "code": "moderation_unavailable", "message": "try later"},
}


def chunk(**fields: Any) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o", **fields}


def delta(content: str | None = None, finish: str | None = None, **extra: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"content": content} if content is not None else {}
    d.update(extra)
    return chunk(choices=[{"index": 0, "delta": d, "finish_reason": finish}])


def sse_body(*events: dict[str, Any] | str) -> bytes:
    return b"".join(f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n".encode() for e in events)


STREAM = sse_body(
    delta("", role="assistant"),
    delta("Hel"),
    delta("lo"),
    delta(finish="stop"),
    chunk(choices=[], moderation=MODERATION),
    chunk(choices=[], usage={"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}),
    "[DONE]",
)


def create(flavor: Flavor, client: Any, **params: Any) -> Any:
    return flavor.run(lambda c: c.chat.completions.create(**params), client)


def collect(flavor: Flavor, client: Any, **params: Any) -> list[ChatCompletionChunk]:
    if not flavor.is_async:
        return list(client.chat.completions.create(stream=True, **params))

    async def go(c: openwire.AsyncClient) -> list[ChatCompletionChunk]:
        stream = await c.chat.completions.create(stream=True, **params)
        return [item async for item in stream]

    result: list[ChatCompletionChunk] = flavor.run(go, client)
    return result


# --- requests ------------------------------------------------------------------------------------


def test_minimal_request_body_is_exact(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").respond(json=COMPLETION)
    create(flavor, flavor.client(), model="gpt-4o", messages=USER)
    request = route.calls.last.request
    assert json.loads(request.content) == {"model": "gpt-4o", "messages": USER}
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"


def test_representative_request_body_is_exact(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").respond(json=COMPLETION)
    messages = [
        {"role": "developer", "content": "Be brief."},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in this image?"},
                {"type": "image_url", "image_url": {"url": "https://example.test/a.png", "detail": "low"}},
                {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
                {"type": "file", "file": {"file_id": "file-1"}},
            ],
        },
        {
            "role": "assistant",
            "content": [{"type": "refusal", "refusal": "no"}],
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "42"},
    ]
    params: dict[str, Any] = {
        "model": "gpt-4o",
        "messages": messages,
        "moderation": {"model": "omni-moderation-latest"},
        "temperature": None,  # None is sent as JSON null, not left out
        "max_completion_tokens": 100,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": True},
        },
        "tools": [
            {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}},
            {"type": "custom", "custom": {"name": "sql", "format": {"type": "text"}}},
        ],
        "tool_choice": {"type": "function", "function": {"name": "f"}},
        "parallel_tool_calls": False,
        "stream_options": {"include_usage": True},
        "logit_bias": {"50256": -100},
        "metadata": {"team": "search"},
        "modalities": ["text", "audio"],
        "audio": {"voice": "alloy", "format": "wav"},
        "prediction": {"type": "content", "content": "draft"},
        "reasoning_effort": "low",
        "verbosity": "low",
        "service_tier": "flex",
        "stop": ["\n\n"],
        "store": True,
        "seed": 7,
        "n": 2,
        "logprobs": True,
        "top_logprobs": 3,
        "safety_identifier": "user-hash",
        "prompt_cache_key": "k",
        "web_search_options": {"search_context_size": "low"},
        "user": "u",
    }
    create(flavor, flavor.client(), **params)
    assert json.loads(route.calls.last.request.content) == params


def test_deprecated_parameters_still_serialize(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").respond(json=COMPLETION)
    functions = [{"name": "lookup", "parameters": {"type": "object", "properties": {}}}]
    messages = [*USER, {"role": "function", "name": "lookup", "content": "{}"}]
    create(
        flavor,
        flavor.client(),
        model="gpt-4o",
        messages=messages,
        functions=functions,
        function_call={"name": "lookup"},
        max_tokens=10,
    )
    body = json.loads(route.calls.last.request.content)
    assert body["functions"] == functions
    assert body["function_call"] == {"name": "lookup"}
    assert body["max_tokens"] == 10
    assert body["messages"][1] == {"role": "function", "name": "lookup", "content": "{}"}


def test_a_message_from_a_response_can_be_sent_back(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").respond(json=COMPLETION)
    client = flavor.client()
    first = create(flavor, client, model="gpt-4o", messages=USER)
    create(flavor, client, model="gpt-4o", messages=[*USER, first.choices[0].message])
    sent = json.loads(route.calls.last.request.content)["messages"][1]
    assert sent == {"role": "assistant", "content": "Hi there!", "refusal": None, "annotations": []}


def test_misspelt_parameter_is_refused_before_sending(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").respond(json=COMPLETION)
    with pytest.raises(TypeError, match=r"'temprature' \(did you mean 'temperature'\?\).*extra_body"):
        create(flavor, flavor.client(), model="gpt-4o", messages=USER, temprature=0.2)
    with pytest.raises(TypeError, match=r"missing required keyword argument\(s\): 'messages'"):
        create(flavor, flavor.client(), model="gpt-4o")
    assert route.call_count == 0


# --- responses -----------------------------------------------------------------------------------


def test_completion_parses_with_usage_and_request_id(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/chat/completions").respond(json=COMPLETION, headers={"x-request-id": "req_42"})
    completion = create(flavor, flavor.client(), model="gpt-4o", messages=USER)
    assert isinstance(completion, ChatCompletion)
    assert completion.choices[0].message.content == "Hi there!"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.total_tokens == 8
    assert completion.request_id == "req_42"
    assert completion.moderation is None


def test_moderation_both_branches_on_a_completion(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/chat/completions").respond(json={**COMPLETION, "moderation": MODERATION})
    completion = create(
        flavor, flavor.client(), model="gpt-4o", messages=USER, moderation={"model": "omni-moderation-latest"}
    )
    moderation = completion.moderation
    assert isinstance(moderation.input, ModerationResults)
    result = moderation.input.results[0]
    assert result.flagged is True
    assert result.categories.violence is True
    assert result.category_scores["violence"] == 0.91
    assert result.categories["brand-new"] is True  # a category openwire does not know is kept
    assert result.category_applied_input_types is not None
    assert result.category_applied_input_types["brand-new"] == ["image"]
    assert isinstance(moderation.output, ModerationError)
    assert moderation.output.code == "moderation_unavailable"


def test_provider_fields_stay_reachable(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = json.loads(json.dumps(COMPLETION))
    body["prompt_filter_results"] = [{"prompt_index": 0, "content_filter_result": {}}]
    body["choices"][0]["content_filter_results"] = {"hate": {"filtered": False, "severity": "safe"}}
    mock_api.post("/chat/completions").respond(json=body)
    completion = create(flavor, flavor.client(), model="gpt-4o", messages=USER)
    assert completion.prompt_filter_results is not None
    assert completion.prompt_filter_results[0].prompt_index == 0
    filters = completion.choices[0].content_filter_results
    assert filters is not None
    assert filters.hate is not None
    assert filters.hate.severity == "safe"
    assert "content_filter_results" in completion.to_dict()["choices"][0]


# --- streams -------------------------------------------------------------------------------------


def test_stream_delivers_typed_chunks_including_empty_choices(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    route = mock_api.post("/chat/completions").respond(
        content=STREAM, headers={"content-type": "text/event-stream", "x-request-id": "req_s"}
    )
    chunks = collect(flavor, flavor.client(), model="gpt-4o", messages=USER, moderation={"model": "m"})
    request = route.calls.last.request
    assert json.loads(request.content)["stream"] is True
    assert request.headers["accept"] == "text/event-stream"
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Hello"
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[3].choices[0].finish_reason == "stop"
    moderation_chunk, usage_chunk = chunks[4], chunks[5]
    assert moderation_chunk.choices == []
    assert isinstance(moderation_chunk.moderation.input, ModerationResults)
    assert isinstance(moderation_chunk.moderation.output, ModerationError)
    assert usage_chunk.choices == []
    assert usage_chunk.usage.completion_tokens == 2
    assert {c.request_id for c in chunks} == {"req_s"}


def test_stream_tool_call_deltas(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "f", "arguments": ""}}
    body = sse_body(
        delta(tool_calls=[call]),
        delta(tool_calls=[{"index": 0, "function": {"arguments": '{"a":'}}]),
        delta(tool_calls=[{"index": 0, "function": {"arguments": "1}"}}]),
        delta(finish="tool_calls"),
        "[DONE]",
    )
    mock_api.post("/chat/completions").respond(content=body, headers={"content-type": "text/event-stream"})
    chunks = collect(flavor, flavor.client(), model="gpt-4o", messages=USER)
    arguments = "".join(
        c.choices[0].delta.tool_calls[0].function.arguments for c in chunks if c.choices[0].delta.tool_calls
    )
    assert json.loads(arguments) == {"a": 1}
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_stream_error_mid_stream_carries_request_id(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = sse_body(delta("Hi"), {"error": {"message": "The server had an error", "code": "server_error"}})
    mock_api.post("/chat/completions").respond(
        content=body, headers={"content-type": "text/event-stream", "x-request-id": "req_err"}
    )
    with pytest.raises(openwire.APIStreamError) as caught:
        collect(flavor, flavor.client(), model="gpt-4o", messages=USER)
    assert caught.value.code == "server_error"
    assert caught.value.request_id == "req_err"


def test_stream_error_status_is_raised_before_streaming(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/chat/completions").respond(
        400, json={"error": {"message": "bad model", "param": "model"}}
    )
    with pytest.raises(openwire.BadRequestError, match="bad model") as caught:
        collect(flavor, flavor.client(), model="nope", messages=USER)
    assert caught.value.param == "model"


def test_streamed_body_is_never_retried(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(200, headers={"content-type": "text/event-stream"}, content=sse_body(delta("a"))),
        ]
    )
    chunks = collect(flavor, flavor.client(), model="gpt-4o", messages=USER)
    assert [c.choices[0].delta.content for c in chunks] == ["a"]
    assert route.call_count == 1


def test_stream_with_raw_response(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.post("/chat/completions").respond(
        content=STREAM, headers={"content-type": "text/event-stream", "x-request-id": "req_raw"}
    )
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=USER, stream=True)
    assert raw.request_id == "req_raw"
    stream = raw.parse()
    assert isinstance(stream, openwire.Stream)
    assert len(list(stream)) == 6


# --- stored completions --------------------------------------------------------------------------


def test_retrieve_update_delete(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    client = flavor.client()
    mock_api.get("/chat/completions/chatcmpl-1").respond(json=COMPLETION)
    update = mock_api.post("/chat/completions/chatcmpl-1").respond(
        json={**COMPLETION, "metadata": {"k": "v"}}
    )
    mock_api.delete("/chat/completions/chatcmpl-1").respond(
        json={"id": "chatcmpl-1", "object": "chat.completion.deleted", "deleted": True}
    )
    assert flavor.run(lambda c: c.chat.completions.retrieve("chatcmpl-1"), client).id == "chatcmpl-1"
    updated = flavor.run(lambda c: c.chat.completions.update("chatcmpl-1", metadata={"k": "v"}), client)
    assert json.loads(update.calls.last.request.content) == {"metadata": {"k": "v"}}
    assert updated.metadata == {"k": "v"}
    assert flavor.run(lambda c: c.chat.completions.delete("chatcmpl-1"), client).deleted is True


def _page(ids: list[str], has_more: bool) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{**COMPLETION, "id": i} for i in ids],
        "first_id": ids[0],
        "last_id": ids[-1],
        "has_more": has_more,
    }


def test_list_iterates_across_pages_with_query_params(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/chat/completions").mock(
        side_effect=[
            httpx.Response(200, json=_page(["a", "b"], True)),
            httpx.Response(200, json=_page(["c"], False)),
        ]
    )

    async def all_ids_async(c: openwire.AsyncClient) -> list[str]:
        return [x.id async for x in c.chat.completions.list(limit=2, order="asc", metadata={"team": "x"})]

    def all_ids(c: openwire.Client) -> list[str]:
        return [x.id for x in c.chat.completions.list(limit=2, order="asc", metadata={"team": "x"})]

    ids = flavor.run(all_ids_async if flavor.is_async else all_ids, flavor.client())
    assert ids == ["a", "b", "c"]
    first, second = (call.request.url.params for call in route.calls)
    assert dict(first) == {"limit": "2", "order": "asc", "metadata[team]": "x"}
    assert second["after"] == "b"


def test_messages_list(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    messages = {
        "object": "list",
        "data": [{"id": "msg_1", "role": "user", "content": "Hello", "content_parts": None}],
        "first_id": "msg_1",
        "last_id": "msg_1",
        "has_more": False,
    }
    route = mock_api.get("/chat/completions/chatcmpl-1/messages").respond(json=messages)

    async def first_page(c: openwire.AsyncClient) -> list[str]:
        page = await c.chat.completions.messages.list("chatcmpl-1", limit=5)
        return [m.content for m in page.data]

    def first_page_sync(c: openwire.Client) -> list[str]:
        return [m.content for m in c.chat.completions.messages.list("chatcmpl-1", limit=5).data]

    assert flavor.run(first_page if flavor.is_async else first_page_sync, flavor.client()) == ["Hello"]
    assert route.calls.last.request.url.params["limit"] == "5"
