"""`client.responses` on both clients: the request each method sends, what it returns, streams, the
`stream(...)` helper (assembly, resume after a cut, errors), stored responses and their input items.

Behaviour runs against the built-in local server (the same one users test with); the exact bytes
sent are checked with respx where the server would hide them."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

import openwire
from conftest import BASE_URL, Flavor
from openwire.testing import LocalServer
from openwire.types.responses import (
    CompactedResponse,
    Response,
    ResponseCompletedEvent,
    ResponseCreatedEvent,
    ResponseFunctionToolCall,
    ResponseInputTokens,
    ResponseOutputMessage,
    ResponseTextDeltaEvent,
)

MODEL = "gpt-5.4"
TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Current weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def client_of(flavor: Flavor, server: LocalServer, **kwargs: Any) -> Any:
    return flavor.local(server, **kwargs)


def run(flavor: Flavor, fn: Any, *args: Any) -> Any:
    return flavor.run(fn, *args)


def events_of(flavor: Flavor, client: Any, **params: Any) -> list[Any]:
    """Every event of `responses.create(stream=True, **params)`."""
    if not flavor.is_async:
        return list(client.responses.create(stream=True, **params))

    async def go() -> list[Any]:
        return [event async for event in await client.responses.create(stream=True, **params)]

    result: list[Any] = flavor.run(go)
    return result


def follow(flavor: Flavor, client: Any, **params: Any) -> tuple[list[Any], str, Response]:
    """Through `responses.stream(...)`: the events, the text of `text_stream` is not read here, and
    the final response."""
    if not flavor.is_async:
        with client.responses.stream(**params) as stream:
            events = list(stream)
            final = stream.get_final_response()
        return events, "", final

    async def go() -> tuple[list[Any], str, Response]:
        async with client.responses.stream(**params) as stream:
            events = [event async for event in stream]
            final = await stream.get_final_response()
        return events, "", final

    result: tuple[list[Any], str, Response] = flavor.run(go)
    return result


def text_of(flavor: Flavor, client: Any, **params: Any) -> tuple[str, Response]:
    if not flavor.is_async:
        with client.responses.stream(**params) as stream:
            text = "".join(stream.text_stream)
            return text, stream.get_final_response()

    async def go() -> tuple[str, Response]:
        async with client.responses.stream(**params) as stream:
            text = "".join([piece async for piece in stream.text_stream])
            return text, await stream.get_final_response()

    result: tuple[str, Response] = flavor.run(go)
    return result


# --- create ------------------------------------------------------------------------------------


def test_create_returns_a_response(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    response = run(flavor, lambda c: c.responses.create(model=MODEL, input="Say hello"), client)
    assert isinstance(response, Response)
    assert response.status == "completed"
    assert response.output_text == "You said: Say hello"
    (message,) = response.output
    assert isinstance(message, ResponseOutputMessage)
    assert response.usage is not None
    assert response.usage.output_tokens > 0
    assert response.request_id is not None
    assert server.last_request.path == "/responses"
    assert server.last_request.json == {"model": MODEL, "input": "Say hello"}


def test_create_sends_every_parameter_family_as_given(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/responses").respond(
        json={"id": "resp_1", "object": "response", "status": "completed", "model": MODEL, "output": []}
    )
    params: dict[str, Any] = {
        "model": MODEL,
        "input": [
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "What is in this image?"},
                    {"type": "input_image", "image_url": "https://example.com/cat.png", "detail": "low"},
                    {"type": "input_file", "file_id": "file-1"},
                ],
            },
            {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_1", "output": '{"sky": "clear"}'},
            {"type": "item_reference", "id": "msg_1"},
        ],
        "instructions": "Be brief.",
        "tools": [TOOL, {"type": "web_search"}, {"type": "file_search", "vector_store_ids": ["vs_1"]}],
        "tool_choice": {"type": "function", "name": "get_weather"},
        "text": {
            "format": {
                "type": "json_schema",
                "name": "weather",
                "schema": {"type": "object"},
                "strict": True,
            },
            "verbosity": "low",
        },
        "reasoning": {"effort": "low", "summary": "auto"},
        "include": ["reasoning.encrypted_content"],
        "previous_response_id": "resp_0",
        "background": False,
        "store": True,
        "max_output_tokens": 200,
        "metadata": {"team": "search"},
        "moderation": {"model": "omni-moderation-latest", "policy": {"input": {"mode": "block"}}},
        "temperature": 0.2,
        "parallel_tool_calls": False,
    }
    run(flavor, lambda c: c.responses.create(**params), flavor.client())
    request = route.calls.last.request
    assert json.loads(request.content) == params
    assert request.headers["accept"] == "application/json"
    assert request.headers["idempotency-key"].startswith("openwire-")


def test_a_function_tool_round_trip(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    first = run(
        flavor, lambda c: c.responses.create(model=MODEL, input="Weather in Paris?", tools=[TOOL]), client
    )
    (call,) = first.output
    assert isinstance(call, ResponseFunctionToolCall)
    assert call.name == "get_weather"
    answer = run(
        flavor,
        lambda c: c.responses.create(
            model=MODEL,
            previous_response_id=first.id,
            input=[{"type": "function_call_output", "call_id": call.call_id, "output": '{"sky": "clear"}'}],
            tools=[TOOL],
        ),
        client,
    )
    assert isinstance(answer.output[0], ResponseOutputMessage)
    assert answer.previous_response_id == first.id


def test_an_output_item_is_sent_back_as_it_came(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    first = run(flavor, lambda c: c.responses.create(model=MODEL, input="hi", store=False), client)
    run(
        flavor,
        lambda c: c.responses.create(
            model=MODEL,
            input=[{"role": "user", "content": "hi"}, *first.output, {"role": "user", "content": "more"}],
        ),
        client,
    )
    sent = server.last_request.json["input"][1]
    assert sent == first.output[0].to_dict(mode="json")


# --- moderation --------------------------------------------------------------------------------


def test_moderation_results_on_both_sides(flavor: Flavor, server: LocalServer) -> None:
    server.flag("dragon")
    client = client_of(flavor, server)
    response = run(
        flavor,
        lambda c: c.responses.create(
            model=MODEL, input="a dragon", moderation={"model": "omni-moderation-latest"}
        ),
        client,
    )
    moderation = response.moderation
    assert isinstance(moderation.input, openwire.types.moderation.ModerationResult)
    assert moderation.input.type == "moderation_result"
    assert moderation.input.flagged is True
    assert moderation.input.categories.violence is True
    assert moderation.input.model == "omni-moderation-latest"
    assert isinstance(moderation.output, openwire.types.moderation.ModerationResult)


def test_moderation_that_could_not_run(flavor: Flavor, server: LocalServer) -> None:
    server.fail_moderation("output", code="moderation_unavailable", message="down")
    client = client_of(flavor, server)
    response = run(
        flavor, lambda c: c.responses.create(model=MODEL, input="x", moderation={"model": "m"}), client
    )
    assert isinstance(response.moderation.input, openwire.types.moderation.ModerationResult)
    output = response.moderation.output
    assert isinstance(output, openwire.types.moderation.ModerationError)
    assert (output.code, output.message) == ("moderation_unavailable", "down")


def test_an_unknown_moderation_type_is_kept(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/responses").respond(
        json={
            "id": "resp_1",
            "object": "response",
            "status": "completed",
            "model": MODEL,
            "output": [],
            "moderation": {"input": {"type": "moderation_summary", "score": 0.1}, "output": None},
        }
    )
    response = run(flavor, lambda c: c.responses.create(model=MODEL, input="x"), flavor.client())
    assert isinstance(response.moderation.input, openwire.UnknownVariant)
    assert response.moderation.input.score == 0.1
    assert response.moderation.output is None


# --- streams -----------------------------------------------------------------------------------


def test_a_stream_of_typed_events_in_order(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    events = events_of(flavor, client, model=MODEL, input="Say hello")
    assert isinstance(events[0], ResponseCreatedEvent)
    assert isinstance(events[-1], ResponseCompletedEvent)
    assert [e.sequence_number for e in events] == list(range(len(events)))
    deltas = [e.delta for e in events if isinstance(e, ResponseTextDeltaEvent)]
    assert "".join(deltas) == events[-1].response.output_text
    assert server.last_request.json["stream"] is True


def test_the_stream_helper_assembles_what_the_call_returns(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    whole = run(flavor, lambda c: c.responses.create(model=MODEL, input="Tell me a story", tools=[]), client)
    text, final = text_of(flavor, client, model=MODEL, input="Tell me a story", tools=[])
    assert text == whole.output_text
    assert final.output_text == whole.output_text
    assert [item.to_dict(exclude_unset=True) | {"id": None} for item in final.output] == [
        item.to_dict(exclude_unset=True) | {"id": None} for item in whole.output
    ]
    assert final.usage == whole.usage
    assert final.status == "completed"


def test_the_stream_helper_gives_function_calls(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    events, _, final = follow(flavor, client, model=MODEL, input="Weather in Paris?", tools=[TOOL])
    assert any(e.type == "response.function_call_arguments.delta" for e in events)
    (call,) = final.output
    assert isinstance(call, ResponseFunctionToolCall)
    assert set(json.loads(call.arguments)) == {"city"}  # the arguments the tool's schema asks for


def test_an_error_event_raises_after_the_events_before_it(flavor: Flavor, server: LocalServer) -> None:
    server.fail_stream(after_events=4, message="the model is overloaded", code="server_error")
    client = client_of(flavor, server)
    received: list[Any] = []

    def consume(c: Any) -> Any:
        if flavor.is_async:

            async def go() -> None:
                async for event in await c.responses.create(model=MODEL, input="hello", stream=True):
                    received.append(event)

            return go()
        for event in c.responses.create(model=MODEL, input="hello", stream=True):
            received.append(event)
        return None

    with pytest.raises(openwire.APIStreamError, match="the model is overloaded") as caught:
        run(flavor, consume, client)
    assert len(received) == 4
    assert caught.value.code == "server_error"


def test_get_final_response_of_a_stream_that_ended_early(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    created = {
        "type": "response.created",
        "sequence_number": 0,
        "response": {
            "id": "resp_1",
            "object": "response",
            "status": "in_progress",
            "model": MODEL,
            "output": [],
        },
    }
    mock_api.post("/responses").respond(
        content=f"event: response.created\ndata: {json.dumps(created)}\n\n".encode(),
        headers={"content-type": "text/event-stream"},
    )
    with pytest.raises(openwire.OpenwireError, match="ended before the response did"):
        follow(flavor, flavor.client(), model=MODEL, input="x")


def test_a_cut_background_stream_is_resumed_without_repeats(flavor: Flavor, server: LocalServer) -> None:
    server.cut_stream(after_events=5, path="/responses")
    client = client_of(flavor, server)
    events, _, final = follow(flavor, client, model=MODEL, input="Tell me a long story", background=True)
    numbers = [e.sequence_number for e in events]
    assert numbers == list(range(len(numbers)))  # nothing lost, nothing repeated
    assert isinstance(events[-1], ResponseCompletedEvent)
    resumed = [r for r in server.requests if r.method == "GET"]
    assert len(resumed) == 1
    assert resumed[0].query == {"stream": "true", "starting_after": str(numbers[4])}
    whole = run(flavor, lambda c: c.responses.retrieve(final.id), client)
    assert final.output_text == whole.output_text


def test_a_cut_stream_that_is_not_in_the_background_is_not_resumed(
    flavor: Flavor, server: LocalServer
) -> None:
    server.cut_stream(after_events=3, path="/responses")
    client = client_of(flavor, server)
    with pytest.raises(openwire.APIConnectionError, match="broke off"):
        follow(flavor, client, model=MODEL, input="hello")
    assert [r.method for r in server.requests] == ["POST"]


def test_stream_helpers_have_no_raw_response(server: LocalServer) -> None:
    client = server.client()
    with pytest.raises(AttributeError, match="helper made of several calls"):
        client.responses.with_raw_response.stream  # noqa: B018
    assert "stream" not in dir(client.responses.with_raw_response)


# --- stored responses --------------------------------------------------------------------------


def test_retrieve_delete_and_include(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    created = run(flavor, lambda c: c.responses.create(model=MODEL, input="hello"), client)
    got = run(
        flavor, lambda c: c.responses.retrieve(created.id, include=["message.output_text.logprobs"]), client
    )
    assert got.id == created.id
    assert got.output_text == created.output_text
    assert server.last_request.query == {"include": "message.output_text.logprobs"}
    assert run(flavor, lambda c: c.responses.delete(created.id), client) is None
    with pytest.raises(openwire.NotFoundError):
        run(flavor, lambda c: c.responses.retrieve(created.id), client)


def test_retrieve_stream_from_a_sequence_number(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    created = run(flavor, lambda c: c.responses.create(model=MODEL, input="hello"), client)

    def replay(c: Any) -> Any:
        if flavor.is_async:

            async def go() -> list[Any]:
                return [
                    e async for e in await c.responses.retrieve(created.id, stream=True, starting_after=2)
                ]

            return go()
        return list(c.responses.retrieve(created.id, stream=True, starting_after=2))

    events = run(flavor, replay, client)
    assert events[0].sequence_number == 3
    assert isinstance(events[-1], ResponseCompletedEvent)
    assert server.last_request.headers["accept"] == "text/event-stream"


def test_background_responses_are_polled_and_cancelled(flavor: Flavor, server: LocalServer) -> None:
    server.background_progress(polls=None)
    client = client_of(flavor, server)
    queued = run(flavor, lambda c: c.responses.create(model=MODEL, input="hello", background=True), client)
    assert queued.status == "queued"
    assert run(flavor, lambda c: c.responses.retrieve(queued.id), client).status == "in_progress"
    cancelled = run(flavor, lambda c: c.responses.cancel(queued.id), client)
    assert cancelled.status == "cancelled"
    assert server.last_request.path == f"/responses/{queued.id}/cancel"


def test_input_items_are_a_cursor_pager(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    items = [{"role": "user", "content": f"message {n}"} for n in range(5)]
    created = run(flavor, lambda c: c.responses.create(model=MODEL, input=items), client)

    def every(c: Any) -> Any:
        if flavor.is_async:

            async def go() -> list[Any]:
                return [item async for item in c.responses.input_items.list(created.id, limit=2)]

            return go()
        return list(c.responses.input_items.list(created.id, limit=2))

    listed = run(flavor, every, client)
    assert len(listed) == 5
    pages = [r for r in server.requests if r.path.endswith("/input_items")]
    assert len(pages) == 3
    assert pages[1].query["after"] == listed[1].id


def test_input_tokens_and_compact(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    counted = run(flavor, lambda c: c.responses.input_tokens.count(model=MODEL, input="hello there"), client)
    assert isinstance(counted, ResponseInputTokens)
    assert counted.input_tokens > 0
    assert server.last_request.path == "/responses/input_tokens"
    compacted = run(
        flavor, lambda c: c.responses.compact(model=MODEL, input=[{"role": "user", "content": "hi"}]), client
    )
    assert isinstance(compacted, CompactedResponse)
    assert server.last_request.path == "/responses/compact"


def test_raw_views_of_responses(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    raw = run(flavor, lambda c: c.responses.with_raw_response.create(model=MODEL, input="hi"), client)
    response = run(flavor, lambda r: r.parse(), raw)
    assert isinstance(response, Response)
    assert raw.status_code == 200
    pager = run(
        flavor,
        lambda r: r.parse(),
        run(flavor, lambda c: c.responses.input_items.with_raw_response.list(response.id), client),
    )
    kind = openwire.AsyncCursorPager if flavor.is_async else openwire.CursorPage
    assert isinstance(pager, kind)


def test_an_unknown_output_item_and_event_are_kept(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    events = [
        {"type": "response.teleport.started", "sequence_number": 0, "where": "mars"},
        {
            "type": "response.completed",
            "sequence_number": 1,
            "response": {
                "id": "resp_1",
                "object": "response",
                "status": "completed",
                "model": MODEL,
                "output": [{"type": "hologram", "id": "h_1", "frames": 3}],
            },
        },
    ]
    body = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)
    mock_api.post("/responses").respond(content=body.encode(), headers={"content-type": "text/event-stream"})
    received, _, final = follow(flavor, flavor.client(), model=MODEL, input="x")
    assert isinstance(received[0], openwire.UnknownVariant)
    assert received[0].where == "mars"
    assert isinstance(final.output[0], openwire.UnknownVariant)
    assert final.output[0].frames == 3


def test_a_sparse_response_from_a_compatible_server(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/responses").mock(
        return_value=httpx.Response(
            200,
            json={
                "id": "r",
                "output": [
                    {
                        "type": "message",
                        "role": "assistant",
                        "content": [{"type": "output_text", "text": "ok"}],
                    }
                ],
            },
        )
    )
    response = run(flavor, lambda c: c.responses.create(model=MODEL, input="x"), flavor.client())
    assert response.output_text == "ok"
    assert response.status is None
    assert BASE_URL in str(mock_api.calls.last.request.url)
