"""`POST /responses`: checking the request, working out the answer (reusing chat's replies), and
writing it whole or as the Responses API's typed event stream. Also `input_tokens` and `compact`.

Stored responses, background progress and replayed streams live in `_response_store.py`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from ._chat import default_reply, make_choice, token_logprobs
from ._items import (
    as_chat_messages,
    context_for,
    count_input_tokens,
    item_text,
    output_text,
    to_items,
)
from ._moderation import response_moderation
from ._response_checks import check_compact, check_response, check_token_count
from ._state import State, StoredConversation, StoredResponse
from ._text import count_tokens, digest, message_text, pieces
from ._wire import Request, Response, json_response, sse

__all__ = ["compact", "count_tokens_of", "create_response", "finish", "snapshot", "stream_events"]

_ARGUMENT_PIECE = 12  # characters per function_call_arguments.delta, as chat streams arguments


@dataclass
class _Answer:
    """What the model "said", before it is written out whole or as events."""

    output: list[dict[str, Any]]
    usage: dict[str, Any]
    status: str
    incomplete: dict[str, Any] | None
    moderation: dict[str, Any] | None


def create_response(state: State, request: Request, body: dict[str, Any]) -> Response:
    """Answer `POST /responses` (already parsed as a JSON object)."""
    check_response(body)
    state.check_model(body["model"])
    history, conversation = context_for(state, body)
    input_items = to_items(state, body.get("input"))
    response_id = state.next_hex_id("resp_")
    answer = _answer(state, body, response_id, [*history, *input_items], input_items)
    response = _response_object(state, body, response_id, answer, conversation)
    background = body.get("background") is True
    streamed = body.get("stream") is True
    events = stream_events(response, background=background)
    stored = StoredResponse(
        response=response,
        events=events,
        input_items=input_items,
        history=history,
        status="queued" if background else response["status"],
        background=background,
        conversation_id=conversation.conversation["id"] if conversation else None,
    )
    with state.lock:
        if background:
            stored.polls_left = state.background_polls
        if conversation is not None:
            conversation.items.extend(input_items)
        if response["store"]:
            state.responses[response_id] = stored
        if not background or streamed:  # a stream is the response being worked out as you watch
            finish(state, stored)
    if streamed:
        return sse(events, named=True)
    return json_response(snapshot(stored))


def finish(state: State, stored: StoredResponse) -> None:
    """Bring a response to its end (completed or incomplete) and add its output to its
    conversation. Call with the state's lock held."""
    stored.status = stored.response["status"]
    if stored.conversation_id is not None:
        conversation = state.conversations.get(stored.conversation_id)
        if conversation is not None:
            conversation.items.extend(stored.response["output"])


def snapshot(stored: StoredResponse) -> dict[str, Any]:
    """The response as it stands: whole once it has ended, else its status without output."""
    if stored.status == stored.response["status"]:
        return stored.response
    return _unfinished(stored.response, stored.status)


def _unfinished(response: dict[str, Any], status: str) -> dict[str, Any]:
    shown = {
        **response,
        "status": status,
        "completed_at": None,
        "incomplete_details": None,
        "output": [],
        "usage": None,
    }
    if "moderation" in response:
        shown["moderation"] = None
    return shown


# -- the answer -----------------------------------------------------------------------------------


def _chat_view(body: dict[str, Any], context: list[dict[str, Any]]) -> dict[str, Any]:
    """The request as a chat completion request, so that chat's default reply answers it."""
    functions = [t for t in body.get("tools") or [] if t.get("type") == "function"]
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        if choice.get("type") == "function":
            choice = {"type": "function", "function": {"name": choice["name"]}}
        elif choice.get("type") == "allowed_tools":
            allowed = {t.get("name") for t in choice["tools"] if isinstance(t, dict)}
            functions = [t for t in functions if t["name"] in allowed]
            choice = choice["mode"]
        else:  # a hosted tool (web search, ...): this server answers in words instead
            choice = "none"
    view: dict[str, Any] = {
        "messages": as_chat_messages(context, body.get("instructions")),
        "tools": [
            {"type": "function", "function": {"name": t["name"], "parameters": t.get("parameters")}}
            for t in functions
        ],
        "tool_choice": choice,
        "max_completion_tokens": body.get("max_output_tokens"),
    }
    fmt = (body.get("text") or {}).get("format") or {}
    if fmt.get("type") == "json_schema":
        view["response_format"] = {"type": "json_schema", "json_schema": {"schema": fmt.get("schema")}}
    elif fmt.get("type") == "json_object":
        view["response_format"] = {"type": "json_object"}
    return view


def _answer(
    state: State,
    body: dict[str, Any],
    response_id: str,
    context: list[dict[str, Any]],
    input_items: list[dict[str, Any]],
) -> _Answer:
    input_tokens = count_input_tokens(context, body.get("instructions"))
    moderation_model, policy = _moderation_request(body)
    failure = state.take_moderation_failure() if moderation_model else None
    input_text = " ".join(item_text(item) for item in input_items)

    def moderate(output: str) -> dict[str, Any] | None:
        if moderation_model is None:
            return None
        return response_moderation(state, moderation_model, input_text, output, failure)

    moderation = moderate("")
    if moderation is not None and _blocks(policy, "input", moderation["input"]):
        return _Answer([], _usage(input_tokens, 0, 0), "incomplete", {"reason": "content_filter"}, moderation)

    view = _chat_view(body, context)
    reply = state.next_reply(body) or default_reply(view)
    choice = make_choice(reply, view, response_id, 0)
    output: list[dict[str, Any]] = []
    reasoning_tokens = 0
    reasoning = body.get("reasoning")
    if isinstance(reasoning, dict) and reasoning.get("effort") != "none":
        item, reasoning_tokens = _reasoning_item(state, body, reasoning, context, choice.tool_calls)
        output.append(item)
    status, incomplete = "completed", None
    if choice.finish_reason in ("length", "content_filter"):
        reason = "max_output_tokens" if choice.finish_reason == "length" else "content_filter"
        status, incomplete = "incomplete", {"reason": reason}
    if choice.content is not None or choice.refusal is not None:
        output.append(_message_item(state, body, choice.content, choice.refusal, status))
    for call in choice.tool_calls:
        output.append(
            {
                "type": "function_call",
                "id": state.next_hex_id("fc_"),
                "call_id": call["id"],
                "name": call["function"]["name"],
                "arguments": call["function"]["arguments"],
                "status": status,
            }
        )
    visible = count_tokens(choice.content or "") + count_tokens(choice.refusal or "")
    visible += sum(count_tokens(c["function"]["arguments"]) + 4 for c in choice.tool_calls)
    usage = _usage(input_tokens, visible + reasoning_tokens, reasoning_tokens)
    moderation = moderate(output_text(output))
    if moderation is not None and _blocks(policy, "output", moderation["output"]):
        output = [item for item in output if item["type"] == "reasoning"]
        status, incomplete = "incomplete", {"reason": "content_filter"}
    return _Answer(output, usage, status, incomplete, moderation)


def _moderation_request(body: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    moderation = body.get("moderation")
    if not isinstance(moderation, dict):
        return None, {}
    return moderation["model"], moderation.get("policy") or {}


def _blocks(policy: dict[str, Any], side: str, verdict: dict[str, Any]) -> bool:
    """Whether a `block` policy stops the response on this side's verdict."""
    mode = (policy.get(side) or {}).get("mode")
    return mode == "block" and verdict.get("type") == "moderation_result" and verdict["flagged"] is True


def _usage(input_tokens: int, output_tokens: int, reasoning_tokens: int) -> dict[str, Any]:
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning_tokens},
        "total_tokens": input_tokens + output_tokens,
    }


def _message_item(
    state: State, body: dict[str, Any], content: str | None, refusal: str | None, status: str
) -> dict[str, Any]:
    parts: list[dict[str, Any]] = []
    if content is not None:
        logprobs: list[dict[str, Any]] = []
        if "message.output_text.logprobs" in (body.get("include") or []):
            found = token_logprobs(content, {"logprobs": True, "top_logprobs": body.get("top_logprobs")})
            logprobs = found["content"] if found else []
        parts.append({"type": "output_text", "text": content, "annotations": [], "logprobs": logprobs})
    if refusal is not None:
        parts.append({"type": "refusal", "refusal": refusal})
    return {
        "type": "message",
        "id": state.next_hex_id("msg_"),
        "status": status,
        "role": "assistant",
        "content": parts,
    }


def _reasoning_item(
    state: State,
    body: dict[str, Any],
    reasoning: dict[str, Any],
    context: list[dict[str, Any]],
    calls: list[dict[str, Any]],
) -> tuple[dict[str, Any], int]:
    """The reasoning item that comes first when `reasoning` is asked for, and its token count."""
    last = next((item for item in reversed(context) if item.get("role") == "user"), None)
    plan = (
        f"call {calls[0]['function']['name']}"
        if calls
        else f"answer: {message_text(last.get('content'))}"
        if last
        else "greet them"
    )
    text = f"**Planning the reply**\n\nThe request has {len(context)} input item(s); I will {plan}."
    summary = reasoning.get("summary") or reasoning.get("generate_summary")
    item: dict[str, Any] = {
        "type": "reasoning",
        "id": state.next_hex_id("rs_"),
        "summary": [{"type": "summary_text", "text": text}] if summary else [],
    }
    if "reasoning.encrypted_content" in (body.get("include") or []):
        item["encrypted_content"] = _opaque("reasoning", text)
    effort = reasoning.get("effort") or "medium"
    scale = {"minimal": 1, "low": 2, "medium": 4, "high": 8, "xhigh": 12, "max": 16}.get(effort, 4)
    return item, count_tokens(text) * scale


def _opaque(*parts: object) -> str:
    """A stable stand-in for the API's encrypted blobs."""
    return "gAAAAB" + base64.urlsafe_b64encode(digest(*parts) * 3).decode().rstrip("=")


def _echo_tool(tool: dict[str, Any]) -> dict[str, Any]:
    if tool.get("type") != "function":
        return tool
    return {
        "type": "function",
        "name": tool["name"],
        "description": tool.get("description"),
        "parameters": tool.get("parameters"),
        "strict": tool.get("strict", True),
    }


def _response_object(
    state: State,
    body: dict[str, Any],
    response_id: str,
    answer: _Answer,
    conversation: StoredConversation | None,
) -> dict[str, Any]:
    """The Response, echoing what the request set (and the API's defaults for the rest)."""
    created = state.now()
    reasoning = body.get("reasoning") or {}
    text = body.get("text") or {}
    tier = body.get("service_tier")
    response: dict[str, Any] = {
        "id": response_id,
        "object": "response",
        "created_at": created,
        "status": answer.status,
        "background": body.get("background") is True,
        "completed_at": created if answer.status == "completed" else None,
        "conversation": {"id": conversation.conversation["id"]} if conversation else None,
        "error": None,
        "incomplete_details": answer.incomplete,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "max_tool_calls": body.get("max_tool_calls"),
        "model": body["model"],
        "output": answer.output,
        "parallel_tool_calls": body.get("parallel_tool_calls") is not False,
        "previous_response_id": body.get("previous_response_id"),
        "prompt_cache_key": body.get("prompt_cache_key"),
        "prompt_cache_retention": body.get("prompt_cache_retention"),
        "reasoning": {"effort": reasoning.get("effort"), "summary": reasoning.get("summary")},
        "safety_identifier": body.get("safety_identifier"),
        "service_tier": "default" if tier in (None, "auto") else tier,
        "store": body.get("store") is not False,
        "temperature": body.get("temperature") if body.get("temperature") is not None else 1.0,
        "text": {
            "format": text.get("format") or {"type": "text"},
            "verbosity": text.get("verbosity") or "medium",
        },
        "tool_choice": body.get("tool_choice") or "auto",
        "tools": [_echo_tool(t) for t in body.get("tools") or []],
        "top_logprobs": body.get("top_logprobs") or 0,
        "top_p": body.get("top_p") if body.get("top_p") is not None else 1.0,
        "truncation": body.get("truncation") or "disabled",
        "usage": answer.usage,
        "user": body.get("user"),
        "metadata": dict(body.get("metadata") or {}),
    }
    if answer.moderation is not None:
        response["moderation"] = answer.moderation
    return response


# -- the event stream -----------------------------------------------------------------------------


def stream_events(response: dict[str, Any], *, background: bool = False) -> list[dict[str, Any]]:
    """The events that stream `response`, in the API's order, numbered from 0: `response.created`,
    (`response.queued`,) `response.in_progress`, each output item's events, and the end."""
    events: list[dict[str, Any]] = [
        {
            "type": "response.created",
            "response": _unfinished(response, "queued" if background else "in_progress"),
        }
    ]
    if background:
        events.append({"type": "response.queued", "response": _unfinished(response, "queued")})
    events.append({"type": "response.in_progress", "response": _unfinished(response, "in_progress")})
    for index, item in enumerate(response["output"]):
        events.extend(_item_events(item, index))
    ending = "response.completed" if response["status"] == "completed" else "response.incomplete"
    events.append({"type": ending, "response": response})
    return [{**event, "sequence_number": number} for number, event in enumerate(events)]


def _item_events(item: dict[str, Any], index: int) -> list[dict[str, Any]]:
    where = {"item_id": item["id"], "output_index": index}
    kind = item["type"]
    if kind == "message":
        started = {**item, "status": "in_progress", "content": []}
        inner = [
            event
            for number, part in enumerate(item["content"])
            for event in _part_events(part, where, number)
        ]
    elif kind == "function_call":
        started = {**item, "status": "in_progress", "arguments": ""}
        arguments = item["arguments"]
        inner = [
            {
                "type": "response.function_call_arguments.delta",
                **where,
                "delta": arguments[start : start + _ARGUMENT_PIECE],
            }
            for start in range(0, len(arguments), _ARGUMENT_PIECE)
        ]
        inner.append(
            {
                "type": "response.function_call_arguments.done",
                **where,
                "name": item["name"],
                "arguments": arguments,
            }
        )
    elif kind == "reasoning":
        started = {**item, "summary": []}
        inner = [
            event
            for number, part in enumerate(item["summary"])
            for event in _summary_events(part, where, number)
        ]
    else:
        started, inner = item, []
    return [
        {"type": "response.output_item.added", "output_index": index, "item": started},
        *inner,
        {"type": "response.output_item.done", "output_index": index, "item": item},
    ]


def _part_events(part: dict[str, Any], where: dict[str, Any], number: int) -> list[dict[str, Any]]:
    at = {**where, "content_index": number}
    if part["type"] == "refusal":
        refusal = part["refusal"]
        return [
            {"type": "response.content_part.added", **at, "part": {"type": "refusal", "refusal": ""}},
            *({"type": "response.refusal.delta", **at, "delta": piece} for piece in pieces(refusal)),
            {"type": "response.refusal.done", **at, "refusal": refusal},
            {"type": "response.content_part.done", **at, "part": part},
        ]
    text, logprobs = part["text"], part["logprobs"]
    empty = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
    events: list[dict[str, Any]] = [{"type": "response.content_part.added", **at, "part": empty}]
    used = 0
    for piece in pieces(text):
        size = count_tokens(piece) if logprobs else 0
        events.append(
            {
                "type": "response.output_text.delta",
                **at,
                "delta": piece,
                "logprobs": logprobs[used : used + size],
            }
        )
        used += size
    events.append({"type": "response.output_text.done", **at, "text": text, "logprobs": logprobs})
    events.append({"type": "response.content_part.done", **at, "part": part})
    return events


def _summary_events(part: dict[str, Any], where: dict[str, Any], number: int) -> list[dict[str, Any]]:
    at = {**where, "summary_index": number}
    text = part["text"]
    return [
        {"type": "response.reasoning_summary_part.added", **at, "part": {"type": "summary_text", "text": ""}},
        *({"type": "response.reasoning_summary_text.delta", **at, "delta": piece} for piece in pieces(text)),
        {"type": "response.reasoning_summary_text.done", **at, "text": text},
        {"type": "response.reasoning_summary_part.done", **at, "part": part},
    ]


# -- token counts and compaction ------------------------------------------------------------------


def count_tokens_of(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /responses/input_tokens`: the `input_tokens` a `POST /responses` with this body would
    report in its usage."""
    check_token_count(body)
    history, _ = context_for(state, body)
    items = [*history, *to_items(state, body.get("input"))]
    tokens = count_input_tokens(items, body.get("instructions"))
    return json_response({"object": "response.input_tokens", "input_tokens": tokens})


def compact(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /responses/compact`: keep the user's messages and fold everything else into one
    opaque `compaction` item (not stored)."""
    check_compact(body)
    state.check_model(body["model"])
    history, _ = context_for(state, {"previous_response_id": body.get("previous_response_id")})
    items = [*history, *to_items(state, body.get("input"))]
    kept = [i for i in items if i.get("type", "message") == "message" and i.get("role") == "user"]
    folded = [item_text(i) for i in items if i not in kept]
    compaction = {
        "id": state.next_hex_id("cmp_"),
        "type": "compaction",
        "encrypted_content": _opaque(*folded),
    }
    output_tokens = 1 + sum(count_tokens(text) for text in folded) // 4
    input_tokens = count_input_tokens(items, body.get("instructions"))
    return json_response(
        {
            "id": state.next_hex_id("resp_"),
            "object": "response.compaction",
            "created_at": state.now(),
            "output": [*kept, compaction],
            "usage": _usage(input_tokens, output_tokens, 0),
        }
    )
