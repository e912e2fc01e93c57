"""Conversations: create, retrieve, update metadata and delete them; add, list, retrieve and delete
their items. A response created with `conversation` reads the items and adds its input and output."""

from __future__ import annotations

from typing import Any

from ._checks import check_metadata, missing
from ._items import find_conversation, to_items
from ._response_checks import check_include_query, check_item_list
from ._state import State, StoredConversation
from ._stored import page
from ._wire import ApiError, Request, Response, json_response

__all__ = [
    "add_items",
    "create_conversation",
    "delete_conversation",
    "delete_item",
    "list_items",
    "retrieve_conversation",
    "retrieve_item",
    "update_conversation",
]


def create_conversation(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /conversations`: with optional first `items` (up to 20) and `metadata`."""
    check_metadata(body)
    raw = check_item_list(body, "items", required=False)
    conversation_id = state.next_hex_id("conv_")
    conversation = {
        "id": conversation_id,
        "object": "conversation",
        "created_at": state.now(),
        "metadata": dict(body.get("metadata") or {}),
    }
    items = to_items(state, raw, "items")
    with state.lock:
        state.conversations[conversation_id] = StoredConversation(conversation, items)
    return json_response(conversation)


def retrieve_conversation(state: State, request: Request, conversation_id: str) -> Response:
    """`GET /conversations/{id}`."""
    return json_response(find_conversation(state, conversation_id).conversation)


def update_conversation(
    state: State, request: Request, conversation_id: str, body: dict[str, Any]
) -> Response:
    """`POST /conversations/{id}`: replace the metadata."""
    found = find_conversation(state, conversation_id)
    if "metadata" not in body:
        raise missing("metadata")
    check_metadata(body)
    with state.lock:
        found.conversation = {**found.conversation, "metadata": dict(body["metadata"] or {})}
        return json_response(found.conversation)


def delete_conversation(state: State, request: Request, conversation_id: str) -> Response:
    """`DELETE /conversations/{id}` (its items go with it)."""
    find_conversation(state, conversation_id)
    with state.lock:
        state.conversations.pop(conversation_id, None)
    return json_response({"id": conversation_id, "object": "conversation.deleted", "deleted": True})


def add_items(state: State, request: Request, conversation_id: str, body: dict[str, Any]) -> Response:
    """`POST /conversations/{id}/items`: add up to 20 items; answers the list of those added."""
    found = find_conversation(state, conversation_id)
    check_include_query(request)
    added = to_items(state, check_item_list(body, "items", required=True), "items")
    with state.lock:
        found.items.extend(added)
    return json_response(
        {
            "object": "list",
            "data": added,
            "first_id": added[0]["id"],
            "last_id": added[-1]["id"],
            "has_more": False,
        }
    )


def list_items(state: State, request: Request, conversation_id: str) -> Response:
    """`GET /conversations/{id}/items`: newest first unless `order=asc`."""
    found = find_conversation(state, conversation_id)
    check_include_query(request)
    with state.lock:
        items = list(found.items)
    return page(request, items, default_order="desc")


def _item_index(found: StoredConversation, conversation_id: str, item_id: str) -> int:
    for index, item in enumerate(found.items):
        if item.get("id") == item_id:
            return index
    raise ApiError(
        404,
        f"Item with id '{item_id}' not found in conversation '{conversation_id}'.",
        param="item_id",
        code="not_found",
    )


def retrieve_item(state: State, request: Request, conversation_id: str, item_id: str) -> Response:
    """`GET /conversations/{id}/items/{item_id}`."""
    found = find_conversation(state, conversation_id)
    check_include_query(request)
    with state.lock:
        return json_response(found.items[_item_index(found, conversation_id, item_id)])


def delete_item(state: State, request: Request, conversation_id: str, item_id: str) -> Response:
    """`DELETE /conversations/{id}/items/{item_id}`: answers the conversation."""
    found = find_conversation(state, conversation_id)
    with state.lock:
        del found.items[_item_index(found, conversation_id, item_id)]
        return json_response(found.conversation)
