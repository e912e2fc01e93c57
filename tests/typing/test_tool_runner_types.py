"""The types of the tool runners follow `response_format` / `text_format`: checked by
`mypy --strict tests/typing` and pyright.

Nothing here is sent: the functions are only type-checked (pytest collects no tests from them).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel
from typing_extensions import assert_type

import openwire
from openwire import function_tool
from openwire._tool_runner import (
    AsyncChatToolRunner,
    AsyncResponseToolRunner,
    ChatToolRunner,
    ResponseToolRunner,
    ToolRound,
)
from openwire.types.chat import ChatCompletionMessageParam
from openwire.types.chat.parsed import ParsedChatCompletion, ParsedFunctionToolCall
from openwire.types.responses.input_params import ResponseInputItemParam
from openwire.types.responses.parsed import ParsedResponse, ParsedResponseFunctionToolCall


class Forecast(BaseModel):
    city: str
    temperature: int


def get_weather(city: str) -> str:
    """The weather in a city now."""
    return f"{city}: 21C"


async def fetch(url: str) -> str:
    return url


MESSAGES: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Weather in Paris?"}]

ChatRound = ToolRound[ParsedChatCompletion[Forecast], ParsedFunctionToolCall]
ResponseRound = ToolRound[ParsedResponse[Forecast], ParsedResponseFunctionToolCall]


def check_chat_runner(client: openwire.Client) -> None:
    runner = client.chat.completions.run_tools(
        model="m", messages=MESSAGES, tools=[get_weather, function_tool(fetch)], response_format=Forecast
    )
    assert_type(runner, ChatToolRunner[Forecast])
    for round_ in runner:
        assert_type(round_, ChatRound)
        assert_type(round_.index, int)
        assert_type(round_.completion, ParsedChatCompletion[Forecast])
        assert_type(round_.tool_calls, tuple[ParsedFunctionToolCall, ...])
        assert_type(round_.outputs, Mapping[str, str])
    assert_type(runner.until_done(), ParsedChatCompletion[Forecast])
    assert_type(runner.rounds, list[ChatRound])
    assert_type(runner.messages, list[ChatCompletionMessageParam])

    plain = client.chat.completions.run_tools(model="m", messages=MESSAGES, tools=[get_weather], max_rounds=3)
    assert_type(plain.until_done(), ParsedChatCompletion[None])
    client.chat.completions.run_tools(model="m", messages=MESSAGES, tools=[42])  # type: ignore[list-item]
    client.chat.completions.run_tools(model="m", messages=MESSAGES)  # type: ignore[call-overload]


async def check_async_chat_runner(client: openwire.AsyncClient) -> None:
    runner = client.chat.completions.run_tools(
        model="m", messages=MESSAGES, tools=[fetch], response_format=Forecast
    )
    assert_type(runner, AsyncChatToolRunner[Forecast])
    async for round_ in runner:
        assert_type(round_, ChatRound)
    assert_type(await runner.until_done(), ParsedChatCompletion[Forecast])
    assert_type(runner.messages, list[ChatCompletionMessageParam])


def check_response_runner(client: openwire.Client) -> None:
    runner = client.responses.run_tools(model="m", input="hi", tools=[get_weather], text_format=Forecast)
    assert_type(runner, ResponseToolRunner[Forecast])
    for round_ in runner:
        assert_type(round_, ResponseRound)
        assert_type(round_.tool_calls, tuple[ParsedResponseFunctionToolCall, ...])
    assert_type(runner.until_done(), ParsedResponse[Forecast])
    assert_type(runner.input, list[ResponseInputItemParam])
    plain = client.responses.run_tools(model="m", input="hi", tools=[get_weather], store=False)
    assert_type(plain.until_done(), ParsedResponse[None])


async def check_async_response_runner(client: openwire.AsyncClient) -> None:
    runner = client.responses.run_tools(model="m", input="hi", tools=[fetch], text_format=Forecast)
    assert_type(runner, AsyncResponseToolRunner[Forecast])
    async for round_ in runner:
        assert_type(round_, ResponseRound)
    assert_type(await runner.until_done(), ParsedResponse[Forecast])
