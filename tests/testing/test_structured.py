"""The local server's structured outputs, refusals, truncation and tools, seen through openwire's
clients: strict schemas checked as the API checks them, JSON that fits the schema, answers cut
short, refusals and tool calls streamed as the API streams them, and tool loops that end."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import anyio
import pytest
from pydantic import BaseModel, ConfigDict, Field

import openwire
from openwire.testing import LocalServer, Reply, ToolCall
from openwire.testing._strict import strict_problem
from openwire.testing._text import example_for_schema
from openwire.types.responses import (
    ResponseCompletedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseFunctionToolCall,
    ResponseIncompleteEvent,
    ResponseOutputItemAddedEvent,
    ResponseRefusalDeltaEvent,
    ResponseRefusalDoneEvent,
    ResponseTextDeltaEvent,
)

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send

HELLO = [{"role": "user", "content": "Plan my week"}]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Node(_Closed):
    label: str
    children: list[Node]
    next: Node | None


class Event(_Closed):
    id: UUID
    when: datetime
    day: date
    contact: Annotated[str, Field(pattern=r"^[a-z]+@[a-z]+\.com$")]
    kind: Literal["meeting", "call"]
    version: Literal[2]
    score: Annotated[float, Field(gt=0, lt=1)]
    count: Annotated[int, Field(ge=10, le=20, multiple_of=7)]
    tags: Annotated[list[str], Field(min_length=2, max_length=3)]
    tree: Node
    note: str | None


def strict(schema: dict[str, Any]) -> dict[str, Any]:
    """pydantic's schema made strict the simple way: every object closed, every property required."""
    if isinstance(schema, dict):
        out = {key: strict(value) for key, value in schema.items() if key != "default"}
        if "properties" in out:
            out["required"] = list(out["properties"])
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(value) for value in schema]
    return schema


EVENT = strict(Event.model_json_schema())
PLACE = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
    "required": ["city", "country"],
    "additionalProperties": False,
}


def chat_format(schema: dict[str, Any], name: str = "event", *, is_strict: bool = True) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": is_strict}}


def text_format(schema: dict[str, Any], name: str = "event", *, is_strict: bool = True) -> dict[str, Any]:
    return {"format": {"type": "json_schema", "name": name, "schema": schema, "strict": is_strict}}


def function(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "parameters": schema, "strict": True}}


def flat_function(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "function", "name": name, "parameters": schema, "strict": True}


# -- strict schemas ---------------------------------------------------------------------------------

OPEN_ADDRESS = {
    "type": "object",
    "properties": {"address": {"type": "object", "properties": {"zip": {"type": "string"}}}},
    "required": ["address"],
    "additionalProperties": False,
}
PARTLY_REQUIRED = {**PLACE, "required": ["city"]}
CLOSED = "'additionalProperties' is required to be supplied and to be false."
ALL_REQUIRED = "'required' is required to be supplied and to be an array including every key in properties."


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        (
            OPEN_ADDRESS,
            f"In context=('properties', 'address'), {CLOSED}",
        ),
        (
            PARTLY_REQUIRED,
            f"In context=(), {ALL_REQUIRED} Missing 'country'.",
        ),
        (
            {**PLACE, "required": ["city", "country", "zip"]},
            f"In context=(), {ALL_REQUIRED} Extra required key 'zip' supplied.",
        ),
        (
            {"anyOf": [PLACE, {"type": "null"}]},
            "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"None\"'.",
        ),
        (
            {"type": "array", "items": PLACE},
            "schema must be a JSON Schema of 'type: \"object\"', got 'type: \"array\"'.",
        ),
        (
            {
                **PLACE,
                "properties": {"city": {"type": "string", "minLength": 2}, "country": {"type": "string"}},
            },
            "In context=('properties', 'city'), 'minLength' is not permitted.",
        ),
        (
            {**PLACE, "properties": {"city": {"type": "string", "default": "Paris"}, "country": {}}},
            "In context=('properties', 'city'), 'default' is not permitted.",
        ),
        (
            {**PLACE, "properties": {"city": {"type": "string"}, "country": {}}},
            "In context=('properties', 'country'), schema must have a 'type' key.",
        ),
        (
            {**PLACE, "properties": {"city": {"$ref": "#/$defs/City"}, "country": {"type": "string"}}},
            (
                "In context=('properties', 'city'), reference '#/$defs/City' could not be resolved: "
                "it must point inside the schema."
            ),
        ),
        (
            {
                **PLACE,
                "properties": {"city": {"type": "string", "format": "uri"}, "country": {"type": "string"}},
            },
            "In context=('properties', 'city'), 'uri' is not a valid format.",
        ),
        (
            {**PLACE, "$defs": {"Zip": {"type": "object", "properties": {}}}},
            f"In context=('$defs', 'Zip'), {CLOSED}",
        ),
        (
            {
                **PLACE,
                "properties": {
                    "city": {"type": "array", "items": {"anyOf": [{"type": "string"}, OPEN_ADDRESS]}},
                    "country": {"type": "string"},
                },
            },
            f"In context=('properties', 'city', 'items', 'anyOf', '1', 'properties', 'address'), {CLOSED}",
        ),
    ],
)
def test_strict_rules(schema: dict[str, Any], problem: str) -> None:
    assert strict_problem(schema) == problem


def test_strict_schemas_that_keep_the_rules() -> None:
    assert strict_problem(EVENT) is None
    assert strict_problem({"type": "object", "properties": {}, "additionalProperties": False}) is None
    recursive = {
        "type": "object",
        "properties": {"next": {"anyOf": [{"$ref": "#"}, {"type": "null"}]}},
        "required": ["next"],
        "additionalProperties": False,
    }
    assert strict_problem(recursive) is None


def test_strict_chat_schemas_are_checked(server: LocalServer) -> None:
    with server.client() as client:
        with pytest.raises(openwire.BadRequestError) as caught:
            client.chat.completions.create(
                model="gpt-4o", messages=HELLO, response_format=chat_format(OPEN_ADDRESS, "person")
            )
        assert caught.value.status_code == 400
        assert caught.value.param == "response_format"
        assert caught.value.type == "invalid_request_error"
        assert "Invalid schema for response_format 'person': In context=('properties', 'address'), " in str(
            caught.value
        )

        with pytest.raises(openwire.BadRequestError) as caught:
            client.chat.completions.create(
                model="gpt-4o",
                messages=HELLO,
                tools=[function("lookup", PLACE), function("locate", PARTLY_REQUIRED)],
            )
        assert caught.value.param == "tools[1].function.parameters"
        assert caught.value.code == "invalid_function_parameters"
        assert "Invalid schema for function 'locate': In context=(), 'required' is required" in str(
            caught.value
        )

        # Not strict: not checked, and still answered with JSON for the schema.
        loose = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(OPEN_ADDRESS, is_strict=False)
        )
        assert json.loads(loose.choices[0].message.content or "") == {"address": {"zip": "example zip"}}
        tool = {"type": "function", "function": {"name": "locate", "parameters": PARTLY_REQUIRED}}
        assert client.chat.completions.create(model="gpt-4o", messages=HELLO, tools=[tool]).choices


def test_strict_response_schemas_are_checked(server: LocalServer) -> None:
    with server.client() as client:
        with pytest.raises(openwire.BadRequestError) as caught:
            client.responses.create(model="gpt-4o", input="Hi", text=text_format(PARTLY_REQUIRED, "place"))
        assert caught.value.param == "text.format.schema"
        assert caught.value.code == "invalid_json_schema"
        assert "Invalid schema for response_format 'place': In context=(), 'required'" in str(caught.value)

        with pytest.raises(openwire.BadRequestError) as caught:
            client.responses.create(
                model="gpt-4o", input="Hi", tools=[{"type": "web_search"}, flat_function("f", OPEN_ADDRESS)]
            )
        assert caught.value.param == "tools[1].parameters"
        assert caught.value.code == "invalid_function_parameters"

        loose = client.responses.create(
            model="gpt-4o", input="Hi", text=text_format(PARTLY_REQUIRED, is_strict=False)
        )
        assert json.loads(loose.output_text) == {"city": "example city", "country": "example country"}
    assert len(server.requests) == 3


# -- JSON that fits the schema ----------------------------------------------------------------------


def test_example_for_schema_fits_nested_recursive_and_bounded_schemas() -> None:
    event = Event.model_validate(example_for_schema(EVENT))
    assert event.count == 14  # within 10..20 and a multiple of 7
    assert 0 < event.score < 1
    assert len(event.tags) == 2
    assert event.kind == "meeting"
    assert event.version == 2
    assert event.note is not None  # a value at shallow depth, not the null branch
    # A recursive definition is followed once, then ended with empty arrays and null branches.
    assert event.tree.children[0].children == []
    assert event.tree.children[0].next is None
    assert event.tree.next is not None
    assert event.tree.next.next is None
    assert str(event.id) == "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "integer", "maximum": -3}, -3),
        ({"type": "integer", "exclusiveMinimum": 5}, 6),
        ({"type": "number", "minimum": 2.5, "maximum": 3}, 2.5),
        ({"type": "number", "exclusiveMaximum": 0}, -0.5),
        ({"type": "number", "minimum": 0.1, "multipleOf": 0.25}, 1.0),
        ({"type": "array", "items": {"type": "integer"}, "maxItems": 0}, []),
        ({"type": "string", "format": "date"}, "2024-01-01"),
        ({"type": "string", "format": "email"}, "someone@example.com"),
        ({"type": "string", "pattern": "^[0-9]+$"}, "0"),
        ({"type": ["null", "string"]}, "example value"),
        (
            {
                "type": "object",
                "properties": {"a": {"$ref": "#/definitions/A"}},
                "definitions": {"A": {"const": 7}},
            },
            {"a": 7},
        ),
    ],
)
def test_example_for_schema_respects_bounds(schema: dict[str, Any], expected: Any) -> None:
    assert example_for_schema(schema) == expected


def test_structured_chat_answer_fits_the_schema(server: LocalServer) -> None:
    with server.client() as client:
        whole = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(EVENT)
        )
        stream = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(EVENT), stream=True
        )
        with stream:
            chunks = list(stream)
    content = whole.choices[0].message.content or ""
    Event.model_validate_json(content)
    assert whole.choices[0].finish_reason == "stop"
    streamed = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(streamed) > 10
    assert "".join(streamed) == content


def test_structured_response_answer_fits_the_schema(server: LocalServer) -> None:
    with server.client() as client:
        whole = client.responses.create(model="gpt-4o", input="Plan my week", text=text_format(EVENT))
        with client.responses.create(
            model="gpt-4o", input="Plan my week", text=text_format(EVENT), stream=True
        ) as stream:
            events = list(stream)
    Event.model_validate_json(whole.output_text)
    assert whole.status == "completed"
    deltas = [e.delta for e in events if isinstance(e, ResponseTextDeltaEvent)]
    assert "".join(deltas) == whole.output_text
    assert isinstance(events[-1], ResponseCompletedEvent)


def test_strict_tool_arguments_fit_the_schema(server: LocalServer) -> None:
    with server.client() as client:
        completion = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, tools=[function("schedule", EVENT)]
        )
        response = client.responses.create(
            model="gpt-4o", input="Hi", tools=[flat_function("schedule", EVENT)]
        )
    [call] = completion.choices[0].message.tool_calls or []
    Event.model_validate_json(call.function.arguments)
    [item] = response.output
    assert isinstance(item, ResponseFunctionToolCall)
    assert item.arguments == call.function.arguments


# -- truncation and the content filter --------------------------------------------------------------


@pytest.mark.parametrize("reason", ["length", "content_filter"])
def test_a_chat_answer_cut_short(server: LocalServer, reason: str) -> None:
    full = json.dumps(example_for_schema(EVENT))
    server.reply(Reply(finish_reason=reason), Reply(finish_reason=reason))
    with server.client() as client:
        whole = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(EVENT)
        )
        stream = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(EVENT), stream=True
        )
        with stream:
            chunks = list(stream)
    [choice] = whole.choices
    content = choice.message.content or ""
    assert choice.finish_reason == reason
    assert full.startswith(content)
    assert len(full) // 3 < len(content) < len(full)  # about half
    with pytest.raises(json.JSONDecodeError):
        json.loads(content)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == content
    assert chunks[-1].choices[0].finish_reason == reason


def test_a_plain_answer_cut_short_and_a_tool_call_cut_short(server: LocalServer) -> None:
    server.reply(Reply(finish_reason="length"), Reply(finish_reason="length"))
    with server.client() as client:
        text = client.chat.completions.create(model="gpt-4o", messages=HELLO)
        call = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, tools=[function("schedule", EVENT)]
        )
    assert text.choices[0].message.content == "You said:"  # "You said: Plan my week", cut
    [cut] = call.choices[0].message.tool_calls or []
    assert call.choices[0].finish_reason == "length"
    assert json.dumps(example_for_schema(EVENT)).startswith(cut.function.arguments)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.function.arguments)


@pytest.mark.parametrize(
    ("reason", "detail"), [("length", "max_output_tokens"), ("content_filter", "content_filter")]
)
def test_a_response_cut_short(server: LocalServer, reason: str, detail: str) -> None:
    full = json.dumps(example_for_schema(EVENT))
    server.reply(Reply(finish_reason=reason), Reply(finish_reason=reason))
    with server.client() as client:
        whole = client.responses.create(model="gpt-4o", input="Plan my week", text=text_format(EVENT))
        with client.responses.create(
            model="gpt-4o", input="Plan my week", text=text_format(EVENT), stream=True
        ) as stream:
            events = list(stream)
    assert whole.status == "incomplete"
    assert whole.incomplete_details is not None
    assert whole.incomplete_details.reason == detail
    assert full.startswith(whole.output_text)
    assert len(full) // 3 < len(whole.output_text) < len(full)
    with pytest.raises(json.JSONDecodeError):
        json.loads(whole.output_text)
    last = events[-1]
    assert isinstance(last, ResponseIncompleteEvent)
    assert last.response.incomplete_details is not None
    assert last.response.incomplete_details.reason == detail
    assert last.response.output_text == whole.output_text


def test_token_limits_cut_answers_and_arguments(server: LocalServer) -> None:
    with server.client() as client:
        limited = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(EVENT), max_completion_tokens=7
        )
        legacy = client.chat.completions.create(model="gpt-4o", messages=HELLO, max_tokens=2)
        called = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, tools=[function("schedule", EVENT)], max_completion_tokens=5
        )
        response = client.responses.create(
            model="gpt-4o", input="Plan my week", text=text_format(EVENT), max_output_tokens=20
        )
    assert limited.choices[0].finish_reason == "length"
    assert limited.usage is not None
    assert limited.usage.completion_tokens == 7
    assert legacy.choices[0].message.content == "You said"
    assert legacy.choices[0].finish_reason == "length"
    [call] = called.choices[0].message.tool_calls or []
    assert called.choices[0].finish_reason == "length"
    assert call.function.arguments == '{"id":'
    assert response.status == "incomplete"
    assert response.usage is not None
    assert response.usage.output_tokens == 20
    assert json.dumps(example_for_schema(EVENT)).startswith(response.output_text)


# -- refusals ---------------------------------------------------------------------------------------

REFUSAL = "I'm sorry, but I can't help with planning that week."


def test_a_chat_refusal_whole_and_streamed(server: LocalServer) -> None:
    server.reply(Reply(refusal=REFUSAL), Reply(refusal=REFUSAL))
    with server.client() as client:
        whole = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(EVENT)
        )
        stream = client.chat.completions.create(
            model="gpt-4o", messages=HELLO, response_format=chat_format(EVENT), stream=True
        )
        with stream:
            chunks = list(stream)
    message = whole.choices[0].message
    assert message.refusal == REFUSAL
    assert message.content is None
    assert whole.choices[0].finish_reason == "stop"
    deltas = [c.choices[0].delta for c in chunks if c.choices]
    pieces = [d.refusal for d in deltas if d.refusal]
    assert len(pieces) > 3
    assert "".join(pieces) == REFUSAL
    assert not any(d.content for d in deltas)


def test_a_response_refusal_whole_and_streamed(server: LocalServer) -> None:
    server.reply(Reply(refusal=REFUSAL), Reply(refusal=REFUSAL))
    with server.client() as client:
        whole = client.responses.create(model="gpt-4o", input="Plan my week", text=text_format(EVENT))
        with client.responses.create(
            model="gpt-4o", input="Plan my week", text=text_format(EVENT), stream=True
        ) as stream:
            events = list(stream)
    [message] = whole.output
    assert message.model_dump()["content"] == [{"type": "refusal", "refusal": REFUSAL}]
    assert whole.output_text == ""
    deltas = [e.delta for e in events if isinstance(e, ResponseRefusalDeltaEvent)]
    [done] = [e for e in events if isinstance(e, ResponseRefusalDoneEvent)]
    assert len(deltas) > 3
    assert "".join(deltas) == done.refusal == REFUSAL
    assert not any(isinstance(e, ResponseTextDeltaEvent) for e in events)


# -- tool calls -------------------------------------------------------------------------------------

PARALLEL = Reply(
    tool_calls=[
        ToolCall("get_weather", {"city": "Paris", "unit": "celsius"}),
        ToolCall("get_weather", {"city": "Tokyo", "unit": "celsius"}),
    ]
)


def test_parallel_chat_tool_calls_stream_in_pieces(server: LocalServer) -> None:
    server.reply(PARALLEL, PARALLEL)
    with server.client() as client:
        whole = client.chat.completions.create(model="gpt-4o", messages=HELLO)
        stream = client.chat.completions.create(model="gpt-4o", messages=HELLO, stream=True)
        with stream:
            chunks = list(stream)
    calls = whole.choices[0].message.tool_calls or []
    assert [json.loads(c.function.arguments)["city"] for c in calls] == ["Paris", "Tokyo"]
    pieces = [p for c in chunks if c.choices for p in c.choices[0].delta.tool_calls or []]
    for index, call in enumerate(calls):
        mine = [p for p in pieces if p.index == index]
        first, rest = mine[0], mine[1:]
        assert first.id is not None
        assert first.id.startswith("call_")
        assert first.type == "function"
        assert first.function is not None
        assert first.function.name == "get_weather"
        assert len(rest) >= 2  # the arguments come in several pieces
        assert all(p.id is None and p.function and p.function.name is None for p in rest)
        assert "".join(p.function.arguments or "" for p in mine if p.function) == call.function.arguments
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_parallel_response_function_calls_stream_their_arguments(server: LocalServer) -> None:
    server.reply(PARALLEL)
    with (
        server.client() as client,
        client.responses.create(model="gpt-4o", input="Hi", stream=True) as stream,
    ):
        events = list(stream)
    added = [e.output_index for e in events if isinstance(e, ResponseOutputItemAddedEvent)]
    assert added == [0, 1]
    for index, city in enumerate(["Paris", "Tokyo"]):
        deltas = [
            e.delta
            for e in events
            if isinstance(e, ResponseFunctionCallArgumentsDeltaEvent) and e.output_index == index
        ]
        [done] = [
            e
            for e in events
            if isinstance(e, ResponseFunctionCallArgumentsDoneEvent) and e.output_index == index
        ]
        assert len(deltas) >= 2
        assert "".join(deltas) == done.arguments
        assert json.loads(done.arguments)["city"] == city


def run_chat_tools(client: openwire.Client, tools: list[dict[str, Any]]) -> tuple[str, int]:
    """A tool runner: answer every call until the model answers in words (at most 5 rounds)."""
    messages: list[Any] = list(HELLO)
    for rounds in range(1, 6):
        completion = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
        message = completion.choices[0].message
        if not message.tool_calls:
            return message.content or "", rounds
        messages.append(message)
        for call in message.tool_calls:
            city = json.loads(call.function.arguments)["city"]
            messages.append({"role": "tool", "tool_call_id": call.id, "content": f"{city}: 21C"})
    raise AssertionError("the tool loop did not end")


def test_a_chat_tool_loop_ends_with_the_tool_outputs(server: LocalServer) -> None:
    weather = {**PLACE, "properties": {"city": {"type": "string"}, "country": {"type": "string"}}}
    with server.client() as client:
        assert run_chat_tools(client, [function("get_weather", weather)]) == (
            "The tool returned: example city: 21C",
            2,
        )
        server.reply(PARALLEL)
        assert run_chat_tools(client, [function("get_weather", weather)]) == (
            "The tool returned: Paris: 21C; Tokyo: 21C",
            2,
        )


def test_a_response_tool_loop_ends_with_the_tool_outputs(server: LocalServer) -> None:
    server.reply(PARALLEL)
    with server.client() as client:
        tools = [flat_function("get_weather", PLACE)]
        first = client.responses.create(model="gpt-4o", input="Weather?", tools=tools)
        outputs = [
            {"type": "function_call_output", "call_id": item.call_id, "output": f"{item.arguments} is sunny"}
            for item in first.output
            if isinstance(item, ResponseFunctionToolCall)
        ]
        second = client.responses.create(
            model="gpt-4o", previous_response_id=first.id, input=outputs, tools=tools
        )
    assert len(outputs) == 2
    assert second.output_text.startswith('The tool returned: {"city": "Paris"')
    assert "Tokyo" in second.output_text


def test_async_structured_stream(server: LocalServer) -> None:
    async def go() -> str:
        async with server.async_client() as client:
            stream = await client.chat.completions.create(
                model="gpt-4o", messages=HELLO, response_format=chat_format(PLACE, "place"), stream=True
            )
            async with stream:
                return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])

    assert json.loads(anyio.run(go)) == {"city": "example city", "country": "example country"}
