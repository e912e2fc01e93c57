"""The return type of `chat.completions.create` follows `stream`: checked by `mypy --strict tests/typing`.

Nothing here is sent: the functions are only type-checked (pytest collects no tests from them).
"""

from __future__ import annotations

from typing_extensions import assert_type

import openwire
from openwire.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessageParam


def sync_calls(client: openwire.Client, flag: bool) -> None:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]
    assert_type(client.chat.completions.create(model="m", messages=messages), ChatCompletion)
    assert_type(client.chat.completions.create(model="m", messages=messages, stream=False), ChatCompletion)
    assert_type(
        client.chat.completions.create(model="m", messages=messages, stream=True),
        openwire.Stream[ChatCompletionChunk],
    )
    assert_type(
        client.chat.completions.create(model="m", messages=messages, stream=flag),
        ChatCompletion | openwire.Stream[ChatCompletionChunk],
    )
    # per-call options mix with the API's parameters
    assert_type(
        client.chat.completions.create(model="m", messages=messages, timeout=5, extra_body={"top_k": 3}),
        ChatCompletion,
    )
    # a message from a response goes back into the conversation as it is
    completion = client.chat.completions.create(model="m", messages=messages)
    messages.append(completion.choices[0].message)
    client.chat.completions.create(model="m", messages=messages, temprature=1)  # type: ignore[call-overload]
    client.chat.completions.create(messages=messages)  # type: ignore[call-overload]


async def async_calls(client: openwire.AsyncClient) -> None:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]
    assert_type(await client.chat.completions.create(model="m", messages=messages), ChatCompletion)
    stream = await client.chat.completions.create(model="m", messages=messages, stream=True)
    assert_type(stream, openwire.AsyncStream[ChatCompletionChunk])
    async for chunk in stream:
        assert_type(chunk, ChatCompletionChunk)
    async for stored in client.chat.completions.list(limit=10):
        assert_type(stored, ChatCompletion)
    page = await client.chat.completions.list()
    assert_type(page.data, list[ChatCompletion])


def stored(client: openwire.Client) -> None:
    for completion in client.chat.completions.list(limit=10, order="desc"):
        assert_type(completion, ChatCompletion)
    for message in client.chat.completions.messages.list("chatcmpl-1"):
        assert_type(message.content, str | None)
