"""The helpers' answers are typed by the output type you pass: `parse(...)`'s `.parsed`, the stream
helpers' events and final completion, `accumulate`. Checked by `mypy --strict tests/typing` and
pyright (strict).

Nothing here is sent: the functions are only type-checked.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from typing_extensions import assert_type

import openwire
from openwire import AsyncChatCompletionStream, ChatCompletionStream, ResponseStream
from openwire.types.chat import (
    ChatCompletion,
    ChatCompletionStreamEvent,
    ParsedChatCompletion,
    ParsedChatCompletionMessage,
)
from openwire.types.responses import ParsedResponse

MESSAGES: list[Any] = [{"role": "user", "content": "hi"}]


class City(BaseModel):
    name: str


def chat(client: openwire.Client) -> None:
    completion = client.chat.completions.parse(model="m", messages=MESSAGES, response_format=City)
    assert_type(completion, ParsedChatCompletion[City])
    message = completion.choices[0].message
    assert_type(message, ParsedChatCompletionMessage[City])
    assert_type(message.parsed, City | None)
    assert_type(client.chat.completions.parse(model="m", messages=MESSAGES), ParsedChatCompletion[None])
    tool = openwire.pydantic_function_tool(City)
    client.chat.completions.parse(
        model="m", messages=MESSAGES, tools=[tool, {"type": "function", "function": {"name": "f"}}]
    )
    client.chat.completions.parse(model="m", messages=MESSAGES, response_format=City, stream=True)  # type: ignore[call-overload]
    with client.chat.completions.stream(model="m", messages=MESSAGES, response_format=City) as stream:
        assert_type(stream, ChatCompletionStream[City])
        for event in stream:
            assert_type(event, ChatCompletionStreamEvent[City])
            if event.type == "content.done":
                assert_type(event.parsed, City | None)
        for text in stream.text_stream:
            assert_type(text, str)
    assert_type(stream.get_final_completion(), ParsedChatCompletion[City])
    assert_type(
        openwire.accumulate(client.chat.completions.create(model="m", messages=MESSAGES, stream=True)),
        ChatCompletion,
    )


async def chat_async(client: openwire.AsyncClient) -> None:
    completion = await client.chat.completions.parse(model="m", messages=MESSAGES, response_format=City)
    assert_type(completion.choices[0].message.parsed, City | None)
    async with client.chat.completions.stream(model="m", messages=MESSAGES) as stream:
        assert_type(stream, AsyncChatCompletionStream[None])
        async for text in stream.text_stream:
            assert_type(text, str)
    assert_type(await stream.get_final_completion(), ParsedChatCompletion[None])
    stream_of_chunks = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    assert_type(await openwire.aaccumulate(stream_of_chunks), ChatCompletion)


def responses(client: openwire.Client) -> None:
    response = client.responses.parse(model="m", input="hi", text_format=City)
    assert_type(response, ParsedResponse[City])
    assert_type(response.output_parsed, City | None)
    assert_type(response.output_text, str)
    with client.responses.stream(model="m", input="hi", text_format=City) as stream:
        assert_type(stream, ResponseStream[City])
    assert_type(stream.get_final_response().output_parsed, City | None)
    client.responses.parse(model="m", input="hi", text_fromat=City)  # type: ignore[call-overload]


async def responses_async(client: openwire.AsyncClient) -> None:
    response = await client.responses.parse(model="m", input="hi", text_format=City)
    assert_type(response.output_parsed, City | None)
