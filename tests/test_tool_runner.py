"""The tool runners, `chat.completions.run_tools` and `responses.run_tools`, on both clients against
the local server: the round trip, parallel calls and their order, concurrency on `AsyncClient`, the
round bound, calls the runner answers itself (an unknown tool, arguments that do not fit), a tool
that raises, the parsed answer, and the two ways a Responses conversation is continued."""

from __future__ import annotations

import pickle
from typing import Any

import anyio
import pytest
from pydantic import BaseModel

import openwire
from conftest import Flavor
from openwire import function_tool, pydantic_function_tool
from openwire._exceptions import ToolRoundsExceededError
from openwire._tool_runner import ToolRound
from openwire.testing import LocalServer, Reply, ToolCall

MODEL = "gpt-4o"
MESSAGES = [{"role": "user", "content": "Weather in Paris?"}]


def get_weather(city: str) -> str:
    """The weather in a city now."""
    return f"{city}: 21C"


@function_tool
def get_time(city: str) -> str:
    """The time in a city now."""
    return f"{city}: noon"


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def client_of(flavor: Flavor, server: LocalServer, **kwargs: Any) -> Any:
    return flavor.local(server, **kwargs)


def until_done(flavor: Flavor, runner: Any) -> Any:
    return flavor.run(runner.until_done)


def rounds_of(flavor: Flavor, runner: Any) -> list[Any]:
    """Every round, by iterating the runner."""
    if not flavor.is_async:
        return list(runner)

    async def collect() -> list[Any]:
        return [round_ async for round_ in runner]

    result: list[Any] = flavor.run(collect)
    return result


def chat_runner(flavor: Flavor, server: LocalServer, **params: Any) -> Any:
    params.setdefault("model", MODEL)
    params.setdefault("messages", MESSAGES)
    params.setdefault("tools", [get_weather, get_time])
    return client_of(flavor, server).chat.completions.run_tools(**params)


# --- chat ----------------------------------------------------------------------------------------


def test_a_tool_round_trip_ends_in_text(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"}, id="call_1")]))
    runner = chat_runner(flavor, server)
    assert server.requests == []  # nothing is sent before the runner is used

    rounds = rounds_of(flavor, runner)

    assert [round_.index for round_ in rounds] == [0, 1]
    first, last = rounds
    assert isinstance(first, ToolRound)
    assert [call.function.name for call in first.tool_calls] == ["get_weather"]
    assert first.tool_calls[0].function.parsed_arguments.city == "Paris"
    assert first.outputs == {"call_1": "Paris: 21C"}
    assert last.tool_calls == ()
    assert last.outputs == {}
    completion = until_done(flavor, runner)  # already done: the answer, with no further call
    assert completion is last.completion
    assert completion.choices[0].message.content == "The tool returned: Paris: 21C"
    assert len(server.requests) == 2
    assert runner.rounds == rounds
    assert runner.messages == [
        *MESSAGES,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "Paris: 21C"},
        {"role": "assistant", "content": "The tool returned: Paris: 21C"},
    ]
    sent = server.requests[1].json
    assert sent["messages"] == runner.messages[:3]
    assert [tool["function"]["name"] for tool in sent["tools"]] == ["get_weather", "get_time"]


def test_each_round_is_run_when_iterated(flavor: Flavor, server: LocalServer) -> None:
    runner = chat_runner(flavor, server)
    first = flavor.run(runner.__anext__) if flavor.is_async else next(iter(runner))
    assert first.index == 0
    assert len(server.requests) == 1
    assert [call.function.name for call in first.tool_calls] == ["get_weather"]  # the first tool
    completion = until_done(flavor, runner)
    assert completion.choices[0].message.content.startswith("The tool returned:")
    assert len(server.requests) == 2
    assert rounds_of(flavor, runner) == []  # done: nothing more


def test_parallel_calls_are_answered_in_their_order(flavor: Flavor, server: LocalServer) -> None:
    server.reply(
        Reply(
            tool_calls=[
                ToolCall("get_weather", {"city": "Paris"}, id="call_a"),
                ToolCall("get_time", {"city": "Tokyo"}, id="call_b"),
            ]
        ),
        "final",
    )
    runner = chat_runner(flavor, server)
    completion = until_done(flavor, runner)

    assert completion.choices[0].message.content == "final"
    (first, _) = runner.rounds
    assert list(first.outputs.items()) == [("call_a", "Paris: 21C"), ("call_b", "Tokyo: noon")]
    sent = server.last_request.json["messages"]
    assert [message["role"] for message in sent] == ["user", "assistant", "tool", "tool"]
    assert [call["id"] for call in sent[1]["tool_calls"]] == ["call_a", "call_b"]
    assert sent[2:] == [
        {"role": "tool", "tool_call_id": "call_a", "content": "Paris: 21C"},
        {"role": "tool", "tool_call_id": "call_b", "content": "Tokyo: noon"},
    ]


@pytest.mark.anyio
async def test_async_calls_of_a_round_run_at_the_same_time() -> None:
    # Each tool waits for the other to have started: only concurrent calls can both finish.
    first_started, second_started = anyio.Event(), anyio.Event()

    async def first() -> str:
        """Wait for the second."""
        first_started.set()
        await second_started.wait()
        return "one"

    async def second() -> str:
        """Wait for the first."""
        second_started.set()
        await first_started.wait()
        return "two"

    server = LocalServer()
    server.reply(Reply(tool_calls=[ToolCall("first", {}, id="c1"), ToolCall("second", {}, id="c2")]), "done")
    async with server.async_client() as client:
        runner = client.chat.completions.run_tools(model=MODEL, messages=MESSAGES, tools=[first, second])
        with anyio.fail_after(5):
            completion = await runner.until_done()
    assert completion.choices[0].message.content == "done"
    assert runner.rounds[0].outputs == {"c1": "one", "c2": "two"}
    assert [m["content"] for m in server.last_request.json["messages"][2:]] == ["one", "two"]


def test_a_client_refuses_an_async_tool_before_calling(server: LocalServer) -> None:
    async def fetch(url: str) -> str:
        return url

    with pytest.raises(openwire.InvalidInputError, match="AsyncClient"):
        server.client().chat.completions.run_tools(model=MODEL, messages=MESSAGES, tools=[fetch])
    assert server.requests == []


def test_the_round_bound_raises_with_the_rounds(flavor: Flavor, server: LocalServer) -> None:
    calls = Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"})])
    server.reply(calls, calls, calls)
    runner = chat_runner(flavor, server, max_rounds=2)

    with pytest.raises(ToolRoundsExceededError) as caught:
        until_done(flavor, runner)

    error = caught.value
    assert len(error.rounds) == 2
    assert all(round_.tool_calls for round_ in error.rounds)
    assert len(server.requests) == 2  # two model calls, no third
    # The last round's calls were run: the conversation can be carried on as it is.
    assert [message["role"] for message in error.messages] == [
        "user",
        "assistant",
        "tool",
        "assistant",
        "tool",
    ]
    assert error.messages == runner.messages
    assert "max_rounds=2" in str(error)
    assert "get_weather" in str(error)
    with pytest.raises(ToolRoundsExceededError):  # and again: the runner stays at its bound
        until_done(flavor, runner)


def test_the_bound_error_pickles() -> None:
    error = ToolRoundsExceededError("stopped", rounds=[1], messages=[{"role": "user", "content": "hi"}])
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.rounds, copy.messages) == ("stopped", [1], [{"role": "user", "content": "hi"}])


def test_unknown_tools_and_bad_arguments_are_sent_back(flavor: Flavor, server: LocalServer) -> None:
    server.reply(
        Reply(
            tool_calls=[
                ToolCall("get_news", {}, id="call_unknown"),
                ToolCall("get_weather", '{"city": ', id="call_not_json"),
                ToolCall("get_weather", {"town": "Paris"}, id="call_misfit"),
                ToolCall("get_weather", {"city": "Oslo"}, id="call_fine"),
            ]
        ),
        "Sorry, let me answer anyway.",
    )
    runner = chat_runner(flavor, server)
    completion = until_done(flavor, runner)

    assert completion.choices[0].message.content == "Sorry, let me answer anyway."
    outputs = runner.rounds[0].outputs
    assert (
        outputs["call_unknown"] == "There is no tool named 'get_news'. The tools are: get_weather, get_time."
    )
    assert outputs["call_not_json"].startswith("The arguments for the tool 'get_weather' were not valid JSON")
    assert "city" in outputs["call_misfit"]
    assert outputs["call_misfit"].startswith("The arguments for the tool 'get_weather' did not fit")
    assert outputs["call_fine"] == "Oslo: 21C"
    calls = runner.rounds[0].tool_calls
    assert [call.function.parsed_arguments for call in calls[:3]] == [None, None, None]
    sent = server.last_request.json["messages"][2:]
    assert [(m["tool_call_id"], m["content"]) for m in sent] == list(outputs.items())


def test_an_exception_from_a_tool_propagates(flavor: Flavor, server: LocalServer) -> None:
    failures = [RuntimeError("the weather service is down")]

    def flaky(city: str) -> str:
        """The weather, when the service is up."""
        if failures:
            raise failures.pop()
        return f"{city}: 21C"

    server.reply(Reply(tool_calls=[ToolCall("flaky", {"city": "Paris"}, id="c1")]), "fine")
    runner = chat_runner(flavor, server, tools=[flaky])

    with pytest.raises(RuntimeError, match="service is down"):  # as it is, in no exception group
        until_done(flavor, runner)
    assert runner.messages == MESSAGES  # the round was not finished
    assert len(server.requests) == 1

    completion = until_done(flavor, runner)  # carrying on runs that round's calls again
    assert completion.choices[0].message.content == "fine"
    assert runner.rounds[0].outputs == {"c1": "Paris: 21C"}
    assert len(server.requests) == 2


def test_an_exception_from_an_async_tool_cancels_the_others(server: LocalServer) -> None:
    finished: list[str] = []

    async def slow() -> str:
        """Takes its time."""
        await anyio.sleep(5)
        finished.append("slow")
        return "slow"

    async def broken() -> str:
        """Fails."""
        raise ValueError("broken")

    server.reply(Reply(tool_calls=[ToolCall("slow", {}), ToolCall("broken", {})]))

    async def go() -> None:
        async with server.async_client() as client:
            runner = client.chat.completions.run_tools(model=MODEL, messages=MESSAGES, tools=[slow, broken])
            with anyio.fail_after(3):
                await runner.until_done()

    with pytest.raises(ValueError, match="broken"):
        anyio.run(go)
    assert finished == []


class Forecast(BaseModel):
    city: str
    temperature: int


def test_the_answer_is_parsed_with_response_format(flavor: Flavor, server: LocalServer) -> None:
    server.reply(
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"})]), '{"city": "Paris", "temperature": 21}'
    )
    runner = chat_runner(flavor, server, response_format=Forecast)
    completion = until_done(flavor, runner)

    assert completion.choices[0].message.parsed == Forecast(city="Paris", temperature=21)
    formats = [request.json["response_format"] for request in server.requests]
    assert [f["type"] for f in formats] == ["json_schema", "json_schema"]
    assert formats[0]["json_schema"]["name"] == "Forecast"


def test_tools_are_checked_before_anything_is_sent(server: LocalServer) -> None:
    client = server.client()

    class Ticket(BaseModel):
        title: str

    with pytest.raises(openwire.InvalidInputError, match="no function to run"):
        client.chat.completions.run_tools(
            model=MODEL, messages=MESSAGES, tools=[pydantic_function_tool(Ticket)]
        )
    with pytest.raises(openwire.InvalidInputError, match="Two tools are named 'get_time'"):
        client.chat.completions.run_tools(model=MODEL, messages=MESSAGES, tools=[get_time, get_time])
    with pytest.raises(openwire.InvalidInputError, match="max_rounds"):
        client.responses.run_tools(model=MODEL, input="hi", tools=[get_weather], max_rounds=0)
    with pytest.raises(openwire.InvalidInputError, match="background response"):
        client.responses.run_tools(model=MODEL, input="hi", tools=[get_weather], background=True)
    with pytest.raises(openwire.InvalidInputError, match="choose whether to stream"):
        client.chat.completions.run_tools(
            model=MODEL, messages=MESSAGES, tools=[get_time], stream=True
        ).until_done()
    assert server.requests == []


# --- responses -----------------------------------------------------------------------------------


def response_runner(flavor: Flavor, server: LocalServer, **params: Any) -> Any:
    params.setdefault("model", MODEL)
    params.setdefault("input", "Weather in Paris?")
    params.setdefault("tools", [get_weather, get_time])
    return client_of(flavor, server).responses.run_tools(**params)


def test_a_stored_response_is_continued_by_id(flavor: Flavor, server: LocalServer) -> None:
    server.reply(
        Reply(
            tool_calls=[
                ToolCall("get_weather", {"city": "Paris"}, id="call_a"),
                ToolCall("get_time", {"city": "Paris"}, id="call_b"),
            ]
        )
    )
    runner = response_runner(flavor, server, instructions="Be brief.")
    rounds = rounds_of(flavor, runner)
    response = until_done(flavor, runner)

    assert response.output_text == "The tool returned: Paris: 21C; Paris: noon"
    assert [round_.completion.id for round_ in rounds][-1] == response.id
    assert [call.name for call in rounds[0].tool_calls] == ["get_weather", "get_time"]
    assert rounds[0].tool_calls[0].parsed_arguments.city == "Paris"
    assert rounds[0].outputs == {"call_a": "Paris: 21C", "call_b": "Paris: noon"}
    first, second = (request.json for request in server.requests)
    assert first["input"] == "Weather in Paris?"
    assert "previous_response_id" not in first
    assert second["previous_response_id"] == rounds[0].completion.id
    assert second["instructions"] == "Be brief."  # not carried over by the API: sent again
    assert second["input"] == [
        {"type": "function_call_output", "call_id": "call_a", "output": "Paris: 21C"},
        {"type": "function_call_output", "call_id": "call_b", "output": "Paris: noon"},
    ]
    kinds = [item["type"] for item in runner.input]
    assert kinds == [
        "message",
        "function_call",
        "function_call",
        "function_call_output",
        "function_call_output",
        "message",
    ]


def test_without_store_the_whole_history_is_sent(flavor: Flavor, server: LocalServer) -> None:
    server.reply(Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"}, id="call_a")]))
    runner = response_runner(flavor, server, store=False)
    response = until_done(flavor, runner)

    assert response.output_text == "The tool returned: Paris: 21C"
    second = server.requests[1].json
    assert "previous_response_id" not in second
    assert second["store"] is False
    call_item = runner.rounds[0].completion.output[0]
    user, sent_call, output = second["input"]
    assert user == {"type": "message", "role": "user", "content": "Weather in Paris?"}
    assert output == {"type": "function_call_output", "call_id": "call_a", "output": "Paris: 21C"}
    assert sent_call["type"] == "function_call"
    assert (sent_call["id"], sent_call["call_id"], sent_call["name"]) == (
        call_item.id,
        "call_a",
        "get_weather",
    )
    assert "parsed_arguments" not in sent_call  # as the API sent it
    assert runner.input == [*second["input"], response.output[0].to_dict()]


def test_a_responses_round_bound(flavor: Flavor, server: LocalServer) -> None:
    calls = Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"})])
    server.reply(calls, calls)
    runner = response_runner(flavor, server, max_rounds=1, input=[{"role": "user", "content": "Weather?"}])
    with pytest.raises(ToolRoundsExceededError) as caught:
        until_done(flavor, runner)
    assert len(caught.value.rounds) == 1
    assert [item["type"] for item in caught.value.messages[1:]] == ["function_call", "function_call_output"]
    assert caught.value.messages[0] == {"role": "user", "content": "Weather?"}


def test_a_conversation_carries_the_items(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    conversation = flavor.run(lambda c: c.conversations.create(), client)
    server.reply(Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"}, id="call_a")]))
    runner = client.responses.run_tools(
        model=MODEL, input="Weather in Paris?", tools=[get_weather], conversation=conversation.id
    )
    response = until_done(flavor, runner)
    assert response.output_text == "The tool returned: Paris: 21C"
    second = server.last_request.json
    assert "previous_response_id" not in second
    assert second["conversation"] == conversation.id
    assert second["input"] == [{"type": "function_call_output", "call_id": "call_a", "output": "Paris: 21C"}]


def test_the_responses_answer_is_parsed_with_text_format(flavor: Flavor, server: LocalServer) -> None:
    server.reply(
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"})]), '{"city": "Paris", "temperature": 21}'
    )
    response = until_done(flavor, response_runner(flavor, server, text_format=Forecast))
    assert response.output_parsed == Forecast(city="Paris", temperature=21)
    assert all(request.json["text"]["format"]["name"] == "Forecast" for request in server.requests)
