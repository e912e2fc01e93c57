"""`client.conversations` and its items on both clients: call shapes as the official SDK's (the
object's own id positional, an item's conversation as a keyword), the requests sent, pagination,
and conversations as the context of responses."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx

import openwire
from conftest import Flavor
from openwire.testing import LocalServer
from openwire.types.conversations import (
    Conversation,
    ConversationDeleted,
    ConversationItemList,
    Message,
)

MODEL = "gpt-5.4"


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def client_of(flavor: Flavor, server: LocalServer, **kwargs: Any) -> Any:
    return flavor.local(server, **kwargs)


def test_create_retrieve_update_delete(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    created = flavor.run(
        lambda c: c.conversations.create(
            items=[{"role": "user", "content": "hi"}], metadata={"topic": "demo"}
        ),
        client,
    )
    assert isinstance(created, Conversation)
    assert created.id.startswith("conv_")
    assert server.last_request.json == {
        "items": [{"role": "user", "content": "hi"}],
        "metadata": {"topic": "demo"},
    }
    got = flavor.run(lambda c: c.conversations.retrieve(created.id), client)
    assert got.metadata == {"topic": "demo"}
    updated = flavor.run(lambda c: c.conversations.update(created.id, metadata={"topic": "other"}), client)
    assert updated.metadata == {"topic": "other"}
    assert (server.last_request.method, server.last_request.path) == ("POST", f"/conversations/{created.id}")
    deleted = flavor.run(lambda c: c.conversations.delete(created.id), client)
    assert isinstance(deleted, ConversationDeleted)
    assert deleted.deleted is True
    with pytest.raises(openwire.NotFoundError):
        flavor.run(lambda c: c.conversations.retrieve(created.id), client)


def test_items_create_sends_include_in_the_query(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/conversations/conv_1/items").respond(
        json={"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    )
    items = [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hello"}]}]
    result = flavor.run(
        lambda c: c.conversations.items.create(
            "conv_1", items=items, include=["message.input_image.image_url"]
        ),
        flavor.client(),
    )
    assert isinstance(result, ConversationItemList)
    request = route.calls.last.request
    assert json.loads(request.content) == {"items": items}
    assert request.url.params["include"] == "message.input_image.image_url"


def test_items_list_retrieve_and_delete(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    conversation = flavor.run(
        lambda c: c.conversations.create(
            items=[{"role": "user", "content": f"message {n}"} for n in range(5)]
        ),
        client,
    )

    def every(c: Any) -> Any:
        if flavor.is_async:

            async def go() -> list[Any]:
                return [
                    item async for item in c.conversations.items.list(conversation.id, limit=2, order="asc")
                ]

            return go()
        return list(c.conversations.items.list(conversation.id, limit=2, order="asc"))

    items = flavor.run(every, client)
    assert [type(item) for item in items] == [Message] * 5
    assert [item.content[0].text for item in items] == [f"message {n}" for n in range(5)]
    pages = [r for r in server.requests if r.method == "GET" and r.path.endswith("/items")]
    assert [page.query.get("after") for page in pages] == [None, items[1].id, items[3].id]

    first = items[0]
    got = flavor.run(
        lambda c: c.conversations.items.retrieve(first.id, conversation_id=conversation.id), client
    )
    assert got.id == first.id
    assert server.last_request.path == f"/conversations/{conversation.id}/items/{first.id}"
    after = flavor.run(
        lambda c: c.conversations.items.delete(first.id, conversation_id=conversation.id), client
    )
    assert isinstance(after, Conversation)
    assert after.id == conversation.id
    assert len(server.stored_conversations[conversation.id]) == 4


def test_a_conversation_carries_the_context_of_responses(flavor: Flavor, server: LocalServer) -> None:
    client = client_of(flavor, server)
    conversation = flavor.run(lambda c: c.conversations.create(), client)
    flavor.run(
        lambda c: c.responses.create(model=MODEL, input="My name is Ada.", conversation=conversation.id),
        client,
    )
    flavor.run(
        lambda c: c.responses.create(
            model=MODEL, input="What is my name?", conversation={"id": conversation.id}
        ),
        client,
    )
    stored = server.stored_conversations[conversation.id]
    assert len(stored) == 4  # two inputs, two outputs
    assert server.last_request.json["conversation"] == {"id": conversation.id}


def test_the_item_id_comes_first_and_the_conversation_is_a_keyword(server: LocalServer) -> None:
    client = server.client()
    with pytest.raises(TypeError):
        client.conversations.items.retrieve("item_1", "conv_1")  # type: ignore[misc]
    with pytest.raises(TypeError):
        client.conversations.items.delete("item_1")  # type: ignore[call-arg]
