"""The return types of `client.responses` and `client.conversations` follow their parameters, and
their views are typed like the methods: checked by `mypy --strict tests/typing` and pyright (strict).

Nothing here is sent: the functions are only type-checked.
"""

from __future__ import annotations

from typing_extensions import assert_type

import openwire
from openwire import APIResponse, AsyncAPIResponse, CursorPage
from openwire._response_stream import AsyncResponseStream, ResponseStream
from openwire.types.conversations import (
    Conversation,
    ConversationDeleted,
    ConversationItem,
    ConversationItemList,
)
from openwire.types.responses import (
    CompactedResponse,
    ParsedResponse,
    Response,
    ResponseInputTokens,
    ResponseItem,
    ResponseStreamEvent,
)


def responses(client: openwire.Client, flag: bool) -> None:
    assert_type(client.responses.create(model="m", input="hi"), Response)
    assert_type(
        client.responses.create(model="m", input="hi", stream=True), openwire.Stream[ResponseStreamEvent]
    )
    assert_type(
        client.responses.create(model="m", input="hi", stream=flag),
        Response | openwire.Stream[ResponseStreamEvent],
    )
    assert_type(client.responses.retrieve("resp_1"), Response)
    assert_type(
        client.responses.retrieve("resp_1", stream=True, starting_after=3),
        openwire.Stream[ResponseStreamEvent],
    )
    assert_type(client.responses.delete("resp_1"), None)
    assert_type(client.responses.cancel("resp_1"), Response)
    assert_type(client.responses.compact(model="m", input="hi"), CompactedResponse)
    assert_type(client.responses.input_items.list("resp_1", limit=5), CursorPage[ResponseItem])
    assert_type(client.responses.input_tokens.count(model="m", input="hi"), ResponseInputTokens)
    with client.responses.stream(model="m", input="hi") as stream:
        assert_type(stream, ResponseStream[None])
        for event in stream:
            assert_type(event, ResponseStreamEvent)
        for text in stream.text_stream:
            assert_type(text, str)
        assert_type(stream.get_final_response(), ParsedResponse[None])
    assert_type(client.responses.with_raw_response.create(model="m", input="hi"), APIResponse[Response])
    assert_type(
        client.responses.with_raw_response.create(model="m", input="hi", stream=True).parse(),
        openwire.Stream[ResponseStreamEvent],
    )
    assert_type(
        client.responses.input_items.with_raw_response.list("resp_1").parse(), CursorPage[ResponseItem]
    )
    client.responses.create(model="m", inputs="hi")  # type: ignore[call-overload]
    client.responses.with_raw_response.stream(model="m", input="hi")  # type: ignore[attr-defined]
    client.responses.retrieve("resp_1", starting_afer=3)  # type: ignore[call-overload]


async def async_responses(client: openwire.AsyncClient) -> None:
    assert_type(await client.responses.create(model="m", input="hi"), Response)
    stream = await client.responses.create(model="m", input="hi", stream=True)
    assert_type(stream, openwire.AsyncStream[ResponseStreamEvent])
    async with client.responses.stream(model="m", input="hi") as helper:
        assert_type(helper, AsyncResponseStream[None])
        async for text in helper.text_stream:
            assert_type(text, str)
        assert_type(await helper.get_final_response(), ParsedResponse[None])
    async for item in client.responses.input_items.list("resp_1"):
        assert_type(item, ResponseItem)
    raw = await client.responses.with_raw_response.retrieve("resp_1")
    assert_type(raw, AsyncAPIResponse[Response])


def conversations(client: openwire.Client) -> None:
    assert_type(client.conversations.create(items=[{"role": "user", "content": "hi"}]), Conversation)
    assert_type(client.conversations.retrieve("conv_1"), Conversation)
    assert_type(client.conversations.update("conv_1", metadata={"k": "v"}), Conversation)
    assert_type(client.conversations.delete("conv_1"), ConversationDeleted)
    assert_type(
        client.conversations.items.create("conv_1", items=[{"role": "user", "content": "hi"}]),
        ConversationItemList,
    )
    assert_type(client.conversations.items.list("conv_1"), CursorPage[ConversationItem])
    assert_type(client.conversations.items.retrieve("item_1", conversation_id="conv_1"), ConversationItem)
    assert_type(client.conversations.items.delete("item_1", conversation_id="conv_1"), Conversation)
    assert_type(
        client.conversations.items.with_raw_response.retrieve("item_1", conversation_id="conv_1"),
        APIResponse[ConversationItem],
    )
    client.conversations.items.retrieve("item_1")  # type: ignore[call-arg]
    client.conversations.items.delete("item_1", conversation="conv_1")  # type: ignore[call-arg]
