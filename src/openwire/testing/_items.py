"""Items, the unit of the Responses API and of conversations: turning what a request sends into
stored items, reading their text, finding a response's context, counting its input tokens."""

from __future__ import annotations

from typing import Any

from ._state import State, StoredConversation, StoredResponse
from ._text import count_tokens, message_text
from ._wire import ApiError

__all__ = [
    "as_chat_messages",
    "context_for",
    "count_input_tokens",
    "find_conversation",
    "find_response",
    "item_text",
    "output_text",
    "to_items",
    "visible_output",
]

_PREFIXES = {
    "message": "msg_",
    "function_call": "fc_",
    "function_call_output": "fco_",
    "reasoning": "rs_",
    "compaction": "cmp_",
}


def to_items(
    state: State, raw: str | list[dict[str, Any]] | None, where: str = "input"
) -> list[dict[str, Any]]:
    """The input of a request (already checked) as stored items: each with an `id` and a `status`,
    a message's text as content parts, an `item_reference` replaced by the item it names."""
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [{"role": "user", "content": raw}]
    return [_to_item(state, item, f"{where}[{index}]") for index, item in enumerate(raw)]


def _to_item(state: State, item: dict[str, Any], where: str) -> dict[str, Any]:
    kind = item.get("type", "message")
    if kind == "item_reference":
        return _referenced(state, item["id"], where)
    item_id = item.get("id") or state.next_hex_id(_PREFIXES.get(kind, "item_"))
    if kind == "message":
        role = item["role"]
        content = item["content"]
        if isinstance(content, str):
            content = [
                {"type": "output_text", "text": content, "annotations": [], "logprobs": []}
                if role == "assistant"
                else {"type": "input_text", "text": content}
            ]
        return {
            "id": item_id,
            "type": "message",
            "status": item.get("status") or "completed",
            "role": role,
            "content": content,
        }
    if kind == "function_call":
        return {
            "id": item_id,
            "type": "function_call",
            "status": item.get("status") or "completed",
            "call_id": item["call_id"],
            "name": item["name"],
            "arguments": item["arguments"],
        }
    if kind == "function_call_output":
        return {
            "id": item_id,
            "type": "function_call_output",
            "status": item.get("status") or "completed",
            "call_id": item["call_id"],
            "output": item["output"],
        }
    return {**item, "id": item_id, "type": kind}


def _referenced(state: State, item_id: str, where: str) -> dict[str, Any]:
    with state.lock:
        for stored in state.responses.values():
            for item in (*stored.input_items, *visible_output(stored)):
                if item.get("id") == item_id:
                    return item
        for conversation in state.conversations.values():
            for item in conversation.items:
                if item.get("id") == item_id:
                    return item
    raise ApiError(
        404,
        f"Item with id '{item_id}' not found (an item_reference names an item of a stored response "
        "or conversation).",
        param=f"{where}.id",
        code="not_found",
    )


def item_text(item: dict[str, Any]) -> str:
    """The text an item contributes to the context (what is moderated and counted)."""
    kind = item.get("type", "message")
    if kind == "message":
        return message_text(item.get("content"))
    if kind == "function_call":
        return str(item.get("arguments") or "")
    if kind == "function_call_output":
        return message_text(item.get("output"))
    if kind == "reasoning":
        return message_text(item.get("summary"))
    return ""


def output_text(items: list[dict[str, Any]]) -> str:
    """The text of the assistant's messages among `items` (what output moderation reads)."""
    return " ".join(item_text(i) for i in items if i.get("type") == "message")


def count_input_tokens(items: list[dict[str, Any]], instructions: str | None) -> int:
    """The input tokens of a response, counted as chat counts messages: a few per item, plus the
    tokens of its text."""
    total = 3 + sum(4 + count_tokens(item_text(item)) for item in items)
    if instructions:
        total += 4 + count_tokens(instructions)
    return total


def as_chat_messages(items: list[dict[str, Any]], instructions: str | None) -> list[dict[str, Any]]:
    """The context as chat messages, so that chat's default reply answers responses too."""
    messages: list[dict[str, Any]] = []
    if instructions:
        messages.append({"role": "developer", "content": instructions})
    for item in items:
        kind = item.get("type", "message")
        if kind == "message":
            messages.append({"role": item["role"], "content": message_text(item.get("content"))})
        elif kind == "function_call":
            function = {"name": item["name"], "arguments": item["arguments"]}
            call = {"id": item["call_id"], "type": "function", "function": function}
            messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind == "function_call_output":
            messages.append({"role": "tool", "tool_call_id": item["call_id"], "content": item_text(item)})
    return messages


def find_response(state: State, response_id: str, *, param: str = "response_id") -> StoredResponse:
    """A stored response, or the API's 404."""
    with state.lock:
        stored = state.responses.get(response_id)
    if stored is None:
        raise ApiError(
            404,
            f"Response with id '{response_id}' not found. Only responses created with store=true "
            "(the default) are kept.",
            param=param,
            code="not_found",
        )
    return stored


def find_conversation(
    state: State, conversation_id: str, *, param: str = "conversation_id"
) -> StoredConversation:
    """A conversation, or the API's 404."""
    with state.lock:
        found = state.conversations.get(conversation_id)
    if found is None:
        raise ApiError(
            404, f"Conversation with id '{conversation_id}' not found.", param=param, code="not_found"
        )
    return found


def visible_output(stored: StoredResponse) -> list[dict[str, Any]]:
    """The output a stored response shows now: all of it once it has ended, none before."""
    if stored.status in ("completed", "incomplete"):
        output: list[dict[str, Any]] = stored.response["output"]
        return output
    return []


def context_for(state: State, body: dict[str, Any]) -> tuple[list[dict[str, Any]], StoredConversation | None]:
    """The items a response continues from: the previous response's context and output, or the
    conversation's items. Raises the API's 404 for an unknown id."""
    previous_id = body.get("previous_response_id")
    if previous_id is not None:
        stored = find_response(state, previous_id, param="previous_response_id")
        with state.lock:
            return [*stored.history, *stored.input_items, *visible_output(stored)], None
    conversation = body.get("conversation")
    if conversation is None:
        return [], None
    conversation_id = conversation if isinstance(conversation, str) else conversation["id"]
    found = find_conversation(state, conversation_id, param="conversation")
    with state.lock:
        return list(found.items), found
