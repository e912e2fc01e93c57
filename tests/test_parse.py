"""Structured outputs: `chat.completions.parse`, `responses.parse`, and the parsed answers of the
stream helpers, against the built-in server (both clients)."""

from __future__ import annotations

import pickle
from enum import Enum
from typing import Any, Literal

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

import openwire
from conftest import Flavor
from openwire.testing import LocalServer, Reply, ToolCall
from openwire.types.chat import ParsedChatCompletion, ParsedFunctionToolCall
from openwire.types.responses import ParsedResponse, ParsedResponseFunctionToolCall

MODEL = "gpt-5.4-mini"
MESSAGES = [{"role": "user", "content": "Tell me about Paris"}]


class Size(str, Enum):
    small = "small"
    large = "large"


class District(BaseModel):
    name: str
    size: Size


class City(BaseModel):
    """A city, as the model describes it."""

    name: str
    population: int
    mayor: str | None = None
    districts: list[District] = []
    kind: Literal["capital", "town"] = "town"


class Weather(BaseModel):
    """Get the weather in a city."""

    city: str


PARIS = (
    '{"name": "Paris", "population": 2100000, "mayor": null,'
    ' "districts": [{"name": "Marais", "size": "small"}], "kind": "capital"}'
)


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def client_of(flavor: Flavor, server: LocalServer, **kwargs: Any) -> Any:
    return flavor.local(server, **kwargs)


def chat_parse(flavor: Flavor, server: LocalServer, **params: Any) -> Any:
    client = client_of(flavor, server)
    return flavor.run(lambda: client.chat.completions.parse(model=MODEL, messages=MESSAGES, **params))


def response_parse(flavor: Flavor, server: LocalServer, **params: Any) -> Any:
    client = client_of(flavor, server)
    return flavor.run(lambda: client.responses.parse(model=MODEL, input="Tell me about Paris", **params))


# --- chat ----------------------------------------------------------------------------------------


def test_chat_parse_sends_a_strict_schema_and_parses_the_answer(flavor: Flavor, server: LocalServer) -> None:
    server.reply(PARIS)
    completion = chat_parse(flavor, server, response_format=City)
    assert isinstance(completion, ParsedChatCompletion)
    parsed = completion.choices[0].message.parsed
    assert parsed == City(
        name="Paris", population=2100000, districts=[District(name="Marais", size=Size.small)], kind="capital"
    )
    assert completion.choices[0].message.content == PARIS
    assert completion.request_id is not None
    sent = server.last_request.json["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["name"] == "City"
    assert sent["json_schema"]["strict"] is True
    assert sent["json_schema"]["description"] == "A city, as the model describes it."
    schema = sent["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == sorted(City.model_fields)


def test_chat_parse_against_the_server_default_answer(flavor: Flavor, server: LocalServer) -> None:
    # With nothing scripted the server answers JSON made for the schema: it must parse.
    completion = chat_parse(flavor, server, response_format=City)
    assert isinstance(completion.choices[0].message.parsed, City)


def test_a_typed_dict_as_the_output_type(flavor: Flavor, server: LocalServer) -> None:
    class Point(TypedDict):
        x: int
        y: int

    server.reply('{"x": 1, "y": 2}')
    completion = chat_parse(flavor, server, response_format=Point)
    assert completion.choices[0].message.parsed == {"x": 1, "y": 2}


def test_a_refusal_leaves_parsed_empty(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(refusal="I can't help with that."))
    message = chat_parse(flavor, server, response_format=City).choices[0].message
    assert message.parsed is None
    assert message.refusal == "I can't help with that."


def test_an_answer_cut_short_raises_with_the_completion_and_usage(
    flavor: Flavor, server: LocalServer
) -> None:
    server.reply(Reply(finish_reason="length"))
    with pytest.raises(openwire.LengthFinishReasonError, match="max_completion_tokens") as caught:
        chat_parse(flavor, server, response_format=City)
    error = caught.value
    assert error.completion is not None
    assert error.completion.choices[0].finish_reason == "length"
    assert error.usage is not None
    assert error.usage.completion_tokens > 0
    assert error.response is None
    copy = pickle.loads(pickle.dumps(error))
    assert copy.completion == error.completion


def test_a_filtered_answer_raises(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(finish_reason="content_filter"))
    with pytest.raises(openwire.ContentFilterFinishReasonError) as caught:
        chat_parse(flavor, server, response_format=City)
    assert caught.value.completion is not None


def test_invalid_json_and_the_wrong_shape_raise_our_error(flavor: Flavor, server: LocalServer) -> None:
    server.reply("not json at all")
    with pytest.raises(openwire.OutputValidationError, match="is not JSON") as caught:
        chat_parse(flavor, server, response_format=City)
    assert caught.value.content == "not json at all"
    assert caught.value.errors == []
    server.reply('{"name": "Paris", "population": "many"}')
    with pytest.raises(openwire.OutputValidationError, match="population") as caught:
        chat_parse(flavor, server, response_format=City)
    assert any(line.startswith("population:") for line in caught.value.errors)
    assert caught.value.completion is not None


def test_without_an_output_type_a_length_finish_is_an_answer(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(content="Half an ans", finish_reason="length"))
    completion = chat_parse(flavor, server)
    assert completion.choices[0].message.content == "Half an ans"
    assert completion.choices[0].message.parsed is None


def test_tool_calls_get_parsed_arguments(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(tool_calls=[ToolCall("Weather", {"city": "Paris"}), ToolCall("lookup", {"q": "x"})]))
    lookup = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}
    completion = chat_parse(flavor, server, tools=[openwire.pydantic_function_tool(Weather), lookup])
    calls = completion.choices[0].message.tool_calls
    assert isinstance(calls[0], ParsedFunctionToolCall)
    assert calls[0].function.parsed_arguments == Weather(city="Paris")
    assert calls[1].function.parsed_arguments is None  # a plain dict tool: not parsed
    sent = server.last_request.json["tools"]
    assert sent[0] == {
        "type": "function",
        "function": {
            "name": "Weather",
            "description": "Get the weather in a city.",
            "parameters": openwire.pydantic_function_tool(Weather).parameters,
            "strict": True,
        },
    }
    assert sent[1] == lookup


def test_tool_arguments_that_do_not_fit_raise(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(tool_calls=[ToolCall("Weather", {"town": "Paris"})]))
    with pytest.raises(openwire.ToolArgumentsError) as caught:
        chat_parse(flavor, server, tools=[openwire.pydantic_function_tool(Weather)])
    assert caught.value.tool_name == "Weather"


def test_what_strict_mode_cannot_express_fails_before_sending(flavor: Flavor, server: LocalServer) -> None:
    class Loose(BaseModel):
        extras: dict[str, int]

    with pytest.raises(openwire.StrictSchemaError, match="extras"):
        chat_parse(flavor, server, response_format=Loose)
    with pytest.raises(openwire.InvalidInputError, match="must be a class"):
        chat_parse(flavor, server, response_format={"type": "json_object"})
    assert server.requests == []


# --- responses -----------------------------------------------------------------------------------


def test_responses_parse(flavor: Flavor, server: LocalServer) -> None:
    server.reply(PARIS)
    response = response_parse(flavor, server, text_format=City, text={"verbosity": "low"})
    assert isinstance(response, ParsedResponse)
    assert isinstance(response.output_parsed, City)
    assert response.output_parsed.name == "Paris"
    assert response.request_id is not None
    text = server.last_request.json["text"]
    assert text["verbosity"] == "low"
    assert text["format"]["type"] == "json_schema"
    assert text["format"]["name"] == "City"
    assert text["format"]["strict"] is True


def test_responses_parse_of_a_refusal_and_of_a_cut_answer(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(refusal="No."))
    assert response_parse(flavor, server, text_format=City).output_parsed is None
    server.reply(Reply(finish_reason="length"))
    with pytest.raises(openwire.LengthFinishReasonError, match="max_output_tokens") as caught:
        response_parse(flavor, server, text_format=City)
    assert caught.value.response is not None
    assert caught.value.response.status == "incomplete"
    assert caught.value.usage is not None
    server.reply(Reply(finish_reason="content_filter"))
    with pytest.raises(openwire.ContentFilterFinishReasonError):
        response_parse(flavor, server, text_format=City)


def test_responses_parse_function_calls(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(tool_calls=[ToolCall("Weather", {"city": "Oslo"})]))
    response = response_parse(flavor, server, tools=[openwire.pydantic_function_tool(Weather)])
    call = response.output[0]
    assert isinstance(call, ParsedResponseFunctionToolCall)
    assert call.parsed_arguments == Weather(city="Oslo")
    assert server.last_request.json["tools"][0]["name"] == "Weather"
    assert server.last_request.json["tools"][0]["strict"] is True


def test_the_helpers_choose_whether_to_stream(flavor: Flavor, server: LocalServer) -> None:
    with pytest.raises(openwire.InvalidInputError, match="choose whether to stream"):
        chat_parse(flavor, server, response_format=City, stream=True)
    with pytest.raises(openwire.InvalidInputError, match="choose whether to stream"):
        response_parse(flavor, server, stream=False)
    assert server.requests == []


def test_responses_text_format_given_twice(flavor: Flavor, server: LocalServer) -> None:
    with pytest.raises(openwire.InvalidInputError, match="once"):
        response_parse(flavor, server, text_format=City, text={"format": {"type": "text"}})


def test_the_responses_stream_helper_parses(flavor: Flavor, server: LocalServer) -> None:
    server.reply(PARIS)
    client = client_of(flavor, server)
    snapshots: list[Any] = []

    def sync() -> Any:
        with client.responses.stream(model=MODEL, input="Paris", text_format=City) as stream:
            for event in stream:
                if event.type == "response.output_text.delta":
                    snapshots.append(stream.parsed_snapshot)
            return stream.get_final_response()

    async def asynchronous() -> Any:
        async with client.responses.stream(model=MODEL, input="Paris", text_format=City) as stream:
            async for event in stream:
                if event.type == "response.output_text.delta":
                    snapshots.append(stream.parsed_snapshot)
            return await stream.get_final_response()

    final = flavor.run(asynchronous if flavor.is_async else sync)
    assert final.output_parsed == City.model_validate_json(PARIS)
    assert snapshots[-1] == City.model_validate_json(PARIS).model_dump(mode="json")
    assert len(snapshots) > 2


@pytest.mark.parametrize(
    "error",
    [
        openwire.LengthFinishReasonError("cut", completion={"id": "c"}),
        openwire.OutputValidationError("bad", response={"id": "r"}, content="{", errors=["a: b"]),
        openwire.StrictSchemaError("City.extras", "a dict"),
        openwire.ToolArgumentsError("bad", tool_name="Weather", arguments="{", errors=[]),
    ],
    ids=lambda e: type(e).__name__,
)
def test_the_helper_errors_pickle_with_what_they_carry(error: Exception) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__
